#include "detect/health_classifier.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace gw::detect {
namespace {

constexpr double kEarthRadiusM = 6371000.0;
constexpr double kKnotMps = 1852.0 / 3600.0;
constexpr double kDegToRad = M_PI / 180.0;
constexpr double kForgetCheckIntervalS = 60.0;
// A drop in integrity more than this before the loss is not taken as its lead-in: at 250 m/s 15 min is 225 km,
// more than the ring between the loss and the first drop is wide for any jammer range seen (up to ~150 km, a ring
// up to 1.6 times that for a 4 dB step, docs/INTERFERENCE_MODEL.md §4).
constexpr double kDegradationMaxAgeS = 900.0;

// The NACp a message states: TC 31 / TC 29, or for a version-0 position the equivalent of its NUCp
// (track::nac_p_equivalent_of_nuc_p; readsb likewise derives one for version 0).
std::optional<std::uint8_t> message_nac_p(const modes::ModeSMessage& msg) {
  if (msg.nac_p) return msg.nac_p;
  if (msg.derived.nuc_p) return track::nac_p_equivalent_of_nuc_p(*msg.derived.nuc_p);
  return std::nullopt;
}

}  // namespace

HealthTracker::HealthTracker(HealthSink& sink, HealthOptions options) : sink_(sink), options_(options) {
  if (!(options_.max_time_regression_s >= 0)) {
    throw std::invalid_argument("HealthTracker: max_time_regression_s must be 0 or more");
  }
}

Verdict HealthTracker::judge_gpsjam(Entry& e, const modes::ModeSMessage& msg, double t) const {
  using namespace gpsjam;
  const track::AircraftState& ac = e.ac;
  const double ok_s = ac.gnss_ok_s;
  const bool fast = ac.gs_kt && *ac.gs_kt > kMinSpeedKt;
  const bool on_ground = ac.air_ground == track::AirGround::Ground;
  // The counter moves on DF17 messages (as readsb's) and on state records of own ADS-B, one step per record: a
  // record is one observation of another tracker's state (docs/HEALTH.md, "State records").
  const bool record = track::is_own_adsb_record(msg);
  e.heard_without_gnss = false;
  if (msg.df == 17 || record) {
    const auto nac_p = message_nac_p(msg);
    // DF17: type code 0 ("no position") or a stated NACp <= 2. Record: a stated NACp <= 2, with or without a
    // position (readsb keeps nac_p from operational status; a position with EPU >= 4 NM is not a GNSS fix).
    const bool bad_message = (msg.df == 17 && msg.type_code == 0) || (nac_p && *nac_p <= kBadMaxNacP);
    e.heard_without_gnss = bad_message && fast && !on_ground;  // readsb's condition, without its time window
    if (bad_message && fast && !on_ground && t > ok_s + kGraceS && t < ok_s + kDwellS && e.counter < kCounterMax) {
      ++e.counter;
    }
    if (e.counter > 0) {
      if (t > ok_s + kDwellS) e.counter = 0;
      if (nac_p && *nac_p >= kOkMinNacP && t < ok_s + kGraceS && e.counter > 0) --e.counter;
    }
  }
  if (ac.gnss_ok_s > e.good_s) {
    e.good_lat_deg = ac.gnss_ok_lat_deg;
    e.good_lon_deg = ac.gnss_ok_lon_deg;
    e.good_s = ac.gnss_ok_s;
    e.good_altitude_ft = ac.altitude_ft();  // gnss_ok_s is this message's: the altitude sent with that position
    e.good_gs_kt = ac.gnss_ok_gs_kt.value_or(-1.0f);
    e.good_track_deg = ac.gnss_ok_track_deg.value_or(-1.0f);
  }
  if (on_ground) return Verdict::None;
  if (e.counter >= kFlagAt && t < ok_s + kDwellS) return Verdict::Bad;
  if (e.counter < kFlagAt && fast && t - ok_s <= kGraceS) return Verdict::Good;
  return Verdict::None;
}

