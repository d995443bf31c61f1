#include "engine/licensing_state.hpp"

#include <gtest/gtest.h>

namespace kmsprep {
namespace {

const GvlkEntry& product(std::string_view id) {
  const GvlkEntry* entry = find_gvlk_by_product_id(id);
  EXPECT_NE(entry, nullptr) << id;
  return *entry;
}

TEST(LicensingState, FreshVistaStateHasThreeRearmsAndANewCmid) {
  SeededRandom random(7);
  const LicensingState state = fresh_licensing_state(product("vista-enterprise"), random);
  EXPECT_EQ(state.product_id, "vista-enterprise");
  EXPECT_EQ(state.status, LicenseStatus::oob_grace);
  EXPECT_EQ(state.generalization, Generalization::never);
  EXPECT_EQ(state.rearms_left, 3);
  EXPECT_EQ(state.sysprep_runs_left, std::nullopt);
  ASSERT_TRUE(state.cmid);
  EXPECT_TRUE(is_cmid(*state.cmid));
  EXPECT_EQ(state.activation_interval_minutes, 120);
  EXPECT_EQ(state.renewal_interval_minutes, 10080);
  EXPECT_FALSE(state.grace_deadline);
  EXPECT_FALSE(state.kms_host);
}

// Volume Activation 2.0 Operations Guide, "Recovering from a Non-Genuine State": Vista Enterprise
// with SP1 (build 6001 on) can be rearmed five times, the initial release three times.
TEST(LicensingState, FreshStateTakesTheAllowanceOfTheImagesBuild) {
  SeededRandom random(7);
  EXPECT_EQ(fresh_licensing_state(product("vista-enterprise"), random, {}, 6001).rearms_left, 5);
  EXPECT_EQ(fresh_licensing_state(product("vista-enterprise"), random, {}, 6000).rearms_left, 3);
  EXPECT_EQ(implied_licensing_state(product("vista-enterprise"), {}, 6002).rearms_left, 5);
}

// A Windows 7 key in a Vista SP2 installation: build 6002 is no release of Windows 7, so the
// product's own first release decides (3 rearms, Sysprep limits page), not the catch-all row.
TEST(LicensingState, FreshStateIgnoresABuildOutsideTheProductsReleases) {
  SeededRandom random(7);
  const LicensingState state = fresh_licensing_state(product("win7-enterprise"), random, {}, 6002);
  EXPECT_EQ(state.rearms_left, 3);
  EXPECT_EQ(state.sysprep_runs_left, std::nullopt);
}

// "You can run the Sysprep command up to 1001 times on a single Windows image" (Sysprep
// (Generalize) a Windows installation, Limits on how many times you can run Sysprep). Before
// issue 14 this expected 8, what an older version of that page said.
TEST(LicensingState, FreshWindows10StateHas1001SysprepRuns) {
  SeededRandom random(7);
  const LicensingState state = fresh_licensing_state(product("win10-enterprise"), random);
  EXPECT_EQ(state.rearms_left, std::nullopt);
  EXPECT_EQ(state.sysprep_runs_left, 1001);
  SeededRandom other(8);
  EXPECT_NE(fresh_licensing_state(product("win10-enterprise"), other).cmid, state.cmid);
}

TEST(LicensingState, ImageWithoutFileIsANeverGeneralizedInstallation) {
  const LicensingState state = implied_licensing_state(product("win7-professional"));
  EXPECT_EQ(state.generalization, Generalization::never);
  EXPECT_EQ(state.rearms_left, 3);
  EXPECT_FALSE(state.cmid);
}

LicensingState full_state() {
  LicensingState state;
  state.product_id = "win7-enterprise";
  state.status = LicenseStatus::licensed;
  state.grace_deadline = *parse_utc("2007-03-31T08:00:00Z");
  state.validity_deadline = *parse_utc("2007-08-28T08:02:00Z");
  state.next_attempt = *parse_utc("2007-03-08T08:02:00Z");
  state.generalization = Generalization::generalized_skip_rearm;
  state.rearms_left = 2;
  state.cmid = "{2A3B7C1D-0E4F-4A5B-8C6D-7E8F9A0B1C2D}";
  state.kms_host = "kms1.corp.example:1688";
  state.activation_interval_minutes = 60;
  state.renewal_interval_minutes = 1440;
  return state;
}

TEST(LicensingState, RoundTripsThroughXml) {
  const LicensingState state = full_state();
  const std::string xml = serialize_licensing_state(state);
  auto parsed = parse_licensing_state(xml, "state.xml");
  ASSERT_TRUE(parsed) << parsed.error().to_string();
  EXPECT_EQ(*parsed, state);
  EXPECT_EQ(serialize_licensing_state(*parsed), xml);

  SeededRandom random(1);
  const LicensingState fresh = fresh_licensing_state(product("server2019-standard"), random);
  auto fresh_parsed = parse_licensing_state(serialize_licensing_state(fresh), "fresh.xml");
  ASSERT_TRUE(fresh_parsed);
  EXPECT_EQ(*fresh_parsed, fresh);
}

TEST(LicensingState, SerializesToTheDocumentedBytes) {
  const std::string xml = serialize_licensing_state(full_state());
  EXPECT_EQ(xml,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
            "<!-- kmsprep's emulated licensing state (docs/licensing-state.md). Windows ignores "
            "this file. -->\n"
            "<licensing-state xmlns=\"urn:kmsprep:licensing-state\" version=\"1\">\n"
            "  <product-id>win7-enterprise</product-id>\n"
            "  <status>licensed</status>\n"
            "  <grace-deadline>2007-03-31T08:00:00Z</grace-deadline>\n"
            "  <validity-deadline>2007-08-28T08:02:00Z</validity-deadline>\n"
            "  <next-attempt>2007-03-08T08:02:00Z</next-attempt>\n"
            "  <generalization>generalized-skip-rearm</generalization>\n"
            "  <rearms-left>2</rearms-left>\n"
            "  <sysprep-runs-left/>\n"
            "  <cmid>{2A3B7C1D-0E4F-4A5B-8C6D-7E8F9A0B1C2D}</cmid>\n"
            "  <kms-host>kms1.corp.example:1688</kms-host>\n"
            "  <activation-interval>60</activation-interval>\n"
            "  <renewal-interval>1440</renewal-interval>\n"
            "</licensing-state>\n");
}

TEST(LicensingState, RefusesANewerSchemaVersion) {
  auto parsed = parse_licensing_state(
      "<?xml version=\"1.0\"?>\n<licensing-state version=\"2\">\n  <future/>\n</licensing-state>\n",
      "Windows/kmsprep/licensing-state.xml");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code(), ErrorCode::licensing_state_newer_version);
  EXPECT_EQ(parsed.error().kind(), ErrorKind::bad_input);
  EXPECT_EQ(parsed.error().location(), "Windows/kmsprep/licensing-state.xml:2:2");
}

TEST(LicensingState, RefusesMalformedXmlWithTheLine) {
  auto parsed = parse_licensing_state(
      "<licensing-state version=\"1\">\n  <product-id>win7-enterprise</product-id>\n  <status>\n",
      "s.xml");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code(), ErrorCode::licensing_state_malformed);
  EXPECT_EQ(parsed.error().location().substr(0, 7), "s.xml:3");  // the unclosed <status>
}

