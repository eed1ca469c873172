#include "track/aircraft_table.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "modes/cpr.hpp"

namespace {

using gw::modes::AddressSource;
using gw::modes::CprFormat;
using gw::modes::ModeSMessage;
using gw::track::AircraftTable;

constexpr std::uint32_t kAddress = 0x4840D6;

ModeSMessage position(double lat, double lon, CprFormat format, std::uint8_t tc = 11, bool surface = false) {
  ModeSMessage m;
  m.df = 17;
  m.address = kAddress;
  m.type_code = tc;
  m.cpr = gw::modes::cpr::encode(lat, lon, format, surface);
  m.nic_b = false;
  return m;
}

ModeSMessage surveillance_reply(std::uint32_t address) {
  ModeSMessage m;
  m.df = 4;
  m.address = address;
  m.address_source = AddressSource::Recovered;
  return m;
}

// Metres between two nearby points (equirectangular; fine at these distances).
double metres(double lat1, double lon1, double lat2, double lon2) {
  const double k = 6371000.0 * M_PI / 180.0;
  return std::hypot((lat2 - lat1) * k, (lon2 - lon1) * k * std::cos(lat1 * M_PI / 180.0));
}

TEST(AircraftTable, AddressParityReplyFromUnheardAddressIsRejected) {
  AircraftTable table;
  auto reply = surveillance_reply(kAddress);
  EXPECT_FALSE(table.update(reply, 0.0));
  EXPECT_EQ(table.counters().rejected_unknown_address, 1u);
}

TEST(AircraftTable, AddressParityReplyAcceptedOnceAddressHeardInSquitter) {
  AircraftTable table;
  auto squitter = position(60.3, 24.9, CprFormat::Even);
  ASSERT_TRUE(table.update(squitter, 0.0));
  auto reply = surveillance_reply(kAddress);
  EXPECT_TRUE(table.update(reply, 1.0));
}

TEST(AircraftTable, AddressParityReplyRejectedAfterAddressForgotten) {
  gw::track::AircraftTableOptions options;
  options.forget_after_seconds = 60;
  AircraftTable table(options);
  auto squitter = position(60.3, 24.9, CprFormat::Even);
  ASSERT_TRUE(table.update(squitter, 0.0));
  auto reply = surveillance_reply(kAddress);
  EXPECT_FALSE(table.update(reply, 61.0));
}

TEST(AircraftTable, EvenOddPairWithinTenSecondsGivesPosition) {
  AircraftTable table;
  auto even = position(60.3196, 24.8308, CprFormat::Even);
  auto odd = position(60.3200, 24.8350, CprFormat::Odd);
  ASSERT_TRUE(table.update(even, 100.0));
  EXPECT_FALSE(even.derived.lat) << "one message alone gives no position";
  ASSERT_TRUE(table.update(odd, 100.5));
  ASSERT_TRUE(odd.derived.lat && odd.derived.lon);
  EXPECT_LT(metres(*odd.derived.lat, *odd.derived.lon, 60.3200, 24.8350), 10.0);
  EXPECT_EQ(table.counters().positions_global, 1u);
}

TEST(AircraftTable, PairMoreThanTenSecondsApartIsNotUsed) {
  AircraftTable table;
  auto even = position(60.3196, 24.8308, CprFormat::Even);
  auto odd = position(60.3200, 24.8350, CprFormat::Odd);
  table.update(even, 100.0);
  table.update(odd, 110.5);
  EXPECT_FALSE(odd.derived.lat);
}

TEST(AircraftTable, LocalDecodingFromOwnRecentPosition) {
  AircraftTable table;
  auto even = position(60.3196, 24.8308, CprFormat::Even);
  auto odd = position(60.3200, 24.8350, CprFormat::Odd);
  table.update(even, 100.0);
  table.update(odd, 100.5);
  // 15 s later one more message, no new pair partner within 10 s: decoded locally from the last position.
  auto next = position(60.3300, 24.8600, CprFormat::Odd);
  ASSERT_TRUE(table.update(next, 115.5));
  ASSERT_TRUE(next.derived.lat);
  EXPECT_LT(metres(*next.derived.lat, *next.derived.lon, 60.33, 24.86), 10.0);
  EXPECT_EQ(table.counters().positions_local, 1u);
}

TEST(AircraftTable, PairStraddlingLongitudeZoneBoundaryIsNeverReported) {
  AircraftTable table;
  // Even message just south of an NL transition latitude, odd just north of it: the two latitudes fall in
  // different longitude-zone counts, so the pair must be rejected (DO-260B A.1.7.7 step c).
  const double boundary = gw::modes::cpr::nl_transition_lat_deg(40);
  auto even = position(boundary - 0.01, 10.0, CprFormat::Even);
  auto odd = position(boundary + 0.01, 10.0, CprFormat::Odd);
  table.update(even, 0.0);
  table.update(odd, 1.0);
  EXPECT_FALSE(odd.derived.lat);
  EXPECT_EQ(table.counters().positions_rejected_pair, 1u);
}

TEST(AircraftTable, SurfacePositionNeedsAReference) {
  AircraftTable no_ref;
  auto even = position(60.3172, 24.9633, CprFormat::Even, 7, true);
  auto odd = position(60.3173, 24.9634, CprFormat::Odd, 7, true);
  no_ref.update(even, 0.0);
  no_ref.update(odd, 0.5);
  EXPECT_FALSE(odd.derived.lat) << "no reference: no surface position";

  gw::track::AircraftTableOptions options;
  options.receiver = gw::modes::cpr::LatLon{60.3196, 24.8308};  // Vantaa receiver, EFHK is ~7 km away
  AircraftTable with_ref(options);
  auto even2 = position(60.3172, 24.9633, CprFormat::Even, 7, true);
  auto odd2 = position(60.3173, 24.9634, CprFormat::Odd, 7, true);
  with_ref.update(even2, 0.0);
  with_ref.update(odd2, 0.5);
  ASSERT_TRUE(odd2.derived.lat);
  EXPECT_LT(metres(*odd2.derived.lat, *odd2.derived.lon, 60.3173, 24.9634), 5.0);
}

TEST(AircraftTable, NicUsesVersionAndSupplementsFromOperationalStatus) {
  AircraftTable table;
  // Before any operational status the aircraft is taken as version 0: NUCp, from the type code.
  auto before = position(60.3, 24.9, CprFormat::Even, 11);
  table.update(before, 0.0);
  EXPECT_TRUE(before.derived.nuc_p);

  ModeSMessage status;
  status.df = 17;
  status.address = kAddress;
  status.type_code = 31;
  status.version = 2;
  status.nic_a = true;
  table.update(status, 1.0);

  // DO-260B Table 2-14: TC 11 with NIC-A = 1 and NIC-B = 1 is NIC 9, Rc < 75 m.
  auto after = position(60.3, 24.9, CprFormat::Odd, 11);
  after.nic_b = true;
  table.update(after, 2.0);
  EXPECT_EQ(after.derived.version, 2);
  EXPECT_EQ(after.derived.nic, 9);
  ASSERT_TRUE(after.derived.rc_m);
  EXPECT_NEAR(*after.derived.rc_m, 75.0, 0.5);
  EXPECT_FALSE(after.derived.nuc_p);
}

}  // namespace
