// Distances on a spherical Earth, shared by the detectors and the evaluation: the haversine great-circle
// distance (R. W. Sinnott, "Virtues of the Haversine", Sky and Telescope 68(2), 1984: well conditioned for the
// short distances these modules compare) and longitude wrapping. A sphere is enough here: the mean-radius
// sphere is within 0.5 % of WGS-84 great-circle distances, far below the errors the detectors work with.
#pragma once

#include <algorithm>
#include <cmath>
#include <numbers>

namespace gw::geo {

// IUGG mean Earth radius R1 = (2a + b) / 3 of GRS 80 (H. Moritz, "Geodetic Reference System 1980").
inline constexpr double kEarthMeanRadiusKm = 6371.0088;
inline constexpr double kDegToRad = std::numbers::pi / 180.0;

// A longitude difference or longitude brought into [-180, 180].
inline double wrap180(double lon_deg) noexcept {
  while (lon_deg > 180) lon_deg -= 360;
  while (lon_deg < -180) lon_deg += 360;
  return lon_deg;
}

// Great-circle distance in km between two points given in degrees.
inline double great_circle_km(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg) noexcept {
  const double dlat = (lat2_deg - lat1_deg) * kDegToRad;
  const double dlon = (lon2_deg - lon1_deg) * kDegToRad;
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1_deg * kDegToRad) * std::cos(lat2_deg * kDegToRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthMeanRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

}  // namespace gw::geo