TEST(LicensingState, RefusesUnknownElementsBadValuesAndDoctype) {
  const std::string head =
      "<licensing-state version=\"1\">\n"
      "  <product-id>win7-enterprise</product-id>\n"
      "  <status>oob_grace</status>\n"
      "  <generalization>never</generalization>\n";
  auto unknown =
      parse_licensing_state(head + "  <colour>blue</colour>\n</licensing-state>\n", "s.xml");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code(), ErrorCode::licensing_state_malformed);
  EXPECT_EQ(unknown.error().location(), "s.xml:5:4");
  auto bad_count = parse_licensing_state(
      head + "  <rearms-left>many</rearms-left>\n</licensing-state>\n", "s.xml");
  ASSERT_FALSE(bad_count);
  EXPECT_EQ(bad_count.error().location(), "s.xml:5:4");
  auto doctype = parse_licensing_state(
      "<!DOCTYPE licensing-state [<!ENTITY x \"y\">]>\n" + head + "</licensing-state>\n", "s.xml");
  ASSERT_FALSE(doctype);
  EXPECT_EQ(doctype.error().code(), ErrorCode::licensing_state_malformed);
  auto missing = parse_licensing_state("<licensing-state version=\"1\"/>", "s.xml");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::licensing_state_malformed);
  auto minimal = parse_licensing_state(head + "</licensing-state>\n", "s.xml");
  ASSERT_TRUE(minimal) << minimal.error().to_string();
  EXPECT_EQ(minimal->renewal_interval_minutes, 10080);
}

