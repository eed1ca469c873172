// The located source of an interference event (detect::localize, docs/LOCALIZATION.md), kept apart from
// localize.hpp so that events.hpp can carry it without depending on the estimator.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "detect/health.hpp"
#include "geo/h3.hpp"

namespace gw::detect {

enum class SourceStatus : std::uint8_t {
  Located,
  InsufficientEvidence,  // too few aircraft, or the 95 % region would be too wide to mean anything
};

struct SourceEstimate {
  SourceStatus status = SourceStatus::InsufficientEvidence;
  std::string reason;          // why there is no estimate (InsufficientEvidence only)
  std::string method;          // how the estimate was made, e.g. "ml-boundary-los/1"
  std::size_t aircraft = 0;    // distinct affected aircraft whose loss places the estimate rests on
  std::size_t witnesses = 0;   // distinct aircraft whose good-GNSS samples were used as "outside" evidence
  double lat_deg = kNaN, lon_deg = kNaN;
  // Slant range (km) out to which the jammer's power denies GNSS (high aircraft see this; low ones are cut off
  // earlier by the radio horizon), the jammer height the fit prefers (m), and the ground radius of the jammed
  // disk at 1,000 / 10,000 / 35,000 ft (the keys truth.json uses).
  double radius_km = kNaN;
  double height_m = kNaN;
  double radius_at_ft[3] = {kNaN, kNaN, kNaN};
  double boundary_sigma_km = kNaN;  // scatter of loss places about the fitted boundary (at 10,000 ft)
  double range_slope = kNaN;        // change of the power range per 10 km of altitude (fraction; internal)
  // The 95 % region of the position: an ellipse in the local tangent plane about the estimate.
  double semi_major_km = kNaN, semi_minor_km = kNaN;
  double orientation_deg = kNaN;  // bearing of the major axis, degrees clockwise from true north, [0, 180)
  // Its statistical part alone, same orientation: Hotelling's T² 95 % ellipse of the fit's position covariance,
  // before the calibrated widening and systematic part (docs/LOCALIZATION.md, "95 % region"); for calibration.
  double statistical_semi_major_km = kNaN, statistical_semi_minor_km = kNaN;
  // And the terms of its systematic part, also for calibration: the disk radius R it scales with (km; the power
  // range at 10,000 ft, or the acquisition disk's for a fit on regain places) and the model average's spread (km,
  // 0 unless the estimate averages a pooled group's fixed and moving fits).
  double systematic_range_km = kNaN, model_spread_km = 0.0;
  // The degradation evidence the fit used (docs/LOCALIZATION.md): drop pairs (a degradation place with its
  // loss place) and degradation passes (in and out of the ring without a loss).
  std::size_t drop_pairs = 0, passes = 0;
  std::vector<geo::h3::LatLng> ci95;  // the ellipse as a closed counter-clockwise ring (GeoJSON exterior ring)
  // A moving source (method "ml-boundary-los-moving/1"): the time the position is for (the event's peak, else its
  // middle) and the fitted velocity, km/h east and north; NaN for a fixed source.
  double time_s = kNaN;
  double velocity_east_kmh = kNaN, velocity_north_kmh = kNaN;
  bool pooled = false;  // estimated from this event together with neighbouring ones (localize_events)
  std::size_t pooled_events = 0;  // how many events the pooled estimate rests on
  // The span of the events whose evidence the fit rests on (first start, last end; localize_events): the events
  // that share one fit share it. NaN when not set (localize on one event).
  double fit_start_s = kNaN, fit_end_s = kNaN;
};

inline constexpr double kSourceAltitudesFt[3] = {1000.0, 10000.0, 35000.0};

}  // namespace gw::detect
