// Setup's image state: the words Setup writes, classified; State.ini as Setup writes it (and
// in the encodings an edited copy may have); damaged State.ini refused with its line.
#include "registry/setup_state.hpp"

#include <gtest/gtest.h>

#include "tests/support/result_assertions.hpp"
#include "tests/support/test_support.hpp"
#include "tests/support/windows_installation.hpp"

namespace kmsprep {
namespace {

TEST(SetupState, ClassifiesEveryWordSetupWrites) {
  EXPECT_EQ(classify_image_state("IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE"),
            ImageStateClass::generalized);
  EXPECT_EQ(classify_image_state("IMAGE_STATE_GENERALIZE_RESEAL_TO_AUDIT"),
            ImageStateClass::generalized);
  EXPECT_EQ(classify_image_state("IMAGE_STATE_COMPLETE"), ImageStateClass::complete);
  EXPECT_EQ(classify_image_state("IMAGE_STATE_UNDEPLOYABLE"), ImageStateClass::undeployable);
  EXPECT_EQ(classify_image_state("IMAGE_STATE_SPECIALIZE_RESEAL_TO_OOBE"),
            ImageStateClass::specialize_resealed);
  EXPECT_EQ(classify_image_state("IMAGE_STATE_SPECIALIZE_RESEAL_TO_AUDIT"),
            ImageStateClass::specialize_resealed);
  EXPECT_EQ(classify_image_state("  image_state_complete \r"), ImageStateClass::complete);
  EXPECT_EQ(classify_image_state("IMAGE_STATE_SOMETHING_NEW"), ImageStateClass::unknown);
  EXPECT_EQ(classify_image_state(""), ImageStateClass::unknown);
  EXPECT_STREQ(to_string(ImageStateClass::specialize_resealed), "specialize-resealed");
}

TEST(SetupState, ReadsTheStateIniOfAWindowsInstallationTree) {
  test::TempDir dir;
  for (auto state : {test::SetupImageState::generalized, test::SetupImageState::complete,
                     test::SetupImageState::undeployable}) {
    test::WindowsInstallationSpec spec;
    spec.image_state = state;
    test::write_windows_installation(dir.path(), spec);
    auto image_state =
        parse_state_ini(test::read_bytes(dir / test::kStateIniPath), test::kStateIniPath);
    ASSERT_TRUE(image_state) << image_state.error().to_string();
    ASSERT_TRUE(image_state->has_value());
    EXPECT_EQ(**image_state, test::image_state_word(state));
  }
}

TEST(SetupState, StateIniSectionAndKeyMatchInAnyCaseAmongOtherEntries) {
  const std::string ini =
      "; written by Setup\n[Other]\nImageState=IMAGE_STATE_COMPLETE\n\n"
      "[state]\n  imagestate = IMAGE_STATE_GENERALIZE_RESEAL_TO_AUDIT  \nFoo=Bar\n";
  EXPECT_EQ(OK_VALUE(parse_state_ini(ini, "State.ini")),
            std::optional<std::string>("IMAGE_STATE_GENERALIZE_RESEAL_TO_AUDIT"));
}

TEST(SetupState, StateIniInUtf16WithBom) {
  const std::string text = "[State]\r\nImageState=IMAGE_STATE_COMPLETE\r\n";
  std::string utf16 = "\xFF\xFE";
  for (char c : text) utf16 += std::string{c, '\0'};
  EXPECT_EQ(OK_VALUE(parse_state_ini(utf16, "State.ini")),
            std::optional<std::string>("IMAGE_STATE_COMPLETE"));
}

TEST(SetupState, StateIniWithoutTheValueHasNone) {
  EXPECT_FALSE(OK_VALUE(parse_state_ini("[State]\r\n", "State.ini")).has_value());
  EXPECT_FALSE(OK_VALUE(parse_state_ini("", "State.ini")).has_value());
}

TEST(SetupState, MalformedStateIniNamesTheLine) {
  auto state = parse_state_ini("[State]\r\nImageState IMAGE_STATE_COMPLETE\r\n",
                               "Windows/Setup/State/State.ini");
  ASSERT_FALSE(state);
  EXPECT_EQ(state.error().code(), ErrorCode::state_ini_malformed);
  EXPECT_EQ(state.error().kind(), ErrorKind::bad_input);
  EXPECT_EQ(state.error().location(), "Windows/Setup/State/State.ini:2");
  EXPECT_FALSE(state.error().hint().empty());
  auto unclosed = parse_state_ini("[State\n", "State.ini");
  ASSERT_FALSE(unclosed);
  EXPECT_EQ(unclosed.error().location(), "State.ini:1");
}

TEST(SetupState, BinaryStateIniIsRefused) {
  auto state = parse_state_ini(std::string("\x80\x81\x00\xFE", 4), "State.ini");
  ASSERT_FALSE(state);
  EXPECT_EQ(state.error().kind(), ErrorKind::bad_input);
}

}  // namespace
}  // namespace kmsprep