Verdict HealthTracker::judge_integrity(Entry& e, const modes::ModeSMessage& msg, double t) const {
  const track::AircraftState& ac = e.ac;
  const bool nic_rule = options_.classifier == Classifier::Nic;
  const std::uint8_t tc = msg.type_code.value_or(0xFF);
  Verdict mv = e.message_verdict;
  if (track::is_state_record(msg)) {
    // A record without a position stating NACp <= 2 is the record's "no position" (type code 0); otherwise the
    // record's own NIC (NIC rule) or NACp (NACp rule; a positioned record without one: the carried NACp).
    const bool positioned = msg.derived.lat.has_value();
    if (!positioned && msg.nac_p && *msg.nac_p <= gpsjam::kBadMaxNacP) {
      mv = Verdict::Bad;
    } else if (nic_rule) {
      if (msg.derived.nic) mv = *msg.derived.nic >= kGoodMinNic ? Verdict::Good : Verdict::Bad;
    } else if (msg.nac_p) {
      mv = *msg.nac_p >= kGoodMinNacP ? Verdict::Good : Verdict::Bad;
    } else if (const auto nac_p = ac.current_nac_p(t, options_.state); positioned && nac_p) {
      mv = *nac_p >= kGoodMinNacP ? Verdict::Good : Verdict::Bad;
    }
  } else if (tc == 0) {
    mv = Verdict::Bad;  // "no position": the aircraft has no position to send
  } else if (track::is_airborne_position_tc(tc)) {
    if (nic_rule) {
      if (msg.derived.nic) mv = *msg.derived.nic >= kGoodMinNic ? Verdict::Good : Verdict::Bad;
      else if (msg.derived.nuc_p) mv = *msg.derived.nuc_p >= kGoodMinNucP ? Verdict::Good : Verdict::Bad;
    } else if (const auto nac_p = ac.current_nac_p(t, options_.state)) {
      mv = *nac_p >= kGoodMinNacP ? Verdict::Good : Verdict::Bad;
    }
  } else if (!nic_rule && msg.nac_p) {
    mv = *msg.nac_p >= kGoodMinNacP ? Verdict::Good : Verdict::Bad;
  }
  e.message_verdict = mv;

  Verdict v = mv;
  if (ac.positions_stopped(t, options_.position_lost_after_s)) {
    v = Verdict::Bad;  // positions stopped while the aircraft's other messages go on
  }
  if (ac.air_ground == track::AirGround::Ground) {
    e.heard_without_gnss = false;
    return Verdict::None;
  }
  e.heard_without_gnss = v == Verdict::Bad;
  const bool fresh_position = t - ac.position_s <= options_.max_reported_position_age_s;
  if (v == Verdict::Good) {
    if (!fresh_position) return Verdict::None;  // good by its word, but nowhere to place it
    if (ac.position_s > e.good_s) {
      e.good_lat_deg = ac.lat_deg;
      e.good_lon_deg = ac.lon_deg;
      e.good_s = ac.position_s;
      e.good_altitude_ft = ac.altitude_ft();  // at most max_reported_position_age_s after the position
      e.good_gs_kt = ac.gs_kt.value_or(-1.0f);
      e.good_track_deg = ac.track_deg.value_or(-1.0f);
    }
  }
  if (v == Verdict::Bad && e.good_s == track::kNever) return Verdict::None;  // never seen good
  return v;
}

// Counts the message, checks its order and forgets stale aircraft when due; false when it is skipped. `msg` is null
// for a fieldless squitter (never a state record).
inline bool HealthTracker::admit(const modes::ModeSMessage* msg, std::uint32_t address, double time_s) {
  ++counters_.messages;
  // The usual case, time going on, in one test: a message later than the latest is in order since
  // max_time_regression_s >= 0 (the constructor checks), and the later one is the latest then.
  if (time_s > latest_s_) {
    latest_s_ = time_s;
  } else if (!(time_s >= latest_s_ - options_.max_time_regression_s) && !late_record_in_order(msg, address, time_s)) {
    ++counters_.out_of_order;  // also NaN
    return false;
  }
  if (time_s >= next_forget_s_) [[unlikely]] {
    forget_stale(time_s);
    next_forget_s_ = time_s + kForgetCheckIntervalS;
  }
  return true;
}

