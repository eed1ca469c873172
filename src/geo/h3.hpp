#pragma once
// Native H3: Uber's hierarchical hexagonal grid (v4), the parts gnsswatch needs to bin observations into
// cells and draw them, as gpsjam.org does.
//
// H3 is not packaged in Debian, so this is written from its published algorithm (h3geo.org; Sahr et al.,
// "Geodesic discrete global grid systems", 2003): 20 gnomonic icosahedron faces, 122 resolution-0 base
// cells (12 of them pentagons, at the icosahedron's vertices), aperture-7 refinement alternating between
// Class II and Class III orientations, 16 resolutions (0-15). The constant tables are in h3_tables.hpp.
// Results are those of the reference library: tests/geo/h3_test.cpp compares latLngToCell (120,000
// points at every resolution), cellToLatLng, cellToBoundary and gridDisk with h3-js 4.5.0. The two
// places where equal algorithms may still differ in the last bit of the maths library are stated there:
// points exactly on a cell border, and positions within ~0.001 degrees of a pole.
//
// All functions are pure and thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gw::geo::h3 {

// A cell index as H3 encodes it (64 bits: mode, resolution, base cell, 15 three-bit digits).
using Cell = std::uint64_t;

inline constexpr int max_resolution = 15;

struct LatLng {
  double lat_deg;
  double lon_deg;
};

// The cell at resolution `res` (0-15) containing the point (latLngToCell). Longitudes outside +-180 wrap.
// Returns 0, which is never a valid cell, for a resolution outside 0-15 or a non-finite coordinate.
Cell lat_lng_to_cell(LatLng p, int res);

// The cell's centre (cellToLatLng); longitude in [-180, 180]. NaN, NaN for an invalid cell.
LatLng cell_to_lat_lng(Cell c);

// The cell's boundary, counter-clockwise (cellToBoundary): 6 vertices for a hexagon, 5 for a pentagon, plus
// one "distortion" vertex wherever a Class III (odd resolution) edge crosses an icosahedron edge, so up
// to 10. Empty for an invalid cell.
std::vector<LatLng> cell_to_boundary(Cell c);

// Replaces `out` with every cell within `k` grid steps of `origin`, origin included, in no particular
// order (gridDisk); near pentagons fewer than 3k(k+1)+1. Empty for k < 0 or an invalid origin.
void grid_disk(Cell origin, int k, std::vector<Cell>& out);

int get_resolution(Cell c);
bool is_valid_cell(Cell c);
bool is_pentagon(Cell c);

// Lower-case hexadecimal without prefix, as H3 prints cells ("8928308280fffff").
std::string to_string(Cell c);
// Parses 1-16 hexadecimal digits (either case); nullopt unless the result is a valid cell.
std::optional<Cell> from_string(std::string_view s);

}  // namespace gw::geo::h3
