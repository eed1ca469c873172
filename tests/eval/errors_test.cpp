// Missing and ill-formed inputs: every error names the file, and the field or line.
#include <gtest/gtest.h>

#include <unistd.h>

#include "eval/map_output.hpp"
#include "eval/truth.hpp"
#include "eval_fixture.hpp"

namespace gw::eval {
namespace {

using namespace gw::eval::test;
namespace fs = std::filesystem;

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const EvalError& e) {
    return e.what();
  }
  return "(no error)";
}

const std::vector<FxInterferer> kInterferers = {{1, "jammer", "j", 60, 25, {{kT0, kT0 + 3600}}, {}}};
const std::vector<FxAircraft> kAircraft = {{"4ca001", {{1, "jammed", kT0 + 10, kT0 + 100}}}};

std::string replace(std::string s, std::string_view from, std::string_view to) {
  const auto pos = s.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) s.replace(pos, from.size(), to);
  return s;
}

TEST(EvalErrors, TruthFileProblemsNameTheFileAndField) {
  const std::string good = truth_json(kInterferers, kAircraft);
  EXPECT_NO_THROW(parse_truth(good, "t.json"));
  EXPECT_NE(error_of([] { load_truth("/nonexistent/dir/truth.json"); }).find("/nonexistent/dir/truth.json: no such file"),
            std::string::npos);
  std::string e = error_of([&] { parse_truth(good.substr(0, good.size() / 2), "run7/truth.json"); });
  EXPECT_NE(e.find("run7/truth.json: not valid JSON"), std::string::npos) << e;
  e = error_of([&] { parse_truth(replace(good, "gnsswatch-truth/1", "gnsswatch-truth/9"), "t.json"); });
  EXPECT_NE(e.find("t.json: format"), std::string::npos) << e;
  e = error_of([&] { parse_truth(replace(good, ",\"heard\":true", ""), "t.json"); });
  EXPECT_NE(e.find("t.json: aircraft[0].affected[0].heard: missing"), std::string::npos) << e;
  e = error_of([&] { parse_truth(replace(good, "\"icao\":\"4ca001\"", "\"icao\":\"4ca0zz\""), "t.json"); });
  EXPECT_NE(e.find("aircraft[0].icao"), std::string::npos) << e;
  e = error_of([&] { parse_truth(replace(good, "\"interferer\":1", "\"interferer\":5"), "t.json"); });
  EXPECT_NE(e.find("no interferer with id 5"), std::string::npos) << e;
  e = error_of([&] { parse_truth(replace(good, "\"start_s\":1767754800.0,\"end\":\"x\",\"end_s\":1767758400.0", "\"start_s\":\"soon\""), "t.json"); });
  EXPECT_NE(e.find("interferers[0].active[0].start_s: not a number"), std::string::npos) << e;
}

TEST(EvalErrors, MapOutputProblemsNameTheFile) {
  const fs::path dir = fs::temp_directory_path() / ("gnsswatch_eval_errors_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  EXPECT_NE(error_of([&] { load_map_output(dir.string()); }).find("not a directory"), std::string::npos);
  fs::create_directories(dir);
  std::string e = error_of([&] { load_map_output(dir.string()); });
  EXPECT_NE(e.find((dir / "events.json").string() + ": no such file"), std::string::npos) << e;

  write_text(dir / "events.json", events_json({{1, kT0, kT0 + 60, kT0, {{"4ca001", kT0, kT0 + 60}}}}));
  e = error_of([&] { load_map_output(dir.string()); });
  EXPECT_NE(e.find((dir / "spoofing.json").string()), std::string::npos) << e;
  write_text(dir / "spoofing.json", spoofing_json({}));
  e = error_of([&] { load_map_output(dir.string()); });
  EXPECT_NE(e.find((dir / "cells.csv").string() + ": no such file"), std::string::npos) << e;
  write_text(dir / "cells.csv", cells_csv(2, 1));
  EXPECT_NO_THROW(load_map_output(dir.string()));

  // Ill-formed content.
  write_text(dir / "cells.csv", cells_csv(2, 1) + "8408983ffffffff,1,0,yesterday,today,all\n");
  e = error_of([&] { load_map_output(dir.string()); });
  EXPECT_NE(e.find((dir / "cells.csv").string() + ": line 6"), std::string::npos) << e;
  write_text(dir / "cells.csv", "hex,good,bad\n");
  e = error_of([&] { load_map_output(dir.string()); });
  EXPECT_NE(e.find("line 1: header"), std::string::npos) << e;
  write_text(dir / "cells.csv", cells_csv(2, 1));
  write_text(dir / "events.json", "{\"events\":[{\"id\":1,\"start\":\"2026-01-07 03:00\",\"end\":\"x\"}]}");
  e = error_of([&] { load_map_output(dir.string()); });
  EXPECT_NE(e.find((dir / "events.json").string() + ": events[0].start"), std::string::npos) << e;
  write_text(dir / "events.json", "{\"events\":[");
  e = error_of([&] { load_map_output(dir.string()); });
  EXPECT_NE(e.find((dir / "events.json").string() + ": not valid JSON"), std::string::npos) << e;
  fs::remove_all(dir);
}

TEST(EvalErrors, SourceWithoutCoordinatesIsAnError) {
  FxEvent ev{1, kT0, kT0 + 60, kT0, {{"4ca001", kT0, kT0 + 60}}, "{\"status\":\"located\",\"radius_km\":3}"};
  const std::string e = error_of([&] { parse_events_json(events_json({ev}), "events.json"); });
  EXPECT_NE(e.find("events.json: events[0].source.lat: missing"), std::string::npos) << e;
}

}  // namespace
}  // namespace gw::eval
