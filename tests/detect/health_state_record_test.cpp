// HealthTracker on state records (readsb aircraft.json entries / trace rows, OpenSky state vectors): df 0, no type
// code, address_source Parity, position in derived.lat/lon, as io/readsb_json.cpp and io/opensky.cpp fill them.
// Hand-built records; the rules are in docs/HEALTH.md, "State records".
#include <gtest/gtest.h>

#include "detect/health_classifier.hpp"
#include "detect_test_util.hpp"

namespace gw::detect {
namespace {

constexpr std::uint32_t kId = 0xAC671B;
constexpr double kLat = 33.40, kLon = -112.00;

// A readsb record of an airborne aircraft at 300 kt; position and integrity added by the helpers below.
modes::ModeSMessage record() {
  modes::ModeSMessage m;
  m.df = 0;
  m.address = kId;
  m.address_source = modes::AddressSource::Parity;
  m.address_kind = modes::AddressKind::AdsbIcao;
  m.gs_kt = 300.0f;
  m.track_deg = 90.0f;
  m.alt_baro_ft = 12000;
  m.on_ground = false;  // numeric alt_baro
  return m;
}
modes::ModeSMessage positioned(std::optional<std::uint8_t> nac_p, std::optional<std::uint8_t> nic = 8,
                               double lat = kLat, double lon = kLon) {
  auto m = record();
  m.derived.lat = lat;
  m.derived.lon = lon;
  m.nac_p = nac_p;
  m.derived.nic = nic;
  m.derived.version = 2;
  return m;
}
// readsb without a position (older than 60 s, or never) and its last NACp from operational status.
modes::ModeSMessage unpositioned(std::optional<std::uint8_t> nac_p) {
  auto m = record();
  m.nac_p = nac_p;
  return m;
}

struct Fixture : test::TrackerFixture {
  using TrackerFixture::TrackerFixture;
  std::size_t samples(bool bad) const {
    std::size_t n = 0;
    for (const auto& s : sink.samples) n += s.bad == bad;
    return n;
  }
};

HealthOptions with(Classifier c) {
  HealthOptions o;
  o.classifier = c;
  return o;
}

TEST(HealthStateRecord, PositionedRecordWithNacpFourIsGoodAtItsPosition) {
  Fixture f;
  f.feed(positioned(4), 0.0);
  EXPECT_EQ(f.tracker.verdict(kId), Verdict::Good);
  ASSERT_EQ(f.sink.samples.size(), 1u);
  EXPECT_FALSE(f.sink.samples[0].bad);
  EXPECT_DOUBLE_EQ(f.sink.samples[0].lat_deg, kLat);
  EXPECT_DOUBLE_EQ(f.sink.samples[0].lon_deg, kLon);
  EXPECT_EQ(f.sink.samples[0].altitude_ft, 12000);
}

TEST(HealthStateRecord, PositionedRecordWithNacpThreeIsNotGood) {
  Fixture f;
  f.feed(positioned(3), 0.0);
  EXPECT_EQ(f.tracker.verdict(kId), Verdict::None);
  EXPECT_TRUE(f.sink.samples.empty());
}

TEST(HealthStateRecord, TraceRowsWithoutDetailsKeepTheLastNacpForThreeMinutes) {
  Fixture f;
  f.feed(positioned(10), 0.0);
  f.feed(positioned(std::nullopt, std::nullopt, kLat, kLon + 0.1), 150.0);  // a row without `details`
  EXPECT_EQ(f.tracker.verdict(kId), Verdict::Good);
  f.feed(positioned(std::nullopt, std::nullopt, kLat, kLon + 0.3), 340.0);  // 340 s after the last nac_p
  EXPECT_EQ(f.tracker.verdict(kId), Verdict::None);
}

TEST(HealthStateRecord, SeventeenUnpositionedNacpZeroRecordsAreFlaggedAtTheLastGoodPosition) {
  Fixture f;
  f.feed(positioned(10), 0.0);
  for (int i = 0; i < 16; ++i) f.feed(unpositioned(0), 11.0 + i);
  EXPECT_EQ(f.tracker.gpsjam_counter(kId), 16);
  EXPECT_NE(f.tracker.verdict(kId), Verdict::Bad);
  f.feed(unpositioned(0), 27.0);
  EXPECT_EQ(f.tracker.verdict(kId), Verdict::Bad);
  ASSERT_EQ(f.samples(true), 1u);
  const HealthSample& bad = f.sink.samples.back();
  EXPECT_TRUE(bad.bad);
  EXPECT_EQ(bad.placement, Placement::LastGood);
  EXPECT_DOUBLE_EQ(bad.lat_deg, kLat);
  EXPECT_DOUBLE_EQ(bad.lon_deg, kLon);
}

TEST(HealthStateRecord, TraceRowStatingNacpTwoCountsAsBad) {
  Fixture f;
  f.feed(positioned(10), 0.0);
  for (int i = 0; i < 20; ++i) f.feed(positioned(2, 0, kLat, kLon + 0.01 * i), 11.0 + i);
  EXPECT_EQ(f.tracker.gpsjam_counter(kId), 20);
  EXPECT_EQ(f.tracker.verdict(kId), Verdict::Bad);
}

TEST(HealthStateRecord, UnpositionedRecordWithoutNacpIsNotBad) {
  Fixture f;
  f.feed(positioned(10), 0.0);
  for (int i = 0; i < 30; ++i) f.feed(unpositioned(std::nullopt), 11.0 + i);
  EXPECT_EQ(f.tracker.gpsjam_counter(kId), 0);
  EXPECT_EQ(f.samples(true), 0u);
}

TEST(HealthStateRecord, GoodRecordsBringTheCounterDownAndRegainGnss) {
  Fixture f;
  f.feed(positioned(10), 0.0);
  for (int i = 0; i < 20; ++i) f.feed(unpositioned(0), 11.0 + i);
  ASSERT_EQ(f.tracker.verdict(kId), Verdict::Bad);
  for (int i = 0; i < 4; ++i) f.feed(positioned(10, 8, kLat + 0.1, kLon), 40.0 + i);
  EXPECT_EQ(f.tracker.gpsjam_counter(kId), 16);
  EXPECT_EQ(f.tracker.verdict(kId), Verdict::Good);
  ASSERT_EQ(f.sink.episodes.size(), 1u);
  EXPECT_DOUBLE_EQ(f.sink.episodes[0].lost_s, 27.0);  // the 17th bad record
  EXPECT_DOUBLE_EQ(f.sink.episodes[0].regained_s, 43.0);
  EXPECT_DOUBLE_EQ(f.sink.episodes[0].regained_lat_deg, kLat + 0.1);
}

TEST(HealthStateRecord, NeverGoodAircraftIsNotCounted) {
  Fixture f;
  for (int i = 0; i < 40; ++i) f.feed(unpositioned(0), i);
  f.tracker.finish();
  EXPECT_TRUE(f.sink.samples.empty());
  EXPECT_TRUE(f.sink.episodes.empty());
}

TEST(HealthStateRecord, GroundRecordsAreNotCounted) {
  Fixture f;
  auto parked = positioned(10);
  parked.alt_baro_ft.reset();
  parked.on_ground = true;  // alt_baro "ground"
  parked.gs_kt = 0.0f;
  f.feed(parked, 0.0);
  auto bad = unpositioned(0);
  bad.alt_baro_ft.reset();
  bad.on_ground = true;
  bad.gs_kt = 60.0f;  // taxiing fast, still on the ground
  for (int i = 0; i < 30; ++i) f.feed(bad, 11.0 + i);
  EXPECT_EQ(f.tracker.gpsjam_counter(kId), 0);
  EXPECT_TRUE(f.sink.samples.empty());
}

TEST(HealthStateRecord, MlatAndTisbRecordsGiveNoVerdict) {
  for (auto kind : {modes::AddressKind::ModeS, modes::AddressKind::TisbIcao, modes::AddressKind::AdsrIcao}) {
    Fixture f;
    auto m = positioned(10);
    m.address_kind = kind;
    f.feed(m, 0.0);
    EXPECT_TRUE(f.sink.samples.empty()) << static_cast<int>(kind);
  }
}

// OpenSky state vectors carry no NACp, NIC or version: position alone says nothing about GNSS integrity (it may
// be MLAT, or a degraded fix), so no verdict either way under any classifier.
TEST(HealthStateRecord, OpenSkyRowsWithoutIntegrityFieldsAreNotJudged) {
  for (auto c : {Classifier::Gpsjam, Classifier::Nic, Classifier::Nacp}) {
    Fixture f(with(c));
    for (int i = 0; i < 60; ++i) f.feed(positioned(std::nullopt, std::nullopt, kLat, kLon + 0.01 * i), 10.0 * i);
    for (int i = 0; i < 60; ++i) f.feed(record(), 600.0 + i);  // positions stop
    f.tracker.finish();
    EXPECT_TRUE(f.sink.samples.empty()) << static_cast<int>(c);
    EXPECT_TRUE(f.sink.episodes.empty()) << static_cast<int>(c);
  }
}

TEST(HealthStateRecord, NicRuleJudgesTheRecordsNic) {
  Fixture f(with(Classifier::Nic));
  f.feed(positioned(10, 8), 0.0);
  EXPECT_EQ(f.tracker.verdict(kId), Verdict::Good);
  f.feed(positioned(10, 6, kLat + 0.1, kLon), 5.0);
  EXPECT_EQ(f.tracker.verdict(kId), Verdict::Bad);
  EXPECT_DOUBLE_EQ(f.sink.samples.back().lat_deg, kLat) << "placed at the last good position";
  f.feed(unpositioned(0), 20.0);
  EXPECT_EQ(f.tracker.verdict(kId), Verdict::Bad) << "no position and NACp <= 2";
}

TEST(HealthStateRecord, NacpRuleJudgesTheRecordsNacp) {
  Fixture f(with(Classifier::Nacp));
  f.feed(positioned(8), 0.0);
  EXPECT_EQ(f.tracker.verdict(kId), Verdict::Good);
  f.feed(positioned(6, 8, kLat + 0.1, kLon), 5.0);
  EXPECT_EQ(f.tracker.verdict(kId), Verdict::Bad);
}

// One aircraft.json snapshot stamps each aircraft with its own position age, up to a minute apart.
TEST(HealthStateRecord, RecordsNeedOnlyBeInOrderPerAircraft) {
  Fixture f;
  f.feed(positioned(10), 100.0);
  auto other = positioned(10);
  other.address = kId + 1;
  f.feed(other, 40.0);  // 60 s older than the first aircraft's record: still taken
  EXPECT_EQ(f.tracker.verdict(kId + 1), Verdict::Good);
  f.feed(positioned(10), 50.0);  // 50 s older than this aircraft's own last record: skipped
  EXPECT_EQ(f.tracker.counters().out_of_order, 1u);
}

}  // namespace
}  // namespace gw::detect
