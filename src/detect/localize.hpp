// Jammer localization: where the source of an interference event is, how far its power reaches, and a 95 %
// region for the position (model, assumptions and limits: docs/LOCALIZATION.md).
//
// Evidence is of two kinds:
//   - the event's loss places (GnssEpisode: last good position before the loss, altitude at the loss): points on
//     or (for aircraft already inside when the jammer came on) inside the jammed disk at that altitude;
//   - good-GNSS samples with a reported position and altitude during the event (GoodEvidence, collected while
//     streaming): points outside it. Regain places lie on the boundary of a larger disk, the acquisition disk
//     (re-acquisition needs a lower J/S than tracking, then a delay): its range is fitted as a ratio to the loss one;
//   - positions that lost aircraft kept sending during their episodes (hybrid avionics, NIC 0; ReportedSample,
//     collected by GoodEvidence from HealthSample::reported_*): points inside it, to within their error.
//   - degradation passes of aircraft whose NIC fell and came back up without a loss (DegradedPass, from the
//     HealthTracker through HealthSink::on_degraded_pass): two places at the same slant distance from the jammer.
// The jammed volume at altitude h is a disk of ground radius min(power radius, radio horizon(h)), so low aircraft
// bound the jammer height and high ones its power.
//
// GoodEvidence mutates only itself; not thread-safe (one per worker, merge afterwards). localize is pure.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "detect/events.hpp"
#include "detect/health.hpp"
#include "detect/source.hpp"
#include "detect/spoofing.hpp"
#include "geo/h3.hpp"

namespace gw::detect {

// One good-GNSS sample kept as evidence: who, when, where (reported position) and at what altitude.
struct EvidenceSample {
  double time_s = kNaN;
  float lat_deg = 0, lon_deg = 0;
  std::int32_t altitude_ft = 0;
  std::uint32_t id = 0;
};

// A position an aircraft sent while its GNSS was judged bad (HealthSample::reported_*): where a lost aircraft
// went, so a point inside the jammed disk at its altitude (hybrid IRS/GNSS avionics keep sending positions with
// NIC 0 while GNSS is lost).
struct ReportedSample {
  double time_s = kNaN;
  float lat_deg = 0, lon_deg = 0;
  std::int32_t altitude_ft = 0;
  std::uint32_t id = 0;
  std::uint8_t nac_p = 0;  // stated with the position; 0: none stated, or EPU unknown (NACp 0)
};

struct EvidenceOptions {
  int resolution = 3;            // H3 cells of the store (~12,400 km² each, ~100 km between centres)
  double slot_s = 600.0;         // time slots of the store
  // At most one sample per aircraft per thinning slot: slots of this many seconds anchored to absolute time
  // (floor(t / thin_s)), the aircraft's earliest sample in each, so the kept set does not depend on where the
  // input (or a part of it) starts.
  double thin_s = 20.0;
  std::size_t cap_per_cell_slot = 256;  // beyond this, a pseudo-random subset (bottom-k of a hash) is kept
  // Good samples are kept only near bad ones: within this many cell rings (res 3: ~100 km a ring) of a cell
  // with a bad sample in the same or a neighbouring slot. The rest are dropped once their slot is two slots old.
  int near_bad_rings = 3;
};

// Good samples near where GNSS was bad, for localization. Memory: bounded by the cells and slots near bad
// samples times cap_per_cell_slot, plus one entry per aircraft heard in the last few slots (thinning).
// Merging consecutive parts' stores gives what one store fed everything gives, once finish() has run on the result:
// the cap is a bottom-k of a hash (commutes with union); thinning slots are anchored to absolute time, and a part
// told it continues an earlier one (continues_earlier_part) holds its first thinning slot's samples apart until the
// merge, where those the earlier part already had a sample for are dropped; it also leaves its first two store
// slots undecided (near-bad needs the neighbouring slot's bad cells, which the earlier part has) and the merge
// decides them. Exact when each aircraft's samples come in time order across the boundary (HealthTracker's).
class GoodEvidence {
 public:
  explicit GoodEvidence(EvidenceOptions options = {});

  // Good samples placed at a Reported position with an altitude are kept (thinned); bad samples with a position
  // mark their cell as "near bad", and their own reported position (HealthSample::reported_*), when they carry one
  // and an altitude, is kept as a ReportedSample (all of them: at most one per aircraft per HealthTracker sample
  // interval, within its placement age after the last good position). Samples must come in time order per store
  // (as HealthTracker emits them).
  void add(const HealthSample& sample);
  // An integrity drop that came back up without a loss (HealthTracker: DegradedPass), kept whole by the time it
  // ended (back_s): evidence that its two places lie at the same slant distance from a jammer (docs/LOCALIZATION.md,
  // "Degradation passes").
  void add(const DegradedPass& pass);
  // For inputs not in time order across aircraft (state records): keep every cell's samples (still capped per
  // cell and slot) instead of dropping those far from bad ones once their slot is past.
  void stop_pruning() { pruning_ = false; }
  // This store's samples continue an earlier store's (the next part of a split input): see the class comment.
  // Call before the first add().
  void continues_earlier_part() { continues_ = true; }
  // Union with another store with the same options (the other is left empty). When `other` continues this one
  // (continues_earlier_part, and its samples start where this one's end) the result is what one store fed both
  // inputs in order holds.
  void merge(GoodEvidence&& other);
  // Applies the cap to every cell and slot (the last slots are not decided while reading): call once, after the
  // last add() or merge(), before localizing, so that the result does not depend on the split.
  void finish();