// State records are checked for order per aircraft: one aircraft.json snapshot stamps each aircraft with its own
// position age (seen_pos, up to a minute apart), and the inputs of one run may be snapshots of other days.
bool HealthTracker::late_record_in_order(const modes::ModeSMessage* msg, std::uint32_t address, double time_s) const {
  if (!msg || !track::is_state_record(*msg) || !std::isfinite(time_s)) return false;
  const Entry* known = aircraft_.find(address);
  return !known || time_s >= known->ac.last_heard_s - options_.max_time_regression_s;
}

HealthTracker::Entry& HealthTracker::find_or_add(std::uint32_t address) { return aircraft_.get_or_insert(address); }

void HealthTracker::update_fieldless(std::uint32_t address, double time_s, std::optional<std::uint8_t> version) {
  update_fieldless(FieldlessLookup{}, address, time_s, version);
}

void HealthTracker::update_fieldless(const FieldlessLookup& lookup, std::uint32_t address, double time_s,
                                     std::optional<std::uint8_t> version) {
  // The usual squitter (a known aircraft, time going on, no forgetting due: that would move the entries) is counted
  // and ordered here as admit() would; the others take admit() itself and look the aircraft up again.
  Entry* e = lookup.entry_;
  if (e && time_s > latest_s_ && time_s < next_forget_s_) [[likely]] {
    ++counters_.messages;
    latest_s_ = time_s;
  } else if (e = admit_fieldless(address, time_s); !e) {
    return;
  }
  e->ac.last_heard_s = time_s;
  if (version) e->ac.version = version;
}

HealthTracker::Entry* HealthTracker::admit_fieldless(std::uint32_t address, double time_s) {
  return admit(nullptr, address, time_s) ? &aircraft_.get_or_insert(address) : nullptr;
}

void HealthTracker::update(const modes::ModeSMessage& msg, double time_s) {
  if (!admit(&msg, msg.address, time_s)) return;
  Entry* found = aircraft_.find(msg.address);
  Entry& e = found ? *found : find_or_add(msg.address);
  e.only_fieldless = false;
  track::apply(e.ac, msg, time_s, options_.state);
  // Verdicts come from what the aircraft says about itself (its ADS-B messages, or state records of them); other
  // replies and records only update its state.
  if (!track::is_own_adsb(msg) && !track::is_own_adsb_record(msg)) return;

  Verdict v = options_.classifier == Classifier::Gpsjam ? judge_gpsjam(e, msg, time_s)
                                                        : judge_integrity(e, msg, time_s);
  // After a bad verdict, "good" needs a position reported since: the place where GNSS was regained.
  if (v == Verdict::Good && e.ac.position_s <= e.last_bad_s) v = Verdict::None;
  if (v == Verdict::Bad) e.last_bad_s = time_s;
  if (!e.episode_open) follow_degradation(e, msg, time_s);
  follow_unseen_loss(e, msg.address, v, time_s);
  e.verdict = v;
  if (v == Verdict::None) return;
  if (v == Verdict::Bad && !e.episode_open) {
    open_episode(e, msg.address, time_s);
  } else if (v == Verdict::Good && e.episode_open) {
    close_episode(e, time_s, e.ac.lat_deg, e.ac.lon_deg);
  }
  if (v != e.last_emitted || time_s - e.last_sample_s >= options_.sample_interval_s) {
    emit_sample(e, msg.address, v, time_s);
  }
}

