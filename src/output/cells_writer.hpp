// The map's outputs from GridAggregator::rows(): cells.csv and cells.geojson (schemas: docs/MAP_OUTPUTS.md).
//
// cells.csv begins with gpsjam.org's daily columns `hex,count_good_aircraft,count_bad_aircraft`, so a
// resolution-4, 24 h, band "all" selection reads like gpsjam's files; the header is exactly
//   hex,count_good_aircraft,count_bad_aircraft,window_start,window_end,band,bad_frac,ci_low,ci_high,level
// cells.geojson is an RFC 7946 FeatureCollection: one Feature per row, its cell's outline as geometry and the
// same fields as properties, plus a "gnsswatch" foreign member (RFC 7946 §6.1) stating the options and that
// cells without traffic are absent ("no data", not "clean").
//
// Both are written through AtomicFile: complete, or absent (a previous file is kept). Rows are written in the
// order given; GridAggregator::rows() and for_each_row() give them sorted by window_start, band and hex.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "detect/grid.hpp"
#include "geo/h3.hpp"

namespace gw::output {

inline constexpr std::string_view kCellsCsvHeader =
    "hex,count_good_aircraft,count_bad_aircraft,window_start,window_end,band,bad_frac,ci_low,ci_high,level";

// "2024-03-01T13:00:00Z" (ISO 8601, UTC, whole seconds).
std::string iso8601_utc(std::int64_t unix_s);

// A cell's outline as GeoJSON polygons (RFC 7946): each a closed exterior ring (first vertex repeated last)
// of {lat, lon} with lon in [-180, 180], counter-clockwise in (lon, lat). Vertices are cell_to_boundary's,
// pentagon and distortion vertices included. One polygon, or two when the cell crosses the antimeridian: it is
// cut at +-180 (RFC 7946 §3.1.9) and each part lies on one side. A cell containing a pole becomes one
// polygon that runs along the antimeridian to the pole and along the pole's latitude. Throws
// std::invalid_argument for an invalid cell.
std::vector<std::vector<geo::h3::LatLng>> cell_polygons(geo::h3::Cell cell);

// Writes cells.csv / cells.geojson at `path` atomically. Throw std::runtime_error naming the path when it
// cannot be written and std::invalid_argument for a row whose cell is invalid; either way no file is left
// at `path` (a previous one is kept) and no temporary file remains.
void write_cells_csv(const std::string& path, std::span<const detect::CellRow> rows);
void write_cells_geojson(const std::string& path, std::span<const detect::CellRow> rows,
                         const detect::GridOptions& options);

// The same files written one row at a time (for GridAggregator::for_each_row: no list of rows is held). The
// constructor opens the temporary file (throws std::runtime_error naming the path); add() appends a row (throws
// std::invalid_argument for an invalid cell); commit() renames into place. Destroyed without commit(), nothing
// is left at the path. The bytes equal write_cells_csv / write_cells_geojson's for the same rows.
class CellsCsvWriter {
 public:
  explicit CellsCsvWriter(const std::string& path);
  ~CellsCsvWriter();
  void add(const detect::CellRow& row);
  void commit();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

class CellsGeojsonWriter {
 public:
  CellsGeojsonWriter(const std::string& path, const detect::GridOptions& options);
  ~CellsGeojsonWriter();
  void add(const detect::CellRow& row);
  void commit();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace gw::output