  // Every sample before this time has been given and its slot decided (what near() and reported() return for
  // times before it is final): -infinity while none is, for a store that continues an earlier part (its head is
  // decided by the merge) and without pruning.
  double settled_before_s() const;
  // Drops the kept samples (good and reported) of the settled slots wholly before `t`: localize_settled_events
  // tells from when on the events still to localize need them.
  void forget_before(double t);
  // A store that continues an earlier part: its samples from head_end_s() on (after the two head slots the merge
  // decides) and before decided_after_head_before_s() are final, and a later part can localize its own events on
  // them; forget_between drops the kept samples of the decided slots wholly within [t0, t1) once it has (the head
  // stays for the merge). -infinity for the bounds when the store does not continue a part or keeps everything.
  double head_end_s() const;
  double decided_after_head_before_s() const;
  void forget_between(double t0, double t1);

  // Kept samples with time in [t0, t1] within radius_km (great circle) of (lat, lon).
  std::vector<EvidenceSample> near(double t0, double t1, double lat_deg, double lon_deg, double radius_km) const;
  // Kept reported positions of bad samples with time in [t0, t1].
  std::vector<ReportedSample> reported(double t0, double t1) const;
  // Kept degradation passes that came back up (back_s) within [t0, t1].
  std::vector<DegradedPass> passes(double t0, double t1) const;
  std::size_t size() const;
  std::size_t reported_size() const;
  const EvidenceOptions& options() const { return options_; }

 private:
  // A good sample kept by the thinning, with its store cell (computed from the full-precision position).
  struct Kept {
    EvidenceSample sample;
    geo::h3::Cell cell = 0;
    std::int64_t thin_slot = 0;
  };
  std::int64_t slot_of(double t) const;
  std::int64_t thin_slot_of(double t) const;
  void store(const Kept& k);
  void prune_before(std::int64_t slot);
  void decide(std::int64_t from, std::int64_t to);
  bool in_head(std::int64_t slot) const { return slot >= head_slot_ && slot < head_slot_ + 2; }
  bool near_bad(std::int64_t slot, geo::h3::Cell cell) const;

