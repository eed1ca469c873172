// Jammer localization (detect::localize, docs/LOCALIZATION.md) on synthetic evidence made from the physics the
// issue gives: a ground jammer of height 10-300 m whose jammed volume at altitude h is a disk of ground radius
// min(power range, 4/3-Earth radio horizon); aircraft on straight tracks lose GNSS where they enter it (the loss
// place is their last good position), regain it farther out (lower acquisition threshold plus a re-acquisition
// delay), and report good GNSS (with altitude) everywhere outside it. Deliberately not exactly the estimator's
// model: each receiver's threshold differs (uniform +-2 dB), and the power range shrinks with altitude
// quadratically (the estimator assumes a linear change). Seeded, so every run is the same.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <numbers>
#include <random>
#include <unordered_map>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <tuple>

#include <simdjson.h>

#include "detect/localize.hpp"
#include "detect/two_jammer_event.hpp"
#include "output/events_writer.hpp"

namespace gw::detect {
namespace {

// Geodesy, the jammer, the evidence store and the two-jammer event are shared with bench_localize_two.
using test::destination;
using test::evidence_of;
using test::great_circle_km;
using test::Jammer;
using test::simulate_two;
using test::TwoJammers;
constexpr double kDeg = test::kDegree;

struct Scenario {
  int tracks = 40;
  double min_alt_ft = 1000, max_alt_ft = 40000;
  double approach_fraction = 0;  // this share of aircraft fly one approach path (bunched) on the west side
  double covered_east_km = 1e9;  // the receiver hears only aircraft west of this (x in km east of the jammer)
  double gain_spread_db = 2.0;   // per-aircraft loss threshold: uniform within +-this (receivers differ)
  double high_range_loss = 0.3;  // the power range shrinks by this fraction from the ground to 40,000 ft
                                 // (the aircraft antenna's gain falls below its horizon), quadratically
  double regain_factor = 1.15;   // regain range / loss range (lower acquisition threshold)
  double max_delay_s = 30;       // re-acquisition delay, uniform in [3, max]
  double on_s = 300, off_s = 2700, end_s = 2800;
  // This share of aircraft (every n-th, no random draw) keeps sending its (true) position while GNSS is lost, as
  // hybrid IRS/GNSS avionics do (NIC 0), one every 10 s up to 300 s after its last good one (HealthTracker).
  double hybrid_fraction = 0;
  // Integrity staircase (docs/INTERFERENCE_MODEL.md §4): an aircraft flying in reports a lower NIC from this many
  // dB before its own loss threshold, and a lower one again from the second (0: none), so from range × 10^(dB/20)
  // of the same receiver (its threshold offset shared). Recorded on the episode like HealthTracker does.
  double drop_db = 0, deeper_drop_db = 0;
  // A moving jammer (a vehicle): its velocity in the plane, km/s east and north; at time 0 it is at (lat, lon).
  double jammer_east_kms = 0, jammer_north_kms = 0;
  // The aircraft antenna's pattern instead of high_range_loss: every level (loss, drops, regain) is crossed where
  // the slant distance is the range times the antenna's gain toward the jammer, 0 dB at and above the horizon,
  // falling linearly to -4.5 dB at 10 degrees below it and flat beyond (docs/INTERFERENCE_MODEL.md, "Aircraft
  // antenna": -5.5 to -10 dBic), at the depression angle over the 4/3 Earth.
  bool antenna_pattern = false;
};

struct Synthetic {
  Event event;
  std::vector<EvidenceSample> good;
  std::vector<ReportedSample> reported;
  // Aircraft whose NIC fell at drop_db and came back up without a loss (HealthTracker's DegradedPass): the first
  // and the last position inside the drop ring, both at the track's one altitude.
  std::vector<DegradedPass> passes;
};

double boundary(const Jammer& j, double range_km, double alt_ft) {
  const double h = alt_ft * 0.3048, dh = (h - j.height_m) / 1000.0;
  const double g2 = range_km * range_km - dh * dh;
  return std::min(g2 > 0 ? std::sqrt(g2) : 0.0, radio_horizon_km(j.height_m, h));
}

// The ground distance at which an aircraft at alt_ft crosses the level whose range is range_km toward the horizon,
// with the antenna's gain falling below the horizon (Scenario::antenna_pattern): the farthest distance within the
// radio horizon where the slant distance is at most the range times the gain (amplitude) at that depression angle.
double boundary_with_pattern(const Jammer& j, double range_km, double alt_ft) {
  const double h = alt_ft * 0.3048, dh = (h - j.height_m) / 1000.0;
  auto inside_level = [&](double d) {
    const double dep_deg = std::atan2(dh - d * d / (2 * 4.0 / 3.0 * test::kEarthKm), d) / kDeg;
    const double gain_db = -4.5 * std::clamp(dep_deg, 0.0, 10.0) / 10.0;
    return std::hypot(d, dh) <= range_km * std::pow(10.0, gain_db / 20.0);
  };
  double d = radio_horizon_km(j.height_m, h);
  while (d > 0 && !inside_level(d)) d -= 0.25;
  if (d <= 0) return 0.0;
  double lo = d, hi = d + 0.25;  // inside at lo, outside at hi (or beyond the horizon)
  for (int i = 0; i < 30; ++i) (inside_level((lo + hi) / 2) ? lo : hi) = (lo + hi) / 2;
  return std::min(lo, radio_horizon_km(j.height_m, h));
}

Synthetic simulate(const Jammer& j, const Scenario& sc, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u01(0, 1);
  std::normal_distribution<double> normal(0, 1);
  Synthetic out;
  const double reach = 1.4 * std::max(boundary(j, j.power_km, 40000), boundary(j, j.power_km, sc.max_alt_ft));
  const double approach_heading = 0.3;  // rad: the approach path's direction
  for (int i = 0; i < sc.tracks; ++i) {
    const bool approach = u01(rng) < sc.approach_fraction;
    double alt_ft = sc.min_alt_ft + (sc.max_alt_ft - sc.min_alt_ft) * u01(rng);
    double heading = 2 * std::numbers::pi * u01(rng);
    double offset = (2 * u01(rng) - 1) * reach;
    if (approach) {  // one path west of the jammer, lateral jitter 2 km, descending traffic at 3,000-12,000 ft
      heading = approach_heading;
      offset = -0.6 * reach + 2 * normal(rng);
      alt_ft = 3000 + 9000 * u01(rng);
    }
    const double speed_kms = (approach ? 0.13 : 0.2) + 0.05 * u01(rng);
    const double h_frac = alt_ft / 40000.0;
    const double range = j.power_km * (sc.antenna_pattern ? 1.0 : 1 - sc.high_range_loss * h_frac * h_frac) *
                         std::pow(10.0, sc.gain_spread_db * (2 * u01(rng) - 1) / 20.0);
    auto level = [&](double range_km) {
      return sc.antenna_pattern ? boundary_with_pattern(j, range_km, alt_ft) : boundary(j, range_km, alt_ft);
    };
    const double b_loss = level(range);
    const double b_regain = level(range * sc.regain_factor);
    const double delay_s = 3 + (sc.max_delay_s - 3) * u01(rng);
    const std::uint32_t id = 0x100000 + static_cast<std::uint32_t>(i);
    // Track: x = offset * n + s * u in the plane about the jammer; s runs from -1.5 reach at its start time.
    const double ux = std::sin(heading), uy = std::cos(heading);
    const double t_start = (sc.end_s - 1.5 * reach / speed_kms) * u01(rng) - 0.5 * reach / speed_kms;
    bool jammed = false, lost_flag = false;
    double last_good_x = 0, last_good_y = 0, last_good_t = -1e9, pending_regain_t = -1;
    double next_good_sample = -1e9, next_reported = -1e9;
    const bool hybrid = (i % 10) < std::lround(sc.hybrid_fraction * 10);
    GnssEpisode ep;
    const double b_drop = sc.drop_db > 0 ? level(range * std::pow(10.0, sc.drop_db / 20)) : 0.0;
    const double b_deeper = sc.deeper_drop_db > 0 ? level(range * std::pow(10.0, sc.deeper_drop_db / 20)) : 0.0;
    double drop_t = kNaN, drop_lat = kNaN, drop_lon = kNaN, deeper_t = kNaN, deeper_lat = kNaN, deeper_lon = kNaN;
    double below_t = kNaN, below_lat = kNaN, below_lon = kNaN;
    for (double t = std::max(0.0, t_start); t <= sc.end_s; t += 0.5) {
      const double s = -1.5 * reach + speed_kms * (t - t_start);
      if (s > 1.5 * reach) break;
      const double x = offset * uy + s * ux, y = -offset * ux + s * uy;
      const double d = std::hypot(x - sc.jammer_east_kms * t, y - sc.jammer_north_kms * t);
      const bool on = t >= sc.on_s && t < sc.off_s;
      const bool heard = x <= sc.covered_east_km;
      if (!jammed && heard) {  // the NIC steps on the way in (a position inside the ring with the jammer on)
        double lat, lon;
        destination(j.lat, j.lon, std::atan2(x, y), std::hypot(x, y), lat, lon);
        if (on && d >= b_drop && !std::isnan(drop_t) && below_t > drop_t) {  // back out of the ring, never lost
          DegradedPass pass;
          pass.id = id;
          pass.in_s = drop_t, pass.in_lat_deg = drop_lat, pass.in_lon_deg = drop_lon;
          pass.out_s = below_t, pass.out_lat_deg = below_lat, pass.out_lon_deg = below_lon;
          pass.back_s = t;
          pass.in_altitude_ft = pass.out_altitude_ft = static_cast<std::int32_t>(alt_ft);
          out.passes.push_back(pass);
        }
        if (!on || d >= b_drop) drop_t = deeper_t = kNaN;
        if (on && d < b_drop && std::isnan(drop_t)) drop_t = t, drop_lat = lat, drop_lon = lon;
        if (on && d < b_drop) below_t = t, below_lat = lat, below_lon = lon;
        if (on && d < b_deeper && std::isnan(deeper_t)) deeper_t = t, deeper_lat = lat, deeper_lon = lon;
      }
      // The receiver's state: loses when inside the loss range, regains outside the regain range after the delay.
      if (!jammed && on && d < b_loss) {
        jammed = true;
        pending_regain_t = -1;
        if (heard || t - last_good_t < 300) {
          ep = GnssEpisode{};
          ep.id = id;
          ep.lost_s = t + 8.5;  // the classifier's counter needs ~17 bad messages
          ep.altitude_ft = static_cast<std::int32_t>(alt_ft);
          if (t - last_good_t < 300) {
            double lat, lon;
            destination(j.lat, j.lon, std::atan2(last_good_x, last_good_y), std::hypot(last_good_x, last_good_y), lat,
                        lon);
            ep.lost_lat_deg = lat, ep.lost_lon_deg = lon;
            if (!std::isnan(drop_t)) {
              ep.degraded_s = drop_t, ep.degraded_lat_deg = drop_lat, ep.degraded_lon_deg = drop_lon;
              ep.degraded_altitude_ft = static_cast<std::int32_t>(alt_ft);
            }
            if (!std::isnan(deeper_t)) {
              ep.degraded_more_s = deeper_t, ep.degraded_more_lat_deg = deeper_lat, ep.degraded_more_lon_deg = deeper_lon;
              ep.degraded_more_altitude_ft = static_cast<std::int32_t>(alt_ft);
            }
          }
          drop_t = deeper_t = kNaN;
          lost_flag = true;
        }
      } else if (jammed && (!on || d > b_regain)) {
        if (pending_regain_t < 0) pending_regain_t = t + delay_s;
        if (t >= pending_regain_t) jammed = false;
      } else if (jammed) {
        pending_regain_t = -1;
      }
      if (!heard) continue;
      double lat = 0, lon = 0;
      if (jammed && hybrid && lost_flag && t >= ep.lost_s && t - last_good_t <= 300 && t >= next_reported) {
        destination(j.lat, j.lon, std::atan2(x, y), std::hypot(x, y), lat, lon);
        out.reported.push_back({t, static_cast<float>(lat), static_cast<float>(lon), static_cast<std::int32_t>(alt_ft), id, 0});
        next_reported = t + 10;
      }
      if (!jammed) {
        destination(j.lat, j.lon, std::atan2(x, y), std::hypot(x, y), lat, lon);
        last_good_x = x, last_good_y = y, last_good_t = t;
        if (lost_flag) {  // first good position after a loss: the regain place
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
    }
    if (lost_flag) out.event.episodes.push_back(ep);  // never heard good again
  }
  std::sort(out.event.episodes.begin(), out.event.episodes.end(),
            [](const GnssEpisode& a, const GnssEpisode& b) { return a.lost_s < b.lost_s; });
  out.event.start_s = out.event.episodes.empty() ? 0 : out.event.episodes.front().lost_s;
  out.event.end_s = out.event.start_s;
  for (const auto& e : out.event.episodes) {
    out.event.end_s = std::max(out.event.end_s, std::isfinite(e.regained_s) ? e.regained_s : e.lost_s);
  }
  std::vector<std::uint32_t> ids;
  for (const auto& e : out.event.episodes) ids.push_back(e.id);
  std::sort(ids.begin(), ids.end());
  out.event.affected = static_cast<std::size_t>(std::unique(ids.begin(), ids.end()) - ids.begin());
  std::erase_if(out.good, [&](const EvidenceSample& s) { return s.time_s < out.event.start_s || s.time_s > out.event.end_s; });
  return out;
}

// Ray casting in (lon, lat): the rings are small and far from the poles and the antimeridian.
bool inside(const std::vector<geo::h3::LatLng>& ring, double lat, double lon) {
  bool in = false;
  for (std::size_t i = 0, k = ring.size() - 1; i < ring.size(); k = i++) {
    const auto& a = ring[i];
    const auto& b = ring[k];
    if ((a.lat_deg > lat) != (b.lat_deg > lat) &&
        lon < (b.lon_deg - a.lon_deg) * (lat - a.lat_deg) / (b.lat_deg - a.lat_deg) + a.lon_deg)
      in = !in;
  }
  return in;
}

double error_km(const SourceEstimate& s, const Jammer& j) { return great_circle_km(s.lat_deg, s.lon_deg, j.lat, j.lon); }

TEST(Localize, FindsAJammerFromTracksAtSeveralAltitudes) {
  const Jammer j;
  const Synthetic syn = simulate(j, Scenario{}, 1);
  ASSERT_GE(syn.event.affected, 10u);
  const SourceEstimate s = localize(syn.event, syn.good);
  ASSERT_EQ(s.status, SourceStatus::Located) << s.reason;
  EXPECT_LT(error_km(s, j), 5.0);  // receivers' thresholds spread +-2 dB: +-26 % in range
  EXPECT_NEAR(s.radius_km, j.power_km, 0.15 * j.power_km);
  EXPECT_EQ(s.aircraft, syn.event.affected);
  EXPECT_GT(s.witnesses, 10u);
  EXPECT_TRUE(inside(s.ci95, j.lat, j.lon));
  EXPECT_GT(s.semi_major_km, 0);
  EXPECT_GE(s.semi_major_km, s.semi_minor_km);
  ASSERT_GE(s.ci95.size(), 4u);
  EXPECT_EQ(s.ci95.front().lat_deg, s.ci95.back().lat_deg);
  EXPECT_EQ(s.ci95.front().lon_deg, s.ci95.back().lon_deg);
}

TEST(Localize, LowAircraftSeeTheHorizonNotThePower) {
  // A strong jammer (power range 250 km) on a 100 m mast: at 1,000-8,000 ft the radio horizon (74-135 km)
  // bounds the disk; the fit must use the horizon, or it would put the jammer off-centre.
  Jammer j;
  j.power_km = 250;
  j.height_m = 100;
  Scenario sc;
  sc.max_alt_ft = 8000;
  sc.tracks = 50;
  const Synthetic syn = simulate(j, sc, 7);
  const SourceEstimate s = localize(syn.event, syn.good);
  ASSERT_EQ(s.status, SourceStatus::Located) << s.reason;
  EXPECT_LT(error_km(s, j), 5.0);
  EXPECT_NEAR(s.radius_at_ft[0], boundary(j, j.power_km, 1000), 10.0);
}

// Events of one jammer and traffic pattern over seeds [first, last): how many were located, how many 95 %
// regions held the jammer, and the errors.
struct Trials {
  int located = 0, contained = 0;
  std::vector<double> errors;
  double median_error_km() const {
    std::vector<double> sorted = errors;
    std::sort(sorted.begin(), sorted.end());
    return sorted.empty() ? 1e9 : sorted[sorted.size() / 2];
  }
};

Trials run_trials(const Jammer& j, const Scenario& sc, std::uint64_t first, std::uint64_t last) {
  Trials t;
  for (std::uint64_t seed = first; seed < last; ++seed) {
    const Synthetic syn = simulate(j, sc, seed);
    const SourceEstimate s = localize(syn.event, syn.good);
    if (s.status != SourceStatus::Located) continue;
    ++t.located;
    t.errors.push_back(error_km(s, j));
    t.contained += inside(s.ci95, j.lat, j.lon);
  }
  return t;
}

TEST(Localize, BunchedApproachTrafficDoesNotPullTheEstimate) {
  const Jammer j;
  Scenario sc;
  sc.tracks = 80;
  sc.approach_fraction = 0.6;
  const Trials t = run_trials(j, sc, 100, 120);
  ASSERT_GE(t.located, 18);
  EXPECT_LT(t.median_error_km(), 5.0);
  EXPECT_GE(t.contained, t.located * 8 / 10);
}

double quantile_of(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

// Positions that lost aircraft keep sending (hybrid avionics, NIC 0) lie inside the disk or in the ring beyond it
// where the receiver has not re-acquired yet: where the loss places cover only an arc (the receiver hears nothing
// east of 20 km west of the jammer), they rule out many of the disks through that arc that the losses and good
// samples alone allow. Same 40 events with and without them. Since session 11 with the simulator's hysteresis
// (regain range 1.97 times the loss range; before, 1.15, where nearly every lost aircraft is inside the loss disk
// and the gain was median 19.0 -> 14.0 km, 90th percentile 46.1 -> 40.6 km, taking them as inside only).
TEST(Localize, PositionsOfLostAircraftPullShortArcFitsTowardsTheJammer) {
  const Jammer j;
  Scenario sc;
  sc.covered_east_km = -20;
  sc.tracks = 30;
  sc.hybrid_fraction = 1.0;
  sc.regain_factor = 1.97;  // 10^(5.9/20): the simulator's hysteresis, which the model's prior on rho assumes
  std::vector<double> without, with;
  std::size_t reported = 0;
  for (std::uint64_t seed = 300; seed < 340; ++seed) {
    const Synthetic syn = simulate(j, sc, seed);
    reported += syn.reported.size();
    const SourceEstimate a = localize(syn.event, syn.good);
    const SourceEstimate b = localize(syn.event, syn.good, syn.reported);
    if (a.status != SourceStatus::Located || b.status != SourceStatus::Located) continue;  // compare like with like
    without.push_back(error_km(a, j));
    with.push_back(error_km(b, j));
  }
  ASSERT_GT(reported, 1000u);
  ASSERT_GE(with.size(), 30u);
  // Measured: median 17.8 -> 16.4 km, 90th percentile 44.7 -> 37.9 km (taking them as inside the loss disk only,
  // before session 11: 16.3 and 37.0 km).
  EXPECT_LT(quantile_of(with, 0.5), 0.95 * quantile_of(without, 0.5));
  EXPECT_LT(quantile_of(with, 0.9), 0.9 * quantile_of(without, 0.9));
}

// A lost aircraft stays lost until its receiver gets below the acquisition threshold, 5.9 dB lower than the loss
// threshold (docs/INTERFERENCE_MODEL.md §2: 1.97 times the loss range in free space), so an aircraft that crossed or
// only skimmed a small disk keeps reporting its (hybrid) positions from the ring beyond it, up to twice as far out
// (here a fifth of them lie farther from the jammer than the aircraft's own loss place). Taken as inside the loss
// disk they pulled the fit towards them; as inside it or within rho times the receiver's own distance at its loss,
// they do not. A 40 km jammer, every aircraft hybrid, 30 tracks, 40 events: the fit with the positions is no worse
// than without them.
TEST(Localize, PositionsOfAircraftStillLostBeyondTheDiskDoNotPullTheFit) {
  Jammer j;
  j.power_km = 40;
  Scenario sc;
  sc.tracks = 30;
  sc.hybrid_fraction = 1.0;
  sc.regain_factor = 1.97;  // 10^(5.9/20)
  std::vector<double> without, with;
  std::size_t beyond = 0, reported = 0;
  for (std::uint64_t seed = 700; seed < 740; ++seed) {
    const Synthetic syn = simulate(j, sc, seed);
    for (const ReportedSample& r : syn.reported) {
      ++reported;
      for (const GnssEpisode& e : syn.event.episodes)
        if (e.id == r.id && r.time_s >= e.lost_s && !(r.time_s >= e.regained_s) && std::isfinite(e.lost_lat_deg))
          beyond += great_circle_km(r.lat_deg, r.lon_deg, j.lat, j.lon) >
                    great_circle_km(e.lost_lat_deg, e.lost_lon_deg, j.lat, j.lon);
    }
    const SourceEstimate a = localize(syn.event, syn.good);
    const SourceEstimate b = localize(syn.event, syn.good, syn.reported);
    if (a.status != SourceStatus::Located || b.status != SourceStatus::Located) continue;  // compare like with like
    without.push_back(error_km(a, j));
    with.push_back(error_km(b, j));
  }
  ASSERT_GE(with.size(), 35u);
  ASSERT_GT(beyond, reported / 6);  // the ring's positions are there
  // Measured (40 events): without 1.53 / 2.85 km (median / 90th percentile), with 1.52 / 2.78 km; with them taken as
  // inside the loss disk only (before session 11) 2.92 / 4.90 km.
  EXPECT_LT(quantile_of(with, 0.5), 1.05 * quantile_of(without, 0.5));
  EXPECT_LT(quantile_of(with, 0.9), 1.05 * quantile_of(without, 0.9));
}

// Regain places lie on the boundary of the larger acquisition disk (5.9 dB of hysteresis: 1.97 times the loss range
// in free space, docs/INTERFERENCE_MODEL.md §2), usually on the far side of the disk from the loss (the aircraft
// crossed it). Where the receiver hears only the west of the disk (nothing east of 20 km west of the jammer), the
// loss places are one arc, and a small disk through it fits them about as well as the true one; the regain places,
// a second arc at about twice the range, fix the centre. Same events with and without the regain places.
TEST(Localize, RegainPlacesOnTheAcquisitionBoundaryFixShortArcFits) {
  const Jammer j;
  Scenario sc;
  sc.covered_east_km = -20;
  sc.tracks = 30;
  sc.regain_factor = 1.97;  // 10^(5.9/20)
  std::vector<double> without, with;
  for (std::uint64_t seed = 300; seed < 340; ++seed) {
    const Synthetic syn = simulate(j, sc, seed);
    Event no_regains = syn.event;
    for (GnssEpisode& e : no_regains.episodes) e.regained_lat_deg = e.regained_lon_deg = kNaN;
    const SourceEstimate a = localize(no_regains, syn.good);
    const SourceEstimate b = localize(syn.event, syn.good);
    if (a.status != SourceStatus::Located || b.status != SourceStatus::Located) continue;  // compare like with like
    without.push_back(error_km(a, j));
    with.push_back(error_km(b, j));
  }
  ASSERT_GE(with.size(), 25u);
  // Measured (38 events located both ways): median 20.6 -> 17.8 km, 90th percentile 48.3 -> 44.7 km.
  EXPECT_LT(quantile_of(with, 0.5), 0.9 * quantile_of(without, 0.5));
  EXPECT_LT(quantile_of(with, 0.9), quantile_of(without, 0.9));
}

// The event as it would be without its drop places (aircraft whose NIC never fell before the loss).
Event without_drop_places(Event event) {
  for (GnssEpisode& e : event.episodes) {
    e.degraded_lat_deg = e.degraded_lon_deg = e.degraded_more_lat_deg = e.degraded_more_lon_deg = kNaN;
    e.degraded_s = e.degraded_more_s = kNaN;
  }
  return event;
}

// The same seeds' events located with and without their drop places (docs/LOCALIZATION.md, "Degradation places"):
// the errors of the events located both ways (like with like) and how many regions with the drops contain the jammer.
struct WithAndWithoutDrops {
  std::vector<double> without, with;
  int contained = 0;
};
WithAndWithoutDrops locate_with_and_without_drops(const Jammer& j, const Scenario& sc, std::uint64_t first_seed,
                                                  std::uint64_t end_seed) {
  WithAndWithoutDrops r;
  for (std::uint64_t seed = first_seed; seed < end_seed; ++seed) {
    const Synthetic syn = simulate(j, sc, seed);
    const SourceEstimate a = localize(without_drop_places(syn.event), syn.good);
    const SourceEstimate b = localize(syn.event, syn.good);
    if (a.status != SourceStatus::Located || b.status != SourceStatus::Located) continue;
    r.without.push_back(error_km(a, j));
    r.with.push_back(error_km(b, j));
    r.contained += inside(b.ci95, j.lat, j.lon);
  }
  std::printf("median %.2f -> %.2f km, 90th percentile %.2f -> %.2f km, %d of %zu contained\n", quantile_of(r.without, 0.5),
              quantile_of(r.with, 0.5), quantile_of(r.without, 0.9), quantile_of(r.with, 0.9), r.contained, r.with.size());
  return r;
}

// The simulator's staircase: each aircraft's NIC drops 4 and 2 dB before its own loss threshold.
Scenario staircase_scenario() {
  Scenario sc;
  sc.drop_db = 4;
  sc.deeper_drop_db = 2;
  return sc;
}

// Degradation before the loss (docs/LOCALIZATION.md, "Degradation places"): with each aircraft's NIC dropping at
// 4 and 2 dB before its own loss threshold, the places of the drops and of the loss lie at distances in fixed
// ratios with the receiver's threshold offset (+-2 dB, +-26 % in range) shared, so the offset cancels.
TEST(Localize, DegradationPlacesCancelTheReceiversThresholdSpread) {
  const Jammer j;
  const auto [without, with, contained] = locate_with_and_without_drops(j, staircase_scenario(), 400, 430);
  ASSERT_GE(with.size(), 25u);
  EXPECT_LT(quantile_of(with, 0.5), 0.5 * quantile_of(without, 0.5));
  EXPECT_LT(quantile_of(with, 0.9), 0.5 * quantile_of(without, 0.9));
  EXPECT_GE(contained, static_cast<int>(with.size()) - 1);
}

// The estimate says what degradation evidence it rests on (events.json's drop_pairs and passes): a fit with 4 or
// more has its 95 % region calibrated apart from the pairless fits (docs/LOCALIZATION.md, "95 % region").
TEST(Localize, AnEstimateSaysHowManyDropPairsAndPassesItRestsOn) {
  const Jammer j;
  const Synthetic syn = simulate(j, staircase_scenario(), 400);
  const SourceEstimate without = localize(without_drop_places(syn.event), syn.good);
  const SourceEstimate with = localize(syn.event, syn.good, syn.reported, syn.passes);
  ASSERT_EQ(without.status, SourceStatus::Located);
  ASSERT_EQ(with.status, SourceStatus::Located);
  EXPECT_EQ(without.drop_pairs, 0u);
  EXPECT_EQ(without.passes, 0u);
  EXPECT_GE(with.drop_pairs, 4u);
  EXPECT_GE(with.passes, 1u);
  EXPECT_TRUE(inside(with.ci95, j.lat, j.lon));
  EXPECT_LT(with.semi_major_km, without.semi_major_km);
}

// 30 tracks whose NIC drops 4 and 2 dB before their own loss threshold (the simulator's staircase) and whose regain
// range is 1.97 times the loss range (10^(5.9/20): the 5.9 dB hysteresis).
Scenario two_drops_scenario() {
  Scenario sc = staircase_scenario();
  sc.tracks = 30;
  sc.regain_factor = 1.97;
  return sc;
}

// A jammer heard on one side only (the receiver hears nothing east of 20 km west of it, as on a coast with the
// receivers inland): the loss places are one arc, and with the receivers' +-2 dB threshold spread (+-26 % in range)
// a smaller or larger disk through it fits them about as well as the true one. The degradation pairs of the same
// aircraft do not scatter with that spread (it cancels in their ratio), so they fix the centre, as far as the fit
// trusts them: their scatter about the model is that of the places (kRatioTau, docs/LOCALIZATION.md, "Degradation
// places"). Same 40 events with and without the drop places.
TEST(Localize, DegradationPairsPlaceAJammerSeenOnOneSide) {
  const Jammer j;
  Scenario sc = two_drops_scenario();
  sc.covered_east_km = -20;
  const auto [without, with, contained] = locate_with_and_without_drops(j, sc, 800, 840);
  ASSERT_GE(with.size(), 30u);
  // Measured (39 events located both ways; session 13, the gain term flat below 10 degrees and its slope's prior):
  // median 26.1 -> 2.0 km, 90th percentile 61.8 -> 21.3 km, 31 of 39 contained (33 before session 14's kPairRegionScale); session 12: 28.2 -> 2.1 and 65.5 ->
  // 20.3 km; with the pairs' tau of before session 12 (0.02) 26.1 -> 4.9 and 61.8 -> 23.5 km.
  EXPECT_LT(quantile_of(with, 0.5), 0.15 * quantile_of(without, 0.5));
  EXPECT_LT(quantile_of(with, 0.9), 0.5 * quantile_of(without, 0.9));
}

// The aircraft antenna's gain toward a ground jammer falls below the horizon and levels off (the simulator's and
// docs/INTERFERENCE_MODEL.md's pattern: -4.5 dB from the horizon to 10 degrees below it, flat beyond). High aircraft
// near the jammer see it steeply below them, where the gain no longer changes: the pairs' gain term must level off
// there too (kGainFlatBelowDeg), or it reads the flat part as a change of range and shifts the fit. Aircraft at
// 20,000-40,000 ft, whose drop and loss places lie about 10 degrees below the horizon; the same 40 events with and
// without the drop places.
TEST(Localize, DegradationPairsSeeTheAntennaGainLevelOffBelowTheHorizon) {
  const Jammer j;
  Scenario sc = two_drops_scenario();
  sc.antenna_pattern = true;
  sc.min_alt_ft = 20000;
  const auto [without, with, contained] = locate_with_and_without_drops(j, sc, 900, 940);
  ASSERT_GE(with.size(), 38u);
  // Measured (40 events): without the drop places median 4.10 km, 90th percentile 6.64 km; with them 0.20 and
  // 0.40 km, 40 of 40 regions containing the jammer. With the gain term linear at every angle (before session 13):
  // 3.97 and 10.11 km, 22 of 40 contained.
  EXPECT_LT(quantile_of(with, 0.5), 1.0);
  EXPECT_LT(quantile_of(with, 0.9), 2.0);
  EXPECT_GE(contained, static_cast<int>(with.size()) - 2);
}

// Degradation passes (docs/LOCALIZATION.md, "Degradation passes"): aircraft that skim the ring between the drop's
// disk and the loss disk, their NIC falling at 4 dB before their own threshold and coming back up, cross the same
// level going in and out, so the two places lie at the same distance from the jammer whatever the receiver's
// +-2 dB offset: the jammer lies on their perpendicular bisector. Each event is fitted with its drop places and
// without, then with, the passes.
TEST(Localize, DegradationPassesAddWhatTheThresholdSpreadHides) {
  const Jammer j;
  const Scenario sc = staircase_scenario();
  std::vector<double> without, with;
  int contained = 0;
  std::size_t passes = 0;
  for (std::uint64_t seed = 400; seed < 430; ++seed) {
    const Synthetic syn = simulate(j, sc, seed);
    const SourceEstimate a = localize(syn.event, syn.good, syn.reported, std::span<const DegradedPass>{});
    const SourceEstimate b = localize(syn.event, syn.good, syn.reported, syn.passes);
    if (a.status != SourceStatus::Located || b.status != SourceStatus::Located) continue;
    without.push_back(error_km(a, j));
    with.push_back(error_km(b, j));
    contained += inside(b.ci95, j.lat, j.lon);
    passes += syn.passes.size();
  }
  ASSERT_GE(with.size(), 25u);
  std::printf("%zu passes: median %.2f -> %.2f km, 90th percentile %.2f -> %.2f km, %d of %zu contained\n", passes,
              quantile_of(without, 0.5), quantile_of(with, 0.5), quantile_of(without, 0.9), quantile_of(with, 0.9),
              contained, with.size());
  EXPECT_LT(quantile_of(with, 0.5), 0.75 * quantile_of(without, 0.5));
  EXPECT_LT(quantile_of(with, 0.9), quantile_of(without, 0.9));
  EXPECT_GE(contained, static_cast<int>(with.size()) - 1);
}

// Passes of other aircraft far from the event, or those that came back up together (the jammer switching off with
// aircraft in the ring), change nothing.
TEST(Localize, DegradationPassesFarAwayOrInABurstAreIgnored) {
  const Jammer j;
  Scenario sc;
  sc.drop_db = 4;
  const Synthetic syn = simulate(j, sc, 401);
  std::vector<DegradedPass> stray;
  for (int k = 0; k < 6; ++k) {
    DegradedPass far;  // 1,000 km away
    far.id = 0xABC000 + static_cast<std::uint32_t>(k);
    far.in_s = syn.event.start_s + 100.0 * k, far.out_s = far.in_s + 200, far.back_s = far.out_s + 1;
    far.in_lat_deg = j.lat + 9, far.in_lon_deg = j.lon, far.out_lat_deg = j.lat + 9.5, far.out_lon_deg = j.lon + 1;
    far.in_altitude_ft = far.out_altitude_ft = 35000;
    stray.push_back(far);
    DegradedPass off = far;  // near, but all back up within 2 s of one another: a switch-off
    off.id = 0xDEF000 + static_cast<std::uint32_t>(k);
    off.in_lat_deg = j.lat + 0.5 + 0.1 * k, off.out_lat_deg = j.lat - 0.3, off.out_lon_deg = j.lon + 0.2 * k;
    off.back_s = syn.event.start_s + 1000 + 0.3 * k, off.out_s = off.back_s - 1, off.in_s = off.back_s - 300 - 20 * k;
    stray.push_back(off);
  }
  const SourceEstimate a = localize(syn.event, syn.good, syn.reported, std::span<const DegradedPass>{});
  const SourceEstimate b = localize(syn.event, syn.good, syn.reported, stray);
  ASSERT_EQ(a.status, SourceStatus::Located);
  ASSERT_EQ(b.status, SourceStatus::Located);
  EXPECT_DOUBLE_EQ(a.lat_deg, b.lat_deg);
  EXPECT_DOUBLE_EQ(a.lon_deg, b.lon_deg);
}

// A jammer switching on with aircraft already in the rings round its loss disk lowers their NIC at that instant
// wherever they are: a pass that goes in then is no crossing of a level, nor is a drop then. One drop and two such
// passes are below the three a burst of one kind needs, but together they are a switch-on (docs/LOCALIZATION.md,
// "Switching on and off"): the passes and that drop's pair are left out, so the estimate is exactly the one without
// them; the same passes at a time when nothing else happened are used (they move the estimate).
TEST(Localize, PassesAndDropsAtASwitchOnAreIgnoredEvenWhenFew) {
  const Jammer j;
  Scenario sc;
  sc.tracks = 30;
  sc.drop_db = 4;
  const Synthetic syn = simulate(j, sc, 402);
  // The switch-on: the first drop (in time) of an episode with a drop place, and two passes going in with it.
  std::size_t k = syn.event.episodes.size();
  for (std::size_t i = 0; i < syn.event.episodes.size(); ++i) {
    const GnssEpisode& e = syn.event.episodes[i];
    if (std::isfinite(e.degraded_s) && std::isfinite(e.degraded_lat_deg) &&
        (k == syn.event.episodes.size() || e.degraded_s < syn.event.episodes[k].degraded_s))
      k = i;
  }
  ASSERT_LT(k, syn.event.episodes.size());
  const double t_on = syn.event.episodes[k].degraded_s;
  // Far from any other NIC time: the control below puts the same passes 400 s later.
  auto bogus = [&](double t) {
    std::vector<DegradedPass> v;
    for (int n = 0; n < 2; ++n) {
      // In 60 km north and out 60 km south-east of a point 1 km east of the jammer: a plausible pass of a source
      // there (its log ratio at the jammer is 0.012, under one sd of the pass term), so it pulls the estimate.
      DegradedPass q;
      const double km_lat = 1 / 111.2, km_lon = 1 / (111.2 * std::cos(j.lat * std::numbers::pi / 180));
      q.id = 0xBAD000 + static_cast<std::uint32_t>(n);
      q.in_s = t + n, q.out_s = q.in_s + 400, q.back_s = q.out_s + 1;
      q.in_lat_deg = j.lat + 60 * km_lat, q.in_lon_deg = j.lon + 1 * km_lon;
      q.out_lat_deg = j.lat - 42.43 * km_lat, q.out_lon_deg = j.lon + (1 + 42.43) * km_lon;
      q.in_altitude_ft = q.out_altitude_ft = 35000;
      v.push_back(q);
    }
    return v;
  };
  Event without_drop = syn.event;
  without_drop.episodes[k].degraded_s = kNaN;
  without_drop.episodes[k].degraded_lat_deg = without_drop.episodes[k].degraded_lon_deg = kNaN;
  const SourceEstimate a = localize(without_drop, syn.good, syn.reported, std::span<const DegradedPass>{});
  const SourceEstimate b = localize(syn.event, syn.good, syn.reported, bogus(t_on));
  ASSERT_EQ(a.status, SourceStatus::Located) << a.reason;
  ASSERT_EQ(b.status, SourceStatus::Located) << b.reason;
  EXPECT_DOUBLE_EQ(a.lat_deg, b.lat_deg);
  EXPECT_DOUBLE_EQ(a.lon_deg, b.lon_deg);
  // Control: with nothing else at their time the two passes are evidence like any other.
  double quiet = t_on + 400;
  for (const GnssEpisode& e : syn.event.episodes)
    for (double t : {e.degraded_s, e.degraded_more_s}) ASSERT_FALSE(std::abs(t - quiet) < 60) << "pick another time";
  const SourceEstimate c = localize(syn.event, syn.good, syn.reported, std::span<const DegradedPass>{});
  const SourceEstimate d = localize(syn.event, syn.good, syn.reported, bogus(quiet));
  ASSERT_EQ(d.status, SourceStatus::Located) << d.reason;
  std::printf("switch-on passes: %.4f km from the estimate without them; the same passes 400 s later: %.4f km\n",
              great_circle_km(a.lat_deg, a.lon_deg, b.lat_deg, b.lon_deg),
              great_circle_km(c.lat_deg, c.lon_deg, d.lat_deg, d.lon_deg));
  // Measured 0.046 km since session 12 (the drop pairs' tau 0.005: they hold the fit more firmly than with 0.02);
  // the switch-on case above is exactly 0.
  EXPECT_GT(great_circle_km(c.lat_deg, c.lon_deg, d.lat_deg, d.lon_deg), 0.02);
}

// Large events (issue 4: localizing one of up to 1,000 aircraft in under a second) use the drop pairs of a subset
// of the aircraft and rank the start grid on a share of the points: still accurate, the region still holds the
// jammer, and the subset is chosen by aircraft, not by the order the episodes come in.
TEST(Localize, LargeEventsStayAccurateOnASubsetOfTheirEvidence) {
  const Jammer j;
  Scenario sc;
  sc.tracks = 700;
  sc.drop_db = 4;
  sc.deeper_drop_db = 2;
  const Synthetic syn = simulate(j, sc, 11);
  ASSERT_GT(syn.event.affected, 250u);
  const SourceEstimate s = localize(syn.event, syn.good);
  ASSERT_EQ(s.status, SourceStatus::Located) << s.reason;
  Event reversed = syn.event;
  std::reverse(reversed.episodes.begin(), reversed.episodes.end());
  const SourceEstimate r = localize(reversed, syn.good);
  ASSERT_EQ(r.status, SourceStatus::Located) << r.reason;
  std::printf("%zu aircraft: error %.3f km (reversed %.3f km), 95 %% region %.2f x %.2f km\n", s.aircraft,
              error_km(s, j), error_km(r, j), s.semi_major_km, s.semi_minor_km);
  EXPECT_LT(error_km(s, j), 1.0);
  EXPECT_TRUE(inside(s.ci95, j.lat, j.lon));
  EXPECT_LT(great_circle_km(s.lat_deg, s.lon_deg, r.lat_deg, r.lon_deg), 0.2);
}

// Reported positions of aircraft that are not in the event, or outside their episodes, are not used.
TEST(Localize, ReportedPositionsOutsideTheEventsEpisodesAreIgnored) {
  const Jammer j;
  const Synthetic syn = simulate(j, Scenario{}, 1);
  std::vector<ReportedSample> stray;
  for (int k = 0; k < 50; ++k) {
    stray.push_back({syn.event.start_s + 10.0 * k, 10.0f, 10.0f, 30000, 0xABCDEF, 0});  // another aircraft
    const GnssEpisode& e = syn.event.episodes.front();
    stray.push_back({e.lost_s - 100.0 - k, 10.0f, 10.0f, 30000, e.id, 0});  // before its loss
  }
  const SourceEstimate a = localize(syn.event, syn.good);
  const SourceEstimate b = localize(syn.event, syn.good, stray);
  ASSERT_EQ(a.status, SourceStatus::Located);
  ASSERT_EQ(b.status, SourceStatus::Located);
  EXPECT_DOUBLE_EQ(a.lat_deg, b.lat_deg);
  EXPECT_DOUBLE_EQ(a.lon_deg, b.lon_deg);
}

TEST(Localize, CoverageBiasWidensTheRegionInsteadOfMisplacingIt) {
  // The receiver hears nothing east of 20 km east of the jammer: losses and good samples only on the west side.
  const Jammer j;
  Scenario sc;
  sc.covered_east_km = 20;
  sc.tracks = 60;
  const Trials t = run_trials(j, sc, 200, 220);
  ASSERT_GE(t.located, 15);
  EXPECT_LT(t.median_error_km(), 6.0);
  EXPECT_GE(t.contained, t.located * 8 / 10);
}

TEST(Localize, NinetyFivePercentRegionsAreCalibrated) {
  // 200 seeded events with random jammers (height 10-300 m, power range 40-150 km) and traffic: the 95 % region
  // should contain the truth in at least 90 % of them, without being uselessly wide. (Here it contains it in
  // nearly all: the region's inflation and systematic part were calibrated on held-out scenarios of the scenario
  // simulator, whose physics is further from the disk model than this generator's; docs/LOCALIZATION.md.)
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> u01(0, 1);
  int located = 0, contained = 0;
  std::vector<double> errors, widths;
  for (int trial = 0; trial < 200; ++trial) {
    Jammer j;
    j.lat = 30 + 30 * u01(rng);
    j.lon = -10 + 140 * u01(rng);
    j.height_m = 10 + 290 * u01(rng);
    j.power_km = 40 + 110 * u01(rng);
    Scenario sc;
    sc.tracks = 30 + static_cast<int>(40 * u01(rng));
    const Synthetic syn = simulate(j, sc, 1000 + static_cast<std::uint64_t>(trial));
    if (syn.event.affected < 5) continue;
    const SourceEstimate s = localize(syn.event, syn.good);
    if (s.status != SourceStatus::Located) continue;
    ++located;
    errors.push_back(error_km(s, j));
    contained += inside(s.ci95, j.lat, j.lon);
    widths.push_back(s.semi_major_km / j.power_km);
  }
  ASSERT_GE(located, 150);
  std::sort(errors.begin(), errors.end());
  const double coverage = static_cast<double>(contained) / located;
  RecordProperty("coverage", std::to_string(coverage));
  std::sort(widths.begin(), widths.end());
  std::printf("calibration: %d located, coverage %.3f, median error %.2f km, p95 %.2f km, median semi-major %.3f "
              "of the range\n", located, coverage, errors[errors.size() / 2], errors[errors.size() * 95 / 100],
              widths[widths.size() / 2]);
  EXPECT_GE(coverage, 0.90);
  EXPECT_LT(widths[widths.size() / 2], 0.3);  // the region is a small part of the disk, not the disk (0.23)
  EXPECT_LT(errors[errors.size() / 2], 3.5);
  EXPECT_LT(errors[errors.size() * 95 / 100], 10.0);
}

TEST(Localize, TooFewAircraftSayInsufficientEvidence) {
  const Jammer j;
  Scenario sc;
  sc.tracks = 40;
  Synthetic syn = simulate(j, sc, 3);
  ASSERT_GE(syn.event.affected, 3u);
  // Keep the episodes of two aircraft only.
  std::vector<GnssEpisode> two;
  for (const auto& e : syn.event.episodes)
    if (e.id == syn.event.episodes[0].id || e.id == syn.event.episodes.back().id) two.push_back(e);
  syn.event.episodes = two;
  const SourceEstimate s = localize(syn.event, syn.good);
  EXPECT_EQ(s.status, SourceStatus::InsufficientEvidence);
  EXPECT_EQ(s.aircraft, 2u);
  EXPECT_FALSE(s.reason.empty());
  EXPECT_TRUE(s.ci95.empty());
  EXPECT_FALSE(std::isfinite(s.lat_deg));
}

// Aircraft first heard already without GNSS give episodes seen only at the regain (docs/HEALTH.md, "Losses seen
// at the regain"): no loss place, a regain place on the acquisition boundary. An event made only of those is
// located from the regain places when enough aircraft surround the jammer, and the 95 % regions still hold it;
// two such aircraft are not enough to guess from.
Synthetic regain_only(const Synthetic& syn) {
  Synthetic out = syn;
  std::erase_if(out.event.episodes, [](const GnssEpisode& e) { return !std::isfinite(e.regained_lat_deg); });
  for (GnssEpisode& e : out.event.episodes) {
    e.lost_lat_deg = e.lost_lon_deg = kNaN;
    e.seen_at_regain = true;
  }
  return out;
}

TEST(Localize, EventsOfLossesSeenAtTheRegainAreLocatedFromTheRegainPlaces) {
  const Jammer j;
  Scenario sc;
  sc.regain_factor = 1.97;  // 10^(5.9/20): the acquisition disk of docs/INTERFERENCE_MODEL.md §2
  int located = 0, contained = 0;
  std::vector<double> errors;
  for (std::uint64_t seed = 500; seed < 520; ++seed) {
    const Synthetic syn = regain_only(simulate(j, sc, seed));
    ASSERT_GE(syn.event.episodes.size(), 10u);
    const SourceEstimate s = localize(syn.event, syn.good);
    if (s.status != SourceStatus::Located) continue;
    ++located;
    errors.push_back(error_km(s, j));
    contained += inside(s.ci95, j.lat, j.lon);
    // The loss range follows from the acquisition one through the ratio's prior (2, sd 0.3 in log).
    EXPECT_GT(s.radius_km, 0.5 * j.power_km);
    EXPECT_LT(s.radius_km, 2.0 * j.power_km);
  }
  ASSERT_GE(located, 18);
  EXPECT_LT(quantile_of(errors, 0.5), 10.0);
  EXPECT_GE(contained, located * 9 / 10);

  // Only an arc of regain places (the receiver hears nothing east of 20 km west of the jammer): they do not
  // surround any source, so no guess is made from them (a small disk through the arc would fit them).
  int arc_located = 0;
  for (std::uint64_t seed = 500; seed < 510; ++seed) {
    Scenario west = sc;
    west.covered_east_km = -20;
    const Synthetic syn = regain_only(simulate(j, west, seed));
    const SourceEstimate s = localize(syn.event, syn.good);
    arc_located += s.status == SourceStatus::Located;
  }
  EXPECT_EQ(arc_located, 0);

  // Two aircraft seen only at their regain: insufficient, not a guess.
  const Synthetic syn = regain_only(simulate(j, sc, 500));
  Event two = syn.event;
  two.episodes.clear();
  for (const auto& e : syn.event.episodes)
    if (e.id == syn.event.episodes[0].id || e.id == syn.event.episodes.back().id) two.episodes.push_back(e);
  ASSERT_EQ(two.episodes.size() >= 2, true);
  const SourceEstimate s = localize(two, syn.good);
  EXPECT_EQ(s.status, SourceStatus::InsufficientEvidence);
  EXPECT_FALSE(s.reason.empty());
  EXPECT_FALSE(std::isfinite(s.lat_deg));
}

TEST(Localize, EventsJsonCarriesTheSource) {
  const Jammer j;
  Synthetic syn = simulate(j, Scenario{}, 5);
  std::vector<Event> events(2);
  events[0] = syn.event;
  events[0].id = 1;
  events[0].source = localize(events[0], syn.good);
  ASSERT_EQ(events[0].source->status, SourceStatus::Located);
  events[1].id = 2;
  events[1].start_s = events[1].end_s = 1e9;
  {  // two aircraft only: too little evidence
    Event two;
    for (const auto& e : syn.event.episodes)
      if (e.id == syn.event.episodes[0].id || e.id == syn.event.episodes.back().id) two.episodes.push_back(e);
    events[1].source = localize(two, syn.good);
  }
  const std::string text = output::events_json_text(events);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(text).get(doc), simdjson::SUCCESS) << text;
  simdjson::dom::array list = doc["events"].get_array();
  auto it = list.begin();
  simdjson::dom::element located = (*it)["source"];
  EXPECT_EQ(std::string_view(located["status"].get_string()), "located");
  EXPECT_NEAR(double(located["lat"]), events[0].source->lat_deg, 1e-4);
  EXPECT_NEAR(double(located["lon"]), events[0].source->lon_deg, 1e-4);
  EXPECT_NEAR(double(located["radius_km"]), events[0].source->radius_km, 0.1);
  EXPECT_EQ(std::int64_t(located["aircraft"]), static_cast<std::int64_t>(events[0].source->aircraft));
  EXPECT_FALSE(std::string_view(located["method"].get_string()).empty());
  EXPECT_GT(double(located["ellipse95"]["semi_major_km"]), 0);
  EXPECT_GE(double(located["ellipse95"]["semi_major_km"]), double(located["ellipse95"]["semi_minor_km"]));
  const double orientation = located["ellipse95"]["orientation_deg"];
  EXPECT_TRUE(orientation >= 0 && orientation < 180);
  EXPECT_EQ(std::string_view(located["ci95"]["type"].get_string()), "Polygon");
  simdjson::dom::array ring = located["ci95"]["coordinates"].at(0).get_array();
  EXPECT_EQ(ring.size(), events[0].source->ci95.size());
  for (const char* key : {"1000", "10000", "35000"}) EXPECT_GT(double(located["radius_km_at_ft"][key]), 0) << key;
  ++it;
  simdjson::dom::element missing = (*it)["source"];
  EXPECT_EQ(std::string_view(missing["status"].get_string()), "insufficient_evidence");
  EXPECT_EQ(std::int64_t(missing["aircraft"]), 2);
  EXPECT_FALSE(std::string_view(missing["reason"].get_string()).empty());
  EXPECT_EQ(missing["lat"].error(), simdjson::NO_SUCH_FIELD);
}

// Two events cut out of one synthetic event: each spans the whole event's time and keeps at least 5 losses.
void span_whole_event(std::vector<Event>& events, const Event& whole) {
  for (auto& ev : events) {
    ev.start_s = whole.start_s;
    ev.end_s = whole.end_s;
    ASSERT_GE(ev.episodes.size(), 5u);
  }
}

TEST(Localize, EventsSplitFromOneLargeDiskArePooled) {
  // A strong jammer (range 200 km) whose losses the grouping split into two events, west and east of it: each
  // half alone sees only an arc; pooled, both get the whole disk's estimate.
  Jammer j;
  j.power_km = 200;
  Scenario sc;
  sc.tracks = 60;
  const Synthetic syn = simulate(j, sc, 11);
  std::vector<Event> events(2);
  for (const auto& e : syn.event.episodes) {
    double x = e.lost_lon_deg - j.lon;
    events[x < 0 ? 0 : 1].episodes.push_back(e);
  }
  ASSERT_NO_FATAL_FAILURE(span_whole_event(events, syn.event));
  localize_events(events, evidence_of(syn.good, syn.event.episodes));
  for (const auto& ev : events) {
    ASSERT_TRUE(ev.source.has_value());
    EXPECT_TRUE(ev.sources.empty());  // one jammer: one source
    ASSERT_EQ(ev.source->status, SourceStatus::Located) << ev.source->reason;
    EXPECT_TRUE(ev.source->pooled);
    EXPECT_EQ(ev.source->pooled_events, 2u);
    EXPECT_LT(error_km(*ev.source, j), 10.0);
    EXPECT_TRUE(inside(ev.source->ci95, j.lat, j.lon));
  }
}

TEST(Localize, AnEventOfLossesSeenAtTheRegainTakesTheSourceOfTheEventNextToIt) {
  // A strong jammer (range 200 km): the aircraft east of it were all first heard already without GNSS, so their
  // event has regain places only (an arc of the acquisition disk, no source of its own); the western event's
  // loss places locate the jammer, and the eastern event, whose regain places lie on that source's acquisition disk,
  // takes its source.
  Jammer j;
  j.power_km = 200;
  Scenario sc;
  sc.tracks = 60;
  sc.regain_factor = 1.97;
  const Synthetic syn = simulate(j, sc, 11);
  std::vector<Event> events(2);
  for (GnssEpisode e : syn.event.episodes) {
    if (!std::isfinite(e.lost_lat_deg) || !std::isfinite(e.regained_lat_deg)) continue;
    const bool east = e.lost_lon_deg > j.lon;
    if (east) {
      e.lost_lat_deg = e.lost_lon_deg = kNaN;
      e.seen_at_regain = true;
    }
    events[east ? 1 : 0].episodes.push_back(e);
  }
  ASSERT_NO_FATAL_FAILURE(span_whole_event(events, syn.event));
  localize_events(events, evidence_of(syn.good, syn.event.episodes));
  ASSERT_TRUE(events[0].source && events[1].source);
  ASSERT_EQ(events[0].source->status, SourceStatus::Located) << events[0].source->reason;
  ASSERT_EQ(events[1].source->status, SourceStatus::Located) << events[1].source->reason;
  EXPECT_EQ(events[1].source->lat_deg, events[0].source->lat_deg);
  EXPECT_EQ(events[1].source->lon_deg, events[0].source->lon_deg);
  EXPECT_TRUE(events[1].source->pooled);
  EXPECT_LT(error_km(*events[1].source, j), 15.0);
}

TEST(Localize, TwoConcurrentJammersInOneEventGiveTwoSources) {
  // Two jammers 150 km apart (west and east), on at the same time, whose losses one event holds (as when the
  // grouping links them through a busy area): one disk cannot explain both boundaries, two can.
  Jammer west, east;
  west.power_km = east.power_km = 60;
  west.lon = 126.0;
  double lat2, lon2;
  destination(west.lat, west.lon, std::numbers::pi / 2, 150.0, lat2, lon2);
  east.lat = lat2, east.lon = lon2;
  Scenario sc;
  sc.tracks = 60;
  Synthetic a = simulate(west, sc, 21);
  sc.tracks = 45;
  Synthetic b = simulate(east, sc, 22);
  for (auto& e : b.event.episodes) e.id += 0x10000;  // other aircraft
  for (auto& g : b.good) g.id += 0x10000;
  // Good GNSS only outside both disks: each generator knows only its own jammer.
  auto jammed_by = [](const Jammer& j, const EvidenceSample& g) {
    return great_circle_km(j.lat, j.lon, g.lat_deg, g.lon_deg) < boundary(j, j.power_km * 1.1, g.altitude_ft);
  };
  std::erase_if(a.good, [&](const EvidenceSample& g) { return jammed_by(east, g); });
  std::erase_if(b.good, [&](const EvidenceSample& g) { return jammed_by(west, g); });
  std::vector<Event> events(1);
  Event& ev = events[0];
  ev.id = 1;
  ev.episodes = a.event.episodes;
  ev.episodes.insert(ev.episodes.end(), b.event.episodes.begin(), b.event.episodes.end());
  std::sort(ev.episodes.begin(), ev.episodes.end(), [](const auto& x, const auto& y) { return x.lost_s < y.lost_s; });
  ev.start_s = std::min(a.event.start_s, b.event.start_s);
  ev.end_s = std::max(a.event.end_s, b.event.end_s);
  std::vector<EvidenceSample> good = a.good;
  good.insert(good.end(), b.good.begin(), b.good.end());
  ASSERT_GE(a.event.affected, 16u);
  ASSERT_GE(b.event.affected, 16u);
  localize_events(events, evidence_of(good, ev.episodes));
  ASSERT_EQ(ev.sources.size(), 2u);
  ASSERT_TRUE(ev.source.has_value());
  const Jammer* truth[2] = {&west, &east};
  for (const SourceEstimate& s : ev.sources) {
    ASSERT_EQ(s.status, SourceStatus::Located);
    const int nearer = error_km(s, east) < error_km(s, west);
    EXPECT_LT(error_km(s, *truth[nearer]), 10.0) << "source near " << (nearer ? "east" : "west");
    EXPECT_TRUE(inside(s.ci95, truth[nearer]->lat, truth[nearer]->lon));
  }
  EXPECT_NE(error_km(ev.sources[0], east) < error_km(ev.sources[0], west),
            error_km(ev.sources[1], east) < error_km(ev.sources[1], west));  // one each
  // The event's source is the first of them, the one behind most of its losses (the western jammer: more tracks).
  EXPECT_EQ(ev.source->lat_deg, ev.sources[0].lat_deg);
  EXPECT_LT(error_km(*ev.source, west), 10.0);
  // events.json lists both.
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  const std::string text = output::events_json_text(events);
  ASSERT_EQ(parser.parse(text).get(doc), simdjson::SUCCESS);
  simdjson::dom::array listed = doc["events"].at(0)["sources"].get_array();
  EXPECT_EQ(listed.size(), 2u);
}

TEST(Localize, OneJammerIsNotSplit) {
  const Jammer j;
  Scenario sc;
  sc.tracks = 80;
  const Synthetic syn = simulate(j, sc, 31);
  std::vector<Event> events(1, syn.event);
  events[0].id = 1;
  localize_events(events, evidence_of(syn.good, syn.event.episodes));
  ASSERT_EQ(events[0].source->status, SourceStatus::Located);
  EXPECT_TRUE(events[0].sources.empty());
  EXPECT_LT(error_km(*events[0].source, j), 10.0);
}

TEST(Localize, TwoJammersOnAtOverlappingTimesWhosePowersAddAreBothLocated) {
  // korea-dmz's geometry: two jammers 74 km apart (ranges 80 and 75 km), on for 60 and 70 minutes overlapping by 40:
  // while both are on, aircraft lose GNSS beyond either's own boundary, which one disk or one moving source
  // cannot follow (seed 1 without the model: one moving source 41 km off).
  // Located each within 10 km, inside its region, for 3 seeds.
  TwoJammers sc;
  sc.jammer[0] = {37.97, 126.55, 30, 80};
  sc.jammer[1] = {38.04, 125.71, 30, 75};
  sc.on_s[0] = 600, sc.off_s[0] = 4200;
  sc.on_s[1] = 1800, sc.off_s[1] = 6000;
  sc.end_s = 6300;
  sc.tracks = 250;
  int located_both = 0;
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    const test::EventEvidence syn = simulate_two(sc, 700 + seed);
    ASSERT_GE(syn.event.affected, 40u);
    std::vector<Event> events(1, syn.event);
    events[0].id = 1;
    localize_events(events, evidence_of(syn.good, syn.event.episodes));
    const Event& ev = events[0];
    ASSERT_TRUE(ev.source.has_value());
    ASSERT_EQ(ev.sources.size(), 2u) << "seed " << seed << ": one source, " << error_km(*ev.source, sc.jammer[0])
                                     << " km from the stronger jammer";
    bool each[2] = {false, false};
    for (const SourceEstimate& s : ev.sources) {
      ASSERT_EQ(s.status, SourceStatus::Located);
      EXPECT_EQ(s.method, "ml-boundary-los-sum/1");
      const int k = error_km(s, sc.jammer[1]) < error_km(s, sc.jammer[0]);
      each[k] = true;
      EXPECT_LT(error_km(s, sc.jammer[k]), 10.0) << "seed " << seed << ", jammer " << k;
      EXPECT_TRUE(inside(s.ci95, sc.jammer[k].lat, sc.jammer[k].lon))
          << "seed " << seed << ", jammer " << k << ": " << error_km(s, sc.jammer[k]) << " km off, region "
          << s.semi_major_km << " x " << s.semi_minor_km << " km";
    }
    located_both += each[0] && each[1];
    // The event's source is the first of them, the one behind most of its losses.
    EXPECT_EQ(ev.source->lat_deg, ev.sources[0].lat_deg);
  }
  EXPECT_EQ(located_both, 3);
}

TEST(Localize, OneJammerSeenByManyAircraftForLongIsNotTakenForTwoWhosePowersAdd) {
  // The same traffic and 90 minutes of one jammer (the other never on): one source.
  TwoJammers sc;
  sc.jammer[0] = sc.jammer[1] = {37.97, 126.55, 30, 80};
  sc.on_s[0] = 600, sc.off_s[0] = 6000;
  sc.on_s[1] = sc.off_s[1] = 0;
  sc.end_s = 6300;
  sc.tracks = 250;
  const test::EventEvidence syn = simulate_two(sc, 731);
  ASSERT_GE(syn.event.affected, 40u);
  std::vector<Event> events(1, syn.event);
  events[0].id = 1;
  localize_events(events, evidence_of(syn.good, syn.event.episodes));
  ASSERT_EQ(events[0].source->status, SourceStatus::Located);
  EXPECT_TRUE(events[0].sources.empty());
  EXPECT_LT(error_km(*events[0].source, sc.jammer[0]), 10.0);
}

TEST(Localize, BurstsOfAnIntermittentJammerAnHourApartArePooled) {
  // One jammer on twice, 40 minutes apart: the grouping makes two events (more than 10 minutes apart), each with
  // an arc of the boundary; a fixed jammer's disk is the same both times, so both are localized together.
  Jammer j;
  j.power_km = 150;
  Scenario sc;
  sc.tracks = 50;
  const Synthetic first = simulate(j, sc, 41);
  Synthetic second = simulate(j, sc, 42);
  constexpr double kLaterS = 2400 + 2800;
  for (auto& e : second.event.episodes) {
    e.id += 0x10000;
    e.lost_s += kLaterS;
    if (std::isfinite(e.regained_s)) e.regained_s += kLaterS;
  }
  for (auto& g : second.good) g.id += 0x10000, g.time_s += kLaterS;
  // Each event keeps the losses of one side only (west in the first burst, east in the second): arcs.
  std::vector<Event> events(2);
  for (const auto& e : first.event.episodes)
    if (e.lost_lon_deg < j.lon) events[0].episodes.push_back(e);
  for (const auto& e : second.event.episodes)
    if (e.lost_lon_deg >= j.lon) events[1].episodes.push_back(e);
  events[0].id = 1, events[0].start_s = first.event.start_s, events[0].end_s = first.event.end_s;
  events[1].id = 2, events[1].start_s = second.event.start_s + kLaterS, events[1].end_s = second.event.end_s + kLaterS;
  ASSERT_GT(events[1].start_s - events[0].end_s, 1800.0);
  std::vector<EvidenceSample> good = first.good;
  good.insert(good.end(), second.good.begin(), second.good.end());
  std::vector<GnssEpisode> all = first.event.episodes;
  all.insert(all.end(), second.event.episodes.begin(), second.event.episodes.end());
  localize_events(events, evidence_of(good, all));
  for (const auto& ev : events) {
    ASSERT_EQ(ev.source->status, SourceStatus::Located) << ev.source->reason;
    EXPECT_TRUE(ev.source->pooled);
    EXPECT_EQ(ev.source->pooled_events, 2u);
    EXPECT_LT(error_km(*ev.source, j), 15.0);
  }
}

HealthSample sample(std::uint32_t id, double t, double lat, double lon, bool bad, std::optional<std::int32_t> alt = 30000,
                    Placement placement = Placement::Reported) {
  HealthSample s;
  s.id = id;
  s.time_s = t;
  s.lat_deg = lat;
  s.lon_deg = lon;
  s.bad = bad;
  s.altitude_ft = alt;
  s.placement = bad ? Placement::LastGood : placement;
  return s;
}

// Moving jammers (docs/LOCALIZATION.md, "Moving jammers"): a vehicle at 20 m/s (72 km/h) east, on for an hour,
// seen by 50 tracks with the NIC drops of the simulator (4 and 2 dB before each receiver's own loss threshold).
constexpr double kMovingEastKms = 0.02;
Scenario moving_scenario(double east_kms) {
  Scenario sc;
  sc.tracks = 50;
  sc.on_s = 0;
  sc.off_s = sc.end_s = 3600;
  sc.drop_db = 4;
  sc.deeper_drop_db = 2;
  sc.jammer_east_kms = east_kms;
  return sc;
}
// Where the synthetic jammer is at time t (simulate's plane about its position at time 0).
void jammer_at(const Jammer& j, const Scenario& sc, double t, double& lat, double& lon) {
  const double x = sc.jammer_east_kms * t, y = sc.jammer_north_kms * t;
  destination(j.lat, j.lon, std::atan2(x, y), std::hypot(x, y), lat, lon);
}
double event_time(const Event& e) { return std::isfinite(e.peak_s) ? e.peak_s : (e.start_s + e.end_s) / 2; }

TEST(Localize, AMovingJammerIsLocatedWhereItIsAtTheEventsTime) {
  const Jammer j;
  const Scenario sc = moving_scenario(kMovingEastKms);
  std::vector<double> errors, speed_errors;
  int contained = 0, moving = 0;
  for (std::uint64_t seed = 500; seed < 510; ++seed) {
    const Synthetic syn = simulate(j, sc, seed);
    const SourceEstimate s = localize(syn.event, syn.good);
    if (s.status != SourceStatus::Located) continue;
    double lat, lon;
    jammer_at(j, sc, event_time(syn.event), lat, lon);
    errors.push_back(great_circle_km(s.lat_deg, s.lon_deg, lat, lon));
    contained += inside(s.ci95, lat, lon);
    if (s.method == "ml-boundary-los-moving/1") {
      ++moving;
      EXPECT_EQ(s.time_s, event_time(syn.event));
      speed_errors.push_back(std::hypot(s.velocity_east_kmh - kMovingEastKms * 3600, s.velocity_north_kmh));
    } else {
      EXPECT_FALSE(std::isfinite(s.velocity_east_kmh));
    }
  }
  ASSERT_GE(errors.size(), 9u);
  std::printf("error at the event's time: median %.2f km, max %.2f km; %d moving, velocity error median %.1f km/h; "
              "%d of %zu contained\n",
              quantile_of(errors, 0.5), quantile_of(errors, 1.0), moving,
              speed_errors.empty() ? kNaN : quantile_of(speed_errors, 0.5), contained, errors.size());
  EXPECT_GE(moving, static_cast<int>(errors.size()) - 1);
  EXPECT_LT(quantile_of(errors, 0.5), 1.5);
  EXPECT_LT(quantile_of(errors, 1.0), 3.0);
  EXPECT_LT(quantile_of(speed_errors, 0.5), 6.0);  // of 72 km/h
  EXPECT_GE(contained, static_cast<int>(errors.size()) - 1);
}

TEST(Localize, AnEventOfLossesSeenAtTheRegainTakesAMovingNeighboursSourceAtItsOwnTime) {
  // A jammer moving east at 72 km/h, located as moving from an hour of losses (event 0, its time the middle of the
  // hour); a second event of losses seen at the regain only, in the last quarter of the hour, takes that source
  // carried to its own time (~27 km further east), not the neighbour's position at the neighbour's time.
  const Jammer j;
  Scenario sc = moving_scenario(kMovingEastKms);
  sc.regain_factor = 1.97;
  std::vector<double> errors;
  int taken = 0, contained = 0;
  for (std::uint64_t seed = 530; seed < 536; ++seed) {
    const Synthetic syn = simulate(j, sc, seed);
    std::vector<Event> events(2);
    events[0] = syn.event;
    events[0].id = 1;
    events[1].id = 2;
    for (GnssEpisode e : syn.event.episodes) {
      if (!std::isfinite(e.regained_s) || e.regained_s < 2700 || !std::isfinite(e.regained_lat_deg)) continue;
      e.lost_s = std::max(e.lost_s, 2700.0);
      e.lost_lat_deg = e.lost_lon_deg = kNaN;
      e.seen_at_regain = true;
      events[1].episodes.push_back(e);
    }
    ASSERT_GE(events[1].episodes.size(), 5u);
    events[1].start_s = 2700;
    events[1].end_s = 3600;
    localize_events(events, evidence_of(syn.good, syn.event.episodes));
    ASSERT_EQ(events[0].source->status, SourceStatus::Located) << events[0].source->reason;
    if (events[0].source->method != "ml-boundary-los-moving/1" || !events[1].source ||
        events[1].source->status != SourceStatus::Located || !events[1].source->pooled)
      continue;
    ++taken;
    double lat, lon;
    jammer_at(j, sc, event_time(events[1]), lat, lon);
    errors.push_back(great_circle_km(events[1].source->lat_deg, events[1].source->lon_deg, lat, lon));
    contained += inside(events[1].source->ci95, lat, lon);
    EXPECT_DOUBLE_EQ(events[1].source->time_s, event_time(events[1]));
  }
  std::printf("regain-only events that took the moving source: %d of 6, error at their own time median %.2f km, max "
              "%.2f km, %d contained\n", taken, quantile_of(errors, 0.5), quantile_of(errors, 1.0), contained);
  ASSERT_GE(taken, 5);
  EXPECT_LT(quantile_of(errors, 1.0), 5.0);  // the neighbour's own time is ~27 km away
  EXPECT_GE(contained, taken - 1);
}

TEST(Localize, AFixedJammerSeenForAnHourIsNotTakenForAMovingOne) {
  const Jammer j;
  const Scenario sc = moving_scenario(0);
  std::vector<double> errors;
  int moving = 0;
  for (std::uint64_t seed = 500; seed < 510; ++seed) {
    const Synthetic syn = simulate(j, sc, seed);
    const SourceEstimate s = localize(syn.event, syn.good);
    if (s.status != SourceStatus::Located) continue;
    errors.push_back(error_km(s, j));
    moving += s.method != "ml-boundary-los/1";
  }
  ASSERT_GE(errors.size(), 9u);
  std::printf("median error %.2f km, %d of %zu taken as moving\n", quantile_of(errors, 0.5), moving, errors.size());
  EXPECT_LE(moving, 1);
  EXPECT_LT(quantile_of(errors, 0.5), 2.0);
}

TEST(Localize, PooledEventsOfAMovingJammerEachGetItsPositionAtTheirOwnTime) {
  // The grouping cut one moving jammer's hour into two events (losses before and after the half hour): pooled,
  // each event takes the jammer's position at its own time, about 30 km apart. The aircraft have the antenna's
  // pattern (Scenario::antenna_pattern), which the drop pairs' gain-slope prior assumes (since session 13: without
  // it the prior's 0.052 per degree is the wrong slope for these aircraft, and the distance below was 2.16 km off).
  const Jammer j;
  Scenario sc = moving_scenario(kMovingEastKms);
  sc.antenna_pattern = true;
  std::vector<double> errors, apart_error;
  int contained = 0;
  for (std::uint64_t seed = 520; seed < 526; ++seed) {
    const Synthetic syn = simulate(j, sc, seed);
    std::vector<Event> events(2);
    for (const auto& e : syn.event.episodes) events[e.lost_s < 1800 ? 0 : 1].episodes.push_back(e);
    for (int k = 0; k < 2; ++k) {
      Event& ev = events[static_cast<std::size_t>(k)];
      ev.id = static_cast<std::uint32_t>(k + 1);
      ev.start_s = ev.episodes.front().lost_s;
      ev.end_s = ev.start_s;
      for (const auto& e : ev.episodes) ev.end_s = std::max(ev.end_s, std::isfinite(e.regained_s) ? e.regained_s : e.lost_s);
      ASSERT_GE(ev.episodes.size(), 8u);
    }
    localize_events(events, evidence_of(syn.good, syn.event.episodes));
    for (const auto& ev : events) {
      ASSERT_EQ(ev.source->status, SourceStatus::Located) << ev.source->reason;
      EXPECT_TRUE(ev.source->pooled);
      EXPECT_EQ(ev.source->method, "ml-boundary-los-moving/1");
      double lat, lon;
      jammer_at(j, sc, event_time(ev), lat, lon);
      errors.push_back(great_circle_km(ev.source->lat_deg, ev.source->lon_deg, lat, lon));
      contained += inside(ev.source->ci95, lat, lon);
    }
    const double apart = great_circle_km(events[0].source->lat_deg, events[0].source->lon_deg,
                                         events[1].source->lat_deg, events[1].source->lon_deg);
    apart_error.push_back(std::abs(apart - kMovingEastKms * (event_time(events[1]) - event_time(events[0]))));
  }
  std::printf("error at each event's time: median %.2f km, max %.2f km; %d of %zu contained; distance between the "
              "two events' sources off by %.2f km at the median (max %.2f km)\n",
              quantile_of(errors, 0.5), quantile_of(errors, 1.0), contained, errors.size(),
              quantile_of(apart_error, 0.5), quantile_of(apart_error, 1.0));
  EXPECT_LT(quantile_of(errors, 0.5), 1.5);
  EXPECT_LT(quantile_of(errors, 1.0), 3.0);
  EXPECT_GE(contained, static_cast<int>(errors.size()) - 1);
  EXPECT_LT(quantile_of(apart_error, 1.0), 2.0);
}

// Departures climbing out of an airfield ~52 km from a 30 m jammer (Kaesong and Incheon, korea-dmz): each comes
// into the jammer's radio line of sight at 150-300 ft and loses GNSS there. HealthTracker records the altitude
// reported with the last good position (the loss place; docs/HEALTH.md, "Episodes"); before, it took the one at
// the first bad verdict, 15-55 s later, by when a climb-out is 600-2,300 ft higher. `at_verdict` builds the
// episodes that way, for comparison. Added to cruising traffic (simulate) that sees the power range.
void add_climb_outs(Synthetic& syn, const Jammer& j, int count, std::uint64_t seed, bool at_verdict) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u01(0, 1);
  constexpr double kAirfieldBearing = 200 * kDeg, kAirfieldKm = 52, kFeetPerS = 2500.0 / 60;
  const double ax = kAirfieldKm * std::sin(kAirfieldBearing), ay = kAirfieldKm * std::cos(kAirfieldBearing);
  for (int i = 0; i < count; ++i) {
    const std::uint32_t id = 0x200000 + static_cast<std::uint32_t>(i);
    const double heading = 2 * std::numbers::pi * u01(rng), speed_kms = 0.08 + 0.02 * u01(rng);
    const double t0 = syn.event.start_s + (syn.event.end_s - syn.event.start_s) * 0.8 * u01(rng);
    const double range = j.power_km * std::pow(10.0, 2.0 * (2 * u01(rng) - 1) / 20.0);
    const double verdict_delay_s = 15 + 40 * u01(rng);
    double last_x = ax, last_y = ay, last_alt_ft = 50;
    for (double t = 0; t < 600; t += 0.5) {
      const double x = ax + speed_kms * t * std::sin(heading), y = ay + speed_kms * t * std::cos(heading);
      const double alt_ft = 50 + kFeetPerS * t;
      if (std::hypot(x, y) < boundary(j, range, alt_ft)) {
        double lat, lon;
        destination(j.lat, j.lon, std::atan2(last_x, last_y), std::hypot(last_x, last_y), lat, lon);
        GnssEpisode ep;
        ep.id = id;
        ep.lost_s = t0 + t + verdict_delay_s;
        ep.lost_lat_deg = lat, ep.lost_lon_deg = lon;
        ep.altitude_ft = static_cast<std::int32_t>(at_verdict ? 50 + kFeetPerS * (t + verdict_delay_s) : last_alt_ft);
        syn.event.episodes.push_back(ep);
        syn.event.end_s = std::max(syn.event.end_s, ep.lost_s);
        ++syn.event.affected;
        break;
      }
      last_x = x, last_y = y, last_alt_ft = alt_ft;
    }
  }
  std::sort(syn.event.episodes.begin(), syn.event.episodes.end(),
            [](const GnssEpisode& a, const GnssEpisode& b) { return a.lost_s < b.lost_s; });
}

TEST(Localize, ClimbOutsLostOnTheRadioHorizonPlaceALowJammer) {
  // With the altitude of the loss place, the climb-outs (a third of the losses) lie on the radio horizon of a 30 m
  // jammer (~55 km at 200 ft); with the verdict's altitude that horizon would be ~100 km out and they would pull
  // the fit towards a high jammer with a short range.
  Jammer j;
  j.power_km = 85;
  Scenario sc;
  sc.tracks = 40;
  sc.min_alt_ft = 20000;
  std::vector<double> errors, errors_at_verdict, heights, heights_at_verdict;
  int contained = 0;
  for (std::uint64_t seed = 600; seed < 610; ++seed) {
    const Synthetic cruise = simulate(j, sc, seed);
    Synthetic syn = cruise, old = cruise;
    add_climb_outs(syn, j, 20, seed, false);
    add_climb_outs(old, j, 20, seed, true);
    const SourceEstimate s = localize(syn.event, syn.good);
    ASSERT_EQ(s.status, SourceStatus::Located) << s.reason;
    errors.push_back(error_km(s, j));
    heights.push_back(s.height_m);
    contained += inside(s.ci95, j.lat, j.lon);
    const SourceEstimate o = localize(old.event, old.good);
    errors_at_verdict.push_back(o.status == SourceStatus::Located ? error_km(o, j) : 1e9);
    heights_at_verdict.push_back(o.height_m);
  }
  std::printf("climb-outs at the loss place's altitude: median error %.2f km, max %.2f km, jammer height median %.0f m "
              "(true %.0f), %d of %zu contained; at the verdict's altitude: median %.2f km, max %.2f km, height %.0f m\n",
              quantile_of(errors, 0.5), quantile_of(errors, 1.0), quantile_of(heights, 0.5), j.height_m, contained,
              errors.size(), quantile_of(errors_at_verdict, 0.5), quantile_of(errors_at_verdict, 1.0),
              quantile_of(heights_at_verdict, 0.5));
  EXPECT_LT(quantile_of(errors, 0.5), 4.0);
  EXPECT_LT(quantile_of(errors, 1.0), 6.0);
  EXPECT_LT(quantile_of(heights, 0.5), 60.0);
  EXPECT_LT(quantile_of(errors, 0.5), quantile_of(errors_at_verdict, 0.5));
  EXPECT_GE(contained, 9);
}

TEST(Localize, AFixedJammerInTwoBurstsIsNotTakenForAMoverByTheVelocityStarts) {
  // The moving fit also starts from a grid of velocities up to 80 km/h (docs/LOCALIZATION.md, "Moving jammers"):
  // more starts are more chances to find a moving source where there is none. A fixed jammer on for the first and
  // the last quarter of an hour only (two events 30 minutes apart, each resting on a few aircraft, pooled) must
  // still be reported as fixed, where it is.
  const Jammer j;
  std::vector<double> errors;
  int moving = 0;
  for (std::uint64_t seed = 600; seed < 606; ++seed) {
    Scenario first = moving_scenario(0);
    first.on_s = 0, first.off_s = 900, first.end_s = 3600;
    Scenario second = first;
    second.on_s = 2700, second.off_s = 3600;
    const Synthetic a = simulate(j, first, seed), b = simulate(j, second, seed + 100);
    std::vector<Event> events(2);
    events[0].episodes = a.event.episodes;
    events[1].episodes = b.event.episodes;
    for (auto& e : events[1].episodes) e.id += 0x10000;
    std::vector<EvidenceSample> good;
    for (const auto& g : a.good)
      if (g.time_s <= 900) good.push_back(g);
    for (auto g : b.good)
      if (g.time_s >= 2700) g.id += 0x10000, good.push_back(g);
    std::vector<GnssEpisode> all = events[0].episodes;
    all.insert(all.end(), events[1].episodes.begin(), events[1].episodes.end());
    for (int k = 0; k < 2; ++k) {
      Event& ev = events[static_cast<std::size_t>(k)];
      ASSERT_GE(ev.episodes.size(), 5u);
      ev.id = static_cast<std::uint32_t>(k + 1);
      ev.start_s = ev.episodes.front().lost_s;
      ev.end_s = ev.start_s;
      for (const auto& e : ev.episodes) {
        ev.start_s = std::min(ev.start_s, e.lost_s);
        ev.end_s = std::max(ev.end_s, std::isfinite(e.regained_s) ? e.regained_s : e.lost_s);
      }
    }
    localize_events(events, evidence_of(good, all));
    for (const auto& ev : events) {
      if (ev.source->status != SourceStatus::Located) continue;
      moving += ev.source->method == "ml-boundary-los-moving/1";
      errors.push_back(error_km(*ev.source, j));
    }
  }
  ASSERT_GE(errors.size(), 10u);
  std::printf("fixed jammer in two bursts: %zu located, %d taken as moving, median error %.2f km, max %.2f km\n",
              errors.size(), moving, quantile_of(errors, 0.5), quantile_of(errors, 1.0));
  EXPECT_LE(moving, 1);
  EXPECT_LT(quantile_of(errors, 0.5), 3.0);
}

// An intermittent jammer on in four 10-minute bursts 25 minutes apart, each burst its own event (pooled), moving
// east at `east_kms` (0: fixed). Each burst is simulated about the jammer's position at the burst's start and
// shifted to its time; its aircraft get their own addresses. Per event: the error at the event's time and whether
// the moving model was taken.
struct BurstsResult {
  std::vector<double> errors;
  int moving = 0, located = 0;
};
BurstsResult locate_four_bursts(double east_kms, std::uint64_t seed, int tracks = 30) {
  const Jammer j;
  constexpr double kBurstS = 600, kEveryS = 1500;
  std::vector<Event> events(4);
  std::vector<EvidenceSample> good;
  std::vector<GnssEpisode> all;
  for (int k = 0; k < 4; ++k) {
    const double t0 = k * kEveryS;
    Jammer here = j;
    destination(j.lat, j.lon, std::numbers::pi / 2, east_kms * t0, here.lat, here.lon);
    Scenario sc = moving_scenario(east_kms);
    sc.tracks = tracks;
    sc.on_s = 0, sc.off_s = sc.end_s = kBurstS;
    const Synthetic b = simulate(here, sc, seed * 10 + static_cast<std::uint64_t>(k));
    const std::uint32_t id_offset = 0x10000u * static_cast<std::uint32_t>(k + 1);
    Event& ev = events[static_cast<std::size_t>(k)];
    ev.id = static_cast<std::uint32_t>(k + 1);
    ev.start_s = b.event.start_s + t0, ev.end_s = b.event.end_s + t0;
    for (GnssEpisode e : b.event.episodes) {
      e.id += id_offset;
      e.lost_s += t0;
      for (double* t : {&e.regained_s, &e.degraded_s, &e.degraded_more_s})
        if (std::isfinite(*t)) *t += t0;
      ev.episodes.push_back(e);
      all.push_back(e);
    }
    for (EvidenceSample g : b.good) g.id += id_offset, g.time_s += t0, good.push_back(g);
  }
  localize_events(events, evidence_of(good, all));
  BurstsResult out;
  for (const auto& ev : events) {
    if (!ev.source || ev.source->status != SourceStatus::Located) continue;
    ++out.located;
    out.moving += ev.source->method == "ml-boundary-los-moving/1";
    double lat, lon;
    Scenario sc = moving_scenario(east_kms);
    jammer_at(j, sc, event_time(ev), lat, lon);
    out.errors.push_back(great_circle_km(ev.source->lat_deg, ev.source->lon_deg, lat, lon));
  }
  return out;
}

// locate_four_bursts over seeds [first, last) for a mover at speed_kms and a fixed jammer, their results pooled.
struct MoverAndFixed {
  BurstsResult mover, fixed;
};
MoverAndFixed four_bursts_over_seeds(double speed_kms, std::uint64_t first, std::uint64_t last, int tracks = 30) {
  MoverAndFixed out;
  for (std::uint64_t seed = first; seed < last; ++seed) {
    for (const auto& [speed, into] : {std::pair{speed_kms, &out.mover}, std::pair{0.0, &out.fixed}}) {
      const BurstsResult r = locate_four_bursts(speed, seed, tracks);
      into->errors.insert(into->errors.end(), r.errors.begin(), r.errors.end());
      into->moving += r.moving;
      into->located += r.located;
    }
  }
  return out;
}

TEST(Localize, AnIntermittentMoverInFourBurstsIsTakenAsMovingAndAFixedOneIsNot) {
  // The pooled bursts of one jammer (docs/LOCALIZATION.md, "Moving jammers"): at 25 km/h it moves 27 km over the
  // group's hour, which a fixed disk would place between the bursts; a fixed one in the same four bursts must not
  // get a velocity (each burst rests on a few aircraft, so a spurious one would be extrapolated to the last burst).
  const auto [mover, fixed] = four_bursts_over_seeds(25.0 / 3600, 700, 706);
  std::printf("mover at 25 km/h in four bursts: %d located, %d moving, error median %.2f km, max %.2f km; fixed: %d "
              "located, %d moving, error median %.2f km, max %.2f km\n",
              mover.located, mover.moving, quantile_of(mover.errors, 0.5), quantile_of(mover.errors, 1.0),
              fixed.located, fixed.moving, quantile_of(fixed.errors, 0.5), quantile_of(fixed.errors, 1.0));
  ASSERT_GE(mover.located, 20);
  ASSERT_GE(fixed.located, 20);
  EXPECT_GE(mover.moving, mover.located - 4);
  EXPECT_LT(quantile_of(mover.errors, 0.95), 5.0);
  EXPECT_LE(fixed.moving, 4);
  EXPECT_LT(quantile_of(fixed.errors, 0.95), 5.0);
}

TEST(Localize, AThinIntermittentMoverNotTakenAsMovingIsPlacedTowardsItsTrack) {
  // Four bursts of 8 aircraft tracks each (docs/LOCALIZATION.md, "Moving jammers", the model average): at 20 km/h
  // the jammer moves 22 km over the group's hour, but the moving fit gains too little to be taken at most seeds
  // (12 of 48 events), and the fixed fit's one position is the track's compromise, ~10 km from the first and the
  // last burst. Averaged with the moving fit by the models' posterior weights, the events get positions nearer
  // their own times' (the moving one's weight at most 1/2). The price, as on the evaluation's fixed jammers: a fixed
  // jammer in the same thin bursts gets a share of a spurious velocity. Measured (session 13): mover median / 90th
  // percentile 7.70 / 14.70 km without the average, 5.20 / 11.46 km with it; fixed 1.94 / 3.90 and 2.14 / 5.48 km
  // (on v2's search); with L25's gain term and the gain slope's prior as merged, mover 7.10 / 18.19 km without the
  // average (kAveragePooledMovingFit off) and 5.77 / 10.99 km with it, fixed 1.86 / 5.73 km with it.
  const auto [mover, fixed] = four_bursts_over_seeds(20.0 / 3600, 740, 752, 8);
  std::printf("thin mover at 20 km/h in four bursts: %d located, %d moving, error median %.2f km, 90th %.2f km; "
              "fixed: %d located, %d moving, error median %.2f km, 90th %.2f km\n",
              mover.located, mover.moving, quantile_of(mover.errors, 0.5), quantile_of(mover.errors, 0.9),
              fixed.located, fixed.moving, quantile_of(fixed.errors, 0.5), quantile_of(fixed.errors, 0.9));
  ASSERT_GE(mover.located, 44);
  ASSERT_GE(fixed.located, 44);
  EXPECT_LE(mover.moving, mover.located / 2);  // the case: mostly not taken as moving
  EXPECT_LT(quantile_of(mover.errors, 0.5), 6.5);
  EXPECT_LT(quantile_of(mover.errors, 0.9), 13.0);
  EXPECT_EQ(fixed.moving, 0);
  EXPECT_LT(quantile_of(fixed.errors, 0.5), 3.0);
  EXPECT_LT(quantile_of(fixed.errors, 0.9), 7.0);
}

TEST(GoodEvidence, KeepsThinnedReportedGoodSamplesWithAltitudeNearBadOnes) {
  GoodEvidence ev;  // 20 s thinning, 10 min slots
  const double t0 = 1'767'754'800;  // slot-aligned
  ev.add(sample(1, t0 + 1, 60.6, 25.2, true));
  for (int k = 0; k < 30; ++k) ev.add(sample(2, t0 + 5 + k * 5, 60.5, 25.0, false));  // every 5 s: one in 4 kept
  ev.add(sample(3, t0 + 10, 60.5, 25.0, false, std::nullopt));                     // no altitude
  ev.add(sample(4, t0 + 10, 60.5, 25.0, false, 20000, Placement::LastGood));       // not where it reported
  const auto near = ev.near(t0, t0 + 600, 60.6, 25.2, 100);
  ASSERT_EQ(near.size(), 8u);  // 5, 25, 45, ... 145 s
  for (const auto& e : near) {
    EXPECT_EQ(e.id, 2u);
    EXPECT_EQ(e.altitude_ft, 30000);
  }
  EXPECT_TRUE(ev.near(t0, t0 + 600, 40.0, 0.0, 100).empty());  // far away
  EXPECT_TRUE(ev.near(t0 + 200, t0 + 300, 60.6, 25.2, 100).empty());  // outside the time span
}

TEST(GoodEvidence, KeepsThePositionsBadSamplesReported) {
  GoodEvidence ev, other;
  const double t0 = 1'767'754'800;
  HealthSample lost = sample(1, t0 + 1, 60.6, 25.2, true);
  lost.reported_lat_deg = 60.7;
  lost.reported_lon_deg = 25.4;
  lost.reported_nac_p = 0;
  ev.add(lost);
  ev.add(sample(2, t0 + 2, 60.6, 25.2, true));  // TC 0: nothing reported
  HealthSample no_altitude = lost;
  no_altitude.id = 3;
  no_altitude.altitude_ft.reset();
  ev.add(no_altitude);
  HealthSample later = lost;
  later.time_s = t0 + 700;
  later.reported_nac_p = 2;
  other.add(later);
  ev.merge(std::move(other));
  EXPECT_EQ(ev.reported_size(), 2u);
  const auto first = ev.reported(t0, t0 + 600);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].id, 1u);
  EXPECT_FLOAT_EQ(first[0].lat_deg, 60.7f);  // the reported position, not the placement
  EXPECT_FLOAT_EQ(first[0].lon_deg, 25.4f);
  EXPECT_EQ(first[0].altitude_ft, 30000);
  const auto both = ev.reported(t0, t0 + 1200);
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[1].nac_p, 2u);
  EXPECT_EQ(ev.size(), 0u);  // no good samples among them
}

