// The gnsswatch command as a user runs it: exit codes, messages naming the file, output records.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "cli_harness.hpp"

namespace {

using gw::test::CommandResult;
using gw::test::slurp;

namespace fs = std::filesystem;

class Cli : public gw::test::CliTest {
 protected:
  fs::path write_file(const std::string& name, const std::string& content) {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }
};

std::size_t count_lines(const std::string& s) {
  std::size_t n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

TEST_F(Cli, HelpListsCommandsAndExitsZero) {
  const CommandResult r = run("--help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("decode"), std::string::npos);
  EXPECT_NE(r.out.find("stats"), std::string::npos);
}

TEST_F(Cli, DecodeHelpExplainsTimesAndFormats) {
  const CommandResult r = run("decode --help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("--start-time"), std::string::npos);
  EXPECT_NE(r.out.find("counter"), std::string::npos);
  EXPECT_NE(r.out.find("aircraft-json"), std::string::npos);
}

TEST_F(Cli, NoCommandIsAUsageError) { EXPECT_EQ(run("").exit_code, 2); }

TEST_F(Cli, UnknownOptionIsAUsageError) { EXPECT_EQ(run("decode --bogus x").exit_code, 2); }

TEST_F(Cli, UnknownFormatNameIsAUsageError) {
  const CommandResult r = run("decode --format nonsense " + std::string(GNSSWATCH_SAMPLE));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("nonsense"), std::string::npos);
}

TEST_F(Cli, BadStartTimeIsAUsageError) {
  const CommandResult r = run("decode --start-time yesterday " + std::string(GNSSWATCH_SAMPLE));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("yesterday"), std::string::npos);
}

TEST_F(Cli, MissingFileExitsOneNamingTheFile) {
  const CommandResult r = run("decode " + (dir_ / "no_such_file.bin").string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no_such_file.bin"), std::string::npos);
}

TEST_F(Cli, ContentOfNoKnownFormatExitsOneNamingTheFile) {
  const auto p = write_file("mystery.dat", std::string("\x00\x01\x02 this is not ADS-B at all \xff\xfe", 31));
  const CommandResult r = run("decode " + p.string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("mystery.dat"), std::string::npos);
}

TEST_F(Cli, CorruptGzipExitsOneNamingTheFile) {
  // A gzip header followed by bytes that are not a deflate stream.
  const auto p = write_file("broken.bin.gz", std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xff\xff\xff\xff", 14));
  const CommandResult r = run("decode " + p.string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("broken.bin.gz"), std::string::npos);
}

TEST_F(Cli, GarbageInsideBeastIsSkippedAndCounted) {
  // Two valid long frames (The 1090 MHz Riddle examples) with garbage between them.
  std::string beast;
  auto frame = [&](const char* hex) {
    beast += "\x1a\x33";
    beast += std::string(6, '\0');
    beast += '\x40';
    for (int i = 0; i < 28; i += 2) beast += static_cast<char>(std::stoi(std::string(hex + i, 2), nullptr, 16));
  };
  frame("8D4840D6202CC371C32CE0576098");
  beast += "garbage bytes here";
  frame("8D40621D58C382D690C8AC2863A7");
  const auto p = write_file("damaged.bin", beast);
  const CommandResult r = run("decode --format beast " + p.string());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(count_lines(r.out), 2u) << r.out;
  EXPECT_NE(r.out.find("\"callsign\":\"KLM1023\""), std::string::npos) << r.out;
  const CommandResult s = run("stats --format beast " + p.string());
  EXPECT_EQ(s.exit_code, 0);
  EXPECT_NE(s.out.find("garbage"), std::string::npos) << s.out;
}

TEST_F(Cli, DecodesTheBuiltInSample) {
  const CommandResult r = run("decode " + std::string(GNSSWATCH_SAMPLE));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_GT(count_lines(r.out), 1000u);
  EXPECT_NE(r.out.find("\"lat\":"), std::string::npos);
  EXPECT_NE(r.out.find("\"nac_p\":"), std::string::npos);
  EXPECT_NE(r.out.find("\"callsign\":"), std::string::npos);
  // No --start-time: Beast records carry the counter, not a time.
  EXPECT_EQ(r.out.find("\"t\":"), std::string::npos);
  EXPECT_NE(r.out.find("\"counter_12mhz\":"), std::string::npos);
}

TEST_F(Cli, StartTimeAnchorsBeastCounter) {
  const CommandResult r = run("decode --start-time 2026-01-06T21:56:56Z " + std::string(GNSSWATCH_SAMPLE));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // 2026-01-06T21:56:56Z is unix 1767736616; the sample's counter starts near zero.
  EXPECT_NE(r.out.find("\"t\":17677366"), std::string::npos) << r.out.substr(0, 400);
}

TEST_F(Cli, CsvOutputHasHeaderAndOneRowPerRecord) {
  const CommandResult nd = run("decode " + std::string(GNSSWATCH_SAMPLE));
  const CommandResult csv = run("decode --output csv " + std::string(GNSSWATCH_SAMPLE));
  ASSERT_EQ(csv.exit_code, 0);
  EXPECT_EQ(csv.out.rfind("t,icao,df,tc,lat,lon,", 0), 0u) << csv.out.substr(0, 200);
  EXPECT_EQ(count_lines(csv.out), count_lines(nd.out) + 1);
}

TEST_F(Cli, StdinWorksLikeAFile) {
  const CommandResult file = run("decode " + std::string(GNSSWATCH_SAMPLE));
  const CommandResult pipe = run("decode - < " + std::string(GNSSWATCH_SAMPLE));
  ASSERT_EQ(pipe.exit_code, 0) << pipe.err;
  EXPECT_EQ(pipe.out, file.out);
}

TEST_F(Cli, HelsinkiStatsMatchIndependentCounts) {
  const fs::path dir = fs::path(GNSSWATCH_SHARED_DATA) / "adsb/helsinki-2026-01";
  if (!fs::is_directory(dir)) GTEST_SKIP() << "real data not found: " << dir;
  const CommandResult r = run("stats " + (dir / "raw_adsb_2026010*.bin").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Counts from ../shared/data/README.md (made there with an independent reader).
  EXPECT_NE(r.out.find("1905684"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1362467"), std::string::npos) << r.out;
}

}  // namespace
