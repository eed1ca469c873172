// gnsswatch map --threads N on inputs split in the middle of GNSS interference: each later part warms its
// trackers up on the previous part's last hour, the event streams, boundary episodes and localization evidence
// merge, so the outputs equal one thread's (docs/ARCHITECTURE.md, "Parts").
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <simdjson.h>

#include "cli_harness.hpp"
#include "io/beast_writer.hpp"
#include "io/input.hpp"
#include "modes/frame.hpp"

namespace {

namespace fs = std::filesystem;
using gw::test::slurp;

// Splits a Beast recording into consecutive files, cut after the given fractions of its frames. `map` gives
// each thread a group of files of about equal size (a file starts a new group once the groups before it hold
// their share), so fractions a little above k/N give one file per thread.
std::vector<fs::path> split_beast(const fs::path& in, const std::vector<double>& fractions, const fs::path& prefix) {
  const std::vector<gw::modes::RawFrame> frames = gw::io::read_all_frames(in.string(), gw::io::Format::Beast);
  std::vector<std::vector<std::uint8_t>> outs(fractions.size() + 1);
  std::size_t part = 0;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    while (part < fractions.size() && static_cast<double>(i) >= fractions[part] * static_cast<double>(frames.size()))
      ++part;
    gw::io::append_beast_frame(frames[i], outs[part]);
  }
  std::vector<fs::path> paths;
  for (std::size_t i = 0; i < outs.size(); ++i) {
    paths.push_back(prefix.string() + std::to_string(i) + ".beast");
    std::ofstream(paths.back(), std::ios::binary)
        .write(reinterpret_cast<const char*>(outs[i].data()), static_cast<std::streamsize>(outs[i].size()));
  }
  return paths;
}

class MapParts : public gw::test::CliTest {
 protected:
  void TearDown() override {
    if (!std::getenv("GNSSWATCH_KEEP_TEST_FILES")) CliTest::TearDown();  // to look at a failure's outputs
  }
  // Maps `inputs` with 1 thread and with each of `threads`: every output a user reads must be the same, the
  // events with their located sources included.
  void expect_same_outputs(const std::string& options, const std::vector<unsigned>& threads,
                           bool expect_located = true) {
    const fs::path one = dir_ / "t1";
    const auto r1 = run("map --threads 1" + options + " --out " + one.string());
    ASSERT_EQ(r1.exit_code, 0) << r1.err;
    const std::string events = slurp(one / "events.json");
    ASSERT_NE(events.find("\"affected_aircraft\""), std::string::npos) << "no event: no test";
    if (expect_located) {
      ASSERT_NE(events.find("\"status\":\"located\""), std::string::npos) << "no located source: no test";
    }
    for (unsigned n : threads) {
      const fs::path many = dir_ / fmt::format("t{}", n);
      const auto rn = run(fmt::format("map --threads {}{} --out {}", n, options, many.string()));
      ASSERT_EQ(rn.exit_code, 0) << rn.err;
      last_err_ = rn.err;
      const std::string label = fmt::format("1 and {} threads", n);
      EXPECT_EQ(slurp(one / "cells.csv"), slurp(many / "cells.csv")) << "cells.csv, " << label;
      // Byte for byte, the sources too: the good-sample evidence is thinned in slots anchored to absolute time and
      // merged exactly across the part boundaries (GoodEvidence).
      EXPECT_EQ(events, slurp(many / "events.json")) << "events.json, " << label;
      EXPECT_EQ(slurp(one / "events.geojson"), slurp(many / "events.geojson")) << "events.geojson, " << label;
      simdjson::dom::parser p1, p2;
      const simdjson::dom::element s1 = p1.load((one / "spoofing.json").string());
      const simdjson::dom::element s2 = p2.load((many / "spoofing.json").string());
      EXPECT_EQ(simdjson::minify(s1["findings"]), simdjson::minify(s2["findings"])) << "spoofing findings, " << label;
      EXPECT_EQ(uint64_t(s1["counters"]["messages"]), uint64_t(s2["counters"]["messages"]))
          << "messages counted once, " << label;
    }
  }
  // Simulates the scenario, cuts the recording at `fractions` and maps it with 1 thread and one thread per piece.
  void compare_threads(const std::string& scenario, const std::vector<double>& fractions, bool expect_located = true) {
    const fs::path rec = dir_ / "rec.beast";
    const auto sim = run("simulate --scenario " + scenario + " --out " + rec.string());
    ASSERT_EQ(sim.exit_code, 0) << sim.err;
    std::string options = " --start-time 2026-01-07T03:00:00Z";
    for (const auto& p : split_beast(rec, fractions, dir_ / "part")) {
      options += ' ';
      options += p.string();
    }
    expect_same_outputs(options, {static_cast<unsigned>(fractions.size() + 1)}, expect_located);
  }
  std::string last_err_;  // stderr of the last run with several threads

