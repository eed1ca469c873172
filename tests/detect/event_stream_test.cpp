// EventStream: events found while streaming, with presence kept only while open groups can use it, equal
// find_events over everything (the batch) — on synthetic jamming over hours, split into consecutive parts as
// `map --threads N` splits its inputs, and on the Helsinki recording (docs/EVENTS_SPOOFING.md, "Memory").
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "detect/events.hpp"
#include "detect/health_classifier.hpp"
#include "detect/localize.hpp"
#include "io/input.hpp"
#include "track/message_pipeline.hpp"
#include "helsinki_data.hpp"

namespace gw::detect {
namespace {

constexpr double kT0 = 1767736616.0;  // 2026-01-06T21:56:56Z

void expect_same_events(const std::vector<Event>& batch, const std::vector<Event>& streamed) {
  ASSERT_EQ(batch.size(), streamed.size());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const Event& a = batch[i];
    const Event& b = streamed[i];
    SCOPED_TRACE("event " + std::to_string(i + 1));
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.start_s, b.start_s);
    EXPECT_EQ(a.end_s, b.end_s);
    EXPECT_EQ(a.peak_s, b.peak_s);
    EXPECT_EQ(a.peak_affected, b.peak_affected);
    EXPECT_EQ(a.affected, b.affected);
    EXPECT_EQ(a.unaffected, b.unaffected);
    EXPECT_EQ(a.severity, b.severity);
    ASSERT_EQ(a.region.size(), b.region.size());
    for (std::size_t k = 0; k < a.region.size(); ++k) {
      EXPECT_EQ(a.region[k].lat_deg, b.region[k].lat_deg);
      EXPECT_EQ(a.region[k].lon_deg, b.region[k].lon_deg);
    }
    ASSERT_EQ(a.episodes.size(), b.episodes.size());
    for (std::size_t k = 0; k < a.episodes.size(); ++k) {
      EXPECT_EQ(a.episodes[k].id, b.episodes[k].id);
      EXPECT_EQ(a.episodes[k].lost_s, b.episodes[k].lost_s);
    }
  }
}

// Aircraft crossing a 700 km square for hours while three jammers switch on and off: what a HealthTracker would
// emit, in emission order (samples every 10 s; an episode when GNSS comes back, or at the end).
struct Emitted {
  double time_s;
  bool is_episode;
  HealthSample sample;
  GnssEpisode episode;
};

struct Traffic {
  std::vector<Emitted> items;  // in time order
  std::vector<HealthSample> samples;
  std::vector<GnssEpisode> episodes;
  double end_s = 0;
};

