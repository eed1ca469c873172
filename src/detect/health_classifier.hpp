// Per-aircraft GNSS health: fed every accepted message in time order, it judges each aircraft's GNSS as good or
// bad with one of three classifiers (detect::Classifier) and hands on
//   - HealthSamples: at most one per aircraft per options.sample_interval_s, plus one at every change of verdict,
//     so a grid sees every aircraft in every cell it crosses without a sample per message;
//   - GnssEpisodes: each loss of GNSS, where and when it was lost and regained (emitted when it closes, when the
//     aircraft is forgotten, or at finish()).
// Rules, constants and their sources: docs/HEALTH.md. In short: an aircraft only counts as bad after it has been
// seen with good GNSS (one that never sends a usable position is not evidence of jamming where it is), never while
// on the ground, and a bad sample is placed where GNSS was last good (or dead-reckoned from there), not where the
// degraded aircraft says it is.
//
// Wiring: after track::MessagePipeline::process(frame, msg) returned true, call tracker.update(msg, clock) with the
// same clock the pipeline used (msg.time_s when the input has times). Call finish(last_time) at the end.
//
// Mutates itself and calls its sink; allocates per new aircraft only; one virtual call per sample or episode,
// none per message. Not thread-safe: one tracker per pipeline.
#pragma once

#include <cstdint>
#include <vector>

#include "detect/health.hpp"
#include "modes/message.hpp"
#include "track/address_map.hpp"
#include "track/aircraft_state.hpp"

