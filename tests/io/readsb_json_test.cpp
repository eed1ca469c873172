// Tests of the readsb aircraft.json and globe_history trace readers. Real documents come from the shared data
// (adsb/readsb-json, see ../shared/data/README.md); the expected values below were read off those files by hand.
// Small hand-written documents test what the real ones do not contain (flags 4/8, errors).
#include "io/readsb_json.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "io/byte_source.hpp"
#include "io/input_error.hpp"
#include "io_test_util.hpp"

namespace gw::io {
namespace {

using modes::AddressKind;
using modes::ModeSMessage;

struct ReadResult {
  std::vector<ModeSMessage> records;
  std::vector<std::size_t> batch_sizes;
  RecordReadStats stats;
};

using Reader = void (*)(ByteSource&, const RecordBatchFn&, RecordReadStats&);

ReadResult read_path(Reader reader, const std::string& path) {
  ReadResult r;
  ByteSource src(path);
  reader(
      src,
      [&](std::span<const ModeSMessage> batch) {
        r.batch_sizes.push_back(batch.size());
        r.records.insert(r.records.end(), batch.begin(), batch.end());
      },
      r.stats);
  return r;
}

ReadResult read_text(Reader reader, std::string_view name, std::string_view text) {
  const test::TempFile file(name, text);
  return read_path(reader, file.path());
}

std::string slurp_text(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

std::size_t count_substr(const std::string& text, std::string_view what) {
  std::size_t n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + what.size())) ++n;
  return n;
}

#define REQUIRE_SHARED(path)                                                     \
  do {                                                                           \
    if (!std::filesystem::exists(path)) GTEST_SKIP() << "missing shared data: " << (path); \
  } while (0)

std::string callsign_of(const ModeSMessage& m) { return m.callsign ? std::string(m.callsign->data()) : ""; }

const ModeSMessage* find_address(const std::vector<ModeSMessage>& records, std::uint32_t address) {
  for (const auto& m : records)
    if (m.address == address) return &m;
  return nullptr;
}

// --- aircraft.json, real snapshots -------------------------------------------------------------------------------

TEST(ReadsbAircraftJson, OneRecordPerAircraftEntryInAllFiveSnapshots) {
  for (int i = 1; i <= 5; ++i) {
    const std::string path = test::shared_data("adsb/readsb-json/aircraft_" + std::to_string(i) + ".json");
    REQUIRE_SHARED(path);
    const auto r = read_path(read_readsb_aircraft_json, path);
    // Each aircraft object has exactly one "hex" key; the file has no other.
    EXPECT_EQ(r.records.size(), count_substr(slurp_text(path), "\"hex\"")) << path;
    EXPECT_EQ(r.stats.records, r.records.size()) << path;
    EXPECT_EQ(r.stats.skipped, 0u) << path;
    EXPECT_EQ(r.stats.bad_fields, 0u) << path;
  }
}

TEST(ReadsbAircraftJson, FirstAircraftOfSnapshot1HasEveryField) {
  const std::string path = test::shared_data("adsb/readsb-json/aircraft_1.json");
  REQUIRE_SHARED(path);
  const auto r = read_path(read_readsb_aircraft_json, path);
  ASSERT_EQ(r.records.size(), 64u);
  const ModeSMessage& m = r.records.front();
  EXPECT_EQ(m.address, 0xA3E31Au);
  EXPECT_EQ(m.address_kind, AddressKind::AdsbIcao);
  EXPECT_EQ(m.df, 0);
  EXPECT_FALSE(m.type_code.has_value());
  EXPECT_DOUBLE_EQ(m.time_s, 1700513836.875 - 1.939);  // now - seen_pos
  EXPECT_EQ(callsign_of(m), "N35GR");
  EXPECT_EQ(m.alt_baro_ft, 45000);
  EXPECT_EQ(m.on_ground, false);
  EXPECT_EQ(m.alt_geom_ft, 45700);
  EXPECT_FLOAT_EQ(m.gs_kt.value(), 489.0f);
  EXPECT_FLOAT_EQ(m.track_deg.value(), 67.26f);
  EXPECT_EQ(m.baro_rate_fpm, -64);
  EXPECT_EQ(m.squawk, 0x3471);
  EXPECT_EQ(m.emergency, 0);
  EXPECT_EQ(m.category, 0xA3);
  EXPECT_FLOAT_EQ(m.nav_qnh_hpa.value(), 1013.6f);
  EXPECT_EQ(m.nav_altitude_ft, 45024);
  EXPECT_DOUBLE_EQ(m.derived.lat.value(), 35.208109);
  EXPECT_DOUBLE_EQ(m.derived.lon.value(), -110.373001);
  EXPECT_EQ(m.derived.nic, 8);
  EXPECT_FLOAT_EQ(m.derived.rc_m.value(), 186.0f);
  EXPECT_EQ(m.derived.version, 2);
  EXPECT_FALSE(m.version.has_value());  // readsb's version is the tracker's, not from a frame
  EXPECT_EQ(m.nic_baro, 1);
  EXPECT_EQ(m.nac_p, 10);
  EXPECT_EQ(m.nac_v, 2);
  EXPECT_EQ(m.sil, 3);
  EXPECT_EQ(m.sil_type, modes::SilType::PerHour);
  EXPECT_EQ(m.gva, 2);
  EXPECT_EQ(m.sda, 2);
  EXPECT_FLOAT_EQ(m.rssi_dbfs.value(), -22.3f);
}

TEST(ReadsbAircraftJson, GroundAltitudeSetsOnGroundAndTrueHeading) {
  const std::string path = test::shared_data("adsb/readsb-json/aircraft_1.json");
  REQUIRE_SHARED(path);
  const auto r = read_path(read_readsb_aircraft_json, path);
  const ModeSMessage* m = find_address(r.records, 0xADDF01);  // AAL1219 taxiing, "alt_baro": "ground"
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->on_ground, true);
  EXPECT_FALSE(m->alt_baro_ft.has_value());
  EXPECT_FLOAT_EQ(m->heading_deg.value(), 92.81f);
  EXPECT_EQ(m->heading_is_true, true);
  EXPECT_EQ(m->nac_p, 9);
}

