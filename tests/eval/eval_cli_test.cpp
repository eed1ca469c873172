// gnsswatch eval as a user runs it (the real binary): tables, eval.json, pooling, exit codes.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <simdjson.h>

#include "cli_harness.hpp"
#include "eval_fixture.hpp"

namespace gw::eval {
namespace {

using namespace gw::eval::test;
using gw::test::slurp;
namespace fs = std::filesystem;


class EvalCommand : public gw::test::CliTest {
 protected:
  // The exit status of `gnsswatch eval ARGS`; out() and err() are what it wrote.
  int run(const std::string& args) {
    last_ = CliTest::run("eval " + args);
    return last_.exit_code;
  }
  const std::string& out() const { return last_.out; }
  const std::string& err() const { return last_.err; }

  gw::test::CommandResult last_;

  // A run: jammer "alpha" with `affected` heard aircraft, one detected event with `detected` of them, located
  // `error_deg` north of the jammer; one false event; `cells` cell-hours.
  std::pair<std::string, std::string> make_run(const std::string& name, int affected, int detected, double error_deg, int cells) {
    std::vector<FxAircraft> ac;
    std::vector<FxEpisode> eps;
    for (int k = 0; k < affected; ++k) {
      const std::string icao = fmt::format("4ca{:03}", k);
      ac.push_back({icao, {{1, "jammed", kT0 + 600 + k, kT0 + 1800}}});
      if (k < detected) eps.push_back({icao, kT0 + 660 + k, kT0 + 1810});
    }
    const std::vector<FxInterferer> in = {{1, "jammer", "alpha", 60.0, 25.0, {{kT0 + 500, kT0 + 2000}}, {}}};
    const fs::path run_dir = dir_ / name;
    write_text(run_dir / "truth.json", truth_json(in, ac, "scn-" + name, 3));
    write_text(run_dir / "map" / "events.json",
               events_json({{1, kT0 + 660, kT0 + 1810, kT0 + 900, eps,
                             fmt::format("{{\"status\":\"located\",\"lat\":{},\"lon\":25.0}}", 60.0 + error_deg)},
                            {2, kT0 + 5000, kT0 + 5100, kT0 + 5050, {{"4cf001", kT0 + 5000, kT0 + 5100}, {"4cf002", kT0 + 5000, kT0 + 5100}}}}));
    write_text(run_dir / "map" / "spoofing.json", spoofing_json({}));
    write_text(run_dir / "map" / "cells.csv", cells_csv(cells, 1));
    return {(run_dir / "truth.json").string(), (run_dir / "map").string()};
  }
};

TEST_F(EvalCommand, SingleRunPrintsTheTableAndWritesEvalJson) {
  const auto [truth, map] = make_run("a", 6, 6, 0.01, 4);
  ASSERT_EQ(run("--truth " + truth + " " + map), 0) << err();
  const std::string text = out();
  EXPECT_NE(text.find("alpha"), std::string::npos) << text;
  EXPECT_NE(text.find("unmatched (false)"), std::string::npos) << text;
  EXPECT_NE(text.find("60.0100,25.0000"), std::string::npos) << text;  // located vs true source
  EXPECT_NE(text.find("60.0000,25.0000"), std::string::npos) << text;
  EXPECT_NE(text.find("MISSED by"), std::string::npos) << text;  // 1 false event in 4 cell-hours
  ASSERT_TRUE(fs::is_regular_file(fs::path(map) / "eval.json"));

  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.load((fs::path(map) / "eval.json").string());
  EXPECT_EQ(std::string_view(doc["format"]), "gnsswatch-eval/1");
  simdjson::dom::element m = doc["pooled"]["metrics"];
  EXPECT_DOUBLE_EQ(double(m["event_recall"]["value"]), 1.0);
  EXPECT_EQ(std::string_view(m["event_recall"]["status"]), "met");
  EXPECT_NEAR(double(m["false_events_per_1000_cell_hours"]["value"]), 1000.0 / 4, 1e-3);
  EXPECT_EQ(std::string_view(m["false_events_per_1000_cell_hours"]["status"]), "missed");
  EXPECT_NEAR(double(m["localization_median_km"]["value"]), 6371.0088 * 0.01 * M_PI / 180, 1e-3);
  EXPECT_EQ(int64_t(m["localization_median_km"]["n"]), 1);
  EXPECT_TRUE(m["spoofing_recall"]["value"].is_null());  // no spoofed aircraft: no data
  EXPECT_NEAR(double(doc["runs"].at(0)["truth_events"].at(0)["onset_latency_s"]), 60.0, 1e-9);
}

TEST_F(EvalCommand, SeveralRunsArePooled) {
  const auto [t1, m1] = make_run("a", 6, 6, 0.01, 4);
  const auto [t2, m2] = make_run("b", 8, 7, 0.03, 6);
  const std::string json = (dir_ / "pooled.json").string();
  ASSERT_EQ(run("--truth " + t1 + " " + m1 + " --truth " + t2 + " " + m2 + " --json " + json), 0) << err();
  EXPECT_NE(out().find("pooled over 2 runs"), std::string::npos) << out();
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.load(json);
  EXPECT_EQ(std::string_view(doc["runs"].at(1)["dir"]), m2);
  EXPECT_EQ(std::string_view(doc["runs"].at(1)["truth"]), t2);
  simdjson::dom::element m = doc["pooled"]["metrics"];
  EXPECT_EQ(int64_t(m["localization_median_km"]["n"]), 2);
  EXPECT_NEAR(double(m["localization_median_km"]["value"]), 6371.0088 * 0.02 * M_PI / 180, 1e-3);
  EXPECT_NEAR(double(m["false_events_per_1000_cell_hours"]["value"]), 2 * 1000.0 / 10, 1e-3);
  EXPECT_EQ(int64_t(m["false_events_per_1000_cell_hours"]["n"]), 10);

  // The same through a runs file.
  write_text(dir_ / "runs.txt", "# truth dir\n" + t1 + " " + m1 + "\n\n" + t2 + "\t" + m2 + "\n");
  const std::string json2 = (dir_ / "pooled2.json").string();
  ASSERT_EQ(run("--runs " + (dir_ / "runs.txt").string() + " --json " + json2), 0) << err();
  simdjson::dom::parser p2;
  EXPECT_EQ(int64_t(p2.load(json2)["pooled"]["runs"]), 2);
}

TEST_F(EvalCommand, MissingOrBrokenFilesExitOneNamingTheFile) {
  const auto [truth, map] = make_run("a", 3, 3, 0.0, 1);
  fs::remove(fs::path(map) / "spoofing.json");
  EXPECT_EQ(run("--truth " + truth + " " + map), 1);
  EXPECT_NE(err().find((fs::path(map) / "spoofing.json").string()), std::string::npos) << err();
  write_text(fs::path(map) / "spoofing.json", spoofing_json({}));
  write_text(truth, "{\"format\":\"gnsswatch-truth/1\"");
  EXPECT_EQ(run("--truth " + truth + " " + map), 1);
  EXPECT_NE(err().find(truth + ": not valid JSON"), std::string::npos) << err();
  EXPECT_FALSE(fs::exists(fs::path(map) / "eval.json"));
}

TEST_F(EvalCommand, UnpairedArgumentsAreAUsageError) {
  const auto [truth, map] = make_run("a", 3, 3, 0.0, 1);
  EXPECT_EQ(run("--truth " + truth + " " + map + " " + map), 2);
  EXPECT_NE(err().find("--truth"), std::string::npos) << err();
  EXPECT_EQ(run(""), 2);
}

}  // namespace
}  // namespace gw::eval