namespace gw::detect {

// Constants of readsb's GNSS-loss counter ("nogps"), the basis of gpsjam.org's map. Source: wiedehopf/readsb
// readsb.h (NOGPS_DWELL, NOGPS_MAX, NOGPS_SHOW), track.c trackUpdateFromMessage (the counter) and updatePosition
// (seenAdsbReliable, set when a position arrives while NACp >= 4), net_io.c (gpsOkBefore shown while the counter
// is at least NOGPS_SHOW and within NOGPS_DWELL of the last good position). Re-implemented from that description.
namespace gpsjam {
inline constexpr int kCounterMax = 20;             // NOGPS_MAX: the counter stops here
inline constexpr int kFlagAt = 17;                 // NOGPS_SHOW: flagged from this count on
inline constexpr double kDwellS = 15 * 60.0;       // NOGPS_DWELL: counting and flag last 15 min after last good
inline constexpr double kGraceS = 10.0;            // bad messages count only 10 s after the last good position
inline constexpr double kMinSpeedKt = 50.0;        // ground speed must exceed 50 kt
inline constexpr std::uint8_t kBadMaxNacP = 2;     // bad: type code 0, or NACp <= 2 (EPU >= 4 NM)
inline constexpr std::uint8_t kOkMinNacP = 4;      // good: NACp >= 4 (EPU < 1 NM), decrements the counter
}  // namespace gpsjam

// NIC / NACp classifiers: DO-260B Table 2-69 (NIC 7: Rc < 0.2 NM = 370.4 m) and Table 2-70 (NACp 7: EPU < 0.1 NM).
inline constexpr std::uint8_t kGoodMinNic = 7;
inline constexpr std::uint8_t kGoodMinNucP = 6;  // version 0: NUCp 6 = HPL < 0.2 NM, the same bound as NIC 7
inline constexpr std::uint8_t kGoodMinNacP = 7;

struct HealthOptions {
  Classifier classifier = Classifier::Gpsjam;
  // Where bad samples go: LastGood (default) or DeadReckoned. (Reported is never used for bad samples: a
  // degraded aircraft's own position is what is in doubt.)
  Placement bad_placement = Placement::LastGood;
  // One sample per aircraft per this many seconds, and one at each change of verdict.
  double sample_interval_s = 10.0;
  // A bad sample is only placed while the last good position is at most this old (else it is counted, not
  // emitted). At 450 kt an aircraft moves 7.5 NM a minute: up to 37.5 NM (69 km) from where it is placed.
  double max_placement_age_s = 300.0;
  // Good samples are placed at the aircraft's reported position when it is at most this old.
  double max_reported_position_age_s = 10.0;
  // NIC / NACp classifiers: an airborne aircraft heard sending its other ADS-B messages (velocity, status ...)
  // but no position message for this long has lost its position (counts as bad). Reception gaps do not count:
  // the span is between messages actually received (AircraftState::positions_stopped).
  double position_lost_after_s = 10.0;
  // Aircraft not heard for this long are forgotten (an open episode is emitted unresolved).
  double forget_after_s = 300.0;
  // Losses seen at the regain (docs/HEALTH.md): an airborne aircraft heard without GNSS (at least
  // gpsjam::kFlagAt messages bad by the classifier, none more than unseen_loss_gap_s apart) while it had no good
  // position in the last 15 min (gpsjam::kDwellS) and no open episode, that regains GNSS within unseen_loss_max_s
  // of its first such message and within unseen_loss_gap_s of its last one, gives an episode lost at that first
  // message (GnssEpisode::seen_at_regain). It must stay below map's warm-up (1 h) minus unseen_loss_gap_s, so that
  // input parts give the same episodes as one run. 0 turns it off.
  double unseen_loss_max_s = 1800.0;
  double unseen_loss_gap_s = 300.0;
  // Messages more than this older than the latest one seen are skipped and counted (out_of_order): e.g. the
  // frames with counter 0 at the start of each Beast file of a recording. State records (readsb JSON, OpenSky)
  // only need to be in order per aircraft: more than this older than that aircraft's last record is skipped.
  // 0 or more (HealthTracker's constructor throws std::invalid_argument otherwise).
  double max_time_regression_s = 5.0;
  track::AircraftStateOptions state;
};

class HealthSink {
 public:
  virtual ~HealthSink() = default;
  virtual void on_sample(const HealthSample& sample) = 0;
  virtual void on_episode(const GnssEpisode& episode) = 0;
  // An integrity drop that came back up without a loss (DegradedPass); ignored unless a sink wants it.
  virtual void on_degraded_pass(const DegradedPass& /*pass*/) {}
};

// Keeps everything in memory (tests, small runs).
class HealthCollector final : public HealthSink {
 public:
  void on_sample(const HealthSample& sample) override { samples.push_back(sample); }
  void on_episode(const GnssEpisode& episode) override { episodes.push_back(episode); }
  void on_degraded_pass(const DegradedPass& pass) override { passes.push_back(pass); }
  std::vector<HealthSample> samples;
  std::vector<GnssEpisode> episodes;
  std::vector<DegradedPass> passes;
};

struct HealthCounters {
  std::uint64_t messages = 0;
  std::uint64_t out_of_order = 0;       // skipped: time went back more than max_time_regression_s (or NaN)
  std::uint64_t samples_good = 0;
  std::uint64_t samples_bad = 0;
  std::uint64_t bad_unplaced = 0;       // bad verdicts due for a sample, last good position too old to place
  std::uint64_t episodes = 0;           // emitted (closed, forgotten or at finish)
  std::uint64_t episodes_unresolved = 0;  // ... of which never regained
  std::uint64_t episodes_seen_at_regain = 0;  // ... of which lost before the aircraft was heard good (seen_at_regain)
  std::uint64_t aircraft_forgotten = 0;
};

enum class Verdict : std::uint8_t { None, Good, Bad };

class HealthTracker {
 private:
  struct Entry;

 public:
  explicit HealthTracker(HealthSink& sink, HealthOptions options = {});

  // One accepted message (after track::MessagePipeline / AircraftTable filled msg.derived), in time order.
  void update(const modes::ModeSMessage& msg, double time_s);