TEST(ReadsbAircraftJson, AircraftWithoutPositionIsTimedBySeen) {
  const std::string path = test::shared_data("adsb/readsb-json/aircraft_1.json");
  REQUIRE_SHARED(path);
  const auto r = read_path(read_readsb_aircraft_json, path);
  const ModeSMessage* m = find_address(r.records, 0xA143E9);  // Mode S only, seen 37.4 s ago
  ASSERT_NE(m, nullptr);
  EXPECT_DOUBLE_EQ(m->time_s, 1700513836.875 - 37.4);
  EXPECT_FALSE(m->derived.lat.has_value());
  EXPECT_EQ(m->address_kind, AddressKind::ModeS);
  EXPECT_FALSE(m->sil_type.has_value());  // "unknown"
}

TEST(ReadsbAircraftJson, TildeHexIsNonIcaoAddress) {
  const std::string path = test::shared_data("adsb/readsb-json/aircraft_5.json");
  REQUIRE_SHARED(path);
  const auto r = read_path(read_readsb_aircraft_json, path);
  const ModeSMessage* m = find_address(r.records, 0x2688A2);  // "~2688a2", tisb_trackfile
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->address_kind, AddressKind::TisbOther);
  EXPECT_EQ(m->alt_baro_ft, 7500);
}

TEST(ReadsbAircraftJson, TildeHexWithoutTypeIsAdsbOther) {
  const auto r = read_text(read_readsb_aircraft_json, "tilde.json",
                           R"({"now": 100, "aircraft": [{"hex": "~abc123", "seen": 1}, {"hex": "abc124"}]})");
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0].address, 0xABC123u);
  EXPECT_EQ(r.records[0].address_kind, AddressKind::AdsbOther);
  EXPECT_DOUBLE_EQ(r.records[0].time_s, 99.0);
  EXPECT_EQ(r.records[1].address_kind, AddressKind::AdsbIcao);
  EXPECT_DOUBLE_EQ(r.records[1].time_s, 100.0);  // no seen: now
}

