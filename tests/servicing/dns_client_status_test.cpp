// The Windows DNS client's statuses (winerror.h numbers) as validate's outcomes: a pure table,
// tested on both builds although only dns_lookup_windows.cpp uses it.
#include "servicing/dns_client_status.hpp"

#include <gtest/gtest.h>

#include <string>

namespace kmsprep {
namespace {

TEST(DnsClientStatus, SuccessAndNoRecordsAreAnswersNxdomainIsAMissingName) {
  EXPECT_EQ(dns_client_status(0).outcome, DnsOutcome::answered);  // ERROR_SUCCESS
  // DNS_INFO_NO_RECORDS (NODATA): answered, and dns_lookup.cpp then finds no records.
  EXPECT_EQ(dns_client_status(9501).outcome, DnsOutcome::answered);
  EXPECT_EQ(dns_client_status(9003).outcome, DnsOutcome::name_missing);
}

TEST(DnsClientStatus, RcodeStatusesAreServerFailuresNamedAsLdnsNamesThem) {
  const DnsClientStatus servfail = dns_client_status(9002);  // DNS_ERROR_RCODE_SERVER_FAILURE
  EXPECT_EQ(servfail.outcome, DnsOutcome::server_failure);
  ASSERT_NE(servfail.rcode, nullptr);
  EXPECT_EQ(std::string(servfail.rcode), "SERVFAIL");
  ASSERT_NE(dns_client_status(9005).rcode, nullptr);  // DNS_ERROR_RCODE_REFUSED
  EXPECT_EQ(std::string(dns_client_status(9005).rcode), "REFUSED");
  EXPECT_EQ(std::string(dns_client_status(9001).rcode), "FORMERR");
  EXPECT_EQ(std::string(dns_client_status(9010).rcode), "NOTZONE");
}

TEST(DnsClientStatus, TimeoutsAndMalformedAnswersAreServerFailuresWithoutAnRcode) {
  for (long status : {1460L /* ERROR_TIMEOUT */, 9502L /* DNS_ERROR_BAD_PACKET */,
                      9000L /* DNS_ERROR_RESPONSE_CODES_BASE */, 9011L, 87L}) {
    const DnsClientStatus meaning = dns_client_status(status);
    EXPECT_EQ(meaning.outcome, DnsOutcome::server_failure) << status;
    EXPECT_EQ(meaning.rcode, nullptr) << status;
  }
}

}  // namespace
}  // namespace kmsprep
