// Interference events: emitters that lost GNSS near one another at about the same time, grouped into one event
// with a time span, a peak, a region and counts of affected and unaffected emitters (docs/EVENTS_SPOOFING.md).
//
// Input is what the health tracker produces: GnssEpisodes (one per loss) and, for the unaffected count, a
// compact summary of where emitters had good GNSS (GoodPresence: distinct ids per H3 cell per time slot, not
// every sample). find_events runs on all of them at once; EventStream gives the same result while streaming,
// holding presence only while open events can use it, and merges across input parts. The result does not depend
// on the order of the episodes.
//
// find_events is pure. GoodPresence and EventStream mutate only themselves; not thread-safe (one per thread,
// merge afterwards).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "detect/health.hpp"
#include "detect/source.hpp"
#include "geo/h3.hpp"

namespace gw::detect {

struct EventOptions {
  // Single-linkage grouping: two episodes belong to the same event when their loss places are at most
  // link_distance_km apart (great circle) and their time intervals are at most link_time_s apart. An episode's
  // interval for linking is [lost, regained], cut to link_max_episode_s (an aircraft that regains GNSS an hour
  // later, far away, must not chain unrelated losses together); an episode never regained is [lost, lost].
  double link_distance_km = 50.0;
  double link_time_s = 600.0;
  double link_max_episode_s = 1800.0;
  // Wide links: a jammer's victims lose GNSS on the rim of its footprint (their loss places are their last good
  // positions), which is 60-250 km in radius at cruise (docs/INTERFERENCE_MODEL.md), so with sparse traffic
  // they are often more than link_distance_km apart. Two episodes whose linking intervals overlap in time (up
  // to wide_link_time_s apart, at most link_time_s) are also linked when their places are at most
  // 2 x footprint_radius_km apart, provided the group so formed is consistent with one footprint: all its
  // places within 2 x footprint_radius_km of one another (so, by Jung's theorem, inside one disk of radius
  // 1.16 x footprint_radius_km), and at least 2 (min_affected) of its emitters without GNSS at one time (an
  // episode never regained counting as open for wide_link_time_s). A group that is not keeps only its
  // link_distance_km links. 0 turns this off.
  double footprint_radius_km = 150.0;
  double wide_link_time_s = 120.0;
  // Cut a linked group where no episode of it is open (every emitter regained, counting each linking interval)
  // for at least quiet_cut_s, when both sides keep min_affected distinct emitters: an intermittent jammer's
  // bursts a few minutes apart then come out as separate events. 0 turns this off.
  double quiet_cut_s = 240.0;
  // Events with fewer distinct affected emitters are dropped (1 keeps lone losses).
  std::size_t min_affected = 2;
  // Region: convex hull of the loss places and the regain places that lie within max_regain_distance_km of a
  // loss place of the event, grown by region_buffer_km (at least 0.1 km, so the polygon is never degenerate).
  double region_buffer_km = 15.0;
  double max_regain_distance_km = 100.0;
};

// Where emitters had good GNSS: for each H3 cell (default resolution 4, ~1,770 km²) and time slot (default
// 10 minutes), the distinct ids seen good there. Memory grows with distinct (id, cell, slot) triples, not with
// samples. add() allocates only when a triple is new.
class GoodPresence {
 public:
  explicit GoodPresence(int resolution = 4, double slot_s = 600.0);

  // Good samples with a finite time and position are recorded; bad or unplaced samples are ignored.
  void add(const HealthSample& sample);
  // The same with the sample's cell at resolution() already known (0 when it has none).
  void add(const HealthSample& sample, geo::h3::Cell cell);
  void add(std::uint32_t id, double time_s, double lat_deg, double lon_deg);
  // Union with another summary of the same resolution and slot length (throws std::invalid_argument otherwise).
  void merge(const GoodPresence& other);

  int resolution() const { return resolution_; }
  double slot_s() const { return slot_s_; }
  std::int64_t slot_of(double time_s) const;
  std::size_t entries() const;  // distinct (id, cell, slot) triples held

  // Slot -> cell -> sorted distinct ids.
  using CellIds = std::unordered_map<geo::h3::Cell, std::vector<std::uint32_t>>;
  const std::map<std::int64_t, CellIds>& slots() const { return slots_; }
  // Drops every slot before `before`, except those in [keep_from, keep_to]; returns the triples dropped.
  std::size_t drop_slots(std::int64_t before, std::int64_t keep_from, std::int64_t keep_to);