  // Simulates Tallinn's and Helsinki's receivers with a jammer at Ivangorod (40 m) switched on for `active` (the
  // items of a JSON list of {"from", "to"}) into dir_/rec.beast.
  fs::path simulate_ivangorod(const std::string& name, const std::string& start, const std::string& duration,
                              int aircraft, int eirp_dbw, const std::string& active) {
    const fs::path scenario = dir_ / (name + ".json");
    std::ofstream(scenario) << fmt::format(R"({{"name": "{}", "start": "{}", "duration": "{}",
    "region": "baltic", "traffic": {{"aircraft": {}, "overflight_fraction": 0.25}},
    "receivers": [{{"name": "tallinn", "lat": 59.4370, "lon": 24.7536, "height_m": 60, "range_km": 400}},
                  {{"name": "helsinki", "lat": 60.1699, "lon": 24.9384, "height_m": 60, "range_km": 400}}],
    "interferers": [{{"id": 1, "kind": "jammer", "name": "ivangorod", "lat": 59.37, "lon": 28.22, "height_m": 40,
                     "eirp_dbw": {}, "active": [{}]}}]}})",
                                           name, start, duration, aircraft, eirp_dbw, active);
    const fs::path rec = dir_ / "rec.beast";
    const auto sim = run("simulate --scenario " + scenario.string() + " --out " + rec.string());
    EXPECT_EQ(sim.exit_code, 0) << sim.err;
    return rec;
  }
  // {"from": "<hour * 60 + from_min>m", "to": ...} for each hour of `hours`: a jammer on for part of every hour.
  static std::string every_hour(int hours, int from_min, int to_min) {
    std::string active;
    for (int hour = 0; hour < hours; ++hour)
      active += fmt::format("{}{{\"from\": \"{}m\", \"to\": \"{}m\"}}", hour ? "," : "", 60 * hour + from_min,
                            60 * hour + to_min);
    return active;
  }
  // What map printed under GNSSWATCH_TIMING for the last run with several threads: the events part 1 localized
  // while reading, of its final events; {0, 0} with a failure when the line is missing.
  std::pair<unsigned, unsigned> part1_localized_while_reading() const {
    unsigned located = 0, final_events = 0;
    const auto at = last_err_.find("part 1: ");
    if (at == std::string::npos ||
        std::sscanf(last_err_.c_str() + at, "part 1: %u of its %u final events", &located, &final_events) != 2) {
      ADD_FAILURE() << "no count of part 1's events localized while reading: " << last_err_;
      return {0, 0};
    }
    return {located, final_events};
  }
};

// Two hours, jammers on from 20 to 105 minutes: the cuts (about 62, 42 and 83 minutes) fall inside losses.
TEST_F(MapParts, TwoPartsCutDuringJammingEqualOneThread) { compare_threads("korea-dmz", {0.52}); }

TEST_F(MapParts, ThreePartsCutDuringJammingEqualOneThread) { compare_threads("korea-dmz", {0.35, 0.69}); }

// The spoofer's captured aircraft lose their true positions, the jammed ones GNSS: both cut mid-scenario. Their
// events' sources are withheld (their aircraft were flagged as spoofed: docs/LOCALIZATION.md, "Spoofed aircraft"),
// which has to come out the same from the merged findings as from one thread's.
TEST_F(MapParts, SpoofingScenarioInTwoAndThreePartsEqualsOneThread) {
  const fs::path rec = dir_ / "rec.beast";
  const auto sim = run("simulate --scenario spoofing --out " + rec.string());
  ASSERT_EQ(sim.exit_code, 0) << sim.err;
  std::string two = " --start-time 2026-01-07T03:00:00Z", three = two;
  for (const auto& p : split_beast(rec, {0.5}, dir_ / "half")) two.append(" ").append(p.string());
  for (const auto& p : split_beast(rec, {0.34, 0.67}, dir_ / "third")) three.append(" ").append(p.string());
  expect_same_outputs(two, {2}, false);
  expect_same_outputs(three, {3}, false);
}

// Real data: 30 files of 15 minutes with GNSS losses near EFHK, split by map into 2 and 3 groups of files.
TEST_F(MapParts, HelsinkiInTwoAndThreePartsEqualsOneThread) {
  const fs::path dir = fs::path(GNSSWATCH_SHARED_DATA) / "adsb/helsinki-2026-01";
  if (!fs::is_directory(dir)) GTEST_SKIP() << "real data not found: " << dir;
  // Counter zero of the recording (data README). Its events are too small to be located (insufficient evidence):
  // their sources still have to agree.
  expect_same_outputs(" --start-time 1767736616.3 " + (dir / "raw_adsb_2026010*.bin").string(), {2, 3}, false);
}