TEST(ReadsbAircraftJson, NowAfterAircraftArrayStillTimesRecords) {
  const auto r = read_text(read_readsb_aircraft_json, "now_last.json",
                           R"({"aircraft": [{"hex": "abc123", "lat": 1, "lon": 2, "seen_pos": 3, "seen": 0.5}],
                               "now": 1000})");
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_DOUBLE_EQ(r.records[0].time_s, 997.0);
}

TEST(ReadsbAircraftJson, EntriesWithoutValidHexAreCountedSkips) {
  const auto r = read_text(read_readsb_aircraft_json, "nohex.json",
                           R"({"now": 1, "aircraft": [{"seen": 1}, {"hex": "xyz"}, {"hex": 5}, 7, {"hex": "abcdef"}]})");
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.stats.bad_address, 3u);
  EXPECT_EQ(r.stats.bad_rows, 1u);
  EXPECT_EQ(r.stats.skipped, 4u);
}

TEST(ReadsbAircraftJson, BadFieldIsDroppedAndCountedRecordKept) {
  const auto r = read_text(read_readsb_aircraft_json, "badfield.json",
                           R"({"now": 1, "aircraft": [{"hex": "abcdef", "nic": "eight", "nac_p": 40, "lat": 95,
                               "lon": 10, "alt_baro": 1000, "squawk": "7800", "category": "E1", "gs": null}]})");
  ASSERT_EQ(r.records.size(), 1u);
  const auto& m = r.records[0];
  EXPECT_FALSE(m.derived.nic.has_value());
  EXPECT_FALSE(m.nac_p.has_value());
  EXPECT_FALSE(m.derived.lat.has_value());
  EXPECT_FALSE(m.derived.lon.has_value());  // half a position is dropped too
  EXPECT_FALSE(m.squawk.has_value());
  EXPECT_FALSE(m.category.has_value());
  EXPECT_FALSE(m.gs_kt.has_value());  // null is absent, not bad
  EXPECT_EQ(m.alt_baro_ft, 1000);
  EXPECT_EQ(r.stats.bad_fields, 6u);  // nic, nac_p, lat, squawk, category, unpaired lon
  EXPECT_EQ(r.stats.skipped, 0u);
}

TEST(ReadsbAircraftJson, StatsAccumulateAcrossCalls) {
  const test::TempFile file("acc.json", std::string_view(R"({"now": 1, "aircraft": [{"hex": "abcdef"}, {}]})"));
  RecordReadStats stats;
  for (int i = 0; i < 2; ++i) {
    ByteSource src(file.path());
    read_readsb_aircraft_json(src, [](std::span<const ModeSMessage>) {}, stats);
  }
  EXPECT_EQ(stats.records, 2u);
  EXPECT_EQ(stats.skipped, 2u);
}

// --- trace, real file ----------------------------------------------------------------------------------------------

TEST(ReadsbTrace, RealTraceHas2500PointsInBatches) {
  const std::string path = test::shared_data("adsb/readsb-json/trace_full_ac671b.json");
  REQUIRE_SHARED(path);
  const auto r = read_path(read_readsb_trace, path);
  ASSERT_EQ(r.records.size(), 2500u);
  EXPECT_EQ(r.stats.records, 2500u);
  EXPECT_EQ(r.stats.skipped, 0u);
  EXPECT_EQ(r.stats.bad_fields, 0u);
  EXPECT_EQ(r.batch_sizes, (std::vector<std::size_t>{1024, 1024, 452}));
  for (const auto& m : r.records) {
    ASSERT_EQ(m.address, 0xAC671Bu);
    ASSERT_EQ(m.address_kind, AddressKind::AdsbIcao);
    ASSERT_TRUE(m.derived.lat && m.derived.lon);
  }
}

