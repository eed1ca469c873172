#include "eval/geometry.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "geo/distance.hpp"

namespace gw::eval {
namespace {

double wrap_lon(double d) {
  while (d > 180.0) d -= 360.0;
  while (d <= -180.0) d += 360.0;
  return d;
}

}  // namespace

double great_circle_km(LatLon a, LatLon b) {
  return geo::great_circle_km(a.lat_deg, a.lon_deg, b.lat_deg, b.lon_deg);
}

bool ring_contains(const Ring& ring, LatLon p) {
  if (ring.size() < 3) return false;
  // Longitudes unwrapped along the ring (each step the short way), and p's taken within 180° of the first
  // vertex: the ring is then one continuous shape even across the antimeridian.
  const std::size_t n = ring.size();
  std::vector<double> x(n);
  x[0] = ring[0].lon_deg;
  for (std::size_t i = 1; i < n; ++i) x[i] = x[i - 1] + wrap_lon(ring[i].lon_deg - ring[i - 1].lon_deg);
  const double px = x[0] + wrap_lon(p.lon_deg - x[0]);
  // Even-odd rule: a ray from p towards +x crosses the boundary an odd number of times when p is inside.
  bool inside = false;
  for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
    const double yi = ring[i].lat_deg, yj = ring[j].lat_deg;
    if ((yi > p.lat_deg) != (yj > p.lat_deg)) {
      const double x_cross = x[j] + (p.lat_deg - yj) * (x[i] - x[j]) / (yi - yj);
      if (x_cross > px) inside = !inside;
    }
  }
  return inside;
}

bool polygons_contain(std::span<const Polygon> polygons, LatLon p) {
  for (const Polygon& polygon : polygons) {
    if (polygon.empty() || !ring_contains(polygon.front(), p)) continue;
    bool in_hole = false;
    for (std::size_t k = 1; k < polygon.size() && !in_hole; ++k) in_hole = ring_contains(polygon[k], p);
    if (!in_hole) return true;
  }
  return false;
}

}  // namespace gw::eval
