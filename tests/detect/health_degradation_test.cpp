// Degradation before the loss (docs/HEALTH.md): where an aircraft's reported NIC (NUCp for version 0) fell below
// its usual level on its way to a loss is carried on the episode.
#include "detect/health_classifier.hpp"
#include "detect_test_util.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace gw::detect {
namespace {

constexpr std::uint32_t kId = 0x4CA123;

modes::ModeSMessage own(std::uint8_t tc) {
  return test::adsb_message(kId, tc);
}

struct Flight : test::TrackerFixture {
  int version = 2;
  double lat = 60.0;
  // Airborne at 300 kt, NACp 9, a position at `lat` with integrity `level` (NIC, or NUCp for version 0) at
  // altitude alt_ft; each call moves on 0.01 degrees north.
  void position_at(double t, std::uint8_t level, std::int32_t alt_ft = 35000) {
    auto v = own(19);
    v.gs_kt = 300.0f;
    feed(v, t);
    auto s = own(31);
    s.version = static_cast<std::uint8_t>(version);
    s.nac_p = 9;
    feed(s, t);
    auto p = own(11);
    p.derived.version = static_cast<std::uint8_t>(version);
    p.derived.lat = lat;
    p.derived.lon = 25.0;
    if (version == 0) p.derived.nuc_p = level;
    else p.derived.nic = level;
    p.alt_baro_ft = alt_ft;
    feed(p, t);
    lat += 0.01;
  }
  // Type-code-0 squitters from t0, 0.5 s apart: flagged at the 17th.
  void lose_gnss(double t0) {
    for (int i = 0; i < 20; ++i) {
      auto m = own(0);
      m.alt_baro_ft = 35000;
      feed(m, t0 + 0.5 * i);
    }
  }
};

TEST(HealthDegradation, EpisodeCarriesWhereTheNicFellOnTheWayToTheLoss) {
  Flight f;
  double t = 0;
  for (int i = 0; i < 10; ++i) f.position_at(t += 5, 8);
  const double drop_lat = f.lat, drop_t = t + 5;
  for (int i = 0; i < 6; ++i) f.position_at(t += 5, 6, 34000);  // 4 dB before the loss: NIC <= 6
  const double deeper_lat = f.lat, deeper_t = t + 5;
  for (int i = 0; i < 4; ++i) f.position_at(t += 5, 5, 33000);  // 2 dB: NIC <= 5
  const double loss_lat = f.lat - 0.01;
  f.lose_gnss(t + 11);
  f.tracker.finish();
  ASSERT_EQ(f.sink.episodes.size(), 1u);
  const GnssEpisode& e = f.sink.episodes[0];
  EXPECT_DOUBLE_EQ(e.lost_lat_deg, loss_lat);
  EXPECT_DOUBLE_EQ(e.degraded_s, drop_t);
  EXPECT_DOUBLE_EQ(e.degraded_lat_deg, drop_lat);
  EXPECT_DOUBLE_EQ(e.degraded_lon_deg, 25.0);
  EXPECT_EQ(e.degraded_altitude_ft, 34000);
  EXPECT_DOUBLE_EQ(e.degraded_more_s, deeper_t);
  EXPECT_DOUBLE_EQ(e.degraded_more_lat_deg, deeper_lat);
  EXPECT_EQ(e.degraded_more_altitude_ft, 33000);
}

TEST(HealthDegradation, VersionZeroFollowsTheNucp) {
  Flight f;
  f.version = 0;
  double t = 0;
  for (int i = 0; i < 5; ++i) f.position_at(t += 5, 7);
  const double drop_lat = f.lat;
  for (int i = 0; i < 3; ++i) f.position_at(t += 5, 5);
  const double deeper_lat = f.lat;
  for (int i = 0; i < 3; ++i) f.position_at(t += 5, 4);
  f.lose_gnss(t + 11);
  f.tracker.finish();
  ASSERT_EQ(f.sink.episodes.size(), 1u);
  EXPECT_DOUBLE_EQ(f.sink.episodes[0].degraded_lat_deg, drop_lat);
  EXPECT_DOUBLE_EQ(f.sink.episodes[0].degraded_more_lat_deg, deeper_lat);
}

TEST(HealthDegradation, NoPlacesWithoutADropThatLastsUntilTheLoss) {
  // The NIC never changes: nothing. A dip that came back to the usual level: nothing either.
  for (bool dip : {false, true}) {
    Flight f;
    double t = 0;
    for (int i = 0; i < 5; ++i) f.position_at(t += 5, 8);
    if (dip) f.position_at(t += 5, 6), f.position_at(t += 5, 8);
    for (int i = 0; i < 3; ++i) f.position_at(t += 5, 8);
    f.lose_gnss(t + 11);
    f.tracker.finish();
    ASSERT_EQ(f.sink.episodes.size(), 1u);
    EXPECT_TRUE(std::isnan(f.sink.episodes[0].degraded_lat_deg)) << dip;
    EXPECT_TRUE(std::isnan(f.sink.episodes[0].degraded_more_lat_deg)) << dip;
    EXPECT_TRUE(std::isfinite(f.sink.episodes[0].lost_lat_deg));
  }
}

TEST(HealthDegradation, ALowerLevelHeldForLongerThanFifteenMinutesBecomesTheUsualOne) {
  Flight f;
  double t = 0;
  for (int i = 0; i < 5; ++i) f.position_at(t += 5, 8);
  for (int i = 0; i < 200; ++i) f.position_at(t += 5, 7);  // 1,000 s at NIC 7: the avionics' new usual level
  const double drop_lat = f.lat;
  for (int i = 0; i < 3; ++i) f.position_at(t += 5, 6);
  f.lose_gnss(t + 11);
  f.tracker.finish();
  ASSERT_EQ(f.sink.episodes.size(), 1u);
  EXPECT_DOUBLE_EQ(f.sink.episodes[0].degraded_lat_deg, drop_lat);
  EXPECT_TRUE(std::isnan(f.sink.episodes[0].degraded_more_lat_deg));
}

TEST(HealthDegradation, TheNextLossNeedsANewDrop) {
  Flight f;
  double t = 0;
  for (int i = 0; i < 5; ++i) f.position_at(t += 5, 8);
  for (int i = 0; i < 3; ++i) f.position_at(t += 5, 6);
  f.lose_gnss(t += 11);
  t += 20;
  for (int i = 0; i < 8; ++i) f.position_at(t += 5, 8);  // regained
  f.lose_gnss(t += 11);
  f.tracker.finish();
  ASSERT_EQ(f.sink.episodes.size(), 2u);
  EXPECT_TRUE(std::isfinite(f.sink.episodes[0].degraded_lat_deg));
  EXPECT_TRUE(std::isnan(f.sink.episodes[1].degraded_lat_deg));
}

}  // namespace
}  // namespace gw::detect

