// Tests of the OpenSky state-vector CSV reader. The shared data has no OpenSky export, so the fixtures are small
// hand-written CSVs in the column layout of the OpenSky historical database (state_vectors_data4).
#include "io/opensky.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "io/byte_source.hpp"
#include "io/input_error.hpp"
#include "io_test_util.hpp"

namespace gw::io {
namespace {

using modes::ModeSMessage;

constexpr std::string_view kHeader =
    "time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,"
    "lastposupdate,lastcontact\n";

struct ReadResult {
  std::vector<ModeSMessage> records;
  std::vector<std::size_t> batch_sizes;
  RecordReadStats stats;
};

ReadResult read_csv(std::string_view name, std::string_view text) {
  const test::TempFile file(name, text);
  ReadResult r;
  ByteSource src(file.path());
  read_opensky_csv(
      src,
      [&](std::span<const ModeSMessage> batch) {
        r.batch_sizes.push_back(batch.size());
        r.records.insert(r.records.end(), batch.begin(), batch.end());
      },
      r.stats);
  return r;
}

TEST(OpenSkyCsv, FullRowConvertsUnits) {
  const auto r = read_csv("full.csv", std::string(kHeader) +
                                          "1700000000,4ca7b4,53.35,-6.26,100,270.5,5.08,RYR12AB ,false,false,false,"
                                          "7700,3048,3100,1699999999.5,1700000000.2\n");
  ASSERT_EQ(r.records.size(), 1u);
  const ModeSMessage& m = r.records[0];
  EXPECT_EQ(m.address, 0x4CA7B4u);
  EXPECT_EQ(m.address_kind, modes::AddressKind::AdsbIcao);
  EXPECT_EQ(m.df, 0);
  EXPECT_DOUBLE_EQ(m.time_s, 1699999999.5);  // lastposupdate: the row has a position
  EXPECT_DOUBLE_EQ(m.derived.lat.value(), 53.35);
  EXPECT_DOUBLE_EQ(m.derived.lon.value(), -6.26);
  EXPECT_NEAR(m.gs_kt.value(), 194.384, 1e-3);          // 100 m/s
  EXPECT_FLOAT_EQ(m.track_deg.value(), 270.5f);
  EXPECT_EQ(m.baro_rate_fpm, 1000);                     // 5.08 m/s
  EXPECT_STREQ(m.callsign->data(), "RYR12AB");
  EXPECT_EQ(m.on_ground, false);
  EXPECT_EQ(m.squawk, 0x7700);
  EXPECT_EQ(m.alt_baro_ft, 10000);                      // 3048 m
  EXPECT_EQ(m.alt_geom_ft, 10171);                      // 3100 m = 10170.6 ft
  EXPECT_EQ(r.stats.records, 1u);
  EXPECT_EQ(r.stats.skipped, 0u);
  EXPECT_EQ(r.stats.bad_fields, 0u);
}

TEST(OpenSkyCsv, ColumnsFoundByNameInAnyOrderExtraColumnsIgnored) {
  const auto r = read_csv("order.csv",
                          "hour,serials,onground,icao24,baroaltitude,time,lon,lat,Callsign\r\n"
                          "1700000000,\"[1,2]\",1,3c6444,0,1700000001,8.5,50.03,DLH4AB\r\n");
  ASSERT_EQ(r.records.size(), 1u);
  const ModeSMessage& m = r.records[0];
  EXPECT_EQ(m.address, 0x3C6444u);
  EXPECT_DOUBLE_EQ(m.time_s, 1700000001.0);  // no lastposupdate column: time
  EXPECT_DOUBLE_EQ(m.derived.lat.value(), 50.03);
  EXPECT_DOUBLE_EQ(m.derived.lon.value(), 8.5);
  EXPECT_EQ(m.on_ground, true);
  EXPECT_EQ(m.alt_baro_ft, 0);
  EXPECT_STREQ(m.callsign->data(), "DLH4AB");
  EXPECT_FALSE(m.gs_kt.has_value());
}

TEST(OpenSkyCsv, EmptyFieldsAreAbsent) {
  const auto r = read_csv("empty.csv", std::string(kHeader) + "1700000000,abcdef,,,,,,,,,,,,,,\n" +
                                           "1700000005,abcdef,NULL,NULL,NaN,,,,true,,,,,,1700000004,\n");
  ASSERT_EQ(r.records.size(), 2u);
  const ModeSMessage& m = r.records[0];
  EXPECT_DOUBLE_EQ(m.time_s, 1700000000.0);
  EXPECT_FALSE(m.derived.lat.has_value());
  EXPECT_FALSE(m.gs_kt.has_value());
  EXPECT_FALSE(m.callsign.has_value());
  EXPECT_FALSE(m.on_ground.has_value());
  EXPECT_FALSE(m.squawk.has_value());
  EXPECT_FALSE(m.alt_baro_ft.has_value());
  EXPECT_DOUBLE_EQ(r.records[1].time_s, 1700000005.0);  // lastposupdate only used with a position
  EXPECT_EQ(r.records[1].on_ground, true);
  EXPECT_EQ(r.stats.bad_fields, 0u);
}

TEST(OpenSkyCsv, HeaderOnlyAndEmptyInputGiveNoRecords) {
  const auto h = read_csv("header.csv", kHeader);
  EXPECT_TRUE(h.records.empty());
  EXPECT_TRUE(h.batch_sizes.empty());
  EXPECT_EQ(h.stats.skipped, 0u);
  const auto e = read_csv("nothing.csv", "");
  EXPECT_TRUE(e.records.empty());
}

TEST(OpenSkyCsv, GarbageLinesAreCountedSkips) {
  const auto r = read_csv("garbage.csv", std::string(kHeader) +
                                             "this is not csv\n"
                                             "1700000000,zzzzzz,1,2,,,,,,,,,,,,\n"          // bad icao24
                                             "yesterday,abcdef,1,2,,,,,,,,,,,,\n"           // bad time
                                             ",abcdef,1,2,,,,,,,,,,,,\n"                    // no time
                                             "1700000000,abcdef,1,2,,,,,,,,,,,,,,\n"        // too many columns
                                             "\n"                                           // blank: not a row
                                             "1700000000,abcdef,north,2,fast,,,,maybe,,,7800,,,,\n"
                                             "1700000001,abcdef,1,2,,,,,,,,,,,,");          // no final newline
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.stats.bad_rows, 2u);
  EXPECT_EQ(r.stats.bad_address, 1u);
  EXPECT_EQ(r.stats.bad_time, 2u);
  EXPECT_EQ(r.stats.skipped, 5u);
  // "north", the lon left without a lat, "fast", "maybe", squawk 7800
  EXPECT_EQ(r.stats.bad_fields, 5u);
  EXPECT_FALSE(r.records[0].derived.lat.has_value());
  EXPECT_DOUBLE_EQ(r.records[1].derived.lat.value(), 1.0);
  EXPECT_DOUBLE_EQ(r.records[1].time_s, 1700000001.0);
}

TEST(OpenSkyCsv, OverlongLineIsSkippedAndReadingGoesOn) {
  std::string text(kHeader);
  text += "1700000000,abcdef" + std::string(kMaxOpenSkyLine + 10, ',') + "\n";
  text += "1700000001,abcdef,1,2,,,,,,,,,,,,\n";
  const auto r = read_csv("long.csv", text);
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.stats.bad_rows, 1u);
  EXPECT_DOUBLE_EQ(r.records[0].time_s, 1700000001.0);
}