// A loss: the episode starts where GNSS was last good.
void HealthTracker::open_episode(Entry& e, std::uint32_t id, double time_s) {
  e.episode_open = true;
  e.episode = GnssEpisode{};
  e.episode.id = id;
  e.episode.lost_s = time_s;
  e.episode.lost_lat_deg = e.good_lat_deg;
  e.episode.lost_lon_deg = e.good_lon_deg;
  // At the loss place (the last good position), not at this verdict; the latter only when none was reported then.
  e.episode.altitude_ft = e.good_altitude_ft ? e.good_altitude_ft : e.ac.altitude_ft();
  // The degradation that led to this loss: at or before the loss place (the last good position), and recent.
  if (e.drop_s != track::kNever && e.drop_s <= e.good_s && time_s - e.drop_s <= kDegradationMaxAgeS) {
    e.episode.degraded_s = e.drop_s;
    e.episode.degraded_lat_deg = e.drop_lat_deg;
    e.episode.degraded_lon_deg = e.drop_lon_deg;
    e.episode.degraded_altitude_ft = e.drop_altitude_ft;
    if (e.drop_more_s != track::kNever && e.drop_more_s <= e.good_s) {
      e.episode.degraded_more_s = e.drop_more_s;
      e.episode.degraded_more_lat_deg = e.drop_more_lat_deg;
      e.episode.degraded_more_lon_deg = e.drop_more_lon_deg;
      e.episode.degraded_more_altitude_ft = e.drop_more_altitude_ft;
    }
  }
  // Used up: the next loss needs a new drop (the level after the regain sets the usual one again).
  e.usual_level = e.drop_level = kNoLevel;
  e.drop_s = e.drop_more_s = track::kNever;
}

void HealthTracker::emit_sample(Entry& e, std::uint32_t id, Verdict v, double t) {
  HealthSample s;
  s.time_s = t;
  s.id = id;
  s.platform = Platform::Aircraft;
  s.altitude_ft = e.ac.altitude_ft();
  s.bad = v == Verdict::Bad;
  if (!s.bad) {
    s.lat_deg = e.ac.lat_deg;
    s.lon_deg = e.ac.lon_deg;
    s.placement = Placement::Reported;
  } else {
    const double age_s = t - e.good_s;
    if (age_s > options_.max_placement_age_s) {
      ++counters_.bad_unplaced;  // due, but nowhere to put it: counted once per interval like a sample
      e.last_emitted = v;
      e.last_sample_s = t;
      return;
    }
    s.lat_deg = e.good_lat_deg;
    s.lon_deg = e.good_lon_deg;
    s.placement = Placement::LastGood;
    // A position sent since the last good one, and fresh: what the degraded avionics say (kept apart).
    if (e.ac.position_s > e.good_s && t - e.ac.position_s <= options_.max_reported_position_age_s) {
      s.reported_lat_deg = e.ac.lat_deg;
      s.reported_lon_deg = e.ac.lon_deg;
      s.reported_nac_p = e.ac.current_nac_p(t, options_.state);
    }
    if (options_.bad_placement == Placement::DeadReckoned && e.good_gs_kt >= 0 && e.good_track_deg >= 0) {
      // Flat-earth step from the last good position along its track: at most a few tens of km, where the
      // approximation's error (well under 1 %) is far below the dead-reckoning error itself.
      const double d_m = e.good_gs_kt * kKnotMps * age_s;
      const double track = e.good_track_deg * kDegToRad;
      s.lat_deg += d_m * std::cos(track) / kEarthRadiusM / kDegToRad;
      s.lon_deg += d_m * std::sin(track) / (kEarthRadiusM * std::cos(e.good_lat_deg * kDegToRad)) / kDegToRad;
      s.placement = Placement::DeadReckoned;
    }
  }
  e.last_emitted = v;
  e.last_sample_s = t;
  ++(s.bad ? counters_.samples_bad : counters_.samples_good);
  sink_.on_sample(s);
}

void HealthTracker::close_episode(Entry& e, double regained_s, double lat, double lon) {
  e.episode.regained_s = regained_s;
  e.episode.regained_lat_deg = lat;
  e.episode.regained_lon_deg = lon;
  if (std::isfinite(regained_s)) e.episode.regained_altitude_ft = e.ac.altitude_ft();  // with the regain's position
  e.episode_open = false;
  ++counters_.episodes;
  if (std::isnan(regained_s)) ++counters_.episodes_unresolved;
  sink_.on_episode(e.episode);
}