Traffic simulate(unsigned seed, int aircraft, double hours) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  struct Jammer {
    double lat, lon, radius_km;
    std::vector<std::pair<double, double>> on;
  };
  std::vector<Jammer> jammers(3);
  for (auto& j : jammers) {
    j.lat = 58.5 + 3 * u(rng);
    j.lon = 21 + 6 * u(rng);
    j.radius_km = 40 + 60 * u(rng);
    for (double t = kT0 + 1800 * u(rng); t < kT0 + hours * 3600; t += 3600 + 5400 * u(rng))
      j.on.push_back({t, t + 900 + 2700 * u(rng)});
  }
  struct Plane {
    double lat, lon, dlat, dlon;
    bool bad = false;
    GnssEpisode open;
    double good_lat = NAN, good_lon = NAN;
  };
  std::vector<Plane> planes(static_cast<std::size_t>(aircraft));
  for (auto& p : planes) {
    p.lat = 58 + 4 * u(rng);
    p.lon = 20 + 8 * u(rng);
    const double heading = 2 * M_PI * u(rng), km_per_step = 1.5 + 1.0 * u(rng);  // 10 s steps, 540-900 km/h
    p.dlat = km_per_step * std::cos(heading) / 111.2;
    p.dlon = km_per_step * std::sin(heading) / (111.2 * std::cos(60 * M_PI / 180));
  }
  Traffic out;
  const double end = kT0 + hours * 3600;
  for (double t = kT0; t < end; t += 10) {
    for (std::size_t i = 0; i < planes.size(); ++i) {
      Plane& p = planes[i];
      p.lat += p.dlat;
      p.lon += p.dlon;
      if (p.lat < 58 || p.lat > 62) p.dlat = -p.dlat;
      if (p.lon < 20 || p.lon > 28) p.dlon = -p.dlon;
      bool jammed = false;
      for (const auto& j : jammers) {
        const double dy = (p.lat - j.lat) * 111.2, dx = (p.lon - j.lon) * 111.2 * std::cos(p.lat * M_PI / 180);
        if (std::hypot(dx, dy) > j.radius_km) continue;
        for (const auto& [a, b] : j.on) jammed = jammed || (t >= a && t < b);
      }
      const double ts = t + static_cast<double>(i) * 10.0 / static_cast<double>(planes.size());
      const auto id = static_cast<std::uint32_t>(0x400000 + i);
      const auto altitude_ft = static_cast<std::int32_t>(20000 + 3000 * (i % 7));  // for the localizer
      if (jammed && !p.bad && std::isfinite(p.good_lat)) {
        p.bad = true;
        p.open = GnssEpisode{};
        p.open.id = id;
        p.open.altitude_ft = altitude_ft;
        p.open.lost_s = ts;
        p.open.lost_lat_deg = p.good_lat;
        p.open.lost_lon_deg = p.good_lon;
      } else if (!jammed && p.bad) {
        p.bad = false;
        p.open.regained_s = ts;
        p.open.regained_lat_deg = p.lat;
        p.open.regained_lon_deg = p.lon;
        out.items.push_back({ts, true, {}, p.open});
      }
      HealthSample s;
      s.id = id;
      s.time_s = ts;
      s.bad = p.bad;
      s.lat_deg = p.bad ? p.good_lat : p.lat;
      s.lon_deg = p.bad ? p.good_lon : p.lon;
      s.altitude_ft = altitude_ft;
      if (!p.bad) p.good_lat = p.lat, p.good_lon = p.lon;
      if (std::isfinite(s.lat_deg)) out.items.push_back({ts, false, s, {}});
    }
  }
  for (auto& p : planes) {
    if (p.bad) out.items.push_back({end, true, {}, p.open});
  }
  for (const auto& it : out.items) {
    if (it.is_episode) out.episodes.push_back(it.episode);
    else out.samples.push_back(it.sample);
  }
  out.end_s = end;
  return out;
}

// The losses open at time t (lost at or before t, emitted after t).
double open_floor(const Traffic& tr, std::size_t next_item) {
  double floor = INFINITY;
  for (std::size_t i = next_item; i < tr.items.size(); ++i) {
    if (tr.items[i].is_episode) floor = std::min(floor, tr.items[i].episode.lost_s);
  }
  return floor;
}

// Streams the traffic as `map` would, cut into parts at `cuts` (times): each part its own stream, advanced every
// 300 s; an episode open across a cut is given to the merged stream (map: merge_boundary_episodes), and the
// later part keeps its presence up to that episode's regain.
std::vector<Event> stream(const Traffic& tr, const std::vector<double>& cuts, std::size_t* peak_slots = nullptr,
                          std::size_t* dropped = nullptr) {
  std::vector<EventStream> parts(cuts.size() + 1);
  std::vector<GnssEpisode> boundary;
  std::size_t part = 0;
  double next_advance = -INFINITY;
  std::size_t most_slots = 0;
  for (std::size_t i = 0; i < tr.items.size(); ++i) {
    const Emitted& it = tr.items[i];
    while (part < cuts.size() && it.time_s >= cuts[part]) {
      ++part;
      parts[part].continues_earlier_part();
      next_advance = -INFINITY;
    }
    EventStream& s = parts[part];
    const double part_start = part == 0 ? -INFINITY : cuts[part - 1];
    if (it.is_episode) {
      if (it.episode.lost_s < part_start) {
        boundary.push_back(it.episode);
        s.keep_head_until(it.episode.regained_s);
      } else {
        s.add(it.episode);
      }
      continue;
    }
    s.add(it.sample);
    if (it.time_s >= next_advance) {
      s.advance(open_floor(tr, i + 1));
      next_advance = it.time_s + 300;
      most_slots = std::max(most_slots, s.presence().slots().size());
    }
  }
  std::size_t dropped_total = 0;
  for (auto& p : parts) dropped_total += p.dropped_presence();
  for (std::size_t k = 1; k < parts.size(); ++k) parts[0].merge(std::move(parts[k]));
  for (const auto& e : boundary) parts[0].add(e);
  if (peak_slots) *peak_slots = most_slots;
  if (dropped) *dropped = dropped_total;
  return parts[0].finish();
}