  EvidenceOptions options_;
  std::map<std::int64_t, std::unordered_map<geo::h3::Cell, std::vector<EvidenceSample>>> slots_;
  std::map<std::int64_t, std::unordered_set<geo::h3::Cell>> bad_cells_;
  std::map<std::int64_t, std::vector<ReportedSample>> reported_;  // by slot
  std::map<std::int64_t, std::vector<DegradedPass>> passes_;      // by the slot of back_s
  std::unordered_map<std::uint32_t, std::int64_t> last_kept_thin_slot_;  // by aircraft
  std::int64_t latest_slot_ = INT64_MIN;
  std::int64_t pruned_below_ = INT64_MIN;  // slots below this were decided (but for the head's, see head_slot_)
  bool pruning_ = true;
  // Continuing an earlier part: the store slot of the first sample (this one and the next are decided by merge),
  // the thinning slot of the first sample, and the kept samples up to that thinning slot (the earlier part may
  // already have one of the aircraft's in it).
  bool continues_ = false;
  std::int64_t head_slot_ = INT64_MAX - 2;
  std::int64_t head_thin_slot_ = INT64_MIN;
  std::vector<Kept> head_;
};

struct LocalizeOptions {
  // Fewer distinct affected aircraft with a placed loss: the fit rests on the loss and regain places together and
  // needs more aircraft with one, around it (docs/LOCALIZATION.md, "Events without loss places"), or is insufficient.
  std::size_t min_aircraft = 4;
  double max_semi_major_km = 150.0;      // a wider 95 % region is reported as insufficient evidence
  std::size_t max_samples_per_witness = 6;  // good samples per aircraft used (those nearest the losses)
  // Reported positions of lost aircraft used per episode (the latest ones, at least 60 s apart).
  std::size_t max_reported_per_episode = 4;
  double evidence_margin_km = 150.0;     // good samples farther than this beyond the farthest loss are ignored
  // localize_events: events overlapping in time (within pool_time_s) whose loss centroids are at most
  // pool_distance_km apart are also localized together. An hour: an intermittent jammer off for less than that
  // is pooled across its bursts (a fixed jammer has the same disk each time); each event still takes the pooled
  // estimate only when its own losses lie on that disk.
  double pool_distance_km = 500.0;
  double pool_time_s = 3600.0;
  // Pooling is transitive: a jammer on for part of every hour would pool a whole archive into one group, whose
  // evidence would all have to be kept until the end. A group spanning more than this (first start to last end)
  // is pooled in pieces instead, the events starting in the same block of this length (blocks anchored to absolute
  // time), so `map` can localize groups while reading and forget their evidence (docs/LOCALIZATION.md, "Localizing
  // while reading"). 3 h: longer than any simulated scenario (at most 2 h), so their results do not depend on it.
  double pool_max_span_s = 6 * 3600.0;
  // localize_events: an event or pooled group is split into two sources only when each part rests on at least
  // this many aircraft (fewer cannot fix a disk: see docs/LOCALIZATION.md, "Two sources at once").
  std::size_t min_split_aircraft = 8;
};

// Estimates the source of one event from its episodes and the good evidence during it.
SourceEstimate localize(const Event& event, const GoodEvidence& evidence, const LocalizeOptions& options = {});
// The same from the good samples directly (tests, benchmarks): `good` must already be limited to the event.
SourceEstimate localize(const Event& event, std::span<const EvidenceSample> good, const LocalizeOptions& options = {});
// ... and with the positions lost aircraft reported (`reported`: any; those of the event's episodes are used).
SourceEstimate localize(const Event& event, std::span<const EvidenceSample> good,
                        std::span<const ReportedSample> reported, const LocalizeOptions& options = {});

// ... and with the degradation passes of aircraft that came near the disk without losing GNSS (`passes`: any; those
// near the event's places and during it are used; docs/LOCALIZATION.md, "Degradation passes").
SourceEstimate localize(const Event& event, std::span<const EvidenceSample> good,
                        std::span<const ReportedSample> reported, std::span<const DegradedPass> passes,
                        const LocalizeOptions& options = {});

// Localizes every event (sets Event::source). A jammer whose disk is larger than the event grouping's reach
// (50 km links) shows up as several events, each seeing only an arc of the boundary; so events that overlap in
// time and lie near one another are also localized on their pooled evidence (a group spanning more than
// pool_max_span_s in pieces), and an event takes the pooled estimate when its own losses lie on (or inside) that
// disk. Events that already have a source (localize_settled_events) keep it.
void localize_events(std::span<Event> events, const GoodEvidence& evidence, const LocalizeOptions& options = {});

// Events whose fit rests mostly on spoofed aircraft (docs/LOCALIZATION.md, "Spoofed aircraft"): when at least half
// of the distinct aircraft of the events that share a located fit were flagged as spoofed (a finding within slack_s
// of their event), those events' sources become insufficient evidence, saying why. A spoofed aircraft reports a
// false position, so where it "lost GNSS" says nothing about a jammer (the spoofing scenario's events were located
// 139 km from the spoofer). Run after localize_events, with every finding of the run. Returns how many events'
// sources were withheld.
std::size_t withhold_spoofed_sources(std::span<Event> events, std::span<const SpoofingFinding> findings,
                                     double slack_s = 600.0);

// localize_events while reading (`map`): localizes the pooling groups of `events` that are settled — nothing found
// later can join them (every event not in `events` starts at or after later_events_from_s: EventStream::
// later_events_from_s) and their evidence is final (GoodEvidence::settled_before_s) — and leaves the rest without
// a source. Events that already have one count as localized. Calling it as events become final and then
// localize_events on all of them at the end gives what localize_events alone gives. Returns the earliest time
// the events still to localize (these and those to come) need evidence from: GoodEvidence::forget_before it.
double localize_settled_events(std::span<Event> events, const GoodEvidence& evidence, double later_events_from_s,
                               const LocalizeOptions& options = {});
// The same with the evidence final before `settled_before_s` (a later part: GoodEvidence::
// decided_after_head_before_s, for events that start after GoodEvidence::head_end_s).
double localize_settled_events(std::span<Event> events, const GoodEvidence& evidence, double later_events_from_s,
                               double settled_before_s, const LocalizeOptions& options = {});

// A later part's events that chain to its head (`map --threads N`: the merge pools them with the earlier part's):
// localizes the blocks of pool_max_span_s that start at or after `blocks_from_s`, are complete (end by
// later_events_from_s) and whose evidence is final (settled_before_s), when every event starting in the block is in
// a pooling component of `events` spanning more than pool_max_span_s. Such a component only grows at the merge, so
// the merge pools it in blocks too, and pools a block after the head from the part's events alone: it gets the
// same pieces here. Returns from when on the events not localized yet (and those to come) need evidence.
double localize_settled_blocks(std::span<Event> events, const GoodEvidence& evidence, double later_events_from_s,
                               double settled_before_s, double blocks_from_s, const LocalizeOptions& options = {});

// Radio horizon over a 4/3 Earth (km) between heights in metres: 4.12 (sqrt(h1) + sqrt(h2)), from
// sqrt(2 k a h) per end with effective Earth radius k a, k = 4/3 (standard refraction), a = 6371 km.
double radio_horizon_km(double h1_m, double h2_m);

}  // namespace gw::detect
