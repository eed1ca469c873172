// HealthTracker rules on hand-built message sequences (msg.derived filled as AircraftTable would).
#include "detect/health_classifier.hpp"
#include "detect_test_util.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

namespace gw::detect {
namespace {

constexpr std::uint32_t kId = 0x461E1F;
constexpr double kLat = 60.50, kLon = 25.10;

modes::ModeSMessage base(std::uint8_t tc) {
  return test::adsb_message(kId, tc);
}
modes::ModeSMessage position(double lat, double lon, std::uint8_t tc = 11, std::uint8_t nic = 8) {
  auto m = base(tc);
  m.derived.lat = lat;
  m.derived.lon = lon;
  m.derived.nic = nic;
  m.alt_baro_ft = 12000;
  return m;
}
modes::ModeSMessage status(std::uint8_t nac_p) {
  auto m = base(31);
  m.version = 2;
  m.nac_p = nac_p;
  return m;
}
modes::ModeSMessage velocity(float gs_kt, float track_deg = 0.0f) {
  auto m = base(19);
  m.gs_kt = gs_kt;
  m.track_deg = track_deg;
  return m;
}
modes::ModeSMessage no_position() {
  auto m = base(0);
  m.alt_baro_ft = 12500;
  return m;
}

struct Fixture : test::TrackerFixture {
  using TrackerFixture::TrackerFixture;
  // Airborne at 300 kt with good GNSS at t (NACp 9, position at kLat/kLon).
  void good_at(double t, double lat = kLat, double lon = kLon) {
    feed(velocity(300.0f), t);
    feed(status(9), t);
    feed(position(lat, lon), t);
  }
  // `n` type-code-0 squitters, 0.5 s apart from `t0`.
  void bad_messages(int n, double t0) {
    for (int i = 0; i < n; ++i) feed(no_position(), t0 + 0.5 * i);
  }
  std::size_t bad_samples() const {
    std::size_t n = 0;
    for (const auto& s : sink.samples) n += s.bad;
    return n;
  }
};

// --- gpsjam rule -----------------------------------------------------------------------------------------------

// The tracker is where an aircraft's kinematic state lives (AircraftTable keeps only CPR, version, supplements).
TEST(HealthTrackerState, KeepsStateAndForgetsStaleAircraft) {
  HealthOptions o;
  o.forget_after_s = 60;
  Fixture f(o);
  f.feed(velocity(250.0f), 0.0);
  const track::AircraftState* s = f.tracker.state(kId);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->gs_kt, 250.0f);
  EXPECT_EQ(f.tracker.state(0x123456), nullptr);
  f.tracker.forget_stale(61.0);
  EXPECT_EQ(f.tracker.state(kId), nullptr);
}

TEST(HealthGpsjam, SixteenBadMessagesAreNotFlagged) {
  Fixture f;
  f.good_at(0.0);
  f.bad_messages(16, 11.0);
  EXPECT_EQ(f.tracker.gpsjam_counter(kId), 16);
  EXPECT_NE(f.tracker.verdict(kId), Verdict::Bad);
  EXPECT_EQ(f.bad_samples(), 0u);
}

TEST(HealthGpsjam, SeventeenBadMessagesAreFlagged) {
  Fixture f;
  f.good_at(0.0);
  f.bad_messages(17, 11.0);
  EXPECT_EQ(f.tracker.gpsjam_counter(kId), 17);
  EXPECT_EQ(f.tracker.verdict(kId), Verdict::Bad);
  EXPECT_EQ(f.bad_samples(), 1u);
}

TEST(HealthGpsjam, CounterStopsAtTwenty) {
  Fixture f;
  f.good_at(0.0);
  f.bad_messages(40, 11.0);
  EXPECT_EQ(f.tracker.gpsjam_counter(kId), gpsjam::kCounterMax);
}

TEST(HealthGpsjam, BadMessagesWithinTenSecondsOfTheLastGoodPositionDoNotCount) {
  Fixture f;
  f.good_at(0.0);
  f.bad_messages(19, 0.5);  // 0.5 .. 9.5 s
  EXPECT_EQ(f.tracker.gpsjam_counter(kId), 0);
}

TEST(HealthGpsjam, NacpTwoCountsAsBadAndNacpThreeDoesNot) {
  Fixture f;
  f.good_at(0.0);
  for (int i = 0; i < 5; ++i) f.feed(status(3), 11.0 + i);
  EXPECT_EQ(f.tracker.gpsjam_counter(kId), 0);
  for (int i = 0; i < 5; ++i) f.feed(status(2), 20.0 + i);
  EXPECT_EQ(f.tracker.gpsjam_counter(kId), 5);
}

TEST(HealthGpsjam, NothingCountsFifteenMinutesAfterTheLastGoodPositionAndTheFlagExpires) {
  Fixture f;
  f.good_at(0.0);
  f.bad_messages(20, 11.0);
  ASSERT_EQ(f.tracker.verdict(kId), Verdict::Bad);
  for (double t = 60.0; t < 900.0; t += 60.0) f.feed(velocity(300.0f), t);  // still heard, still no position
  f.feed(velocity(300.0f), 899.0);
  f.feed(no_position(), 899.5);
  EXPECT_EQ(f.tracker.verdict(kId), Verdict::Bad);
  f.feed(no_position(), 901.0);  // past 15 min: counter reset, not flagged
  EXPECT_EQ(f.tracker.gpsjam_counter(kId), 0);
  EXPECT_NE(f.tracker.verdict(kId), Verdict::Bad);
  f.bad_messages(20, 902.0);
  EXPECT_EQ(f.tracker.gpsjam_counter(kId), 0);
}

TEST(HealthGpsjam, AircraftAtFiftyKnotsOrLessIsNotCounted) {
  Fixture f;
  f.feed(velocity(50.0f), 0.0);
  f.feed(status(9), 0.0);
  f.feed(position(kLat, kLon), 0.0);
  f.bad_messages(20, 11.0);
  EXPECT_EQ(f.tracker.gpsjam_counter(kId), 0);
  EXPECT_EQ(f.bad_samples(), 0u);
}

TEST(HealthGpsjam, AircraftOnTheGroundIsNotCounted) {
  Fixture f;
  f.good_at(0.0);
  for (int i = 0; i < 20; ++i) {
    auto m = no_position();
    m.on_ground = true;  // CA 4
    f.feed(m, 11.0 + 0.5 * i);
  }
  EXPECT_EQ(f.tracker.gpsjam_counter(kId), 0);
  EXPECT_EQ(f.bad_samples(), 0u);
  EXPECT_TRUE(f.sink.episodes.empty());
}

TEST(HealthGpsjam, AircraftThatNeverReportsAPositionIsNotCounted) {
  Fixture f;
  f.feed(velocity(450.0f), 0.0);
  for (int i = 0; i < 200; ++i) {
    f.feed(status(0), 1.0 + i);
    f.feed(no_position(), 1.5 + i);
  }
  f.tracker.finish();
  EXPECT_EQ(f.tracker.counters().samples_bad, 0u);
  EXPECT_EQ(f.tracker.counters().bad_unplaced, 0u);
  EXPECT_TRUE(f.sink.episodes.empty());
}

TEST(HealthGpsjam, BadSampleIsPlacedAtTheLastGoodPosition) {
  Fixture f;
  f.good_at(0.0, 60.40, 25.00);
  f.good_at(5.0, 60.41, 25.01);  // last good
  f.feed(velocity(300.0f), 10.0);
  f.bad_messages(17, 16.0);
  ASSERT_EQ(f.bad_samples(), 1u);
  const HealthSample& s = f.sink.samples.back();
  EXPECT_TRUE(s.bad);
  EXPECT_EQ(s.placement, Placement::LastGood);
  EXPECT_DOUBLE_EQ(s.lat_deg, 60.41);
  EXPECT_DOUBLE_EQ(s.lon_deg, 25.01);
  EXPECT_EQ(s.altitude_ft, 12500);
}

TEST(HealthGpsjam, TypeCodeZeroBadSampleHasNoReportedPosition) {
  Fixture f;
  f.good_at(0.0, 60.40, 25.00);
  f.good_at(5.0, 60.41, 25.01);
  f.bad_messages(17, 16.0);
  ASSERT_EQ(f.bad_samples(), 1u);
  const HealthSample& s = f.sink.samples.back();
  EXPECT_TRUE(std::isnan(s.reported_lat_deg));  // the last position is the good one, not one sent while bad
  EXPECT_TRUE(std::isnan(s.reported_lon_deg));
}

// Hybrid avionics keep sending positions with NIC 0 / NACp 0 while GNSS is lost: the bad sample stays placed at the
// last good position (the grid), and carries the position the aircraft sent, with its NACp, for the localizer.
TEST(HealthGpsjam, BadSampleCarriesThePositionTheAircraftSentWhileLost) {
  Fixture f;
  f.good_at(0.0, 60.40, 25.00);
  f.good_at(5.0, 60.41, 25.01);  // last good
  f.feed(status(0), 15.2);
  for (int i = 0; i < 16; ++i) {  // the status messages' NACp 0 counts (gpsjam rule); positions go on, NIC 0
    f.feed(position(60.42 + 0.001 * i, 25.02, 11, 0), 15.5 + 0.5 * i);
    f.feed(status(0), 15.5 + 0.5 * i);
  }
  ASSERT_EQ(f.bad_samples(), 1u);
  const HealthSample& s = f.sink.samples.back();
  EXPECT_EQ(s.placement, Placement::LastGood);
  EXPECT_DOUBLE_EQ(s.lat_deg, 60.41);
  EXPECT_DOUBLE_EQ(s.lon_deg, 25.01);
  EXPECT_DOUBLE_EQ(s.reported_lat_deg, 60.435);  // the latest position sent, not the last good one
  EXPECT_DOUBLE_EQ(s.reported_lon_deg, 25.02);
  EXPECT_EQ(s.reported_nac_p, std::optional<std::uint8_t>(0));
  // Good samples are placed at the reported position itself; the field is for bad ones only.
  for (const HealthSample& g : f.sink.samples) {
    if (!g.bad) {
      EXPECT_TRUE(std::isnan(g.reported_lat_deg));
    }
  }
}

TEST(HealthGpsjam, StalePositionIsNotReportedWithABadSample) {
  Fixture f;
  f.good_at(0.0, 60.40, 25.00);
  f.feed(status(0), 11.0);
  f.feed(position(60.42, 25.02, 11, 0), 11.0);  // one position while lost, then only TC 0 for 20 s
  f.bad_messages(40, 12.0);
  ASSERT_GE(f.bad_samples(), 1u);
  const HealthSample& s = f.sink.samples.back();
  ASSERT_TRUE(s.bad);
  EXPECT_GT(s.time_s - 11.0, HealthOptions{}.max_reported_position_age_s);
  EXPECT_TRUE(std::isnan(s.reported_lat_deg));
}

TEST(HealthGpsjam, EpisodeRecordsWhereGnssWasLostAndRegained) {
  Fixture f;
  f.good_at(0.0, 60.40, 25.00);
  f.bad_messages(20, 11.0);  // flagged at the 17th (t = 19 s)
  ASSERT_EQ(f.tracker.verdict(kId), Verdict::Bad);
  // Recovery: positions with NACp 9 again; each NACp >= 4 message within 10 s of a good position takes one off.
  for (int i = 0; i < 6; ++i) f.good_at(100.0 + i, 60.60, 25.20);
  EXPECT_EQ(f.tracker.verdict(kId), Verdict::Good);
  ASSERT_EQ(f.sink.episodes.size(), 1u);
  const GnssEpisode& e = f.sink.episodes[0];
  EXPECT_EQ(e.id, kId);
  EXPECT_DOUBLE_EQ(e.lost_s, 19.0);
  EXPECT_DOUBLE_EQ(e.lost_lat_deg, 60.40);
  EXPECT_DOUBLE_EQ(e.lost_lon_deg, 25.00);
  EXPECT_DOUBLE_EQ(e.regained_lat_deg, 60.60);
  EXPECT_DOUBLE_EQ(e.regained_lon_deg, 25.20);
  EXPECT_GE(e.regained_s, 100.0);
  EXPECT_LE(e.regained_s, 105.0);
}

// A climbing aircraft's loss is placed at its last good position, and its altitude is the one it reported with
// that position, not the one it has reached by the loss verdict (15-55 s later: 600-2,300 ft higher on a climb-out,
// which near a jammer's radio horizon moves the boundary the localizer fits by tens of km).
TEST(HealthGpsjam, EpisodeAltitudeIsTheOneReportedWithTheLastGoodPosition) {
  Fixture f;
  for (int i = 0; i <= 5; ++i) {  // climbing at 3,000 ft/min: 1,000 ft at t = 0, 1,250 ft at t = 5 (last good)
    auto p = position(60.40 + 0.001 * i, 25.00);
    p.alt_baro_ft = 1000 + 50 * i;
    f.feed(velocity(250.0f), i);
    f.feed(status(9), i);
    f.feed(p, i);
  }
  for (int i = 0; i < 40; ++i) {  // lost: "no position" squitters, still climbing (altitude rises 25 ft per 0.5 s)
    auto m = no_position();
    m.alt_baro_ft = 1300 + 25 * i;
    f.feed(m, 6.0 + 0.5 * i);
  }
  ASSERT_EQ(f.tracker.verdict(kId), Verdict::Bad);  // flagged at the 17th counted message, by then above 1,900 ft
  f.tracker.finish();
  ASSERT_EQ(f.sink.episodes.size(), 1u);
  const GnssEpisode& e = f.sink.episodes[0];
  EXPECT_DOUBLE_EQ(e.lost_lat_deg, 60.405);
  EXPECT_EQ(e.altitude_ft, 1250);
  const HealthSample& bad = f.sink.samples.back();  // the bad sample keeps the altitude at its own time
  ASSERT_TRUE(bad.bad);
  EXPECT_GT(*bad.altitude_ft, 1900);
}

// The regain place's altitude is the one reported with the first good position after the loss (the localizer puts
// the regain on the acquisition disk at that altitude), not the loss's.
TEST(HealthGpsjam, EpisodeRecordsTheAltitudeAtTheRegain) {
  Fixture f;
  f.good_at(0.0, 60.40, 25.00);  // 12,000 ft (position())
  f.bad_messages(20, 11.0);
  ASSERT_EQ(f.tracker.verdict(kId), Verdict::Bad);
  for (int i = 0; i < 6; ++i) {
    auto p = position(60.60, 25.20);
    p.alt_baro_ft = 20000;
    f.feed(velocity(300.0f), 100.0 + i);
    f.feed(status(9), 100.0 + i);
    f.feed(p, 100.0 + i);
  }
  ASSERT_EQ(f.sink.episodes.size(), 1u);
  EXPECT_EQ(f.sink.episodes[0].altitude_ft, 12000);
  EXPECT_EQ(f.sink.episodes[0].regained_altitude_ft, 20000);
}

// The same under the NIC classifier: the loss is the first position below NIC 7, the altitude the last good one's.
TEST(HealthNic, EpisodeAltitudeIsTheOneReportedWithTheLastGoodPosition) {
  HealthOptions o;
  o.classifier = Classifier::Nic;
  Fixture f(o);
  auto good = position(60.40, 25.00, 12, 8);
  good.alt_baro_ft = 2000;
  f.feed(good, 0.0);
  auto climbing = base(19);  // a velocity message at 2,400 ft (altitudes also come with other messages)
  climbing.gs_kt = 250.0f;
  climbing.alt_baro_ft = 2400;
  f.feed(climbing, 4.0);
  auto bad = position(60.42, 25.00, 12, 5);
  bad.alt_baro_ft = 2800;
  f.feed(bad, 8.0);
  ASSERT_EQ(f.tracker.verdict(kId), Verdict::Bad);
  f.tracker.finish();
  ASSERT_EQ(f.sink.episodes.size(), 1u);
  EXPECT_DOUBLE_EQ(f.sink.episodes[0].lost_lat_deg, 60.40);
  EXPECT_EQ(f.sink.episodes[0].altitude_ft, 2000);
}

TEST(HealthGpsjam, UnresolvedEpisodeIsEmittedAtFinish) {
  Fixture f;
  f.good_at(0.0);
  f.bad_messages(20, 11.0);
  EXPECT_TRUE(f.sink.episodes.empty());
  f.tracker.finish();
  ASSERT_EQ(f.sink.episodes.size(), 1u);
  EXPECT_TRUE(std::isnan(f.sink.episodes[0].regained_s));
  EXPECT_EQ(f.tracker.counters().episodes_unresolved, 1u);
}

TEST(HealthGpsjam, ForgottenAircraftEmitsItsOpenEpisode) {
  HealthOptions o;
  o.forget_after_s = 60.0;
  Fixture f(o);
  f.good_at(0.0);
  f.bad_messages(20, 11.0);
  auto other = velocity(300.0f);
  other.address = 0x4CAFD8;
  f.feed(other, 200.0);  // triggers the periodic forget
  ASSERT_EQ(f.sink.episodes.size(), 1u);
  EXPECT_EQ(f.tracker.state(kId), nullptr);
}

// --- sampling and placement ------------------------------------------------------------------------------------

TEST(HealthSampling, OneSamplePerIntervalAndOneAtEachChange) {
  Fixture f;
  for (int i = 0; i < 120; ++i) f.good_at(0.5 * i, kLat + 0.001 * i, kLon);  // 60 s of good positions
  EXPECT_EQ(f.tracker.counters().samples_good, 6u);  // t = 0, 10, ..., 50
  EXPECT_EQ(f.sink.samples[0].placement, Placement::Reported);
  f.bad_messages(17, 71.0);
  EXPECT_EQ(f.bad_samples(), 1u) << "the change to bad is sampled at once";
}

TEST(HealthSampling, BadSampleBeyondTheMaximumPlacementAgeIsCountedNotEmitted) {
  HealthOptions o;
  o.max_placement_age_s = 60.0;
  Fixture f(o);
  f.good_at(0.0);
  f.bad_messages(17, 11.0);
  ASSERT_EQ(f.bad_samples(), 1u);
  f.feed(velocity(300.0f), 61.0);
  f.feed(no_position(), 75.0);
  EXPECT_EQ(f.bad_samples(), 1u);
  EXPECT_GE(f.tracker.counters().bad_unplaced, 1u);
}

TEST(HealthSampling, DeadReckoningMovesTheLastGoodPositionAlongItsTrack) {
  HealthOptions o;
  o.bad_placement = Placement::DeadReckoned;
  Fixture f(o);
  f.feed(velocity(360.0f, 90.0f), 0.0);  // 360 kt due east: 185.2 m/s
  f.feed(status(9), 0.0);
  f.feed(position(kLat, kLon), 0.0);
  f.bad_messages(17, 52.0);  // flagged at t = 60 s
  ASSERT_EQ(f.bad_samples(), 1u);
  const HealthSample& s = f.sink.samples.back();
  EXPECT_EQ(s.placement, Placement::DeadReckoned);
  const double east_m = (s.lon_deg - kLon) * M_PI / 180.0 * 6371000.0 * std::cos(kLat * M_PI / 180.0);
  EXPECT_NEAR(east_m, 185.2 * 60.0, 50.0);
  EXPECT_NEAR(s.lat_deg, kLat, 1e-6);
}

TEST(HealthSampling, OutOfOrderMessagesAreSkippedAndCounted) {
  Fixture f;
  f.good_at(1000.0);
  f.feed(no_position(), 0.0);  // e.g. a Beast file's counter-0 frames
  EXPECT_EQ(f.tracker.counters().out_of_order, 1u);
}

// Up to max_time_regression_s (5 s) behind the latest message is in order (and leaves the latest where it is, so
// the next late one is measured from it too); beyond it, or with no time, a message is skipped.
TEST(HealthSampling, MessagesUpToTheRegressionLimitLateAreKept) {
  Fixture f;
  f.good_at(1000.0);
  f.feed(velocity(300.0f), 1000.0);  // as late as the latest: in order
  f.feed(velocity(300.0f), 995.0);   // 5 s late: in order
  f.feed(velocity(300.0f), 995.0);   // the latest is still 1,000 s
  EXPECT_EQ(f.tracker.counters().out_of_order, 0u);
  f.feed(velocity(300.0f), 994.9);
  f.feed(velocity(300.0f), std::nan(""));
  EXPECT_EQ(f.tracker.counters().out_of_order, 2u);
  EXPECT_EQ(f.tracker.counters().messages, 8u);
  EXPECT_EQ(f.tracker.state(kId)->last_heard_s, 995.0);
}

TEST(HealthSampling, NegativeRegressionLimitIsRefused) {
  HealthCollector sink;
  HealthOptions options;
  options.max_time_regression_s = -1.0;
  EXPECT_THROW(HealthTracker(sink, options), std::invalid_argument);
  options.max_time_regression_s = std::nan("");
  EXPECT_THROW(HealthTracker(sink, options), std::invalid_argument);
}

// --- NIC rule --------------------------------------------------------------------------------------------------

HealthOptions with(Classifier c) {
  HealthOptions o;
  o.classifier = c;
  return o;
}

TEST(HealthNic, NicBelowSevenIsBadAtTheLastGoodPosition) {
  Fixture f(with(Classifier::Nic));
  f.feed(position(60.40, 25.00, 12, 7), 0.0);  // NIC 7: good
  EXPECT_EQ(f.tracker.verdict(kId), Verdict::Good);
  f.feed(position(60.45, 25.05, 13, 6), 1.0);  // NIC 6: bad, placed where it was last good
  EXPECT_EQ(f.tracker.verdict(kId), Verdict::Bad);
  const HealthSample& s = f.sink.samples.back();
  EXPECT_TRUE(s.bad);
  EXPECT_DOUBLE_EQ(s.lat_deg, 60.40);
}

TEST(HealthNic, TypeCodeZeroIsBad) {
  Fixture f(with(Classifier::Nic));
  f.feed(position(kLat, kLon), 0.0);
  f.feed(no_position(), 1.0);
  EXPECT_EQ(f.tracker.verdict(kId), Verdict::Bad);
}

TEST(HealthNic, VersionZeroUsesNucpSixAsTheBound) {
  Fixture f(with(Classifier::Nic));
  auto good = position(kLat, kLon, 12);
  good.derived.nic.reset();
  good.derived.nuc_p = 6;  // HPL < 0.2 NM
  good.derived.version = 0;
  f.feed(good, 0.0);
  EXPECT_EQ(f.tracker.verdict(kId), Verdict::Good);
  auto bad = good;
  bad.derived.nuc_p = 5;
  f.feed(bad, 1.0);
  EXPECT_EQ(f.tracker.verdict(kId), Verdict::Bad);
}

TEST(HealthNic, PositionsThatStopWhileOtherMessagesGoOnAreBad) {
  Fixture f(with(Classifier::Nic));
  f.feed(position(kLat, kLon), 0.0);
  for (int i = 1; i <= 22; ++i) f.feed(velocity(300.0f), 0.5 * i);  // 10.5 s of velocity, no position
  EXPECT_EQ(f.tracker.verdict(kId), Verdict::Bad);
}

TEST(HealthNic, AReceptionGapIsNotALostPosition) {
  Fixture f(with(Classifier::Nic));
  f.feed(position(kLat, kLon), 0.0);
  f.feed(velocity(300.0f), 0.5);
  f.feed(velocity(300.0f), 12.0);  // nothing heard for 11.5 s, then velocity before the next position
  f.feed(velocity(300.0f), 12.5);
  EXPECT_NE(f.tracker.verdict(kId), Verdict::Bad);
}

TEST(HealthNic, NeverGoodAircraftIsNotCountedBad) {
  Fixture f(with(Classifier::Nic));
  for (int i = 0; i < 50; ++i) f.feed(position(kLat, kLon, 16, 2), i);  // NIC 2 throughout
  f.tracker.finish();
  EXPECT_EQ(f.tracker.counters().samples_bad, 0u);
  EXPECT_TRUE(f.sink.episodes.empty());
}

TEST(HealthNic, OnGroundIsNotCounted) {
  Fixture f(with(Classifier::Nic));
  f.feed(position(kLat, kLon), 0.0);
  auto m = no_position();
  m.on_ground = true;
  f.feed(m, 1.0);
  EXPECT_EQ(f.tracker.verdict(kId), Verdict::None);
  EXPECT_EQ(f.bad_samples(), 0u);
}

// --- NACp rule -------------------------------------------------------------------------------------------------

TEST(HealthNacp, NacpBelowSevenIsBad) {
  Fixture f(with(Classifier::Nacp));
  f.feed(status(7), 0.0);
  f.feed(position(kLat, kLon), 0.0);
  EXPECT_EQ(f.tracker.verdict(kId), Verdict::Good);
  f.feed(status(6), 1.0);
  EXPECT_EQ(f.tracker.verdict(kId), Verdict::Bad);
  f.feed(status(8), 2.0);
  f.feed(position(kLat + 0.01, kLon), 2.0);
  EXPECT_EQ(f.tracker.verdict(kId), Verdict::Good);
  ASSERT_EQ(f.sink.episodes.size(), 1u);
  EXPECT_DOUBLE_EQ(f.sink.episodes[0].regained_lat_deg, kLat + 0.01);
}

TEST(HealthNacp, NacpZeroThroughoutIsNotCountedBad) {
  Fixture f(with(Classifier::Nacp));
  for (int i = 0; i < 50; ++i) {
    f.feed(status(0), i);
    f.feed(no_position(), i + 0.5);
  }
  f.tracker.finish();
  EXPECT_EQ(f.tracker.counters().samples_bad, 0u);
  EXPECT_TRUE(f.sink.episodes.empty());
}

TEST(HealthAircraft, TisbAndAdsrMessagesGiveNoVerdict) {
  Fixture f(with(Classifier::Nic));
  auto m = position(kLat, kLon);
  m.df = 18;
  m.address_kind = modes::AddressKind::TisbIcao;
  f.feed(m, 0.0);
  EXPECT_EQ(f.tracker.verdict(kId), Verdict::None);
  EXPECT_TRUE(f.sink.samples.empty());
}

// map's fast path: fieldless squitters (DF18 ADS-B, TC 24 here) of an aircraft that sent nothing else go through
// update_fieldless, all other messages through update. Samples, episodes and counters must be those of update
// alone, for each classifier: a ground transmitter heard with a gap (forgotten, heard again) and one message out of
// order; an aircraft first heard in TC 24 only, then flying, losing GNSS and its positions while its TC 24 go on;
// an aircraft whose TC 24 come between its other messages from the start.
TEST(HealthFieldless, FastPathGivesWhatUpdateGives) {
  constexpr std::uint32_t kStation = 0x467529, kLate = 0x4CA123;
  struct Timed {
    double t;
    modes::ModeSMessage m;
  };
  std::vector<Timed> script;
  const auto fieldless = [](std::uint32_t address) {
    modes::ModeSMessage m;
    m.df = 18;
    m.address = address;
    m.address_kind = modes::AddressKind::AdsbIcao;
    m.control_field = 0;
    m.type_code = 24;
    m.subtype = 1;
    return m;
  };
  const auto of = [](modes::ModeSMessage m, std::uint32_t address) {
    m.address = address;
    return m;
  };
  for (double t = 0; t < 2400; t += 1.0) {
    if (t < 500 || t >= 900) script.push_back({t, fieldless(kStation)});  // forgotten in the gap (300 s)
    // kLate: TC 24 only for 100 s, then airborne with good GNSS until 600 s, then TC 0 (bad) until 1000 s, then
    // no positions (velocity and TC 24 go on) until 1300 s, then good again.
    if (t >= 50) script.push_back({t + 0.25, fieldless(kLate)});
    if (t >= 150) {
      script.push_back({t + 0.5, of(velocity(300.0f, 90.0f), kLate)});
      if (t < 600 || t >= 1300) {
        script.push_back({t + 0.6, of(status(9), kLate)});
        script.push_back({t + 0.7, of(position(kLat, kLon + (t - 150) * 0.001), kLate)});
      } else if (t < 1000) {
        script.push_back({t + 0.7, of(no_position(), kLate)});
      }
    }
    // kId: TC 24 between its other messages from the first second on.
    script.push_back({t + 0.1, of(velocity(280.0f), kId)});
    script.push_back({t + 0.2, fieldless(kId)});
    if (t < 1500 || t >= 1800) {
      script.push_back({t + 0.3, of(status(t < 1200 ? 9 : 2), kId)});
      script.push_back({t + 0.4, of(position(kLat + 0.1, kLon), kId)});
    }
  }
  script.push_back({1000.0, fieldless(kStation)});  // 1,400 s late: skipped, counted
  // Both forms of the fast path: only_fieldless_so_far then update_fieldless, and map's single lookup
  // (look_up_fieldless, whose entry update_fieldless uses unless it drops stale aircraft first: the station's
  // TC 24 now and then come when the 60-s forgetting is due).
  for (const bool one_lookup : {false, true})
  for (const Classifier classifier : {Classifier::Gpsjam, Classifier::Nic, Classifier::Nacp}) {
    HealthOptions options;
    options.classifier = classifier;
    test::TrackerFixture all(options), fast(options);
    int fast_path = 0;
    for (const Timed& s : script) {
      all.feed(s.m, s.t);
      bool fieldless_so_far = false;
      if (s.m.type_code == 24 && one_lookup) {
        const HealthTracker::FieldlessLookup lookup = fast.tracker.look_up_fieldless(s.m.address);
        fieldless_so_far = lookup.only_fieldless_so_far();
        if (fieldless_so_far) fast.tracker.update_fieldless(lookup, s.m.address, s.t, std::nullopt);
      } else if (s.m.type_code == 24 && fast.tracker.only_fieldless_so_far(s.m.address)) {
        fieldless_so_far = true;
        fast.tracker.update_fieldless(s.m.address, s.t, std::nullopt);
      }
      if (fieldless_so_far) {
        ++fast_path;
      } else {
        fast.feed(s.m, s.t);
      }
    }
    all.tracker.finish();
    fast.tracker.finish();
    const std::string what =
        "classifier " + std::to_string(static_cast<int>(classifier)) + (one_lookup ? ", one lookup" : "");
    EXPECT_EQ(fast_path, 2000 + 1 + 101) << what;  // the station (its late message too), kLate before its 150.5 s
    EXPECT_GT(all.sink.samples.size(), 100u) << what;
    EXPECT_FALSE(all.sink.episodes.empty()) << what;
    ASSERT_EQ(all.sink.samples.size(), fast.sink.samples.size()) << what;
    for (std::size_t i = 0; i < all.sink.samples.size(); ++i) {
      const HealthSample &a = all.sink.samples[i], &b = fast.sink.samples[i];
      EXPECT_TRUE(a.time_s == b.time_s && a.id == b.id && a.bad == b.bad && a.placement == b.placement &&
                  a.lat_deg == b.lat_deg && a.lon_deg == b.lon_deg && a.altitude_ft == b.altitude_ft)
          << what << " sample " << i;
    }
    ASSERT_EQ(all.sink.episodes.size(), fast.sink.episodes.size()) << what;
    for (std::size_t i = 0; i < all.sink.episodes.size(); ++i) {
      const GnssEpisode &a = all.sink.episodes[i], &b = fast.sink.episodes[i];
      EXPECT_TRUE(a.id == b.id && a.lost_s == b.lost_s && a.lost_lat_deg == b.lost_lat_deg &&
                  (a.regained_s == b.regained_s || (std::isnan(a.regained_s) && std::isnan(b.regained_s))))
          << what << " episode " << i;
    }
    const HealthCounters &a = all.tracker.counters(), &b = fast.tracker.counters();
    EXPECT_EQ(a.messages, b.messages) << what;
    EXPECT_EQ(a.out_of_order, 1u) << what;
    EXPECT_EQ(b.out_of_order, 1u) << what;
    EXPECT_EQ(a.samples_good, b.samples_good) << what;
    EXPECT_EQ(a.samples_bad, b.samples_bad) << what;
    EXPECT_EQ(a.episodes, b.episodes) << what;
    EXPECT_EQ(a.aircraft_forgotten, b.aircraft_forgotten) << what;
    EXPECT_GE(a.aircraft_forgotten, 1u) << what;  // the station, in its gap
  }
}

}  // namespace
}  // namespace gw::detect