std::vector<Event> batch(const Traffic& tr) {
  GoodPresence presence;
  for (const auto& s : tr.samples) presence.add(s);
  return find_events(tr.episodes, presence);
}

TEST(EventStream, EqualsTheBatchOverTwelveHoursWhileHoldingAFewSlots) {
  const Traffic tr = simulate(7, 150, 12);
  const auto expected = batch(tr);
  ASSERT_GE(expected.size(), 5u) << "the synthetic jamming should make several events";
  // The jammers are close enough for wide links to change the grouping here.
  EventOptions close_only;
  close_only.footprint_radius_km = 0;
  GoodPresence none;
  EXPECT_NE(find_events(tr.episodes, none, close_only).size(), find_events(tr.episodes, none).size());
  std::size_t peak_slots = 0, dropped = 0;
  expect_same_events(expected, stream(tr, {}, &peak_slots, &dropped));
  // 12 hours are 72 ten-minute slots; open groups span up to a few hours (wide links chain the events of two
  // jammers on at once, and a group is final only when nothing can join it: 24 slots with seed 7).
  EXPECT_LE(peak_slots, 26u);
  EXPECT_GT(dropped, 0u);
}

TEST(EventStream, PartsCutAnywhereMergeToTheBatch) {
  for (unsigned seed = 1; seed <= 4; ++seed) {
    const Traffic tr = simulate(seed, 120, 8);
    const auto expected = batch(tr);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> at(kT0 + 600, tr.end_s - 600);
    std::vector<double> cuts(seed % 3 + 1);
    for (auto& c : cuts) c = at(rng);
    std::sort(cuts.begin(), cuts.end());
    SCOPED_TRACE("seed " + std::to_string(seed) + ", " + std::to_string(cuts.size() + 1) + " parts");
    expect_same_events(expected, stream(tr, cuts));
  }
}