TEST(GoodEvidence, DropsSamplesFarFromAnyBadOneOnceTheirSlotIsDecided) {
  GoodEvidence ev;
  const double t0 = 1'767'754'800;
  ev.add(sample(1, t0 + 1, 60.6, 25.2, true));
  ev.add(sample(2, t0 + 2, 60.7, 25.4, false));   // ~15 km from the bad one: kept
  ev.add(sample(3, t0 + 3, 45.0, 5.0, false));    // ~1,700 km away: dropped
  ev.add(sample(4, t0 + 4, 60.7, 25.4, false));
  EXPECT_EQ(ev.size(), 3u);  // nothing decided yet
  ev.add(sample(5, t0 + 2 * 600 + 5, 45.0, 5.0, false));  // two slots later: slot 0 is decided
  EXPECT_EQ(ev.size(), 3u);  // ids 2 and 4 kept, 3 dropped, 5 pending
  std::set<std::uint32_t> ids;
  for (const auto& e : ev.near(t0, t0 + 600, 60.6, 25.2, 300)) ids.insert(e.id);
  EXPECT_EQ(ids, (std::set<std::uint32_t>{2, 4}));
}

TEST(GoodEvidence, CapKeepsTheSameSubsetHoweverTheInputIsSplit) {
  EvidenceOptions o;
  o.cap_per_cell_slot = 50;
  const double t0 = 1'767'754'800;
  auto feed = [&](GoodEvidence& ev, int from, int to) {
    ev.add(sample(1, t0, 60.6, 25.2, true));
    for (int i = from; i < to; ++i) ev.add(sample(100 + i, t0 + 1 + i * 0.1, 60.6, 25.2, false));
  };
  GoodEvidence whole(o), first(o), second(o);
  feed(whole, 0, 400);
  whole.finish();  // settles the cap
  feed(first, 0, 150);
  feed(second, 150, 400);
  first.merge(std::move(second));
  first.finish();
  EXPECT_EQ(whole.size(), 50u);
  std::set<std::uint32_t> a, b;
  for (const auto& e : whole.near(t0, t0 + 600, 60.6, 25.2, 10)) a.insert(e.id);
  for (const auto& e : first.near(t0, t0 + 600, 60.6, 25.2, 10)) b.insert(e.id);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.size(), 50u);
}