TEST(ReadsbTrace, FirstAndLastPointTimeAndPosition) {
  const std::string path = test::shared_data("adsb/readsb-json/trace_full_ac671b.json");
  REQUIRE_SHARED(path);
  const auto r = read_path(read_readsb_trace, path);
  ASSERT_EQ(r.records.size(), 2500u);
  const auto& first = r.records.front();
  EXPECT_DOUBLE_EQ(first.time_s, 1738703622.619);
  EXPECT_DOUBLE_EQ(first.derived.lat.value(), 16.777359);
  EXPECT_DOUBLE_EQ(first.derived.lon.value(), -88.036868);
  EXPECT_EQ(first.alt_baro_ft, 32000);
  EXPECT_EQ(first.alt_geom_ft, 33825);  // column 10
  EXPECT_EQ(first.geom_rate_fpm, 32);   // column 11
  EXPECT_EQ(first.baro_rate_fpm, 0);    // column 7, flags bit 4 clear
  EXPECT_FLOAT_EQ(first.gs_kt.value(), 478.6f);
  EXPECT_FLOAT_EQ(first.track_deg.value(), 327.8f);
  EXPECT_FLOAT_EQ(first.ias_kt.value(), 280.0f);
  EXPECT_FALSE(first.derived.nic.has_value());  // details null on this row

  const auto& last = r.records.back();
  EXPECT_NEAR(last.time_s, 1738703622.619 + 81655.47, 1e-6);
  EXPECT_DOUBLE_EQ(last.derived.lat.value(), 39.877403);
  EXPECT_DOUBLE_EQ(last.derived.lon.value(), -104.63974);
  EXPECT_EQ(last.on_ground, true);
  EXPECT_FALSE(last.alt_baro_ft.has_value());
  EXPECT_FLOAT_EQ(last.heading_deg.value(), 270.0f);  // on the ground column 5 is the true heading
  EXPECT_EQ(last.heading_is_true, true);
  EXPECT_EQ(callsign_of(last), "DAL2927");
}

TEST(ReadsbTrace, RowWithDetailsCarriesIntegrityFieldsOnlyThatRow) {
  const std::string path = test::shared_data("adsb/readsb-json/trace_full_ac671b.json");
  REQUIRE_SHARED(path);
  const auto r = read_path(read_readsb_trace, path);
  ASSERT_GT(r.records.size(), 5u);
  const auto& m = r.records[3];  // [26.89, ..., {"type":"adsb_icao","flight":"DAL1812 ", ... "nic":8,"rc":186 ...}]
  EXPECT_DOUBLE_EQ(m.time_s, 1738703622.619 + 26.89);
  EXPECT_EQ(m.derived.nic, 8);
  EXPECT_FLOAT_EQ(m.derived.rc_m.value(), 186.0f);
  EXPECT_EQ(m.derived.version, 2);
  EXPECT_EQ(m.nac_p, 10);
  EXPECT_EQ(m.nac_v, 2);
  EXPECT_EQ(m.sil, 3);
  EXPECT_EQ(m.squawk, 0x4637);
  EXPECT_EQ(callsign_of(m), "DAL1812");
  EXPECT_FLOAT_EQ(m.heading_deg.value(), 338.03f);  // mag_heading preferred to true_heading
  EXPECT_EQ(m.heading_is_true, false);
  EXPECT_FLOAT_EQ(m.track_deg.value(), 340.7f);  // the row's column overrides details' 340.67
  EXPECT_FALSE(r.records[4].derived.nic.has_value());  // not carried forward

  std::size_t with_nic = 0, with_nac_p = 0;
  for (const auto& rec : r.records) {
    with_nic += rec.derived.nic.has_value();
    with_nac_p += rec.nac_p.has_value();
  }
  EXPECT_EQ(with_nic, 625u);  // rows whose details has "nic", counted in the file
  EXPECT_EQ(with_nac_p, 623u);
}

// --- trace, hand-written rows --------------------------------------------------------------------------------------

