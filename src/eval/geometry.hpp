// The geometry eval needs: distance between a located source and the true one, and whether a 95% region
// (GeoJSON polygon, [lon, lat]) contains the true source.
#pragma once

#include <span>

#include "eval/map_output.hpp"
#include "geo/distance.hpp"

namespace gw::eval {

// Mean Earth radius (IUGG, R1 = 6,371.0088 km), the one src/detect uses.
inline constexpr double kEarthRadiusKm = geo::kEarthMeanRadiusKm;

// Great-circle distance (haversine formula) in km.
double great_circle_km(LatLon a, LatLon b);

// Whether `p` lies inside a ring, with edges straight in (lon, lat) as GeoJSON defines them (RFC 7946 §3.1.1).
// Longitudes are unwrapped along the ring and p's is taken within 180° of its first vertex, so a ring crossing
// the antimeridian works (rings must span less than 180° of longitude and not contain a pole). Even-odd rule; a
// point exactly on an edge may fall either way.
bool ring_contains(const Ring& ring, LatLon p);

// Inside the first ring of some polygon and outside all of that polygon's other rings (holes).
bool polygons_contain(std::span<const Polygon> polygons, LatLon p);

}  // namespace gw::eval