// Localizing while reading (map, docs/LOCALIZATION.md): the pooling groups are localized as they settle and the
// evidence before the events still to localize is forgotten, so the store stays at a few hours of interference
// while jammers keep switching on and off for half a day, and every source equals localizing everything at the end.
TEST(EventStream, LocalizingWhileReadingKeepsAFewHoursOfEvidenceAndEqualsLocalizingAtTheEnd) {
  const double hours = 12;
  const Traffic tr = simulate(5, 100, hours);
  LocalizeOptions options;
  options.pool_max_span_s = 3 * 3600.0;  // pieces of 3 h (the default's 6 h would need a day of traffic to show)
  EventStream s;
  GoodEvidence streamed, whole;  // localized while reading and forgetting; kept whole for the end
  std::vector<std::size_t> kept_by_hour(static_cast<std::size_t>(hours) + 1, 0);
  double next_advance = -INFINITY;
  for (std::size_t i = 0; i < tr.items.size(); ++i) {
    const Emitted& it = tr.items[i];
    if (it.is_episode) {
      s.add(it.episode);
      continue;
    }
    s.add(it.sample);
    streamed.add(it.sample);
    whole.add(it.sample);
    if (it.time_s >= next_advance) {
      s.advance(open_floor(tr, i + 1));
      streamed.forget_before(localize_settled_events(s.final_so_far(), streamed, s.later_events_from_s(), options));
      next_advance = it.time_s + 300;
      auto& kept = kept_by_hour[static_cast<std::size_t>((it.time_s - kT0) / 3600)];
      kept = std::max(kept, streamed.size() + streamed.reported_size());
    }
  }
  std::size_t localized_while_reading = 0;
  for (const Event& ev : s.final_so_far()) localized_while_reading += ev.source.has_value();
  std::vector<Event> events = s.finish();
  streamed.finish();
  localize_events(events, streamed, options);

  std::vector<Event> expected = batch(tr);
  whole.finish();
  localize_events(expected, whole, options);
  ASSERT_EQ(expected.size(), events.size());
  ASSERT_GE(expected.size(), 8u) << "the synthetic jamming should make many events";
  EXPECT_GT(localized_while_reading, expected.size() / 2) << "most events settle long before the end";
  std::size_t located = 0, pooled = 0;
  const auto same = [](double x, double y) { return x == y || (std::isnan(x) && std::isnan(y)); };
  for (std::size_t i = 0; i < events.size(); ++i) {
    SCOPED_TRACE("event " + std::to_string(i + 1));
    ASSERT_TRUE(events[i].source && expected[i].source);
    const SourceEstimate& a = *expected[i].source;
    const SourceEstimate& b = *events[i].source;
    EXPECT_EQ(a.status, b.status);
    EXPECT_TRUE(same(a.lat_deg, b.lat_deg)) << "lat_deg " << a.lat_deg << " " << b.lat_deg;
    EXPECT_TRUE(same(a.lon_deg, b.lon_deg)) << "lon_deg " << a.lon_deg << " " << b.lon_deg;
    EXPECT_TRUE(same(a.radius_km, b.radius_km)) << "radius_km " << a.radius_km << " " << b.radius_km;
    EXPECT_TRUE(same(a.semi_major_km, b.semi_major_km)) << "semi_major_km " << a.semi_major_km << " " << b.semi_major_km;
    EXPECT_EQ(a.aircraft, b.aircraft);
    EXPECT_EQ(a.pooled_events, b.pooled_events);
    EXPECT_EQ(expected[i].sources.size(), events[i].sources.size());
    located += a.status == SourceStatus::Located;
    pooled += a.pooled_events > 1;
  }
  EXPECT_GT(located, 0u) << "no located source: no test";
  EXPECT_GT(pooled, 0u) << "no pooled group: no test";
  // Bounded: the store in the last four hours holds no more than in the first five (a pooling group or piece spans
  // at most a 3 h block and its events' own length, and settles an hour after), and far less than the whole run's.
  const std::size_t early = *std::max_element(kept_by_hour.begin(), kept_by_hour.begin() + 5);
  const std::size_t late = *std::max_element(kept_by_hour.end() - 5, kept_by_hour.end());
  EXPECT_LE(late, early * 5 / 4);
  EXPECT_LT(late, (whole.size() + whole.reported_size()) / 2);
  std::string by_hour;
  for (std::size_t k : kept_by_hour) by_hour += std::to_string(k) + " ";
  RecordProperty("evidence_kept_by_hour", by_hour);
  std::printf("evidence kept, peak per hour: %s(whole run: %zu)\n", by_hour.c_str(), whole.size() + whole.reported_size());
}

// An intermittent jammer over six aircraft holding still 20-70 km apart: on for 10 minutes, off for 5, on for 10
// again. Each burst is its own event (quiet cut), streamed whole or cut into parts anywhere, also in the gap.
Traffic intermittent_traffic() {
  Traffic out;
  const double end = kT0 + 3 * 3600;
  auto jammed = [](double t) { return (t >= kT0 + 1200 && t < kT0 + 1800) || (t >= kT0 + 2100 && t < kT0 + 2700); };
  std::vector<GnssEpisode> open(6);
  std::vector<bool> bad(6, false);
  for (double t = kT0; t < end; t += 10) {
    for (std::size_t i = 0; i < 6; ++i) {
      const double ts = t + static_cast<double>(i);
      const double lat = 60.5 + 0.2 * static_cast<double>(i % 3), lon = 25.0 + 0.8 * static_cast<double>(i / 3);
      const auto id = static_cast<std::uint32_t>(0x400000 + i);
      if (jammed(ts) && !bad[i]) {
        bad[i] = true;
        open[i] = GnssEpisode{};
        open[i].id = id;
        open[i].lost_s = ts;
        open[i].lost_lat_deg = lat;
        open[i].lost_lon_deg = lon;
      } else if (!jammed(ts) && bad[i]) {
        bad[i] = false;
        open[i].regained_s = ts;
        open[i].regained_lat_deg = lat;
        open[i].regained_lon_deg = lon;
        out.items.push_back({ts, true, {}, open[i]});
      }
      HealthSample s;
      s.id = id;
      s.time_s = ts;
      s.bad = bad[i];
      s.lat_deg = lat;
      s.lon_deg = lon;
      out.items.push_back({ts, false, s, {}});
    }
  }
  for (const auto& it : out.items) {
    if (it.is_episode) out.episodes.push_back(it.episode);
    else out.samples.push_back(it.sample);
  }
  out.end_s = end;
  return out;
}