  // Fieldless squitters (modes::fieldless_squitter_address: own ADS-B, no field beyond the type code) from an
  // aircraft that has sent nothing else since it was first heard (or forgotten) change nothing but when it was last
  // heard: such an aircraft has no speed, position, NACp or air/ground state, so every classifier gives it no
  // verdict (no sample, no episode). only_fieldless_so_far() tells when that holds (also for an unknown address);
  // then update_fieldless() keeps all that update() keeps from such a message and anything reads later: the count,
  // order check, clock and forgetting, the aircraft added when new, heard now, its version. (Not its
  // positionless-message span: that is read only after a position message, which restarts it.) State that update()
  // adds per message must be weighed here too (test: HealthFieldless.FastPathGivesWhatUpdateGives).
  bool only_fieldless_so_far(std::uint32_t address) const {
    const Entry* e = aircraft_.find(address);
    return !e || e->only_fieldless;
  }
  void update_fieldless(std::uint32_t address, double time_s, std::optional<std::uint8_t> version);

  // The same with one lookup of the address instead of two (map's fast path, half of Helsinki's frames): the
  // lookup's result, which update_fieldless(lookup, ...) uses when nothing was added to or dropped from the tracker
  // in between (only the update_fieldless it is given to may run after it).
  class FieldlessLookup {
   public:
    bool only_fieldless_so_far() const { return only_fieldless_; }

   private:
    friend class HealthTracker;
    Entry* entry_ = nullptr;  // null: the address is not known
    bool only_fieldless_ = true;
  };
  FieldlessLookup look_up_fieldless(std::uint32_t address) {
    FieldlessLookup r;
    r.entry_ = aircraft_.find(address);
    r.only_fieldless_ = !r.entry_ || r.entry_->only_fieldless;
    return r;
  }
  void update_fieldless(const FieldlessLookup& lookup, std::uint32_t address, double time_s,
                        std::optional<std::uint8_t> version);

  // Emits every open episode (regained unknown) and forgets all aircraft. Call once at the end of the input.
  void finish();

  // Forgets aircraft not heard for options.forget_after_s (update calls it every 60 s of input time).
  void forget_stale(double time_s);

  // The episodes open now (lost, not yet regained or emitted), appended to `out`: how far back a loss still to
  // be emitted reaches (map's bounded event memory and the warm-up of its input parts). O(aircraft).
  void open_episodes(std::vector<GnssEpisode>& out) const;
  // The earliest loss time an episode emitted from now on can have: open episodes' losses and those of aircraft
  // heard without GNSS that may still regain (seen_at_regain, back-dated up to unseen_loss_max_s); +infinity when
  // none. What map's event stream may finalize before (EventStream::advance). O(aircraft).
  double open_loss_floor_s() const;

  // Introspection (tests, summaries).
  Verdict verdict(std::uint32_t address) const;
  int gpsjam_counter(std::uint32_t address) const;  // 0 when unknown
  const track::AircraftState* state(std::uint32_t address) const;
  std::size_t size() const { return aircraft_.size(); }
  const HealthCounters& counters() const { return counters_; }
  const HealthOptions& options() const { return options_; }