TEST(LicensingState, GeneralizeRearmsVistaThreeTimesThenFails) {
  SeededRandom random(3);
  LicensingState state = fresh_licensing_state(product("vista-business"), random);
  state.status = LicenseStatus::licensed;
  state.kms_host = "kms1:1688";
  state.validity_deadline = 1000;
  for (int left = 2; left >= 0; --left) {
    auto next = generalize_licensing_state(state, false);
    ASSERT_TRUE(next);
    EXPECT_EQ(next->rearms_left, left);
    EXPECT_EQ(next->generalization, Generalization::generalized);
    EXPECT_EQ(next->status, LicenseStatus::oob_grace);
    EXPECT_FALSE(next->cmid);
    EXPECT_FALSE(next->kms_host);
    EXPECT_FALSE(next->validity_deadline);
    state = *next;
  }
  const LicensingState before = state;
  auto exhausted = generalize_licensing_state(state, false);
  ASSERT_FALSE(exhausted);
  EXPECT_EQ(exhausted.error().code(), ErrorCode::rearm_exhausted);
  EXPECT_EQ(exhausted.error().kind(), ErrorKind::failed);
  EXPECT_EQ(state, before);
  auto skipped = generalize_licensing_state(state, true);
  ASSERT_TRUE(skipped);
  EXPECT_EQ(skipped->generalization, Generalization::generalized_skip_rearm);
}

TEST(LicensingState, GeneralizeAllowsWindows7ThreeRearms) {
  SeededRandom random(3);
  LicensingState state = fresh_licensing_state(product("win7-enterprise"), random);
  int successes = 0;
  while (true) {
    auto next = generalize_licensing_state(state, false);
    if (!next) break;
    state = *next;
    ++successes;
  }
  EXPECT_EQ(successes, 3);
}

// Same source: 1001 for Windows 8.1 and Windows Server 2012 R2 (was 8 before issue 14).
TEST(LicensingState, GeneralizeAllowsWindows81And1001SysprepRuns) {
  SeededRandom random(3);
  LicensingState state = fresh_licensing_state(product("win81-enterprise"), random);
  int successes = 0;
  while (true) {
    auto next = generalize_licensing_state(state, false);
    if (!next) {
      EXPECT_EQ(next.error().code(), ErrorCode::rearm_exhausted);
      break;
    }
    state = *next;
    ++successes;
  }
  EXPECT_EQ(successes, 1001);
  EXPECT_EQ(state.sysprep_runs_left, 0);
  EXPECT_EQ(state.rearms_left, std::nullopt);
}

TEST(LicensingState, SkipRearmChangesOnlyTheGeneralization) {
  SeededRandom random(3);
  const LicensingState state = fresh_licensing_state(product("win10-enterprise"), random);
  auto next = generalize_licensing_state(state, true);
  ASSERT_TRUE(next);
  LicensingState expected = state;
  expected.generalization = Generalization::generalized_skip_rearm;
  EXPECT_EQ(*next, expected);
}

}  // namespace
}  // namespace kmsprep