// Losses seen at the regain (docs/HEALTH.md): an aircraft first heard already without GNSS shows no loss to any
// classifier (no good position before it), but its regain shows it was lost at least from its first message heard
// without GNSS. Only aircraft that do regain count: no GNSS equipage, or an avionics fault, never does.
void HealthTracker::follow_unseen_loss(Entry& e, std::uint32_t id, Verdict v, double t) {
  if (!(options_.unseen_loss_max_s > 0)) return;
  if (v == Verdict::Good && e.unseen_bad_count > 0) {
    if (e.unseen_bad_count >= gpsjam::kFlagAt && !e.episode_open && t - e.unseen_first_s <= options_.unseen_loss_max_s &&
        t - e.unseen_last_s <= options_.unseen_loss_gap_s) {
      GnssEpisode ep;
      ep.id = id;
      ep.lost_s = e.unseen_first_s;
      ep.regained_s = t;
      ep.regained_lat_deg = e.ac.lat_deg;
      ep.regained_lon_deg = e.ac.lon_deg;
      ep.altitude_ft = e.unseen_altitude_ft;
      ep.regained_altitude_ft = e.ac.altitude_ft();
      ep.seen_at_regain = true;
      ++counters_.episodes;
      ++counters_.episodes_seen_at_regain;
      sink_.on_episode(ep);
    }
    e.unseen_bad_count = 0;
    e.unseen_first_s = e.unseen_last_s = track::kNever;
    return;
  }
  // A good position in the last 15 min: the classifier itself judges this aircraft (its losses are seen).
  if (!e.heard_without_gnss || e.episode_open || t - e.good_s <= gpsjam::kDwellS) return;
  if (e.unseen_bad_count == 0 || t - e.unseen_last_s > options_.unseen_loss_gap_s) {
    e.unseen_bad_count = 0;
    e.unseen_first_s = t;
    e.unseen_altitude_ft = e.ac.altitude_ft();
  }
  if (e.unseen_bad_count < gpsjam::kFlagAt) ++e.unseen_bad_count;
  e.unseen_last_s = t;
}

// Degradation before the loss (docs/HEALTH.md): follows, per airborne position message with GNSS integrity
// (level > 0: NIC 0 / NUCp 0 is no integrity at all, i.e. lost), the aircraft's usual level (the highest since the
// last drop was cleared) and the run of positions below it. A run that goes back up to the usual level is
// cleared; one that lasts longer than kDegradationMaxAgeS without a loss becomes the new usual level (an aircraft
// whose avionics changed their stated integrity for another reason).
void HealthTracker::follow_degradation(Entry& e, const modes::ModeSMessage& msg, double t) const {
  if (!msg.type_code || !track::is_airborne_position_tc(*msg.type_code) || e.ac.position_s != t) return;
  if (e.ac.air_ground == track::AirGround::Ground) return;
  const bool is_nic = msg.derived.nic.has_value();
  const std::optional<std::uint8_t> level = is_nic ? msg.derived.nic : msg.derived.nuc_p;
  if (!level || *level == 0) return;
  auto clear_drop = [&e] {
    e.drop_level = kNoLevel;
    e.drop_s = e.drop_more_s = track::kNever;
  };
  if (e.usual_level == kNoLevel || is_nic != e.level_is_nic) {
    e.usual_level = *level;  // first level heard, or the decoder switched scales (version learned)
    e.level_is_nic = is_nic;
    clear_drop();
    return;
  }
  if (*level >= e.usual_level) {
    // Back up without a loss: a pass through the ring about a disk (docs/HEALTH.md, "Degradation passes"), when
    // the run had a second position to leave by and no level switch or 15-min reset cut it.
    if (e.drop_s != track::kNever && e.below_s > e.drop_s && t - e.drop_s <= kDegradationMaxAgeS)
      emit_degraded_pass(e, msg.address, t);
    e.usual_level = *level;
    clear_drop();
    return;
  }
  if (e.drop_s != track::kNever && t - e.drop_s > kDegradationMaxAgeS) {
    e.usual_level = *level;
    clear_drop();
    return;
  }
  const std::optional<std::int32_t> alt = e.ac.altitude_ft();
  e.below_s = t;
  e.below_lat_deg = e.ac.lat_deg;
  e.below_lon_deg = e.ac.lon_deg;
  e.below_altitude_ft = alt;
  if (e.drop_s == track::kNever) {
    e.drop_level = *level;
    e.drop_s = t;
    e.drop_lat_deg = e.ac.lat_deg;
    e.drop_lon_deg = e.ac.lon_deg;
    e.drop_altitude_ft = alt;
  } else if (*level < e.drop_level && e.drop_more_s == track::kNever) {
    e.drop_more_s = t;
    e.drop_more_lat_deg = e.ac.lat_deg;
    e.drop_more_lon_deg = e.ac.lon_deg;
    e.drop_more_altitude_ft = alt;
  } else if (*level >= e.drop_level) {
    e.drop_more_s = track::kNever;  // back up to the run's first level: the deeper step starts again
  }
}

