#include "unattend/processor_architecture.hpp"

#include <gtest/gtest.h>

#include "tests/support/result_assertions.hpp"
#include "unattend/answer_file.hpp"

namespace kmsprep {
namespace {

AnswerFile with_components(const std::string& arches) {
  std::string body;
  for (char c : arches) {
    body += std::string("<component name=\"C") + c + "\" processorArchitecture=\"" +
            (c == 'x'   ? "x86"
             : c == 'w' ? "wow64"
             : c == 'm' ? "msil"
                        : "amd64") +
            "\"/>";
  }
  auto file = AnswerFile::parse(
      "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\"><settings pass=\"specialize\">" +
          body + "</settings></unattend>",
      "a.xml");
  REQUIRE_OK(file);
  return std::move(file).value();
}

TEST(ProcessorArchitecture, ParsesKnownNamesInAnyCase) {
  EXPECT_EQ(*parse_processor_architecture("AMD64"), "amd64");
  EXPECT_EQ(*parse_processor_architecture("arm64"), "arm64");
  auto bad = parse_processor_architecture("x64");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind(), ErrorKind::usage);
}

TEST(ProcessorArchitecture, MapsWimArchNumbers) {
  EXPECT_EQ(architecture_from_wim_arch("0"), "x86");
  EXPECT_EQ(architecture_from_wim_arch("6"), "ia64");
  EXPECT_EQ(architecture_from_wim_arch("9"), "amd64");
  EXPECT_EQ(architecture_from_wim_arch("12"), "arm64");
  EXPECT_FALSE(architecture_from_wim_arch("5"));
}

TEST(ProcessorArchitecture, FollowsArchThenWimThenFileThenAmd64) {
  const AnswerFile x86 = with_components("xx");
  const AnswerFile mixed = with_components("xa");
  EXPECT_EQ(
      choose_processor_architecture(std::string("arm64"), &x86, std::string("9")).architecture,
      "arm64");
  // An x86 file in an amd64 image: Setup ignores the x86 components, so the image decides.
  const auto from_wim = choose_processor_architecture(std::nullopt, &x86, std::string("9"));
  EXPECT_EQ(from_wim.architecture, "amd64");
  EXPECT_EQ(from_wim.reason, "WIM WINDOWS/ARCH");
  const auto from_file = choose_processor_architecture(std::nullopt, &x86, std::nullopt);
  EXPECT_EQ(from_file.architecture, "x86");
  EXPECT_EQ(from_file.reason, "answer file");
  EXPECT_EQ(choose_processor_architecture(std::nullopt, &mixed, std::string("12")).architecture,
            "arm64");
  EXPECT_EQ(choose_processor_architecture(std::nullopt, nullptr, std::string("0")).architecture,
            "x86");
  const auto fallback = choose_processor_architecture(std::nullopt, &mixed, std::nullopt);
  EXPECT_EQ(fallback.architecture, "amd64");
  EXPECT_EQ(fallback.reason, "default");
}

TEST(ProcessorArchitecture, Wow64AndMsilComponentsDoNotDecide) {
  EXPECT_EQ(agreed_component_architecture(with_components("awam")), "amd64");
  const AnswerFile wow64_first = with_components("wa");
  EXPECT_EQ(choose_processor_architecture(std::nullopt, &wow64_first, std::nullopt).architecture,
            "amd64");
  EXPECT_FALSE(agreed_component_architecture(with_components("ww")));
}

TEST(ProcessorArchitecture, Wow64BelongsOnlyBesideA64BitImage) {
  EXPECT_TRUE(architecture_belongs("wow64", "amd64"));
  EXPECT_TRUE(architecture_belongs("WOW64", "arm64"));
  EXPECT_FALSE(architecture_belongs("wow64", "x86"));
  EXPECT_TRUE(architecture_belongs("msil", "x86"));
  EXPECT_TRUE(architecture_belongs("AMD64", "amd64"));
  EXPECT_FALSE(architecture_belongs("x86", "amd64"));
}

}  // namespace
}  // namespace kmsprep