// Several aircraft in and around a jammed area for an hour, samples every 1.5-4 s, cut at any second: the store
// fed everything equals the parts' stores merged (thinning slots anchored to absolute time, the later part's
// first thinning slot and first two store slots settled at the merge).
TEST(GoodEvidence, ConsecutivePartsMergeToWhatOneStoreKeeps) {
  EvidenceOptions o;
  o.cap_per_cell_slot = 40;  // binding: 20 aircraft in one cell over 10 minutes
  const double t0 = 1'767'754'800 + 7.3;  // not aligned to any slot
  std::vector<HealthSample> stream;
  for (std::uint32_t id = 1; id <= 20; ++id) {
    const double period = 1.5 + 0.125 * id;
    for (double t = t0 + id * 0.37; t < t0 + 3600; t += period) {
      // Half the aircraft fly east through the area, half stay at its edge; the first three lose GNSS in a few
      // minutes' bursts (bad cells that come and go: slots near them are kept, the rest decided away).
      const double u = (t - t0) / 3600;
      const double lat = 60.0 + 0.02 * id, lon = id % 2 ? 23.0 + 4.0 * u : 25.5;
      const bool bad = id <= 3 && std::fmod(t - t0, 1500.0) < 300.0;
      stream.push_back(sample(id, t, lat, lon, bad));
    }
  }
  // A far-away aircraft: never near a bad sample, so its samples go once their slot is decided.
  for (double t = t0; t < t0 + 3600; t += 2.0) stream.push_back(sample(99, t, 45.0, 5.0, false));
  std::stable_sort(stream.begin(), stream.end(), [](const auto& a, const auto& b) { return a.time_s < b.time_s; });

  const auto kept = [&](GoodEvidence& ev) {
    std::vector<std::tuple<double, std::uint32_t, float, float>> out;
    for (const auto& e : ev.near(0, 1e12, 60.0, 25.0, 3000)) out.emplace_back(e.time_s, e.id, e.lat_deg, e.lon_deg);
    std::sort(out.begin(), out.end());
    return out;
  };
  GoodEvidence whole(o);
  for (const auto& s : stream) whole.add(s);
  whole.finish();
  const auto expected = kept(whole);
  ASSERT_GT(expected.size(), 500u);

  for (const double cut_s : {0.5, 19.9, 601.0, 1187.0, 1799.99, 2405.3}) {
    GoodEvidence first(o), second(o), third(o);
    second.continues_earlier_part();
    third.continues_earlier_part();
    const double cut = t0 + cut_s, cut2 = cut + 1000.3;  // a third part of 1000 s: shorter than two store slots
    for (const auto& s : stream) (s.time_s < cut ? first : s.time_s < cut2 ? second : third).add(s);
    first.merge(std::move(second));
    first.merge(std::move(third));
    first.finish();
    EXPECT_EQ(kept(first), expected) << "cut at " << cut_s << " s";
  }
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A located fit whose aircraft were mostly flagged as spoofed is withheld, with the reason (their reported places
// are false); one whose group has mostly aircraft that were not, or whose flags lie far from its time, is kept.
TEST(Localize, SourcesRestingMostlyOnSpoofedAircraftAreWithheld) {
  const auto event_of = [](double start_s, std::initializer_list<std::uint32_t> ids) {
    Event ev;
    ev.start_s = start_s;
    ev.end_s = start_s + 600;
    for (std::uint32_t id : ids) {
      GnssEpisode e;
      e.id = id;
      e.lost_s = start_s + 10;
      ev.episodes.push_back(e);
    }
    SourceEstimate s;
    s.status = SourceStatus::Located;
    s.aircraft = ids.size();
    s.lat_deg = 33.0, s.lon_deg = 35.0;
    ev.source = s;
    return ev;
  };
  const auto finding = [](std::uint32_t id, double at_s) {
    SpoofingFinding f;
    f.aircraft = {id};
    f.start_s = f.end_s = at_s;
    return f;
  };
  std::vector<Event> events = {
      event_of(0, {1, 2, 3, 4}),           // 3 of 4 flagged during it: withheld
      event_of(10000, {5, 6, 7}),          // pooled with the next: 2 of the group's 6 flagged: kept
      event_of(10500, {8, 9, 10}),
      event_of(20000, {11, 12, 13}),       // flagged an hour before it: kept
  };
  for (std::size_t i : {1, 2}) {
    events[i].source->pooled = true;
    events[i].source->fit_start_s = 10000, events[i].source->fit_end_s = 11100;
  }
  events[0].sources = {*events[0].source, *events[0].source};
  const std::vector<SpoofingFinding> findings = {finding(1, 100), finding(2, 650), finding(3, -300), finding(5, 10100),
                                                 finding(6, 10200), finding(11, 16000), finding(12, 16000),
                                                 finding(13, 16000)};
  EXPECT_EQ(withhold_spoofed_sources(events, findings), 1u);
  ASSERT_TRUE(events[0].source.has_value());
  EXPECT_EQ(events[0].source->status, SourceStatus::InsufficientEvidence);
  EXPECT_NE(events[0].source->reason.find("3 of the 4 aircraft"), std::string::npos) << events[0].source->reason;
  EXPECT_TRUE(events[0].sources.empty());
  for (std::size_t i : {1, 2, 3}) EXPECT_EQ(events[i].source->status, SourceStatus::Located) << i;
}

TEST(LocalizeMap, SampleRecordingSourceIsNearTheDemoJammer) {
  // tools/make_sample.cpp: a jammer at 60.60 N 25.25 E jams aircraft within 45 km from minute 2 to minute 8.
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("gnsswatch_localize_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const std::string cmd = std::string(GNSSWATCH_BINARY) + " map --start-time 2026-01-07T03:00:00Z --out " +
                          dir.string() + " " + GNSSWATCH_SAMPLE + " >/dev/null 2>&1";
  const int status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  const std::string text = slurp(dir / "events.json");
  fs::remove_all(dir);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(text).get(doc), simdjson::SUCCESS);
  simdjson::dom::array events = doc["events"].get_array();
  ASSERT_EQ(events.size(), 1u);
  simdjson::dom::element source = events.at(0)["source"];
  ASSERT_EQ(std::string_view(source["status"].get_string()), "located") << text;
  const double lat = source["lat"], lon = source["lon"];
  EXPECT_LT(great_circle_km(lat, lon, 60.60, 25.25), 5.0) << lat << ", " << lon;
  EXPECT_NEAR(double(source["radius_km"]), 45.0, 5.0);
  EXPECT_EQ(std::int64_t(source["aircraft"]), 8);
  std::vector<geo::h3::LatLng> ring;
  for (simdjson::dom::element v : source["ci95"]["coordinates"].at(0).get_array())
    ring.push_back({double(v.at(1)), double(v.at(0))});
  EXPECT_TRUE(inside(ring, 60.60, 25.25));
}

}  // namespace
}  // namespace gw::detect