// A jammer on from the start whose victims come into coverage already jammed: their losses are seen only at the
// regain and back-dated (docs/HEALTH.md, "Losses seen at the regain"); the cuts (about 33 and 66 minutes) fall while
// such aircraft are heard jammed, not yet regained. Its events rest on such losses alone, which have no loss place,
// so they are not located (the sources, "insufficient evidence", still have to agree).
TEST_F(MapParts, ThreePartsCutWhileAircraftComeInJammedEqualOneThread) {
  compare_threads("random --seed 34", {0.3, 0.6}, false);
}

// Eight hours of a jammer on for 20 minutes of every hour: pooling would chain all its events into one group, so
// they are localized in 6-hour blocks of UTC (docs/LOCALIZATION.md), the first part's while it reads (their
// evidence forgotten) and the rest after the merge. Cut in three (about 2.7 and 5.4 h), the outputs equal one
// thread's, which localizes while reading too.
TEST_F(MapParts, RecurringJammingLocalizedWhileReadingInThreePartsEqualsOneThread) {
  const fs::path rec = simulate_ivangorod("recurring", "2026-05-20T03:00:00Z", "8h", 150, 25, every_hour(8, 10, 30));
  std::string options = " --start-time 2026-05-20T03:00:00Z";
  for (const auto& p : split_beast(rec, {0.34, 0.67}, dir_ / "part")) options.append(" ").append(p.string());
  expect_same_outputs(options, {3});
  // The events from 06:00 UTC on (five bursts with traffic) are pooled together, apart from those before.
  simdjson::dom::parser parser;
  const simdjson::dom::element doc = parser.load((dir_ / "t1" / "events.json").string());
  std::uint64_t most_pooled = 0;
  for (const simdjson::dom::element ev : doc["events"].get_array()) {
    std::uint64_t pooled = 0;
    if (ev["source"]["events_pooled"].get(pooled) == simdjson::SUCCESS) most_pooled = std::max(most_pooled, pooled);
  }
  EXPECT_EQ(most_pooled, 5u);
}

// A later part localizes, while it reads, its own events that nothing at the merge can pool with. Cut at about 4:00:
// the burst across the cut (3:40-4:20) is completed at the merge, the one at 4:50-5:10 pools with it (it starts within
// an hour of its end) and is left to the merge too; the one at 6:20-6:35 starts more than an hour after, has more
// than an hour of input after it, and is localized in the second part's thread. The outputs are one thread's (a part
// that localized the 4:50 burst on its own would give it another source).
TEST_F(MapParts, LaterPartLocalizesItsOwnSettledEventsAsOneThread) {
  const fs::path rec = simulate_ivangorod("bursts", "2026-05-20T06:00:00Z", "8h", 150, 25,
                                          R"({"from": "10m", "to": "30m"}, {"from": "220m", "to": "260m"},
                                             {"from": "290m", "to": "310m"}, {"from": "380m", "to": "395m"})");
  std::string options = " --start-time 2026-05-20T06:00:00Z";
  for (const auto& p : split_beast(rec, {0.5}, dir_ / "part")) options.append(" ").append(p.string());
  ::setenv("GNSSWATCH_TIMING", "1", 1);  // map then says how many events each part localized while reading
  expect_same_outputs(options, {2});
  ::unsetenv("GNSSWATCH_TIMING");
  const unsigned located = part1_localized_while_reading().first;
  EXPECT_GE(located, 1u) << last_err_;
}

// A jammer on for 35 minutes of every hour chains every event of a later part to its head (each starts within an
// hour of the previous one's end), so the rule above leaves them all to the merge. But a chain spanning more than 6
// hours is pooled in 6-hour blocks of UTC, and a block after the head holds the part's events only: the part
// localizes those blocks while reading (and forgets their evidence). 13 hours from 12:00 UTC cut at about 13:11:
// the second part's chain passes 6 hours by 19:45, so its 18:00-24:00 block (12 events) is localized there once
// complete; those of the 12:00-18:00 block its head ends in stay for the merge. The outputs are one thread's.
TEST_F(MapParts, LaterPartLocalizesBlocksOfAJammerOnEveryHourAsOneThread) {
  const fs::path rec = simulate_ivangorod("recurring", "2026-05-20T12:00:00Z", "13h", 100, 30, every_hour(13, 10, 45));
  std::string options = " --start-time 2026-05-20T12:00:00Z";
  for (const auto& p : split_beast(rec, {0.085}, dir_ / "part")) options.append(" ").append(p.string());
  ::setenv("GNSSWATCH_TIMING", "1", 1);  // map then says how many events each part localized while reading
  expect_same_outputs(options, {2});
  ::unsetenv("GNSSWATCH_TIMING");
  const auto [located, final_events] = part1_localized_while_reading();
  EXPECT_GE(located, 4u) << last_err_;
  EXPECT_LT(located, final_events) << "the events near the head are left to the merge";
}

}  // namespace