TEST(ReadsbTrace, GeometricFlagsMoveAltitudeAndRate) {
  const auto r = read_text(read_readsb_trace, "flags.json", R"({"icao": "~0a0b0c", "timestamp": 1000, "trace": [
      [0, 10, 20, 5000, 300, 90, 12, -640, null],
      [1, 10, 20, 5000, 300, 90, 0, -640, null],
      [2, 10, 20, 5000, 300, 90, 8, -640, null, "adsb_icao", 5100, -700]]})");
  ASSERT_EQ(r.records.size(), 3u);
  const auto& geo = r.records[0];  // flags 4 | 8
  EXPECT_EQ(geo.address, 0x0A0B0Cu);
  EXPECT_EQ(geo.address_kind, AddressKind::AdsbOther);
  EXPECT_DOUBLE_EQ(geo.time_s, 1000.0);
  EXPECT_EQ(geo.alt_geom_ft, 5000);
  EXPECT_FALSE(geo.alt_baro_ft.has_value());
  EXPECT_FALSE(geo.on_ground.has_value());
  EXPECT_EQ(geo.geom_rate_fpm, -640);
  EXPECT_FALSE(geo.baro_rate_fpm.has_value());
  const auto& baro = r.records[1];
  EXPECT_EQ(baro.alt_baro_ft, 5000);
  EXPECT_EQ(baro.on_ground, false);
  EXPECT_EQ(baro.baro_rate_fpm, -640);
  EXPECT_FALSE(baro.alt_geom_ft.has_value());
  const auto& col10 = r.records[2];  // explicit geometric altitude column wins over the flagged column 3
  EXPECT_EQ(col10.alt_geom_ft, 5100);
  EXPECT_EQ(col10.geom_rate_fpm, -700);
  EXPECT_EQ(col10.baro_rate_fpm, -640);
}

TEST(ReadsbTrace, GroundRowColumn5IsTrueHeading) {
  const auto r = read_text(read_readsb_trace, "ground.json", R"({"icao": "abcdef", "timestamp": 0, "trace": [
      [0, 10, 20, "ground", 5, 181.5, 0, null, null]]})");
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].on_ground, true);
  EXPECT_FALSE(r.records[0].track_deg.has_value());
  EXPECT_FLOAT_EQ(r.records[0].heading_deg.value(), 181.5f);
  EXPECT_EQ(r.records[0].heading_is_true, true);
  EXPECT_FALSE(r.records[0].baro_rate_fpm.has_value());
}

TEST(ReadsbTrace, BadRowsAreCountedSkips) {
  const auto r = read_text(read_readsb_trace, "badrows.json", R"({"icao": "abcdef", "timestamp": 0, "trace": [
      [1, 10, 20], "x", [null, 1, 2], ["t", 1, 2], [2, "north", 20], [3, null, null, null, null]]})");
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_EQ(r.stats.bad_rows, 1u);
  EXPECT_EQ(r.stats.bad_time, 2u);
  EXPECT_EQ(r.stats.skipped, 3u);
  EXPECT_EQ(r.stats.bad_fields, 2u);  // "north", and the lon left without a lat
  EXPECT_FALSE(r.records[1].derived.lat.has_value());
  EXPECT_FALSE(r.records[2].derived.lat.has_value());
}

TEST(ReadsbTrace, GzippedTraceIsReadThroughByteSource) {
  const std::string path = test::shared_data("adsb/readsb-json/trace_full_ac671b.json");
  REQUIRE_SHARED(path);
  const test::TempFile gz("trace_full_ac671b.json.gz");
  const std::string cmd = "gzip -c '" + path + "' > '" + gz.path() + "'";
  if (std::system(cmd.c_str()) != 0) GTEST_SKIP() << "gzip not available";
  const auto r = read_path(read_readsb_trace, gz.path());
  EXPECT_EQ(r.records.size(), 2500u);
}

// --- errors: what the user must fix --------------------------------------------------------------------------------

TEST(ReadsbJsonErrors, MalformedJsonNamesFileAndByteOffset) {
  // The missing comma is at byte 29; simdjson reports where it stopped.
  const std::string text = R"({"now": 1, "aircraft": [{"hex" "abcdef"}]})";
  const test::TempFile file("malformed.json", std::string_view(text));
  ByteSource src(file.path());
  RecordReadStats stats;
  bool called = false;
  try {
    read_readsb_aircraft_json(src, [&](std::span<const ModeSMessage>) { called = true; }, stats);
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.path(), file.path());
    ASSERT_TRUE(e.byte_offset().has_value()) << e.what();
    EXPECT_GE(*e.byte_offset(), 24u) << e.what();
    EXPECT_LE(*e.byte_offset(), 32u) << e.what();
    EXPECT_NE(std::string(e.what()).find(file.path()), std::string::npos);
  }
  EXPECT_FALSE(called);  // nothing of a broken document reaches the sink
}

