// Losses seen at the regain (docs/HEALTH.md): an aircraft first heard already without GNSS, that later regains it,
// gives one episode lost at its first message heard without GNSS, with an unknown loss place and no bad sample.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "detect/events.hpp"
#include "detect/health_classifier.hpp"
#include "detect_test_util.hpp"

namespace gw::detect {
namespace {

constexpr std::uint32_t kId = 0x4CA123;

modes::ModeSMessage base(std::uint8_t tc, std::uint32_t id = kId) {
  return test::adsb_message(id, tc);
}
modes::ModeSMessage position(double lat, double lon, std::uint32_t id = kId, std::uint8_t nic = 8) {
  auto m = base(11, id);
  m.derived.lat = lat;
  m.derived.lon = lon;
  m.derived.nic = nic;
  m.alt_baro_ft = 35000;
  return m;
}
modes::ModeSMessage status(std::uint8_t nac_p, std::uint32_t id = kId) {
  auto m = base(31, id);
  m.version = 2;
  m.nac_p = nac_p;
  return m;
}
modes::ModeSMessage velocity(std::uint32_t id = kId) {
  auto m = base(19, id);
  m.gs_kt = 450.0f;
  m.track_deg = 90.0f;
  return m;
}
modes::ModeSMessage no_position(std::uint32_t id = kId) {
  auto m = base(0, id);
  m.alt_baro_ft = 35000;
  return m;
}

struct Fixture : test::TrackerFixture {
  using TrackerFixture::TrackerFixture;
  // Heard without GNSS from t0 to t1: velocity and a type-code-0 squitter every second (a TC 0 sender's avionics,
  // or a hybrid one's NACp 0: both are bad messages to readsb's rule).
  void heard_jammed(double t0, double t1, std::uint32_t id = kId) {
    for (double t = t0; t <= t1; t += 1.0) {
      feed(velocity(id), t);
      feed(no_position(id), t + 0.5);
    }
  }
  // GNSS back: NACp 9 and a position, for `seconds` s.
  void regains(double t, double lat, double lon, std::uint32_t id = kId, int seconds = 3) {
    for (int i = 0; i < seconds; ++i) {
      feed(velocity(id), t + i);
      feed(status(9, id), t + i);
      feed(position(lat, lon, id), t + i);
    }
  }
  std::size_t bad_samples() const {
    std::size_t n = 0;
    for (const auto& s : sink.samples) n += s.bad;
    return n;
  }
};

TEST(HealthUnseenLoss, AircraftFirstHeardJammedThatRegainsGivesABackDatedEpisode) {
  Fixture f;
  f.heard_jammed(100.0, 700.0);
  EXPECT_TRUE(f.sink.episodes.empty()) << "nothing is known before the regain";
  f.regains(701.0, 54.2, 20.1);
  ASSERT_EQ(f.sink.episodes.size(), 1u);
  const GnssEpisode& e = f.sink.episodes[0];
  EXPECT_TRUE(e.seen_at_regain);
  EXPECT_EQ(e.id, kId);
  // Lost at least from its first message heard without GNSS (the TC 0 squitter at 100.5 s: the velocity before it
  // is not a bad message); the place of the loss is unknown, the regain's is known.
  EXPECT_DOUBLE_EQ(e.lost_s, 100.5);
  EXPECT_TRUE(std::isnan(e.lost_lat_deg));
  EXPECT_TRUE(std::isnan(e.lost_lon_deg));
  EXPECT_DOUBLE_EQ(e.regained_s, 701.0);
  EXPECT_DOUBLE_EQ(e.regained_lat_deg, 54.2);
  EXPECT_DOUBLE_EQ(e.regained_lon_deg, 20.1);
  ASSERT_TRUE(e.altitude_ft.has_value());
  EXPECT_EQ(*e.altitude_ft, 35000);
  // The grid is untouched: no bad sample (gpsjam-compatible cells), only the good ones after the regain.
  EXPECT_EQ(f.bad_samples(), 0u);
  EXPECT_EQ(f.tracker.counters().episodes_seen_at_regain, 1u);
  f.tracker.finish();
  EXPECT_EQ(f.sink.episodes.size(), 1u);
}

TEST(HealthUnseenLoss, AircraftThatNeverRegainsNeverCounts) {
  Fixture f;
  f.heard_jammed(0.0, 3 * 3600.0);  // no GNSS equipage, or jammed until it left coverage
  f.tracker.finish();
  EXPECT_TRUE(f.sink.episodes.empty());
  EXPECT_EQ(f.bad_samples(), 0u);
}

TEST(HealthUnseenLoss, FewerThanSeventeenMessagesWithoutGnssAreNotEnough) {
  Fixture f;
  f.heard_jammed(100.0, 115.0);  // 16 TC 0 squitters (readsb flags at 17, NOGPS_SHOW)
  f.regains(116.0, 54.2, 20.1);
  EXPECT_TRUE(f.sink.episodes.empty());
  Fixture g;
  g.heard_jammed(100.0, 116.0);  // 17
  g.regains(117.0, 54.2, 20.1);
  EXPECT_EQ(g.sink.episodes.size(), 1u);
}

TEST(HealthUnseenLoss, RegainLaterThanTheLimitAfterTheFirstBadMessageDoesNotCount) {
  HealthOptions o;
  Fixture f(o);
  f.heard_jammed(0.0, o.unseen_loss_max_s + 10.0);
  f.regains(o.unseen_loss_max_s + 11.0, 54.2, 20.1);
  EXPECT_TRUE(f.sink.episodes.empty());
}

TEST(HealthUnseenLoss, AGapWithoutBadMessagesRestartsTheLoss) {
  HealthOptions o;
  Fixture f(o);
  f.heard_jammed(0.0, 60.0);
  // Heard only in velocity messages for longer than unseen_loss_gap_s (no bad message), then jammed again.
  for (double t = 61.0; t < 61.0 + o.unseen_loss_gap_s + 10.0; t += 5.0) f.feed(velocity(), t);
  const double again_s = 61.0 + o.unseen_loss_gap_s + 10.0;
  f.heard_jammed(again_s, again_s + 100.0);
  f.regains(again_s + 101.0, 54.2, 20.1);
  ASSERT_EQ(f.sink.episodes.size(), 1u);
  EXPECT_DOUBLE_EQ(f.sink.episodes[0].lost_s, again_s + 0.5);
}

TEST(HealthUnseenLoss, RegainLongAfterTheLastBadMessageDoesNotCount) {
  HealthOptions o;
  Fixture f(o);
  f.heard_jammed(0.0, 100.0);
  for (double t = 101.0; t < 101.0 + o.unseen_loss_gap_s + 10.0; t += 5.0) f.feed(velocity(), t);
  f.regains(101.0 + o.unseen_loss_gap_s + 10.0, 54.2, 20.1);  // nothing heard without GNSS for 310 s before
  EXPECT_TRUE(f.sink.episodes.empty());
}

TEST(HealthUnseenLoss, OnTheGroundDoesNotCount) {
  Fixture f;
  for (double t = 0.0; t < 100.0; t += 1.0) {  // TC 0 squitters at the gate (Helsinki has nine such aircraft)
    auto m = no_position();
    m.on_ground = true;
    f.feed(m, t);
  }
  f.regains(101.0, 60.3, 24.9);
  EXPECT_TRUE(f.sink.episodes.empty());
}

TEST(HealthUnseenLoss, AnAircraftSeenGoodBeforeGivesItsOrdinaryEpisodeOnly) {
  Fixture f;
  f.regains(0.0, 54.0, 19.0);  // good first
  f.heard_jammed(20.0, 300.0);  // flagged by the gpsjam counter: an episode with a known loss place
  f.regains(301.0, 54.2, 20.1, kId, 8);  // the counter (20) comes down one per NACp 9 message
  ASSERT_EQ(f.sink.episodes.size(), 1u);
  EXPECT_FALSE(f.sink.episodes[0].seen_at_regain);
  EXPECT_DOUBLE_EQ(f.sink.episodes[0].lost_lat_deg, 54.0);
}

TEST(HealthUnseenLoss, GoodMoreThanFifteenMinutesBeforeCountsAsUnseen) {
  // Out of the gpsjam rule's reach (readsb's NOGPS_DWELL): last good 20 min before it is heard jammed.
  Fixture f;
  f.regains(0.0, 54.0, 19.0);
  for (double t = 10.0; t < 1200.0; t += 60.0) f.feed(velocity(), t);  // heard, no position (out of the disk's view)
  f.heard_jammed(1200.0, 1500.0);
  f.regains(1501.0, 54.2, 20.1);
  ASSERT_EQ(f.sink.episodes.size(), 1u);
  EXPECT_TRUE(f.sink.episodes[0].seen_at_regain);
  EXPECT_DOUBLE_EQ(f.sink.episodes[0].lost_s, 1200.5);
}

TEST(HealthUnseenLoss, IntegrityClassifiersSeeItToo) {
  for (const Classifier c : {Classifier::Nic, Classifier::Nacp}) {
    HealthOptions o;
    o.classifier = c;
    Fixture f(o);
    f.heard_jammed(100.0, 400.0);
    f.regains(401.0, 54.2, 20.1);
    ASSERT_EQ(f.sink.episodes.size(), 1u) << static_cast<int>(c);
    EXPECT_TRUE(f.sink.episodes[0].seen_at_regain);
    EXPECT_EQ(f.bad_samples(), 0u);
  }
}

TEST(HealthUnseenLoss, OpenLossFloorReachesBackToTheFirstBadMessageUntilTheRegain) {
  HealthOptions o;
  Fixture f(o);
  EXPECT_EQ(f.tracker.open_loss_floor_s(), std::numeric_limits<double>::infinity());
  f.heard_jammed(100.0, 700.0);
  EXPECT_DOUBLE_EQ(f.tracker.open_loss_floor_s(), 100.5) << "an episode may still come, lost then";
  f.regains(701.0, 54.2, 20.1);
  EXPECT_EQ(f.tracker.open_loss_floor_s(), std::numeric_limits<double>::infinity());
  // One that can no longer regain in time (no GNSS equipage) stops holding the floor back.
  Fixture g(o);
  g.heard_jammed(0.0, o.unseen_loss_max_s + 100.0);
  EXPECT_EQ(g.tracker.open_loss_floor_s(), std::numeric_limits<double>::infinity());
}

TEST(HealthUnseenLoss, OffTurnsItOff) {
  HealthOptions o;
  o.unseen_loss_max_s = 0;
  Fixture f(o);
  f.heard_jammed(100.0, 700.0);
  f.regains(701.0, 54.2, 20.1);
  EXPECT_TRUE(f.sink.episodes.empty());
}

// What map does: samples and episodes into an EventStream, advanced every 300 s of input with the tracker's floor.
class StreamingSink final : public HealthSink {
 public:
  void on_sample(const HealthSample& s) override {
    collected.on_sample(s);
    stream.add(s);
    if (tracker && s.time_s >= next_advance_s) {
      stream.advance(tracker->open_loss_floor_s());
      next_advance_s = s.time_s + 300.0;
    }
  }
  void on_episode(const GnssEpisode& e) override {
    collected.on_episode(e);
    stream.add(e);
  }
  HealthCollector collected;
  EventStream stream;
  const HealthTracker* tracker = nullptr;
  double next_advance_s = -std::numeric_limits<double>::infinity();
};

// Aircraft entering a jammer's disk already jammed, one after another, leave it on the same side: their regain
// places group them into one event. Streaming, the back-dated episodes arrive up to 500 s after their loss time,
// after other traffic has moved the stream on for hours: the floor keeps their group open, so the stream still
// equals find_events.
TEST(HealthUnseenLoss, RegainPlacesGroupIntoOneEventStreamingOrNot) {
  StreamingSink sink;
  HealthTracker tracker(sink, {});
  sink.tracker = &tracker;
  const std::uint32_t witness = 0x4CA0FF;
  const std::uint32_t ids[] = {0x4CA001, 0x4CA002, 0x4CA003};
  double t = 0.0;
  for (int hour = 0; hour < 3; ++hour) {
    // Good traffic all along (presence), and three aircraft crossing a jammed disk every hour.
    for (int k = 0; k < 3; ++k) {
      const std::uint32_t id = ids[k] + static_cast<std::uint32_t>(hour) * 0x100;
      const double t0 = t + 200.0 * k;
      for (double u = t0; u <= t0 + 500.0; u += 1.0) {
        tracker.update(velocity(witness), u);
        tracker.update(status(9, witness), u);
        tracker.update(position(54.0, 20.0 + 0.0001 * (u - t), witness), u);
        tracker.update(velocity(id), u);
        tracker.update(no_position(id), u + 0.5);
      }
      for (int i = 0; i < 3; ++i) {
        tracker.update(velocity(id), t0 + 501.0 + i);
        tracker.update(status(9, id), t0 + 501.0 + i);
        tracker.update(position(54.2 + 0.1 * k, 20.1, id), t0 + 501.0 + i);
      }
    }
    t += 3600.0;
  }
  tracker.finish();
  const std::vector<GnssEpisode>& episodes = sink.collected.episodes;
  ASSERT_EQ(episodes.size(), 9u);
  const auto batch = find_events(std::span<const GnssEpisode>(episodes), std::span<const HealthSample>(sink.collected.samples));
  ASSERT_EQ(batch.size(), 3u);
  for (const Event& ev : batch) EXPECT_EQ(ev.affected, 3u);
  EXPECT_DOUBLE_EQ(batch[0].start_s, 0.5);
  EXPECT_GT(sink.stream.final_events(), 0u) << "the stream finalized events while reading";
  const auto streamed = sink.stream.finish();
  ASSERT_EQ(streamed.size(), batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    EXPECT_EQ(streamed[i].start_s, batch[i].start_s);
    EXPECT_EQ(streamed[i].end_s, batch[i].end_s);
    EXPECT_EQ(streamed[i].affected, batch[i].affected);
    EXPECT_EQ(streamed[i].unaffected, batch[i].unaffected);
    EXPECT_EQ(streamed[i].episodes.size(), batch[i].episodes.size());
  }
}

// A loss seen at the regain 29 minutes after the aircraft was first heard jammed reaches back further than the
// stream's own lateness and link time (20 minutes): without the tracker's floor, the group it joins (a loss 7.5
// minutes before it, 11 km away) would have been finished, and dropped as a lone loss, before it arrived.
TEST(HealthUnseenLoss, TheFloorKeepsOpenTheGroupABackDatedLossJoins) {
  StreamingSink sink;
  HealthTracker tracker(sink, {});
  sink.tracker = &tracker;
  const std::uint32_t witness = 0x4CA0FF, early = 0x4CA001, late = 0x4CA002;
  for (double u = 0.0; u <= 3000.0; u += 1.0) {
    tracker.update(velocity(witness), u);
    tracker.update(status(9, witness), u);
    tracker.update(position(54.0, 20.0 + 0.0001 * u, witness), u);
    if (u <= 250.0) {  // first heard jammed, regains at 251 s
      tracker.update(velocity(early), u);
      tracker.update(no_position(early), u + 0.5);
    } else if (u <= 253.0) {
      tracker.update(status(9, early), u);
      tracker.update(position(54.2, 21.0, early), u);
    }
    if (u >= 700.0 && u <= 2450.0) {  // first heard jammed from 700 s, regains at 2451 s, 11 km from the first
      tracker.update(velocity(late), u);
      tracker.update(no_position(late), u + 0.5);
    } else if (u > 2450.0 && u <= 2453.0) {
      tracker.update(status(9, late), u);
      tracker.update(position(54.3, 21.0, late), u);
    }
  }
  tracker.finish();
  ASSERT_EQ(sink.collected.episodes.size(), 2u);
  const auto batch = find_events(std::span<const GnssEpisode>(sink.collected.episodes),
                                 std::span<const HealthSample>(sink.collected.samples));
  ASSERT_EQ(batch.size(), 1u);
  EXPECT_EQ(batch[0].affected, 2u);
  const auto streamed = sink.stream.finish();
  ASSERT_EQ(streamed.size(), 1u);
  EXPECT_EQ(streamed[0].affected, 2u);
  EXPECT_EQ(streamed[0].start_s, batch[0].start_s);
  EXPECT_EQ(streamed[0].unaffected, batch[0].unaffected);
}

// A loss seen at the regain is placed at its regain, which lies beyond the footprint (re-acquisition needs less
// J/S than tracking): it may link widely, but the footprint test of the group is made without it, so it does not
// break up the losses seen where they happened.
TEST(HealthUnseenLoss, ARegainPlaceBeyondTheFootprintDoesNotBreakTheGroup) {
  using test::make_episode;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<GnssEpisode> episodes = {
      make_episode(1, 1000.0, 54.0, 20.0, 1600.0, 54.0, 19.5),  // lost 131 km from 2, at the same time: a wide link
      make_episode(2, 1010.0, 54.0, 22.0, 1500.0, 54.0, 22.5),
  };
  const std::vector<HealthSample> none;
  ASSERT_EQ(find_events(episodes, none).size(), 1u);
  GnssEpisode unseen = make_episode(3, 900.0, nan, nan, 1400.0, 54.0, 24.8);  // regained 183 km from 2, 314 km from 1
  unseen.seen_at_regain = true;
  episodes.push_back(unseen);
  const auto events = find_events(episodes, none);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].affected, 3u);
  EXPECT_DOUBLE_EQ(events[0].start_s, 900.0);
  // The same regain as a loss seen where it happened would be outside one footprint: close links only, and the
  // three fall apart into lone losses (dropped).
  episodes.back().seen_at_regain = false;
  EXPECT_TRUE(find_events(episodes, none).empty());
}

}  // namespace
}  // namespace gw::detect
