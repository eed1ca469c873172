#include "detect/spoofing.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <tuple>

#include "geo/distance.hpp"

namespace gw::detect {
namespace {

using geo::kDegToRad;
using geo::wrap180;
constexpr double kEarthRadiusKm = geo::kEarthMeanRadiusKm;
constexpr double kKmPerNm = 1.852;
constexpr double kMinElapsedS = 0.01;          // floor for implied speeds of positions with equal times
constexpr double kEvictEveryS = 60.0;
constexpr std::size_t kCrossScan = 1024;  // recent findings searched for an open cross-track finding to extend

double kt_to_km_s(double kt) { return kt * kKmPerNm / 3600.0; }

double haversine_km(GeoPoint a, GeoPoint b) { return geo::great_circle_km(a.lat_deg, a.lon_deg, b.lat_deg, b.lon_deg); }

// True when a and b are certainly no more than `km` apart, without the haversine's sines and arcsine: the great
// circle is no longer than the way along a meridian and then a parallel, R (|dlat| + |dlon|) with the angles in
// radians. The 0.1 % margin covers the rounding of both. False (undecided) for NaN coordinates.
bool surely_within_km(GeoPoint a, GeoPoint b, double km) {
  return kEarthRadiusKm * kDegToRad * (std::abs(b.lat_deg - a.lat_deg) + std::abs(b.lon_deg - a.lon_deg)) <= 0.999 * km;
}

// Displacement from a to b in the local plane at a (km east, km north); fine for the tens of km compared here.
void displacement_km(GeoPoint a, GeoPoint b, double& east, double& north) {
  east = wrap180(b.lon_deg - a.lon_deg) * kDegToRad * kEarthRadiusKm * std::cos(a.lat_deg * kDegToRad);
  north = (b.lat_deg - a.lat_deg) * kDegToRad * kEarthRadiusKm;
}

GeoPoint offset(GeoPoint a, double east_km, double north_km) {
  const double coslat = std::max(1e-6, std::cos(a.lat_deg * kDegToRad));
  return {a.lat_deg + north_km / kEarthRadiusKm / kDegToRad,
          wrap180(a.lon_deg + east_km / (kEarthRadiusKm * coslat) / kDegToRad)};
}

bool is_cross_kind(SpoofingKind k) { return k == SpoofingKind::Convergence || k == SpoofingKind::CommonOffset; }

}  // namespace

std::string_view spoofing_kind_name(SpoofingKind k) {
  switch (k) {
    case SpoofingKind::PositionJump: return "position_jump";
    case SpoofingKind::Reappearance: return "reappearance";
    case SpoofingKind::PositionStuck: return "position_stuck";
    case SpoofingKind::VelocityMismatch: return "velocity_mismatch";
    case SpoofingKind::GnssBaroDivergence: return "gnss_baro_divergence";
    case SpoofingKind::Convergence: return "convergence";
    case SpoofingKind::CommonOffset: return "common_offset";
    case SpoofingKind::ImplausibleGroundSpeed: return "implausible_ground_speed";
  }
  return "unknown";
}

void SpoofingFinding::add_evidence(const char* name, double value) {
  if (evidence_count < evidence.size()) evidence[evidence_count++] = {name, value};
}

SpoofingDetector::SpoofingDetector(SpoofingOptions options) : options_(options) {
  jumps_.resize(std::max<std::size_t>(1, options_.jump_ring));
}

SpoofingDetector::Track* SpoofingDetector::track_for(std::uint32_t icao, double time_s) {
  if (Track* t = tracks_.find(icao)) return t;
  if (tracks_.size() >= options_.max_tracks) {
    evict(time_s);
    if (tracks_.size() >= options_.max_tracks) {
      ++counters_.tracks_refused;
      return nullptr;
    }
  }
  Track& t = tracks_.get_or_insert(icao);
  t.icao = icao;
  t.open.fill(-1);
  return &t;
}

void SpoofingDetector::evict(double time_s) {
  counters_.tracks_evicted += tracks_.erase_if([&](std::uint32_t, const Track& t) {
    if (time_s - t.last_heard_s <= options_.forget_after_s) return false;
    if (t.pending) ++counters_.jumps_unconfirmed;
    return true;
  });
}

void SpoofingDetector::evict_due(double time_s) {
  if (std::isfinite(next_evict_s_)) evict(time_s);  // else the first ADS-B message: start the schedule
  next_evict_s_ = time_s + kEvictEveryS;
}

void SpoofingDetector::update_track(const modes::ModeSMessage& msg, double time_s, bool has_pos, bool has_vel,
                                    bool has_alt) {
  Track* t = track_for(msg.address, time_s);
  if (!t) return;
  if (std::isfinite(t->last_heard_s) && time_s < t->last_heard_s) {
    ++counters_.out_of_order;
    return;
  }
  t->last_heard_s = time_s;
  if (msg.category) t->category = *msg.category;
  if (has_alt) on_altitudes(*t, msg, time_s);
  if (has_vel) on_velocity(*t, *msg.gs_kt, *msg.track_deg, time_s);
  if (!has_pos) return;
  const GeoPoint p{*msg.derived.lat, *msg.derived.lon};
  // NIC 0 position type codes: the transmitter says the position has no integrity. Seen on real data as
  // degenerate CPR fields ((0, 0), (30, 14.1)) sent while GNSS is being lost: kept for reporting, not checked.
  if (msg.type_code == 8 || msg.type_code == 18 || msg.type_code == 22) {
    ++counters_.positions_no_integrity;
    t->raw_pos = p;
    t->raw_pos_s = time_s;
    return;
  }
  on_position(*t, msg, time_s, p);
}

std::optional<GeoPoint> SpoofingDetector::last_reported(const Track& t) const {
  if (std::isfinite(t.raw_pos_s) && (!t.has_pos || t.raw_pos_s > t.pos_s)) return t.raw_pos;
  if (t.has_pos) return t.pos;
  return std::nullopt;
}

std::optional<GeoPoint> SpoofingDetector::plausible_at(const Track& t, double time_s) const {
  if (!t.has_pos) return std::nullopt;
  // Dead reckoning from the last trusted position with the last velocity, if that velocity is recent enough
  // to hold (velocity_window_s); else the trusted position itself.
  if (!t.has_vel || time_s - t.vel_s > options_.velocity_window_s) return t.pos;
  const double dist = kt_to_km_s(t.gs_kt) * std::max(0.0, time_s - t.pos_s);
  const double trk = t.track_deg * kDegToRad;
  return offset(t.pos, dist * std::sin(trk), dist * std::cos(trk));
}

SpoofingFinding* SpoofingDetector::new_finding() {
  if (findings_.size() >= options_.max_findings) {
    ++counters_.findings_dropped;
    return nullptr;
  }
  return &findings_.emplace_back();
}

SpoofingFinding* SpoofingDetector::open_finding(Track& t, SpoofingKind kind, double time_s, bool& fresh) {
  std::int64_t& idx = t.open[static_cast<std::size_t>(kind)];
  if (idx >= 0 && findings_[static_cast<std::size_t>(idx)].end_s >= time_s - options_.coalesce_s) {
    SpoofingFinding& f = findings_[static_cast<std::size_t>(idx)];
    f.end_s = std::max(f.end_s, time_s);
    ++f.occurrences;
    fresh = false;
    return &f;
  }
  SpoofingFinding* f = new_finding();
  if (!f) return nullptr;
  idx = static_cast<std::int64_t>(findings_.size() - 1);
  f->kind = kind;
  f->aircraft = {t.icao};
  f->start_s = f->end_s = time_s;
  fresh = true;
  return f;
}

void SpoofingDetector::on_velocity(Track& t, float gs_kt, float track_deg, double time_s) {
  ++counters_.velocities;
  if (t.win) {
    if (!t.has_vel || time_s - t.vel_s > options_.velocity_max_gap_s) {
      t.win = false;
    } else {
      const double dt = time_s - t.dr_s;
      const double dist = kt_to_km_s(t.gs_kt) * dt;
      const double trk = t.track_deg * kDegToRad;
      t.dr_east_km += dist * std::sin(trk);
      t.dr_north_km += dist * std::cos(trk);
      t.dr_len_km += dist;
      t.dr_s = time_s;
    }
  }
  check_ground_speed(t, gs_kt, time_s);
  t.has_vel = true;
  t.gs_kt = gs_kt;
  t.track_deg = track_deg;
  t.vel_s = time_s;
}

void SpoofingDetector::check_ground_speed(Track& t, float gs_kt, double time_s) {
  const std::uint8_t set = t.category >> 4;
  const bool exempt = set == 0xB || t.category == 0xA7;
  const bool cruise = t.has_baro && time_s - t.baro_s <= options_.baro_max_age_s && t.alt_baro_ft >= options_.slow_min_alt_ft;
  if (exempt || !cruise || gs_kt >= options_.slow_max_gs_kt) {
    t.slow_reports = 0;
    return;
  }
  if (t.slow_reports++ == 0) t.slow_first_s = time_s;
  if (t.slow_reports < options_.slow_min_reports || time_s - t.slow_first_s < options_.slow_min_span_s) return;
  bool fresh = false;
  SpoofingFinding* f = open_finding(t, SpoofingKind::ImplausibleGroundSpeed, time_s, fresh);
  if (!f || !fresh) return;
  f->start_s = t.slow_first_s;
  f->reported = last_reported(t);
  f->add_evidence("gs_kt", gs_kt);
  f->add_evidence("max_gs_kt", options_.slow_max_gs_kt);
  f->add_evidence("alt_baro_ft", t.alt_baro_ft);
  f->add_evidence("reports", t.slow_reports);
}

void SpoofingDetector::on_altitudes(Track& t, const modes::ModeSMessage& msg, double time_s) {
  if (msg.alt_baro_ft) {
    t.has_baro = true;
    t.alt_baro_ft = *msg.alt_baro_ft;
    t.baro_s = time_s;
  }
  std::optional<double> diff;
  const bool baro_fresh = t.has_baro && time_s - t.baro_s <= options_.baro_max_age_s;
  if (msg.gnss_baro_diff_ft && baro_fresh) diff = *msg.gnss_baro_diff_ft;
  else if (msg.alt_geom_ft && baro_fresh) diff = static_cast<double>(*msg.alt_geom_ft - t.alt_baro_ft);
  if (!diff) return;

  const double bound = options_.divergence_base_ft + options_.divergence_fraction * std::abs(t.alt_baro_ft);
  if (std::abs(*diff) <= bound) {
    t.div_reports = 0;
    return;
  }
  if (t.div_reports++ == 0) t.div_first_s = time_s;
  if (t.div_reports < options_.divergence_min_reports || time_s - t.div_first_s < options_.divergence_min_span_s) return;
  bool fresh = false;
  SpoofingFinding* f = open_finding(t, SpoofingKind::GnssBaroDivergence, time_s, fresh);
  if (!f || !fresh) return;
  f->start_s = t.div_first_s;
  f->reported = last_reported(t);
  f->plausible = plausible_at(t, time_s);
  f->add_evidence("gnss_minus_baro_ft", *diff);
  f->add_evidence("bound_ft", bound);
  f->add_evidence("alt_baro_ft", t.alt_baro_ft);
  f->add_evidence("reports", t.div_reports);
  f->add_evidence("from_tc19", msg.gnss_baro_diff_ft ? 1.0 : 0.0);
}

void SpoofingDetector::on_position(Track& t, const modes::ModeSMessage& msg, double time_s, GeoPoint p) {
  (void)msg;
  ++counters_.positions;
  if (!t.has_pos) {
    t.has_pos = true;
    t.pos = p;
    t.pos_s = time_s;
    check_velocity_window(t, time_s, p);
    return;
  }
  const double vmax_km_s = kt_to_km_s(options_.max_speed_kt);

  if (t.pending) {
    // Continues from the new place, or back on the old track (dead-reckoned)? The nearer one wins.
    const double to_new = haversine_km(t.pend_last, p);
    const GeoPoint old_dr = plausible_at(t, time_s).value_or(t.pos);
    const double to_old = haversine_km(old_dr, p);
    const bool fits_new = to_new <= vmax_km_s * (time_s - t.pend_last_s) + options_.jump_min_km;
    const bool fits_old = haversine_km(t.pos, p) <= vmax_km_s * (time_s - t.pos_s) + options_.jump_min_km;
    if (fits_old && to_old <= to_new) {
      ++counters_.glitches;
      t.pending = false;
      t.pos = p;
      t.pos_s = time_s;
      t.win = false;
      return;
    }
    if (fits_new) {
      ++t.pend_count;
      t.pend_last = p;
      t.pend_last_s = time_s;
      if (t.pend_count >= options_.confirm_positions && time_s - t.pend_first_s >= options_.confirm_min_span_s) {
        confirm_jump(t);
      }
      return;
    }
    // Neither: a second implausible place. The first one did not persist; start over from the trusted track.
    ++counters_.glitches;
    t.pending = false;
  }

  // Consecutive positions are almost always metres to a few km apart: the haversine only when a jump is possible.
  if (!surely_within_km(t.pos, p, options_.jump_min_km)) {
    const double dt = time_s - t.pos_s;
    const double d = haversine_km(t.pos, p);
    if (d > options_.jump_min_km && d > vmax_km_s * dt) {
      t.pending = true;
      t.pend_first = t.pend_last = p;
      t.pend_first_s = t.pend_last_s = time_s;
      t.pend_count = 0;
      return;
    }
  }
  t.pos = p;
  t.pos_s = time_s;
  check_velocity_window(t, time_s, p);
}

void SpoofingDetector::confirm_jump(Track& t) {
  const double gap = t.pend_first_s - t.pos_s;
  const double d = haversine_km(t.pos, t.pend_first);
  const SpoofingKind kind = gap >= options_.reappear_gap_s ? SpoofingKind::Reappearance : SpoofingKind::PositionJump;
  bool fresh = false;
  if (SpoofingFinding* f = open_finding(t, kind, t.pend_first_s, fresh)) {
    f->end_s = std::max(f->end_s, t.pend_last_s);
    if (fresh) {
      f->reported = t.pend_first;
      f->plausible = plausible_at(t, t.pend_first_s);
      f->add_evidence("distance_km", d);
      f->add_evidence("elapsed_s", gap);
      f->add_evidence("implied_speed_kt", d / std::max(kMinElapsedS, gap) * 3600.0 / kKmPerNm);
      f->add_evidence("max_speed_kt", options_.max_speed_kt);
      f->add_evidence("confirming_positions", t.pend_count);
      if (f->plausible) f->add_evidence("offset_from_plausible_km", haversine_km(*f->plausible, t.pend_first));
    }
  }
  Jump j;
  j.icao = t.icao;
  j.time_s = t.pend_first_s;
  j.from = t.pos;
  j.to = t.pend_first;
  displacement_km(j.from, j.to, j.east_km, j.north_km);

  t.pending = false;
  t.pos = t.pend_last;
  t.pos_s = t.pend_last_s;
  t.win = false;
  jumps_[jump_next_] = j;
  jump_next_ = (jump_next_ + 1) % jumps_.size();
  cross_track(j);
}

void SpoofingDetector::check_velocity_window(Track& t, double time_s, GeoPoint p) {
  const bool vel_ok = t.has_vel && time_s - t.vel_s <= options_.velocity_max_gap_s;
  if (!vel_ok || !t.win) {
    t.win = vel_ok;
    t.win_start = p;
    t.win_s = t.dr_s = time_s;
    t.dr_east_km = t.dr_north_km = t.dr_len_km = 0;
    return;
  }
  const double elapsed = time_s - t.win_s;
  if (elapsed < options_.velocity_window_s) return;
  // Dead-reckon the rest of the way with the current velocity.
  const double dist = kt_to_km_s(t.gs_kt) * (time_s - t.dr_s);
  const double trk = t.track_deg * kDegToRad;
  const double exp_e = t.dr_east_km + dist * std::sin(trk);
  const double exp_n = t.dr_north_km + dist * std::cos(trk);
  const double expected_len = t.dr_len_km + dist;
  double act_e = 0, act_n = 0;
  displacement_km(t.win_start, p, act_e, act_n);
  const double moved = std::hypot(act_e, act_n);
  const double error = std::hypot(act_e - exp_e, act_n - exp_n);
  const double mean_gs_kt = expected_len / elapsed * 3600.0 / kKmPerNm;

  std::optional<SpoofingKind> kind;
  if (expected_len >= options_.stuck_min_expected_km && moved < options_.stuck_max_fraction * expected_len) {
    kind = SpoofingKind::PositionStuck;
  } else if (error > std::max(options_.mismatch_min_km, options_.mismatch_fraction * expected_len)) {
    kind = SpoofingKind::VelocityMismatch;
  }
  if (kind) {
    bool fresh = false;
    if (SpoofingFinding* f = open_finding(t, *kind, time_s, fresh); f && fresh) {
      f->start_s = t.win_s;
      f->reported = p;
      f->plausible = offset(t.win_start, exp_e, exp_n);
      f->add_evidence("window_s", elapsed);
      f->add_evidence("moved_km", moved);
      f->add_evidence("dead_reckoned_km", expected_len);
      f->add_evidence("error_km", error);
      f->add_evidence("mean_reported_gs_kt", mean_gs_kt);
    }
  }
  t.win_start = p;
  t.win_s = t.dr_s = time_s;
  t.dr_east_km = t.dr_north_km = t.dr_len_km = 0;
}

void SpoofingDetector::cross_track(const Jump& j) {
  // Latest jump per aircraft within the window, j's own included.
  std::array<const Jump*, 64> near{};
  std::size_t n = 0;
  for (const Jump& o : jumps_) {
    if (!std::isfinite(o.time_s) || std::abs(o.time_s - j.time_s) > options_.cross_window_s) continue;
    bool seen = false;
    for (std::size_t i = 0; i < n; ++i) {
      if (near[i]->icao == o.icao) {
        if (o.time_s > near[i]->time_s) near[i] = &o;
        seen = true;
        break;
      }
    }
    if (!seen && n < near.size()) near[n++] = &o;
  }
  if (n < options_.cross_min_aircraft) return;

  auto report = [&](SpoofingKind kind, std::span<const Jump* const> group, double e1, const char* n1, double e2,
                    const char* n2, GeoPoint where) {
    // Extend an open finding of the same kind about the same place/vector, else open one.
    SpoofingFinding* f = nullptr;
    std::size_t scanned = 0;
    for (auto it = findings_.rbegin(); it != findings_.rend() && scanned++ < kCrossScan; ++it) {
      if (it->kind != kind || !it->reported || it->end_s < j.time_s - options_.cross_window_s) continue;
      if (kind == SpoofingKind::Convergence && haversine_km(*it->reported, where) > options_.converge_radius_km) continue;
      if (kind == SpoofingKind::CommonOffset) {
        const double de = it->evidence[0].value - e1, dn = it->evidence[1].value - e2;
        const double tol = std::max(options_.offset_tolerance_km, options_.offset_tolerance_fraction * std::hypot(e1, e2));
        if (std::hypot(de, dn) > tol) continue;
      }
      f = &*it;
      break;
    }
    if (!f) {
      f = new_finding();
      if (!f) return;
      f->kind = kind;
      f->start_s = f->end_s = j.time_s;
      f->reported = where;
      f->add_evidence(n1, e1);
      f->add_evidence(n2, e2);
    }
    for (const Jump* g : group) {
      if (std::find(f->aircraft.begin(), f->aircraft.end(), g->icao) == f->aircraft.end()) f->aircraft.push_back(g->icao);
      f->start_s = std::min(f->start_s, g->time_s);
      f->end_s = std::max(f->end_s, g->time_s);
    }
    std::sort(f->aircraft.begin(), f->aircraft.end());
    f->occurrences = f->aircraft.size();
  };

  // Convergence: new places within converge_radius_km of j's, old places spread apart.
  std::array<const Jump*, 64> group{};
  std::size_t m = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (haversine_km(near[i]->to, j.to) <= options_.converge_radius_km) group[m++] = near[i];
  }
  if (m >= options_.cross_min_aircraft) {
    double spread = 0;
    for (std::size_t a = 0; a < m; ++a) {
      for (std::size_t b = a + 1; b < m; ++b) spread = std::max(spread, haversine_km(group[a]->from, group[b]->from));
    }
    if (spread >= options_.converge_min_spread_km) {
      report(SpoofingKind::Convergence, std::span(group.data(), m), spread, "from_spread_km", static_cast<double>(m),
             "aircraft", j.to);
    }
  }
  // Common offset: displacement vectors equal within tolerance.
  const double tol = std::max(options_.offset_tolerance_km, options_.offset_tolerance_fraction * std::hypot(j.east_km, j.north_km));
  m = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::hypot(near[i]->east_km - j.east_km, near[i]->north_km - j.north_km) <= tol) group[m++] = near[i];
  }
  if (m >= options_.cross_min_aircraft) {
    double spread = 0;
    for (std::size_t a = 0; a < m; ++a) {
      for (std::size_t b = a + 1; b < m; ++b) spread = std::max(spread, haversine_km(group[a]->to, group[b]->to));
    }
    // Aircraft that all jumped onto one point are a convergence, not an offset.
    if (spread > options_.converge_radius_km) {
      report(SpoofingKind::CommonOffset, std::span(group.data(), m), j.east_km, "offset_east_km", j.north_km,
             "offset_north_km", j.to);
    }
  }
}