TEST(ReadsbJsonErrors, TruncatedDocumentIsAnError) {
  EXPECT_THROW(read_text(read_readsb_aircraft_json, "trunc.json", R"({"now": 1, "aircraft": [{"hex": "abcdef"},)"),
               InputError);
  EXPECT_THROW(read_text(read_readsb_trace, "trunc_trace.json", R"({"icao": "abcdef", "timestamp": 0, "trace": [[1,)"),
               InputError);
}

TEST(ReadsbJsonErrors, UnclosedStringIsAnError) {
  EXPECT_THROW(read_text(read_readsb_aircraft_json, "unclosed.json", R"({"now": 1, "aircraft": [{"hex": "abc)"),
               InputError);
}

TEST(ReadsbJsonErrors, TrailingContentIsAnError) {
  EXPECT_THROW(read_text(read_readsb_aircraft_json, "trailing.json", R"({"now": 1, "aircraft": []} {"now": 2})"),
               InputError);
}

TEST(ReadsbJsonErrors, WrongStructureIsAnError) {
  EXPECT_THROW(read_text(read_readsb_aircraft_json, "array.json", "[1, 2]"), InputError);
  EXPECT_THROW(read_text(read_readsb_aircraft_json, "noac.json", R"({"now": 1})"), InputError);
  EXPECT_THROW(read_text(read_readsb_aircraft_json, "nonow.json", R"({"aircraft": []})"), InputError);
  EXPECT_THROW(read_text(read_readsb_aircraft_json, "acobj.json", R"({"now": 1, "aircraft": {}})"), InputError);
  EXPECT_THROW(read_text(read_readsb_aircraft_json, "empty.json", ""), InputError);
  EXPECT_THROW(read_text(read_readsb_trace, "noicao.json", R"({"timestamp": 0, "trace": []})"), InputError);
  EXPECT_THROW(read_text(read_readsb_trace, "badicao.json", R"({"icao": "12", "timestamp": 0, "trace": []})"),
               InputError);
  EXPECT_THROW(read_text(read_readsb_trace, "nots.json", R"({"icao": "abcdef", "trace": []})"), InputError);
  EXPECT_THROW(read_text(read_readsb_trace, "notrace.json", R"({"icao": "abcdef", "timestamp": 0})"), InputError);
  // An aircraft.json is not a trace.
  const std::string path = test::shared_data("adsb/readsb-json/aircraft_1.json");
  if (std::filesystem::exists(path)) {
    EXPECT_THROW(read_path(read_readsb_trace, path), InputError);
  }
}

TEST(ReadsbJsonErrors, EmptyListsGiveNoRecordsAndNoError) {
  const auto a = read_text(read_readsb_aircraft_json, "noac2.json", R"({"now": 1, "messages": 5, "aircraft": []})");
  EXPECT_TRUE(a.records.empty());
  EXPECT_TRUE(a.batch_sizes.empty());
  const auto t = read_text(read_readsb_trace, "empty_trace.json", R"({"icao": "abcdef", "timestamp": 0, "trace": []})");
  EXPECT_TRUE(t.records.empty());
}

// --- text helpers --------------------------------------------------------------------------------------------------

TEST(ReadsbTextFields, SquawkCategoryCallsignIcao) {
  EXPECT_EQ(detail::parse_squawk("7700"), 0x7700);
  EXPECT_EQ(detail::parse_squawk("0123"), 0x0123);
  EXPECT_FALSE(detail::parse_squawk("7800").has_value());
  EXPECT_FALSE(detail::parse_squawk("77000").has_value());
  EXPECT_EQ(detail::parse_category("A3"), 0xA3);
  EXPECT_EQ(detail::parse_category("D7"), 0xD7);
  EXPECT_FALSE(detail::parse_category("A8").has_value());
  EXPECT_FALSE(detail::parse_category("E1").has_value());
  const auto cs = detail::parse_callsign("DAL1812 ");
  ASSERT_TRUE(cs.has_value());
  EXPECT_STREQ(cs->data(), "DAL1812");
  EXPECT_FALSE(detail::parse_callsign("TOOLONGCS").has_value());
  EXPECT_EQ(detail::parse_icao24_hex("AC671b"), 0xAC671Bu);
  EXPECT_FALSE(detail::parse_icao24_hex("ac671").has_value());
  EXPECT_FALSE(detail::parse_icao24_hex("ac671g").has_value());
}

}  // namespace
}  // namespace gw::io