 private:
  void add_in_cell(std::uint32_t id, double time_s, geo::h3::Cell cell);

  int resolution_;
  double slot_s_;
  std::map<std::int64_t, CellIds> slots_;
};

enum class Severity : std::uint8_t {
  Isolated = 1,  // fewer than 3 emitters affected
  Moderate = 2,  // 3 or more affected, less than half of the emitters present
  Severe = 3,    // 3 or more affected, at least half of the emitters present
  Extreme = 4,   // 10 or more affected, at least 80 % of the emitters present
};
std::string_view severity_name(Severity s);
// The scale above from the two counts (unaffected may be 0 when no presence summary was given).
Severity severity_for(std::size_t affected, std::size_t unaffected);

struct Event {
  std::uint32_t id = 0;      // 1, 2, ... in order of start time (then of first emitter id)
  double start_s = kNaN;     // first loss
  double end_s = kNaN;       // last regain (or last loss, for episodes never regained)
  double peak_s = kNaN;      // first time the number of simultaneously affected emitters was highest
  std::size_t peak_affected = 0;
  std::size_t affected = 0;    // distinct emitters with an episode in the event
  std::size_t unaffected = 0;  // distinct other emitters with good GNSS in the region during the event
  Severity severity = Severity::Isolated;
  // Closed ring (first vertex repeated last), counter-clockwise, as a GeoJSON Polygon's exterior ring.
  std::vector<geo::h3::LatLng> region;
  // One entry per loss, in order of loss time (an emitter that lost GNSS twice appears twice).
  std::vector<GnssEpisode> episodes;
  // Where the interference came from (detect::localize); absent when localization was not run.
  std::optional<SourceEstimate> source;
  // When the event's losses (or its pooled group's) are better explained by two sources active at once than by
  // one (localize_events): both, the one explaining most of this event's losses first (that one is `source`).
  // Empty otherwise.
  std::vector<SourceEstimate> sources;
};

struct EventCounters {
  std::size_t episodes = 0;           // given
  std::size_t episodes_unplaced = 0;  // neither a loss nor a regain position: cannot be grouped
  std::size_t groups = 0;             // groups formed
  std::size_t groups_too_small = 0;   // dropped: fewer than min_affected distinct emitters
};

// Groups episodes into events (see EventOptions). `presence` gives the unaffected counts: distinct ids present
// good in a cell whose centre lies in the event's region, or that contains one of its loss/regain places,
// during any slot overlapping [start, end], excluding the event's affected emitters.
std::vector<Event> find_events(std::span<const GnssEpisode> episodes, const GoodPresence& presence,
                               const EventOptions& options = {}, EventCounters* counters = nullptr);

// find_events while streaming, with the presence summary bounded by what events still open can use instead of
// the whole run (docs/EVENTS_SPOOFING.md, "Memory"). finish() returns exactly what find_events returns for every
// episode and sample given (to this stream and to those merged into it), in the same order.
//
// A group of episodes is final once no episode still to come can link to it: every later episode is lost at or
// after `open_loss_floor_s` (the oldest loss still open in the health tracker) and after the latest sample
// minus kLatenessS. Its event (region, peak, unaffected count) is then computed on the spot, and presence slots
// are kept only from the earliest start of a group that is not final. Streams of consecutive input parts merge:
// a stream told that an earlier part exists (continues_earlier_part) leaves the groups near its first sample
// (they may join that part's episodes) and the presence they can use to the merge.
//
// Episodes and samples must come as HealthTracker emits them (samples in time order, up to a few seconds late).
// For inputs out of time order (state records) call stop_pruning(): everything is then kept until finish().
class EventStream {
 public:
  // Samples reach the stream at most this late (behind the latest one); the health tracker's limit is 5 s, the
  // grid's seal lag 600 s: the same generous margin.
  static constexpr double kLatenessS = 600.0;

  explicit EventStream(EventOptions options = {}, int presence_resolution = 4, double slot_s = 600.0);