std::vector<SpoofingFinding> SpoofingDetector::finish() {
  tracks_.for_each([&](std::uint32_t, const Track& t) {
    if (t.pending) ++counters_.jumps_unconfirmed;
  });
  tracks_.clear();
  std::vector<SpoofingFinding> out = std::move(findings_);
  findings_.clear();
  std::fill(jumps_.begin(), jumps_.end(), Jump{});
  jump_next_ = 0;
  next_evict_s_ = kNaN;
  return merge_findings(out, {});
}

std::vector<SpoofingFinding> merge_findings(std::span<const SpoofingFinding> a, std::span<const SpoofingFinding> b) {
  std::vector<SpoofingFinding> all(a.begin(), a.end());
  all.insert(all.end(), b.begin(), b.end());
  std::sort(all.begin(), all.end(), [](const SpoofingFinding& x, const SpoofingFinding& y) {
    return std::tie(x.kind, x.aircraft, x.start_s, x.end_s) < std::tie(y.kind, y.aircraft, y.start_s, y.end_s);
  });
  std::vector<SpoofingFinding> out;
  out.reserve(all.size());
  for (SpoofingFinding& f : all) {
    if (!out.empty()) {
      SpoofingFinding& last = out.back();
      const bool same = last.kind == f.kind && last.aircraft == f.aircraft;
      if (same && last.start_s == f.start_s && last.end_s == f.end_s) continue;  // exact duplicate
      if (same && !is_cross_kind(f.kind) && f.start_s <= last.end_s) {          // overlapping spans
        last.end_s = std::max(last.end_s, f.end_s);
        last.occurrences += f.occurrences;
        continue;
      }
    }
    out.push_back(std::move(f));
  }
  std::stable_sort(out.begin(), out.end(), [](const SpoofingFinding& x, const SpoofingFinding& y) {
    return std::tie(x.start_s, x.kind) < std::tie(y.start_s, y.kind);
  });
  return out;
}

}  // namespace gw::detect