namespace gw::detect {
namespace {

// Degradation passes (docs/HEALTH.md, "Degradation passes"): a NIC drop that comes back up without a loss.
TEST(HealthDegradationPass, ADropThatComesBackUpGivesItsFirstAndLastPlaceBelowTheUsualLevel) {
  Flight f;
  double t = 0;
  for (int i = 0; i < 5; ++i) f.position_at(t += 5, 8);
  const double in_lat = f.lat, in_t = t + 5;
  f.position_at(t += 5, 6, 34000);                          // into the ring: NIC <= 6
  for (int i = 0; i < 3; ++i) f.position_at(t += 5, 6);
  for (int i = 0; i < 2; ++i) f.position_at(t += 5, 5);  // deeper, and back out
  for (int i = 0; i < 2; ++i) f.position_at(t += 5, 6);
  const double out_lat = f.lat, out_t = t + 5;
  f.position_at(t += 5, 6, 36000);
  const double back_t = t + 5;
  for (int i = 0; i < 3; ++i) f.position_at(t += 5, 8);  // out of the ring: the usual level again
  f.tracker.finish();
  EXPECT_TRUE(f.sink.episodes.empty());
  ASSERT_EQ(f.sink.passes.size(), 1u);
  const DegradedPass& p = f.sink.passes[0];
  EXPECT_EQ(p.id, kId);
  EXPECT_DOUBLE_EQ(p.in_s, in_t);
  EXPECT_DOUBLE_EQ(p.in_lat_deg, in_lat);
  EXPECT_DOUBLE_EQ(p.in_lon_deg, 25.0);
  EXPECT_EQ(p.in_altitude_ft, 34000);
  EXPECT_DOUBLE_EQ(p.out_s, out_t);
  EXPECT_DOUBLE_EQ(p.out_lat_deg, out_lat);
  EXPECT_EQ(p.out_altitude_ft, 36000);
  EXPECT_DOUBLE_EQ(p.back_s, back_t);
}

TEST(HealthDegradationPass, NoPassForADropThatEndsInALossOrLastsLongerThanFifteenMinutesOrIsOnePosition) {
  {  // the drop leads to a loss: it is the episode's, not a pass (nor is the regain's return to the usual level)
    Flight f;
    double t = 0;
    for (int i = 0; i < 5; ++i) f.position_at(t += 5, 8);
    for (int i = 0; i < 3; ++i) f.position_at(t += 5, 6);
    f.lose_gnss(t += 11);
    t += 20;
    for (int i = 0; i < 5; ++i) f.position_at(t += 5, 8);
    f.tracker.finish();
    ASSERT_EQ(f.sink.episodes.size(), 1u);
    EXPECT_TRUE(std::isfinite(f.sink.episodes[0].degraded_lat_deg));
    EXPECT_TRUE(f.sink.passes.empty());
  }
  {  // 1,000 s below: the avionics' new usual level, then back up
    Flight f;
    double t = 0;
    for (int i = 0; i < 5; ++i) f.position_at(t += 5, 8);
    for (int i = 0; i < 200; ++i) f.position_at(t += 5, 7);
    for (int i = 0; i < 3; ++i) f.position_at(t += 5, 8);
    f.tracker.finish();
    EXPECT_TRUE(f.sink.passes.empty());
  }
  {  // a one-position dip: in and out are the same place, nothing to compare
    Flight f;
    double t = 0;
    for (int i = 0; i < 5; ++i) f.position_at(t += 5, 8);
    f.position_at(t += 5, 6);
    for (int i = 0; i < 3; ++i) f.position_at(t += 5, 8);
    f.tracker.finish();
    EXPECT_TRUE(f.sink.passes.empty());
  }
}

}  // namespace
}  // namespace gw::detect