  void add(const HealthSample& sample);
  // The same with the sample's cell at presence().resolution() already known (0 when it has none).
  void add(const HealthSample& sample, geo::h3::Cell cell);
  void add(const GnssEpisode& episode);
  // Finalizes the groups nothing later can join and drops the presence slots no open group can use.
  // `open_loss_floor_s`: no episode given later was lost before this (+infinity when none is open).
  void advance(double open_loss_floor_s);
  void continues_earlier_part() { continues_earlier_part_ = true; }
  // Keeps the presence from the first sample to `end_s` for the merge: an episode that continues one open at the
  // end of the earlier part (handled by the caller, not given here) lasts until then.
  void keep_head_until(double end_s);
  void stop_pruning() {
    pruning_ = false;
    later_events_from_s_ = -std::numeric_limits<double>::infinity();
    later_events_after_head_from_s_ = -std::numeric_limits<double>::infinity();
    head_groups_end_s_ = std::numeric_limits<double>::infinity();
  }
  // Takes another part's stream (presence union, episodes and events concatenated); `other` is left empty.
  void merge(EventStream&& other);
  // The events of everything given, numbered; the stream is empty afterwards.
  std::vector<Event> finish(EventCounters* counters = nullptr);

  const GoodPresence& presence() const { return presence_; }
  // The events found final so far (unnumbered, in the order they became final; finish() includes them), for
  // localizing while streaming (localize_settled_events may set their sources).
  std::span<Event> final_so_far() { return final_; }
  // Every event not among final_so_far() yet (groups still open, episodes still to come) starts at or after this
  // time, as of the last advance(); -infinity before it and when not pruning.
  double later_events_from_s() const { return later_events_from_s_; }
  // For a stream that continues an earlier part (continues_earlier_part): the groups near its head are left to
  // the merge, where they may join the earlier part's episodes. head_groups_end_s() is the latest end (last regain,
  // or loss when never regained) of those groups once none of them can grow any more (-infinity when there are
  // none), +infinity while one still may; later_events_after_head_from_s() is later_events_from_s() without them:
  // every event not final yet, but for those near the head, starts at or after it. With both, a later part can
  // localize its own events that nothing at the merge can pool with (`map`, docs/ARCHITECTURE.md, "Parts").
  double head_groups_end_s() const { return head_groups_end_s_; }
  double later_events_after_head_from_s() const { return later_events_after_head_from_s_; }
  std::size_t pending_episodes() const { return pending_.size(); }
  std::size_t final_events() const { return final_.size(); }
  std::size_t dropped_presence() const { return dropped_presence_; }  // (id, cell, slot) triples dropped

 private:
  void note_later_events_from(double floor);

  EventOptions options_;
  GoodPresence presence_;
  std::vector<GnssEpisode> pending_;  // episodes of groups not final yet
  std::vector<Event> final_;          // unnumbered
  EventCounters counters_;
  double first_sample_s_ = std::numeric_limits<double>::infinity();
  double latest_sample_s_ = -std::numeric_limits<double>::infinity();
  double later_events_from_s_ = -std::numeric_limits<double>::infinity();
  double head_groups_end_s_ = std::numeric_limits<double>::infinity();
  double later_events_after_head_from_s_ = -std::numeric_limits<double>::infinity();
  // The earliest loss of the pending episodes not near the head (as of the last grouping, and added since).
  double tail_pending_from_s_ = std::numeric_limits<double>::infinity();
  // Presence slots from the first one on, up to here, stay for groups that may join an earlier part.
  std::int64_t keep_head_to_slot_ = std::numeric_limits<std::int64_t>::min();
  std::size_t dropped_presence_ = 0;
  bool continues_earlier_part_ = false;
  bool pruning_ = true;
  // Regrouping back-off (advance): doubled from kMinRegroupS to kMaxRegroupS while nothing becomes final.
  static constexpr double kMinRegroupS = 300.0;
  static constexpr double kMaxRegroupS = 3600.0;
  double grouping_interval_s_ = 0.0;
  double next_grouping_s_ = -std::numeric_limits<double>::infinity();
};

// Convenience for small inputs and tests: builds the presence summary from the samples first.
std::vector<Event> find_events(std::span<const GnssEpisode> episodes, std::span<const HealthSample> samples,
                               const EventOptions& options = {}, EventCounters* counters = nullptr);

}  // namespace gw::detect