 private:
  static constexpr std::uint8_t kNoLevel = 0xFF;
  struct Entry {
    track::AircraftState ac;
    int counter = 0;                 // gpsjam
    Verdict message_verdict = Verdict::None;  // NIC / NACp: from the last message that carried one
    Verdict verdict = Verdict::None;  // current
    // Last position with good GNSS by this classifier (gpsjam: the state's gnss_ok position).
    double good_lat_deg = kNaN, good_lon_deg = kNaN, good_s = track::kNever;
    // The altitude reported with (or last before) that position: the loss place's altitude. The one at the loss
    // verdict comes 15-55 s later, 600-2,300 ft higher on a climb-out (docs/HEALTH.md, "Episodes").
    std::optional<std::int32_t> good_altitude_ft;
    float good_gs_kt = -1.0f, good_track_deg = -1.0f;  // < 0: unknown
    double last_bad_s = track::kNever;  // time of the last bad verdict
    Verdict last_emitted = Verdict::None;
    double last_sample_s = track::kNever;
    bool episode_open = false;
    GnssEpisode episode;
    // Losses seen at the regain: whether the last message was heard without GNSS by the classifier (set by the
    // judge), and the run of such messages while no good position is recent.
    bool heard_without_gnss = false;
    std::uint16_t unseen_bad_count = 0;
    double unseen_first_s = track::kNever, unseen_last_s = track::kNever;
    std::optional<std::int32_t> unseen_altitude_ft;
    bool only_fieldless = true;  // every message so far went through update_fieldless (see there)
    // Degradation before the loss: the highest integrity level (NIC, or NUCp for version 0: level_is_nic says
    // which) of the positions since the last drop was cleared, and the run of positions below it (its first
    // position and level, and the first position of the run below that level). kNoLevel: unknown.
    std::uint8_t usual_level = kNoLevel;
    std::uint8_t drop_level = kNoLevel;
    bool level_is_nic = false;
    double drop_s = track::kNever, drop_lat_deg = kNaN, drop_lon_deg = kNaN;
    double drop_more_s = track::kNever, drop_more_lat_deg = kNaN, drop_more_lon_deg = kNaN;
    std::optional<std::int32_t> drop_altitude_ft, drop_more_altitude_ft;
    // The run's latest position (below the usual level): where a drop that comes back up without a loss left the
    // level's disk (DegradedPass::out_*).
    double below_s = track::kNever, below_lat_deg = kNaN, below_lon_deg = kNaN;
    std::optional<std::int32_t> below_altitude_ft;
  };

  // Counting, order check and forgetting, for every message: inlined (as a call it cost ~20 instructions per
  // message in map, BENCHMARKS.md "Session 6").
  [[gnu::always_inline]] inline bool admit(const modes::ModeSMessage* msg, std::uint32_t address, double time_s);
  // Rare cases, out of line so that the per-message path saves fewer registers: a message older than the latest by
  // more than max_time_regression_s (in order only as a state record, per aircraft); the entry of an aircraft heard
  // for the first time (or, on the fieldless path, after forgetting moved the entries), added when new.
  [[gnu::noinline]] bool late_record_in_order(const modes::ModeSMessage* msg, std::uint32_t address,
                                              double time_s) const;
  [[gnu::noinline, gnu::cold]] Entry& find_or_add(std::uint32_t address);
  // update_fieldless's rare case: admit(), then the entry (null when the squitter is skipped).
  [[gnu::noinline]] Entry* admit_fieldless(std::uint32_t address, double time_s);

  // The per-message path is update's own code, judge_gpsjam and the two follow_*; what runs only now and then
  // (a sample, an episode's start or end) and the classifiers not chosen by default are calls, so that update
  // saves and restores fewer registers per message (BENCHMARKS.md, "Session 8").
  Verdict judge_gpsjam(Entry& e, const modes::ModeSMessage& msg, double t) const;
  [[gnu::noinline]] Verdict judge_integrity(Entry& e, const modes::ModeSMessage& msg, double t) const;
  [[gnu::noinline]] void emit_sample(Entry& e, std::uint32_t id, Verdict v, double t);
  [[gnu::noinline]] void open_episode(Entry& e, std::uint32_t id, double t);
  [[gnu::noinline]] void close_episode(Entry& e, double regained_s, double lat, double lon);
  void follow_unseen_loss(Entry& e, std::uint32_t id, Verdict v, double t);
  void follow_degradation(Entry& e, const modes::ModeSMessage& msg, double t) const;
  [[gnu::cold, gnu::noinline]] void emit_degraded_pass(const Entry& e, std::uint32_t id, double t) const;

  HealthSink& sink_;
  HealthOptions options_;
  track::AddressMap<Entry> aircraft_{1024};
  HealthCounters counters_;
  double next_forget_s_ = track::kNever;
  double latest_s_ = track::kNever;
};

}  // namespace gw::detect