// Rare (a pass ends), and kept out of line so that the per-message path stays as compact as before.
void HealthTracker::emit_degraded_pass(const Entry& e, std::uint32_t id, double t) const {
  DegradedPass pass;
  pass.id = id;
  pass.in_s = e.drop_s;
  pass.in_lat_deg = e.drop_lat_deg;
  pass.in_lon_deg = e.drop_lon_deg;
  pass.in_altitude_ft = e.drop_altitude_ft;
  pass.out_s = e.below_s;
  pass.out_lat_deg = e.below_lat_deg;
  pass.out_lon_deg = e.below_lon_deg;
  pass.out_altitude_ft = e.below_altitude_ft;
  pass.back_s = t;
  sink_.on_degraded_pass(pass);
}

void HealthTracker::forget_stale(double time_s) {
  counters_.aircraft_forgotten += aircraft_.erase_if([&](std::uint32_t, Entry& e) {
    if (time_s - e.ac.last_heard_s <= options_.forget_after_s) return false;
    if (e.episode_open) close_episode(e, kNaN, kNaN, kNaN);
    return true;
  });
}

void HealthTracker::finish() {
  aircraft_.for_each([&](std::uint32_t, Entry& e) {
    if (e.episode_open) close_episode(e, kNaN, kNaN, kNaN);
  });
  aircraft_.clear();
}

void HealthTracker::open_episodes(std::vector<GnssEpisode>& out) const {
  aircraft_.for_each([&](std::uint32_t, const Entry& e) {
    if (e.episode_open) out.push_back(e.episode);
  });
}

double HealthTracker::open_loss_floor_s() const {
  double floor = std::numeric_limits<double>::infinity();
  // Messages may come up to max_time_regression_s late: a regain a little behind latest_s_ still counts.
  const double slack_s = options_.max_time_regression_s;
  aircraft_.for_each([&](std::uint32_t, const Entry& e) {
    if (e.episode_open) floor = std::min(floor, e.episode.lost_s);
    if (e.unseen_bad_count > 0 && latest_s_ - e.unseen_first_s <= options_.unseen_loss_max_s + slack_s &&
        latest_s_ - e.unseen_last_s <= options_.unseen_loss_gap_s + slack_s) {
      floor = std::min(floor, e.unseen_first_s);
    }
  });
  return floor;
}

Verdict HealthTracker::verdict(std::uint32_t address) const {
  const Entry* e = aircraft_.find(address);
  return e ? e->verdict : Verdict::None;
}

int HealthTracker::gpsjam_counter(std::uint32_t address) const {
  const Entry* e = aircraft_.find(address);
  return e ? e->counter : 0;
}

const track::AircraftState* HealthTracker::state(std::uint32_t address) const {
  const Entry* e = aircraft_.find(address);
  return e ? &e->ac : nullptr;
}

}  // namespace gw::detect