TEST(OpenSkyCsv, ManyRowsArriveInBatchesInOrder) {
  std::string text(kHeader);
  constexpr int kRows = 2500;
  for (int i = 0; i < kRows; ++i)
    text += std::to_string(1700000000 + i) + ",abcdef,1,2,,,,,,,,,,,,\n";
  const auto r = read_csv("many.csv", text);
  ASSERT_EQ(r.records.size(), static_cast<std::size_t>(kRows));
  EXPECT_EQ(r.batch_sizes, (std::vector<std::size_t>{1024, 1024, 452}));
  for (int i = 0; i < kRows; ++i) ASSERT_DOUBLE_EQ(r.records[i].time_s, 1700000000.0 + i);
}

TEST(OpenSkyCsv, ByteOrderMarkAndQuotedHeader) {
  const auto r = read_csv("bom.csv", "\xEF\xBB\xBF\"time\",\"icao24\",\"callsign\"\n1700000000,\"abcdef\",\"AFR12  \"\n");
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_STREQ(r.records[0].callsign->data(), "AFR12");
}

TEST(OpenSkyCsvErrors, HeaderWithoutRequiredColumnsIsAnErrorAtLine1) {
  for (std::string_view text : {"lat,lon\n1,2\n", "time,lat\n1,2\n", "1700000000,abcdef,1,2\n"}) {
    const test::TempFile file("nohdr.csv", text);
    ByteSource src(file.path());
    RecordReadStats stats;
    try {
      read_opensky_csv(src, [](std::span<const ModeSMessage>) {}, stats);
      FAIL() << "no InputError for " << text;
    } catch (const InputError& e) {
      EXPECT_EQ(e.line(), 1u) << e.what();
      EXPECT_EQ(e.path(), file.path());
    }
  }
}

}  // namespace
}  // namespace gw::io