TEST(EventStream, IntermittentBurstsComeOutSeparatelyStreamedAndInParts) {
  const Traffic tr = intermittent_traffic();
  const auto expected = batch(tr);
  ASSERT_EQ(expected.size(), 2u);
  EXPECT_EQ(expected[0].affected, 6u);
  EXPECT_EQ(expected[1].affected, 6u);
  EXPECT_LT(expected[0].end_s, expected[1].start_s);
  expect_same_events(expected, stream(tr, {}));
  for (const double cut : {kT0 + 1500.0, kT0 + 1950.0, kT0 + 2400.0, kT0 + 3600.0}) {
    SCOPED_TRACE("cut at +" + std::to_string(cut - kT0) + " s");
    expect_same_events(expected, stream(tr, {cut}));
  }
}

TEST(EventStream, StopPruningKeepsEverythingAndStillEqualsTheBatch) {
  const Traffic tr = simulate(3, 80, 4);
  EventStream s;
  s.stop_pruning();
  for (const auto& it : tr.items) {
    if (it.is_episode) s.add(it.episode);
    else s.add(it.sample);
    s.advance(INFINITY);
  }
  EXPECT_EQ(s.dropped_presence(), 0u);
  EXPECT_EQ(s.final_events(), 0u);
  expect_same_events(batch(tr), s.finish());
}

// The Helsinki recording through the real pipeline and health tracker (../shared/data, MIT): the stream, fed
// as map feeds it (advanced every 5 minutes of samples with the tracker's open losses), equals the batch.
class HelsinkiRun final : public io::FrameBatchSink, public HealthSink {
 public:
  HelsinkiRun() : pipeline(test::helsinki_pipeline_options()), tracker(*this) {}
  void on_frames(std::span<const modes::RawFrame> frames) override {
    for (const auto& frame : frames) {
      if (pipeline.process(frame, msg)) tracker.update(msg, msg.time_s);
    }
  }
  void on_sample(const HealthSample& s) override {
    samples.push_back(s);
    streamed.add(s);
    if (s.time_s >= next_advance) {
      streamed.advance(tracker.open_loss_floor_s());  // open losses and back-dated ones still to come, as map
      next_advance = s.time_s + 300;
    }
  }
  void on_episode(const GnssEpisode& e) override {
    episodes.push_back(e);
    streamed.add(e);
  }
  track::MessagePipeline pipeline;
  HealthTracker tracker;
  modes::ModeSMessage msg;
  EventStream streamed;
  std::vector<HealthSample> samples;
  std::vector<GnssEpisode> episodes;
  double next_advance = -INFINITY;
};

TEST(EventStream, HelsinkiRecordingEqualsTheBatch) {
  const std::filesystem::path dir = std::string(GNSSWATCH_SHARED_DATA) + "/adsb/helsinki-2026-01";
  if (!std::filesystem::is_directory(dir)) GTEST_SKIP() << "shared test data not found: " << dir.string();
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".bin") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  HelsinkiRun run;
  io::InputStats stats;
  io::ReadOptions read;
  read.start_time_s = 1767736616.3;  // data README: UTC of counter zero
  for (const auto& f : files) io::read_input(f, io::Format::Beast, run, stats, read);
  run.tracker.finish();
  GoodPresence all;
  for (const auto& s : run.samples) all.add(s);
  const auto expected = find_events(run.episodes, all);
  ASSERT_FALSE(expected.empty()) << "the recording has losses north-east of EFHK (data README)";
  const std::size_t kept = run.streamed.presence().entries();
  expect_same_events(expected, run.streamed.finish());
  EXPECT_LT(kept, all.entries() / 2) << "presence is dropped once no open group can use it";
}

}  // namespace
}  // namespace gw::detect
