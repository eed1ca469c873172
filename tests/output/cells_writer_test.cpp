// cells.csv and cells.geojson: the CSV header and row format, GeoJSON validity read back with simdjson (closed
// counter-clockwise rings, antimeridian cut, polar and pentagon cells), and atomic writing.
#include "output/cells_writer.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "test_files.hpp"

namespace gw::output {
namespace {

namespace fs = std::filesystem;
namespace h3 = geo::h3;
using detect::CellRow;
using detect::Level;

constexpr std::int64_t kT0 = 1709298000;  // 2024-03-01T13:00:00Z

using gw::test::TempDir;

using gw::test::slurp;

CellRow row(h3::Cell cell, std::uint32_t good, std::uint32_t bad, std::string band = "all") {
  CellRow r;
  r.cell = cell;
  r.window_start_s = kT0;
  r.window_end_s = kT0 + 3600;
  r.band = std::move(band);
  r.good = good;
  r.bad = bad;
  r.bad_frac = detect::gpsjam_bad_fraction(good, bad);
  r.ci = detect::wilson_interval(bad, good + bad);
  r.level = detect::classify(good, bad, 3);
  return r;
}

const h3::Cell kHelsinki = h3::lat_lng_to_cell({60.317, 24.963}, 4);

double signed_area2(const std::vector<h3::LatLng>& closed_ring) {
  double a = 0;
  for (std::size_t i = 0; i + 1 < closed_ring.size(); ++i)
    a += closed_ring[i].lon_deg * closed_ring[i + 1].lat_deg - closed_ring[i + 1].lon_deg * closed_ring[i].lat_deg;
  return a;
}

// A resolution-4 cell whose outline crosses +-180 (found by walking along the antimeridian).
h3::Cell antimeridian_cell() {
  for (double lat = -60; lat <= 60; lat += 0.25) {
    const h3::Cell c = h3::lat_lng_to_cell({lat, 179.999}, 4);
    const auto b = h3::cell_to_boundary(c);
    for (std::size_t i = 0; i < b.size(); ++i)
      if (std::abs(b[(i + 1) % b.size()].lon_deg - b[i].lon_deg) > 180) return c;
  }
  return 0;
}

TEST(CellsTime, Iso8601Utc) {
  EXPECT_EQ(iso8601_utc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(iso8601_utc(kT0), "2024-03-01T13:00:00Z");
  EXPECT_EQ(iso8601_utc(951782400), "2000-02-29T00:00:00Z");
  EXPECT_EQ(iso8601_utc(-1), "1969-12-31T23:59:59Z");
  // Years beyond four digits keep the formatted text (a sign or a fifth digit).
  EXPECT_EQ(iso8601_utc(-62167219201), "-001-12-31T23:59:59Z");
  EXPECT_EQ(iso8601_utc(253402300800), "10000-01-01T00:00:00Z");
}

// The digit-by-digit text equals the plain std::chrono + fmt one, on a sweep over a century and every second of
// a leap day.
TEST(CellsTime, Iso8601UtcEqualsChronoFormatting) {
  const auto reference = [](std::int64_t unix_s) {
    using namespace std::chrono;
    const sys_seconds tp{seconds{unix_s}};
    const sys_days day = floor<days>(tp);
    const year_month_day ymd{day};
    const hh_mm_ss hms{tp - day};
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), hms.hours().count(),
                       hms.minutes().count(), hms.seconds().count());
  };
  for (std::int64_t t = -2208988800; t < 4102444800; t += 86400 * 7 + 3607) ASSERT_EQ(iso8601_utc(t), reference(t)) << t;
  for (std::int64_t t = 951782400; t < 951782400 + 86400; ++t) ASSERT_EQ(iso8601_utc(t), reference(t)) << t;
}

TEST(CellsCsv, HeaderStartsWithGpsjamsColumnsAndRowsFollowIt) {
  TempDir dir;
  const std::vector<CellRow> rows{row(kHelsinki, 97, 3), row(kHelsinki, 1, 1, "<10000")};
  write_cells_csv(dir.file("cells.csv"), rows);
  const std::string text = slurp(dir.file("cells.csv"));
  const std::string hex = h3::to_string(kHelsinki);
  EXPECT_EQ(text,
            "hex,count_good_aircraft,count_bad_aircraft,window_start,window_end,band,bad_frac,ci_low,ci_high,level\n" +
                hex + ",97,3,2024-03-01T13:00:00Z,2024-03-01T14:00:00Z,all,0.020000,0.010255,0.084519,yellow\n" +
                hex + ",1,1,2024-03-01T13:00:00Z,2024-03-01T14:00:00Z,<10000,0.000000,0.094531,0.905469,insufficient\n");
  EXPECT_EQ(hex.size(), 15u);
}

TEST(CellsCsv, NoRowsGiveTheHeaderOnly) {
  TempDir dir;
  write_cells_csv(dir.file("cells.csv"), {});
  EXPECT_EQ(slurp(dir.file("cells.csv")), std::string(kCellsCsvHeader) + "\n");
}

TEST(CellsPolygons, AnOrdinaryCellIsOneClosedCounterClockwiseRingWithItsBoundaryVertices) {
  const auto polys = cell_polygons(kHelsinki);
  ASSERT_EQ(polys.size(), 1u);
  const auto& ring = polys[0];
  const auto boundary = h3::cell_to_boundary(kHelsinki);
  ASSERT_EQ(ring.size(), boundary.size() + 1);
  EXPECT_EQ(ring.front().lat_deg, ring.back().lat_deg);
  EXPECT_EQ(ring.front().lon_deg, ring.back().lon_deg);
  EXPECT_GT(signed_area2(ring), 0);
}

TEST(CellsPolygons, PentagonsAndDistortionVerticesAreKept) {
  const auto pentagon0 = h3::from_string("8009fffffffffff");  // base cell 4, a pentagon
  ASSERT_TRUE(pentagon0 && h3::is_pentagon(*pentagon0));
  for (int res : {4, 5}) {
    const h3::Cell p = h3::lat_lng_to_cell(h3::cell_to_lat_lng(*pentagon0), res);
    ASSERT_TRUE(h3::is_pentagon(p)) << res;
    const auto boundary = h3::cell_to_boundary(p);
    const auto polys = cell_polygons(p);
    ASSERT_EQ(polys.size(), 1u);
    EXPECT_EQ(polys[0].size(), boundary.size() + 1) << res;  // 5 at res 4; 10 at res 5 (Class III)
    EXPECT_GT(signed_area2(polys[0]), 0);
  }
}

TEST(CellsPolygons, ACellCrossingTheAntimeridianIsCutIntoTwoPartsThatDoNotJump) {
  const h3::Cell c = antimeridian_cell();
  ASSERT_NE(c, 0u);
  const auto polys = cell_polygons(c);
  ASSERT_EQ(polys.size(), 2u);
  int west = 0, east = 0;
  for (const auto& ring : polys) {
    ASSERT_GE(ring.size(), 4u);
    EXPECT_EQ(ring.front().lon_deg, ring.back().lon_deg);
    EXPECT_EQ(ring.front().lat_deg, ring.back().lat_deg);
    EXPECT_GT(signed_area2(ring), 0);
    bool touches = false;
    for (std::size_t i = 0; i < ring.size(); ++i) {
      EXPECT_LE(std::abs(ring[i].lon_deg), 180.0);
      if (i) {
        EXPECT_LT(std::abs(ring[i].lon_deg - ring[i - 1].lon_deg), 5.0) << "jump in ring";
      }
      touches |= std::abs(ring[i].lon_deg) == 180.0;
    }
    EXPECT_TRUE(touches);
    (ring[0].lon_deg > 0 ? west : east)++;
  }
  EXPECT_EQ(west, 1);  // one part ends at +180
  EXPECT_EQ(east, 1);  // the other starts at -180
}

TEST(CellsPolygons, ACellContainingAPoleClosesAlongThePole) {
  for (double pole : {90.0, -90.0}) {
    const h3::Cell c = h3::lat_lng_to_cell({pole, 0}, 4);
    const auto polys = cell_polygons(c);
    ASSERT_EQ(polys.size(), 1u) << pole;
    const auto& ring = polys[0];
    EXPECT_EQ(ring.front().lon_deg, ring.back().lon_deg);
    EXPECT_GT(signed_area2(ring), 0) << pole;
    bool reaches_pole = false;
    for (std::size_t i = 1; i < ring.size(); ++i) {
      reaches_pole |= ring[i].lat_deg == pole;
      const bool along_pole = ring[i].lat_deg == pole && ring[i - 1].lat_deg == pole;
      if (!along_pole) {
        EXPECT_LE(std::abs(ring[i].lon_deg - ring[i - 1].lon_deg), 180.0) << "jump in ring";
      }
    }
    EXPECT_TRUE(reaches_pole) << pole;
  }
}

TEST(CellsPolygons, AnInvalidCellThrows) { EXPECT_THROW(cell_polygons(0x1234), std::invalid_argument); }

// Reads cells.geojson back and checks it as RFC 7946 requires.
TEST(CellsGeojson, ParsesBackAsAFeatureCollectionWithClosedCounterClockwiseRings) {
  TempDir dir;
  const h3::Cell crossing = antimeridian_cell();
  const h3::Cell polar = h3::lat_lng_to_cell({90, 0}, 4);
  const std::vector<CellRow> rows{row(kHelsinki, 97, 3), row(crossing, 3, 0, ">=30000"), row(polar, 0, 4)};
  detect::GridOptions options;
  write_cells_geojson(dir.file("cells.geojson"), rows, options);

  simdjson::dom::parser parser;
  const simdjson::padded_string json = simdjson::padded_string::load(dir.file("cells.geojson"));
  const simdjson::dom::element doc = parser.parse(json);
  EXPECT_EQ(std::string_view(doc["type"]), "FeatureCollection");
  const auto meta = doc["gnsswatch"];
  EXPECT_EQ(std::int64_t(meta["h3_resolution"]), 4);
  EXPECT_EQ(std::int64_t(meta["min_aircraft"]), 3);
  EXPECT_NE(std::string_view(meta["coverage"]).find("not the same as clean"), std::string_view::npos);

  const simdjson::dom::array features = doc["features"];
  ASSERT_EQ(features.size(), rows.size());
  std::size_t i = 0;
  for (const simdjson::dom::element f : features) {
    const CellRow& r = rows[i++];
    EXPECT_EQ(std::string_view(f["type"]), "Feature");
    const auto props = f["properties"];
    EXPECT_EQ(std::string_view(props["hex"]), h3::to_string(r.cell));
    EXPECT_EQ(std::uint64_t(props["count_good_aircraft"]), r.good);
    EXPECT_EQ(std::uint64_t(props["count_bad_aircraft"]), r.bad);
    EXPECT_EQ(std::string_view(props["window_start"]), "2024-03-01T13:00:00Z");
    EXPECT_EQ(std::string_view(props["window_end"]), "2024-03-01T14:00:00Z");
    EXPECT_EQ(std::string_view(props["band"]), r.band);
    EXPECT_NEAR(double(props["bad_frac"]), r.bad_frac, 1e-6);
    EXPECT_NEAR(double(props["ci_low"]), r.ci.low, 1e-6);
    EXPECT_NEAR(double(props["ci_high"]), r.ci.high, 1e-6);
    EXPECT_EQ(std::string_view(props["level"]), detect::to_string(r.level));

    const auto geometry = f["geometry"];
    const std::string_view type = geometry["type"];
    std::vector<simdjson::dom::array> polygons;
    if (type == "Polygon") {
      polygons.push_back(geometry["coordinates"]);
    } else {
      ASSERT_EQ(type, "MultiPolygon");
      EXPECT_EQ(r.cell, crossing);
      for (const simdjson::dom::array p : simdjson::dom::array(geometry["coordinates"])) polygons.push_back(p);
      EXPECT_EQ(polygons.size(), 2u);
    }
    for (const auto& polygon : polygons) {
      ASSERT_EQ(polygon.size(), 1u);  // an exterior ring, no holes
      std::vector<h3::LatLng> ring;
      for (const simdjson::dom::array position : simdjson::dom::array(polygon.at(0))) {
        ASSERT_EQ(position.size(), 2u);
        const double lon = position.at(0), lat = position.at(1);  // [lon, lat]
        EXPECT_LE(std::abs(lon), 180.0);
        EXPECT_LE(std::abs(lat), 90.0);
        ring.push_back({lat, lon});
      }
      ASSERT_GE(ring.size(), 4u);  // RFC 7946 §3.1.6: four or more positions, first equals last
      EXPECT_EQ(ring.front().lon_deg, ring.back().lon_deg);
      EXPECT_EQ(ring.front().lat_deg, ring.back().lat_deg);
      EXPECT_GT(signed_area2(ring), 0) << "exterior ring must be counter-clockwise";
      if (r.cell == kHelsinki) {
        EXPECT_EQ(ring.size(), h3::cell_to_boundary(kHelsinki).size() + 1);
        EXPECT_NEAR(ring[0].lat_deg, h3::cell_to_boundary(kHelsinki)[0].lat_deg, 1e-6);
        EXPECT_NEAR(ring[0].lon_deg, h3::cell_to_boundary(kHelsinki)[0].lon_deg, 1e-6);
      }
      if (r.cell == crossing) {
        for (std::size_t k = 1; k < ring.size(); ++k) {
          EXPECT_LT(std::abs(ring[k].lon_deg - ring[k - 1].lon_deg), 5.0);
        }
      }
    }
  }
}

TEST(CellsGeojson, NoRowsGiveAnEmptyFeatureCollection) {
  TempDir dir;
  write_cells_geojson(dir.file("cells.geojson"), {}, detect::GridOptions{});
  simdjson::dom::parser parser;
  const simdjson::padded_string json = simdjson::padded_string::load(dir.file("cells.geojson"));
  const simdjson::dom::element doc = parser.parse(json);
  EXPECT_EQ(simdjson::dom::array(doc["features"]).size(), 0u);
}

TEST(CellsAtomic, AnUnwritablePathThrowsAndLeavesNoFile) {
  TempDir dir;
  const std::string path = dir.file("missing/cells.csv");
  EXPECT_THROW(write_cells_csv(path, {}), std::runtime_error);
  EXPECT_THROW(write_cells_geojson(dir.file("missing/cells.geojson"), {}, detect::GridOptions{}),
               std::runtime_error);
  EXPECT_EQ(dir.entries(), 0u);
}

TEST(CellsAtomic, AFailureMidwayKeepsThePreviousFileAndRemovesTheTemporary) {
  TempDir dir;
  const std::vector<CellRow> good{row(kHelsinki, 5, 0)};
  write_cells_csv(dir.file("cells.csv"), good);
  write_cells_geojson(dir.file("cells.geojson"), good, detect::GridOptions{});
  const std::string csv_before = slurp(dir.file("cells.csv"));
  const std::string geojson_before = slurp(dir.file("cells.geojson"));

  std::vector<CellRow> broken(20000, row(kHelsinki, 5, 0));  // > 1 MiB: part of it reaches the disk first
  broken.push_back(row(0x1234, 1, 0));                       // then an invalid cell
  EXPECT_THROW(write_cells_csv(dir.file("cells.csv"), broken), std::invalid_argument);
  EXPECT_THROW(write_cells_geojson(dir.file("cells.geojson"), broken, detect::GridOptions{}), std::invalid_argument);
  EXPECT_EQ(slurp(dir.file("cells.csv")), csv_before);
  EXPECT_EQ(slurp(dir.file("cells.geojson")), geojson_before);
  EXPECT_EQ(dir.entries(), 2u);  // no temporary file left
}

}  // namespace
}  // namespace gw::output
