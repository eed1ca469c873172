// Synthetic evidence of one interference event, shared by the localization tests (tests/detect/localize_test.cpp)
// and bench_localize_two: straight tracks crossing the area about one or two ground jammers, each aircraft losing
// GNSS where the jammers' summed J/S over its receiver's threshold reaches 1 and regaining it once the sum stays
// below 1 / regain_factor² for its re-acquisition delay; a good sample every 20 s outside. Seeded, so every run is
// the same. The physics is docs/LOCALIZATION.md's, deliberately not exactly the estimator's model (each receiver's
// threshold differs, the power range shrinks with altitude quadratically).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>
#include <vector>

#include "detect/localize.hpp"

namespace gw::detect::test {

inline constexpr double kEarthKm = 6371.0088;
inline constexpr double kDegree = std::numbers::pi / 180.0;

inline double great_circle_km(double lat1, double lon1, double lat2, double lon2) {
  const double a = std::pow(std::sin((lat2 - lat1) * kDegree / 2), 2) +
                   std::cos(lat1 * kDegree) * std::cos(lat2 * kDegree) *
                       std::pow(std::sin((lon2 - lon1) * kDegree / 2), 2);
  return 2 * kEarthKm * std::asin(std::min(1.0, std::sqrt(a)));
}

// A point at distance d_km and bearing from (lat, lon) (great circle): tracks are laid out in an azimuthal
// equidistant plane about a centre, so distances to it are exact.
inline void destination(double lat, double lon, double bearing_rad, double d_km, double& lat2, double& lon2) {
  const double c = d_km / kEarthKm, p1 = lat * kDegree;
  const double p2 = std::asin(std::sin(p1) * std::cos(c) + std::cos(p1) * std::sin(c) * std::cos(bearing_rad));
  const double l2 = lon * kDegree + std::atan2(std::sin(bearing_rad) * std::sin(c) * std::cos(p1),
                                               std::cos(c) - std::sin(p1) * std::sin(p2));
  lat2 = p2 / kDegree;
  lon2 = l2 / kDegree;
}

struct Jammer {
  double lat = 37.9, lon = 126.6, height_m = 30, power_km = 80;
};

// Two jammers whose powers add (docs/INTERFERENCE_MODEL.md §1: "Several jammers add as powers"), each on for its
// own interval: an aircraft loses GNSS where (range_0 / s_0)² + (range_1 / s_1)² >= 1 over the jammers that are on
// and within its radio line of sight (s the slant distances, range each jammer's alone for that receiver: its
// threshold offset and the altitude's loss). Tracks cross the area about the two jammers' midpoint. One jammer:
// give both the same, the second never on (on_s = off_s).
struct TwoJammers {
  Jammer jammer[2];
  double on_s[2], off_s[2];
  double end_s;
  int tracks;
  double gain_spread_db = 2.0;   // per-aircraft loss threshold: uniform within +-this (receivers differ)
  double high_range_loss = 0.3;  // the power range shrinks by this fraction from the ground to 40,000 ft
  double regain_factor = 1.15;   // regain range / loss range (lower acquisition threshold)
  double max_delay_s = 30;       // re-acquisition delay, uniform in [3, max]
};

struct EventEvidence {
  Event event;  // id 1, its episodes in loss order
  std::vector<EvidenceSample> good;  // within [event.start_s, event.end_s]
};

inline EventEvidence simulate_two(const TwoJammers& sc, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u01(0, 1);
  EventEvidence out;
  const double apart = great_circle_km(sc.jammer[0].lat, sc.jammer[0].lon, sc.jammer[1].lat, sc.jammer[1].lon);
  const double mid_lat = (sc.jammer[0].lat + sc.jammer[1].lat) / 2, mid_lon = (sc.jammer[0].lon + sc.jammer[1].lon) / 2;
  const double reach = 1.2 * (apart / 2 + 1.3 * std::max(sc.jammer[0].power_km, sc.jammer[1].power_km));
  for (int i = 0; i < sc.tracks; ++i) {
    const double alt_ft = 1000 + 39000 * u01(rng), h_m = alt_ft * 0.3048;
    const double heading = 2 * std::numbers::pi * u01(rng), offset = (2 * u01(rng) - 1) * reach;
    const double speed_kms = 0.2 + 0.05 * u01(rng);
    const double h_frac = alt_ft / 40000.0;
    const double gain = (1 - sc.high_range_loss * h_frac * h_frac) *
                        std::pow(10.0, sc.gain_spread_db * (2 * u01(rng) - 1) / 20.0);
    const double delay_s = 3 + (sc.max_delay_s - 3) * u01(rng);
    const std::uint32_t id = 0x200000 + static_cast<std::uint32_t>(i);
    const double ux = std::sin(heading), uy = std::cos(heading);
    const double t_start = (sc.end_s + 1.5 * reach / speed_kms) * u01(rng) - 1.5 * reach / speed_kms;
    bool jammed = false, lost_flag = false;
    double last_good_lat = 0, last_good_lon = 0, last_good_t = -1e9, pending_regain_t = -1, next_good_sample = -1e9;
    GnssEpisode ep;
    for (double t = std::max(0.0, t_start); t <= sc.end_s; t += 1.0) {
      const double s = -1.5 * reach + speed_kms * (t - t_start);
      if (s > 1.5 * reach) break;
      const double x = offset * uy + s * ux, y = -offset * ux + s * uy;
      double lat, lon;
      destination(mid_lat, mid_lon, std::atan2(x, y), std::hypot(x, y), lat, lon);
      double level = 0;  // the summed J/S over this receiver's loss threshold
      for (int k = 0; k < 2; ++k) {
        const Jammer& j = sc.jammer[k];
        if (t < sc.on_s[k] || t >= sc.off_s[k]) continue;
        const double d = great_circle_km(j.lat, j.lon, lat, lon);
        if (d > radio_horizon_km(j.height_m, h_m)) continue;
        const double dh = (h_m - j.height_m) / 1000.0, range = j.power_km * gain;
        level += range * range / (d * d + dh * dh);
      }
      if (!jammed && level >= 1) {
        jammed = true;
        pending_regain_t = -1;
        if (t - last_good_t < 300) {
          ep = GnssEpisode{};
          ep.id = id;
          ep.lost_s = t + 8.5;
          ep.altitude_ft = static_cast<std::int32_t>(alt_ft);
          ep.lost_lat_deg = last_good_lat, ep.lost_lon_deg = last_good_lon;
          lost_flag = true;
        }
      } else if (jammed && level * sc.regain_factor * sc.regain_factor < 1) {
        if (pending_regain_t < 0) pending_regain_t = t + delay_s;
        if (t >= pending_regain_t) jammed = false;
      } else if (jammed) {
        pending_regain_t = -1;
      }
      if (jammed) continue;
      last_good_lat = lat, last_good_lon = lon, last_good_t = t;
      if (lost_flag) {
        ep.regained_s = t;
        ep.regained_lat_deg = lat, ep.regained_lon_deg = lon;
        out.event.episodes.push_back(ep);
        lost_flag = false;
      }
      if (t >= next_good_sample) {
        out.good.push_back({t, static_cast<float>(lat), static_cast<float>(lon), static_cast<std::int32_t>(alt_ft), id});
        next_good_sample = t + 20;
      }
    }
    if (lost_flag) out.event.episodes.push_back(ep);
  }
  std::sort(out.event.episodes.begin(), out.event.episodes.end(),
            [](const GnssEpisode& a, const GnssEpisode& b) { return a.lost_s < b.lost_s; });
  out.event.id = 1;
  out.event.start_s = out.event.episodes.empty() ? 0 : out.event.episodes.front().lost_s;
  out.event.end_s = out.event.start_s;
  for (const auto& e : out.event.episodes)
    out.event.end_s = std::max(out.event.end_s, std::isfinite(e.regained_s) ? e.regained_s : e.lost_s);
  std::vector<std::uint32_t> ids;
  for (const auto& e : out.event.episodes) ids.push_back(e.id);
  std::sort(ids.begin(), ids.end());
  out.event.affected = static_cast<std::size_t>(std::unique(ids.begin(), ids.end()) - ids.begin());
  std::erase_if(out.good, [&](const EvidenceSample& s) { return s.time_s < out.event.start_s || s.time_s > out.event.end_s; });
  return out;
}

// The evidence store as map fills it: every sample in time order (bad ones at the loss places).
inline GoodEvidence evidence_of(const std::vector<EvidenceSample>& good, const std::vector<GnssEpisode>& episodes) {
  std::vector<HealthSample> samples;
  for (const auto& g : good) {
    HealthSample h;
    h.id = g.id, h.time_s = g.time_s, h.lat_deg = g.lat_deg, h.lon_deg = g.lon_deg, h.altitude_ft = g.altitude_ft;
    samples.push_back(h);
  }
  for (const auto& e : episodes) {
    HealthSample h;
    h.id = e.id, h.time_s = e.lost_s, h.lat_deg = e.lost_lat_deg, h.lon_deg = e.lost_lon_deg, h.bad = true;
    h.placement = Placement::LastGood;
    samples.push_back(h);
  }
  std::stable_sort(samples.begin(), samples.end(), [](const auto& a, const auto& b) { return a.time_s < b.time_s; });
  GoodEvidence evidence;
  for (const auto& h : samples) evidence.add(h);
  return evidence;
}

}  // namespace gw::detect::test
