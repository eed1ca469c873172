// `gnsswatch simulate` as a user runs it: a bundled scenario with --truth, then `map` on the recording with the
// printed --start-time finds the jamming event (and nothing in the quiet scenario); clear errors and exit codes.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <simdjson.h>

#include "cli_harness.hpp"

namespace {

using gw::test::CommandResult;
using gw::test::slurp;

namespace fs = std::filesystem;

class SimulateCli : public gw::test::CliTest {
 protected:
  // The --start-time that simulate tells the user to pass to map.
  static std::string start_time_from(const std::string& err) {
    const std::string marker = "gnsswatch map --start-time ";
    const std::size_t at = err.find(marker);
    if (at == std::string::npos) return "";
    const std::size_t from = at + marker.size();
    return err.substr(from, err.find(' ', from) - from);
  }

  std::size_t events_in(const fs::path& map_dir) {
    simdjson::dom::parser parser;
    simdjson::dom::element doc = parser.load((map_dir / "events.json").string());
    return simdjson::dom::array(doc["events"]).size();
  }

};

TEST_F(SimulateCli, KoreaDmzRecordingMapsToAJammingEvent) {
  const fs::path rec = dir_ / "korea.beast", truth = dir_ / "truth.json", map = dir_ / "map";
  // The first jammer is on from minute 20: 45 minutes include 25 minutes of jamming.
  const auto sim = run("simulate --scenario korea-dmz --duration 45m --out " + rec.string() + " --truth " +
                       truth.string());
  ASSERT_EQ(sim.exit_code, 0) << sim.err;
  EXPECT_NE(sim.err.find("frames written"), std::string::npos) << sim.err;
  const std::string start = start_time_from(sim.err);
  ASSERT_EQ(start, "2026-01-07T03:00:00Z") << sim.err;
  ASSERT_TRUE(fs::exists(truth));

  simdjson::dom::parser parser;
  simdjson::dom::element t = parser.load(truth.string());
  EXPECT_EQ(std::string_view(t["format"]), "gnsswatch-truth/1");
  EXPECT_EQ(std::string_view(t["scenario"]), "korea-dmz");
  std::size_t affected_heard = 0;
  for (simdjson::dom::element a : simdjson::dom::array(t["aircraft"])) {
    for (simdjson::dom::element i : simdjson::dom::array(a["affected"])) affected_heard += bool(i["heard"]) ? 1 : 0;
  }
  EXPECT_GE(affected_heard, 5u);

  const auto m = run("map --threads 1 --start-time " + start + " --out " + map.string() + " " + rec.string());
  ASSERT_EQ(m.exit_code, 0) << m.err;
  EXPECT_TRUE(fs::exists(map / "cells.csv"));
  EXPECT_GE(events_in(map), 1u);
}

TEST_F(SimulateCli, QuietRecordingMapsToNoEvent) {
  const fs::path rec = dir_ / "quiet.avr", map = dir_ / "map";
  const auto sim = run("simulate --scenario quiet --duration 20m --format avr --out " + rec.string());
  ASSERT_EQ(sim.exit_code, 0) << sim.err;
  const auto m = run("map --threads 1 --start-time " + start_time_from(sim.err) + " --out " + map.string() + " " +
                     rec.string());
  ASSERT_EQ(m.exit_code, 0) << m.err;
  EXPECT_TRUE(fs::exists(map / "cells.csv"));
  EXPECT_EQ(events_in(map), 0u);
}

TEST_F(SimulateCli, SameSeedSameFileOtherSeedOtherFile) {
  const fs::path a = dir_ / "a.beast", b = dir_ / "b.beast", c = dir_ / "c.beast";
  ASSERT_EQ(run("simulate --scenario random --seed 42 --duration 60 --out " + a.string()).exit_code, 0);
  ASSERT_EQ(run("simulate --scenario random --seed 42 --duration 60 --out " + b.string()).exit_code, 0);
  ASSERT_EQ(run("simulate --scenario random --seed 43 --duration 60 --out " + c.string()).exit_code, 0);
  const std::string sa = slurp(a);
  EXPECT_GT(sa.size(), 10000u);
  EXPECT_EQ(sa, slurp(b));
  EXPECT_NE(sa, slurp(c));
}

TEST_F(SimulateCli, StdoutAndDevNullWork) {
  const auto out = run("simulate --scenario quiet --duration 10 --format avr --out -");
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ(out.out.rfind("@", 0), 0u);  // AVR lines with the 12 MHz counter
  EXPECT_NE(out.out.find(";\n"), std::string::npos);
  EXPECT_EQ(run("simulate --scenario quiet --duration 10 --out /dev/null").exit_code, 0);
}

TEST_F(SimulateCli, PrintedScenarioLoadsFromAFile) {
  const auto printed = run("simulate --scenario intermittent --print-scenario");
  ASSERT_EQ(printed.exit_code, 0) << printed.err;
  const fs::path file = dir_ / "mine.json";
  std::ofstream(file) << printed.out;
  const fs::path a = dir_ / "a.beast", b = dir_ / "b.beast";
  ASSERT_EQ(run("simulate --scenario " + file.string() + " --duration 60 --out " + a.string()).exit_code, 0);
  ASSERT_EQ(run("simulate --scenario intermittent --duration 60 --out " + b.string()).exit_code, 0);
  EXPECT_GT(fs::file_size(a), 10000u);
  EXPECT_EQ(slurp(a), slurp(b));  // the file is the bundled scenario: same recording
}

TEST_F(SimulateCli, UnknownScenarioListsTheBundledOnes) {
  const auto r = run("simulate --scenario korea --out " + (dir_ / "x").string());
  EXPECT_EQ(r.exit_code, 2);
  for (const char* name : {"korea-dmz", "baltic-kaliningrad", "east-med", "spoofing", "intermittent", "quiet"}) {
    EXPECT_NE(r.err.find(name), std::string::npos) << name << " not listed in: " << r.err;
  }
}

TEST_F(SimulateCli, BadScenarioFileNamesFileAndOffset) {
  const fs::path bad = dir_ / "bad.json";
  const std::string text = "{\"name\": \"x\",\n \"start\": \"2026-01-01T00:00:00Z\" \"region\": \"korea\"}";
  std::ofstream(bad) << text;  // a comma missing before "region"
  const std::string offset = "byte " + std::to_string(text.find("\"region\""));
  const auto r = run("simulate --scenario " + bad.string() + " --out " + (dir_ / "x").string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(bad.string()), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(offset), std::string::npos) << r.err;

  const fs::path typo = dir_ / "typo.json";
  std::ofstream(typo) << R"({"name": "x", "start": "2026-01-01T00:00:00Z", "region": "korea",
    "receivers": [{"lat": 37.5, "lon": 126.9, "hieght_m": 30}]})";
  const auto r2 = run("simulate --scenario " + typo.string() + " --out " + (dir_ / "x").string());
  EXPECT_EQ(r2.exit_code, 1);
  EXPECT_NE(r2.err.find("receivers[0]: unknown field \"hieght_m\""), std::string::npos) << r2.err;
}

TEST_F(SimulateCli, UsageErrors) {
  EXPECT_EQ(run("simulate --scenario quiet").exit_code, 2);  // no --out
  EXPECT_EQ(run("simulate --scenario quiet --out /dev/null --format csv").exit_code, 2);
  EXPECT_EQ(run("simulate --scenario quiet --out /dev/null --duration soon").exit_code, 2);
  EXPECT_EQ(run("simulate --scenario quiet --out /dev/null --aircraft 0").exit_code, 2);
  // The output cannot be written: an error naming the path, status 1.
  const auto unwritable = run("simulate --scenario quiet --duration 10 --out " + (dir_ / "no" / "such" / "x").string());
  EXPECT_EQ(unwritable.exit_code, 1);
  EXPECT_NE(unwritable.err.find("cannot open for writing"), std::string::npos) << unwritable.err;
  const auto help = run("simulate --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--scenario"), std::string::npos);
  const auto list = run("simulate --list");
  EXPECT_EQ(list.exit_code, 0);
  EXPECT_NE(list.out.find("korea-dmz"), std::string::npos);
}

}  // namespace
