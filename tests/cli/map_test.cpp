// gnsswatch map as a user runs it: the output directory, the files' schemas, exit codes.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <simdjson.h>

namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class MapCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("gnsswatch_map_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  int run(const std::string& args) {
    const std::string cmd = std::string(GNSSWATCH_BINARY) + " " + args + " >" + (dir_ / "stdout").string() +
                            " 2>" + (dir_ / "stderr").string();
    const int status = std::system(cmd.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::string err() const { return slurp(dir_ / "stderr"); }

  fs::path dir_;
};

TEST_F(MapCommand, WritesEveryOutputForTheSample) {
  const fs::path out = dir_ / "out";
  ASSERT_EQ(run("map --start-time 2026-01-07T03:00:00Z --out " + out.string() + " " + GNSSWATCH_SAMPLE), 0) << err();
  for (const char* name : {"cells.csv", "cells.geojson", "events.json", "events.geojson", "spoofing.json", "report.html"})
    EXPECT_TRUE(fs::is_regular_file(out / name)) << name;
  // No temporary files left behind.
  for (const auto& e : fs::directory_iterator(out)) EXPECT_EQ(e.path().string().find(".tmp."), std::string::npos);

  const std::string csv = slurp(out / "cells.csv");
  EXPECT_EQ(csv.rfind("hex,count_good_aircraft,count_bad_aircraft,window_start,window_end,band,bad_frac,ci_low,"
                      "ci_high,level\n", 0),
            0u);
  EXPECT_NE(csv.find(",2026-01-07T03:00:00Z,2026-01-07T04:00:00Z,all,"), std::string::npos);
  EXPECT_NE(csv.find(",red\n"), std::string::npos) << "the sample's jammer makes red cells";

  // The sample's jammer affects most aircraft passing near it: one event, several aircraft.
  simdjson::dom::parser parser;
  simdjson::dom::element events = parser.load((out / "events.json").string());
  simdjson::dom::array list = events["events"].get_array();
  ASSERT_EQ(list.size(), 1u);
  simdjson::dom::element e = list.at(0);
  EXPECT_GE(int64_t(e["affected_aircraft"]), 3);
  EXPECT_EQ(std::string_view(e["start"]).substr(0, 13), "2026-01-07T03");
  EXPECT_EQ(std::string_view(e["region"]["type"]), "Polygon");

  simdjson::dom::parser p2;
  simdjson::dom::element cells = p2.load((out / "cells.geojson").string());
  EXPECT_EQ(std::string_view(cells["type"]), "FeatureCollection");
  EXPECT_GT(cells["features"].get_array().size(), 10u);

  const std::string html = slurp(out / "report.html");
  EXPECT_EQ(html.find("src=\"http"), std::string::npos);
  EXPECT_EQ(html.find("href=\"http"), std::string::npos);
}

TEST_F(MapCommand, SingleAndTwoThreadsGiveTheSameCells) {
  // Two inputs (the sample twice, the second read as a later part) split across threads must merge to the
  // same result as one thread reading both.
  const fs::path one = dir_ / "one", two = dir_ / "two";
  const std::string inputs = std::string(GNSSWATCH_SAMPLE) + " " + GNSSWATCH_SAMPLE;
  ASSERT_EQ(run("map --threads 1 --start-time 2026-01-07T03:00:00Z --out " + one.string() + " " + inputs), 0) << err();
  ASSERT_EQ(run("map --threads 2 --start-time 2026-01-07T03:00:00Z --out " + two.string() + " " + inputs), 0) << err();
  EXPECT_EQ(slurp(one / "cells.csv"), slurp(two / "cells.csv"));
}

TEST_F(MapCommand, UsageErrorsExitTwo) {
  const std::string out = " --out " + (dir_ / "o").string() + " " + GNSSWATCH_SAMPLE;
  EXPECT_EQ(run("map --classifier magic" + out), 2);
  EXPECT_NE(err().find("magic"), std::string::npos);
  EXPECT_EQ(run("map --window 0h" + out), 2);
  EXPECT_EQ(run("map --bands 30000-10000" + out), 2);
  EXPECT_EQ(run("map --res 16" + out), 2);
  EXPECT_EQ(run("map --area 61,20,59,30" + out), 2);
  EXPECT_EQ(run("map " + std::string(GNSSWATCH_SAMPLE)), 2) << "--out is required";
}

TEST_F(MapCommand, MissingInputExitsOneAndWritesNothing) {
  const fs::path out = dir_ / "out";
  EXPECT_EQ(run("map --out " + out.string() + " " + (dir_ / "nope.bin").string()), 1);
  EXPECT_NE(err().find("nope.bin"), std::string::npos);
  EXPECT_FALSE(fs::exists(out / "cells.csv"));
}

TEST_F(MapCommand, AreaFilterKeepsOnlyCellsInside) {
  const fs::path out = dir_ / "out";
  // A box south-west of the sample's jammer: no jammed aircraft placed there.
  ASSERT_EQ(run("map --area 59.5,23.5,60.2,24.6 --start-time 2026-01-07T03:00:00Z --out " + out.string() + " " +
                GNSSWATCH_SAMPLE),
            0)
      << err();
  simdjson::dom::parser parser;
  simdjson::dom::element cells = parser.load((out / "cells.geojson").string());
  for (simdjson::dom::element f : cells["features"].get_array()) {
    EXPECT_EQ(int64_t(f["properties"]["count_bad_aircraft"]), 0);
  }
}

}  // namespace
