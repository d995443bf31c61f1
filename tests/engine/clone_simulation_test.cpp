#include "engine/clone_simulation.hpp"

#include <gtest/gtest.h>

namespace kmsprep {
namespace {

ImageClientConfig image(const std::string& product_id, Generalization generalization) {
  ImageClientConfig config;
  config.state = implied_licensing_state(*find_gvlk_by_product_id(product_id));
  config.state.generalization = generalization;
  config.dns_suffix = "corp.example";
  return config;
}

TEST(CloneSimulation, GeneralizedClonesActivateAloneWithAFreshHost) {
  CloneSimulationInput input;
  input.image = image("win10-enterprise", Generalization::generalized);
  input.clones = 25;
  auto outcome = simulate_clones(input);
  ASSERT_TRUE(outcome) << outcome.error().to_string();
  EXPECT_EQ(outcome->clones, 25);
  EXPECT_EQ(outcome->activated, 25);
  ASSERT_TRUE(outcome->hours_until_all_activated);
  EXPECT_DOUBLE_EQ(*outcome->hours_until_all_activated, 2.0);
  EXPECT_FALSE(outcome->dominant_failure);
  // 25 clones reach a count of exactly 25: "25 or higher" (KMS activation planning) activates
  // them, "more than 25" would not, so the reason names the reading (issue 14, item 5).
  EXPECT_EQ(outcome->reason.rfind("all 25 clones activated within 2.0 hours; reading "
                                  "threshold-rule=\"at-least\" decided lab",
                                  0),
            0u)
      << outcome->reason;
}

TEST(CloneSimulation, NeverGeneralizedClonesShareOneCmidAndStayAtCountOne) {
  for (auto generalization : {Generalization::never, Generalization::generalized_skip_rearm}) {
    CloneSimulationInput input;
    input.image = image("win7-enterprise", generalization);
    input.clones = 40;
    auto outcome = simulate_clones(input);
    ASSERT_TRUE(outcome);
    EXPECT_EQ(outcome->activated, 0);
    EXPECT_FALSE(outcome->hours_until_all_activated);
    EXPECT_EQ(outcome->dominant_failure, hresult::count_too_low);
    EXPECT_EQ(outcome->report.hosts[0].count, 1);
    EXPECT_NE(outcome->reason.find("share one CMID"), std::string::npos) << outcome->reason;
  }
}

TEST(CloneSimulation, ExplicitHostNamesTheLabHost) {
  CloneSimulationInput input;
  input.image = image("server2019-standard", Generalization::generalized);
  input.image.dns_suffix.clear();
  input.image.kms_host = "kms.lab.example:1700";
  input.clones = 5;
  auto outcome = simulate_clones(input);
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->activated, 5);
  EXPECT_EQ(outcome->report.hosts[0].name, "kms.lab.example");
}

TEST(CloneSimulation, ExplicitIpv6HostKeepsItsAddressAndPort) {
  // slmgr /skms [fd00::5]:1700, as configure writes it; a bare address has no port.
  const std::pair<const char*, const char*> cases[] = {{"[fd00::5]:1700", "fd00::5"},
                                                       {"fd00::5", "fd00::5"}};
  for (const auto& [kms_host, name] : cases) {
    CloneSimulationInput input;
    input.image = image("server2019-standard", Generalization::generalized);
    input.image.dns_suffix.clear();
    input.image.kms_host = kms_host;
    input.clones = 5;
    auto outcome = simulate_clones(input);
    ASSERT_TRUE(outcome) << outcome.error().to_string();
    EXPECT_EQ(outcome->activated, 5) << kms_host;
    ASSERT_EQ(outcome->report.hosts.size(), 1u);
    EXPECT_EQ(outcome->report.hosts[0].name, name) << kms_host;
  }
}

TEST(CloneSimulation, NoDomainAndNoExplicitHostMeansNoSrvRecord) {
  CloneSimulationInput input;
  input.image = image("win10-enterprise", Generalization::generalized);
  input.image.dns_suffix.clear();
  auto outcome = simulate_clones(input);
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->activated, 0);
  EXPECT_EQ(outcome->dominant_failure, hresult::dns_name_missing);
}

TEST(CloneSimulation, JoinsASiteOfATopology) {
  auto topology = parse_topology(
      "<topology><dns><zone name=\"corp.example\"><srv target=\"kms1.corp.example\"/></zone></dns>"
      "<site name=\"HQ\"><kms-host name=\"kms1.corp.example\"/>"
      "<clients name=\"existing\" count=\"30\" product=\"win10-enterprise\" "
      "dns-suffix=\"corp.example\"/>"
      "</site><site name=\"Branch\"/></topology>",
      "t.xml");
  ASSERT_TRUE(topology);
  CloneSimulationInput input;
  input.image = image("win10-professional", Generalization::generalized);
  input.clones = 3;  // too few alone; the site's 30 existing clients carry the count
  input.topology = &*topology;
  input.site = "HQ";
  auto in_hq = simulate_clones(input);
  ASSERT_TRUE(in_hq);
  EXPECT_EQ(in_hq->activated, 3);
  input.site = "Branch";
  auto in_branch = simulate_clones(input);
  ASSERT_TRUE(in_branch);
  EXPECT_EQ(in_branch->activated, 0);
  EXPECT_EQ(in_branch->dominant_failure, hresult::no_host_contacted);
  EXPECT_NE(in_branch->reason.find("use MAK activation"), std::string::npos) << in_branch->reason;
  input.site = "hq";  // site names are compared ignoring letter case, as host names are
  auto in_lower_case_hq = simulate_clones(input);
  ASSERT_TRUE(in_lower_case_hq);
  EXPECT_EQ(in_lower_case_hq->activated, 3);
  input.site = "Nowhere";
  auto missing = simulate_clones(input);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::topology_invalid);
}

}  // namespace
}  // namespace kmsprep
