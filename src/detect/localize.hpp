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
  double thin_s = 20.0;          // at most one sample per aircraft per this many seconds
  std::size_t cap_per_cell_slot = 256;  // beyond this, a pseudo-random subset (bottom-k of a hash) is kept
  // Good samples are kept only near bad ones: within this many cell rings (res 3: ~100 km a ring) of a cell
  // with a bad sample in the same or a neighbouring slot. The rest are dropped once their slot is two slots old.
  int near_bad_rings = 3;
};

// Good samples near where GNSS was bad, for localization. Memory: bounded by the cells and slots near bad
// samples times cap_per_cell_slot, plus one entry per aircraft heard in the last few slots (thinning).
// Merging two stores (one per input part) is exact for the cap (bottom-k of a hash commutes with union); the
// thinning and the pruning near part boundaries depend on the split (documented approximation).
class GoodEvidence {
 public:
  explicit GoodEvidence(EvidenceOptions options = {});

  // Good samples placed at a Reported position with an altitude are kept (thinned); bad samples with a position
  // mark their cell as "near bad", and their own reported position (HealthSample::reported_*), when they carry one
  // and an altitude, is kept as a ReportedSample (all of them: at most one per aircraft per HealthTracker sample
  // interval, within its placement age after the last good position). Samples must come in time order per store
  // (as HealthTracker emits them).
  void add(const HealthSample& sample);
  // For inputs not in time order across aircraft (state records): keep every cell's samples (still capped per
  // cell and slot) instead of dropping those far from bad ones once their slot is past.
  void stop_pruning() { pruning_ = false; }
  // Union with another store with the same options (the other is left empty).
  void merge(GoodEvidence&& other);

  // Kept samples with time in [t0, t1] within radius_km (great circle) of (lat, lon).
  std::vector<EvidenceSample> near(double t0, double t1, double lat_deg, double lon_deg, double radius_km) const;
  // Kept reported positions of bad samples with time in [t0, t1].
  std::vector<ReportedSample> reported(double t0, double t1) const;
  std::size_t size() const;
  std::size_t reported_size() const;
  const EvidenceOptions& options() const { return options_; }

 private:
  std::int64_t slot_of(double t) const;
  void prune_before(std::int64_t slot);
  bool near_bad(std::int64_t slot, geo::h3::Cell cell) const;

  EvidenceOptions options_;
  std::map<std::int64_t, std::unordered_map<geo::h3::Cell, std::vector<EvidenceSample>>> slots_;
  std::map<std::int64_t, std::unordered_set<geo::h3::Cell>> bad_cells_;
  std::map<std::int64_t, std::vector<ReportedSample>> reported_;  // by slot
  std::unordered_map<std::uint32_t, double> last_kept_s_;
  std::int64_t latest_slot_ = INT64_MIN;
  std::int64_t pruned_below_ = INT64_MIN;  // slots below this were pruned
  bool pruning_ = true;
};

struct LocalizeOptions {
  std::size_t min_aircraft = 4;          // fewer distinct affected aircraft with a placed loss: insufficient
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

// Localizes every event (sets Event::source). A jammer whose disk is larger than the event grouping's reach
// (50 km links) shows up as several events, each seeing only an arc of the boundary; so events that overlap in
// time and lie near one another are also localized on their pooled evidence, and an event takes the pooled
// estimate when its own losses lie on (or inside) that disk.
void localize_events(std::span<Event> events, const GoodEvidence& evidence, const LocalizeOptions& options = {});

// Radio horizon over a 4/3 Earth (km) between heights in metres: 4.12 (sqrt(h1) + sqrt(h2)), from
// sqrt(2 k a h) per end with effective Earth radius k a, k = 4/3 (standard refraction), a = 6371 km.
double radio_horizon_km(double h1_m, double h2_m);

}  // namespace gw::detect
