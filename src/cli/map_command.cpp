// gnsswatch map: the whole pipeline, from recordings to the interference map, events, spoofing findings and the
// offline report. Inputs are split into consecutive parts read by worker threads; each worker runs its own
// pipeline and the partial results merge exactly (grid sets, event streams; findings concatenate). A part after
// the first warms its trackers up on the hour before its own input first (the earlier parts' inputs), emitting
// nothing.
#include <algorithm>
#include <array>
#include <exception>
#include <filesystem>
#include <future>
#include <memory>
#include <numeric>
#include <sstream>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/input_options.hpp"
#include "cli/phase_timing.hpp"
#include "cli/progress.hpp"
#include "cli/time_arg.hpp"
#include "detect/events.hpp"
#include "detect/grid.hpp"
#include "detect/health_classifier.hpp"
#include "detect/localize.hpp"
#include "detect/spoofing.hpp"
#include "io/input_error.hpp"
#include "io/seek_tail.hpp"
#include "output/cells_writer.hpp"
#include "output/events_writer.hpp"
#include "output/report_writer.hpp"
#include "output/spoofing_writer.hpp"

namespace gw::cli {
namespace {

namespace fs = std::filesystem;

struct Area {
  double south = -90, west = -180, north = 90, east = 180;
  bool contains(double lat, double lon) const {
    if (!(lat >= south && lat <= north)) return false;
    return west <= east ? (lon >= west && lon <= east) : (lon >= west || lon <= east);  // across the antimeridian
  }
};

struct MapOptions {
  InputOptions input;
  std::string out_dir;
  std::string classifier = "gpsjam";
  std::string windows = "1h,24h";
  std::string bands = "0-10000,10000-30000,30000-";
  int resolution = 4;
  std::uint32_t min_aircraft = 3;
  std::string from, to, area;
  unsigned threads = 0;

  // Resolved:
  detect::HealthOptions health;
  detect::GridOptions grid;
  double from_s = -std::numeric_limits<double>::infinity();
  double to_s = std::numeric_limits<double>::infinity();
  Area bbox;
};

// What one worker produces; merged at the end.
struct PartialMap {
  explicit PartialMap(const detect::GridOptions& g) : grid(g) {}
  detect::GridAggregator grid;
  detect::EventStream events;     // episodes grouped while reading; presence kept while open groups can use it
  detect::GoodEvidence evidence;  // good samples near bad ones, for localization
  // Episodes at the part boundaries, unfiltered, matched up in merge_boundary_episodes:
  std::vector<detect::GnssEpisode> open_at_end;        // still open when the part's input ended (finish)
  std::vector<detect::GnssEpisode> continued_closed;   // open when the own input began (after the warm-up) ...
  std::vector<detect::GnssEpisode> continued_open;     // ... and closed in the part, or still open at its end
  std::vector<detect::SpoofingFinding> findings;
  detect::HealthCounters health_counters;
  detect::SpoofingCounters spoofing_counters;
  track::PipelineCounters pipeline_counters;
  track::AddressSet aircraft;  // distinct addresses with a time
  io::InputStats input_stats;
  double first_s = std::numeric_limits<double>::infinity();
  double last_s = -std::numeric_limits<double>::infinity();
  double own_from_s = -std::numeric_limits<double>::infinity();  // where the warm-up ended (the own input begins)
  // The first part (the only one with one thread) localizes events while reading, as their pooling groups
  // settle, and forgets the evidence no later event needs: memory bounded by the hours of interference not
  // localized yet, not by the input's length (docs/LOCALIZATION.md, "Localizing while reading").
  bool first_part = false;
  // A later part: the latest end of every episode before it (the earlier parts' end by its own input's start)
  // and of those continued across the boundary, +infinity while one of these is still open or the start is
  // unknown (set by MapHealthSink).
  double boundary_end_s = std::numeric_limits<double>::infinity();
  void localize_settled() {
    if (first_part) {
      const double needed_from =
          detect::localize_settled_events(events.final_so_far(), evidence, events.later_events_from_s());
      evidence.forget_before(needed_from);
    } else {
      localize_own_settled();
    }
  }

 private:
  // A later part localizes, while reading too, its own events that nothing at the merge can change: those that
  // cannot pool with any event the merge completes (the groups near its head, joined there with the earlier
  // part's episodes, and every earlier event: all end by `head_end` below), nor with any event to come, on
  // evidence after its head (decided here as one store would). Pooling needs an event to start at most
  // pool_time_s after an earlier one's end, so the events in start order that chain to the head that way are left
  // to the merge, and all after the first that does not are this part's. The merge localizes the rest as before;
  // evidence between the two is forgotten (docs/ARCHITECTURE.md, "Parts").
  void localize_own_settled() {
    const double head_end = std::max(boundary_end_s, events.head_groups_end_s());
    if (!(head_end < std::numeric_limits<double>::infinity())) return;
    const std::span<detect::Event> final_events = events.final_so_far();
    std::vector<std::size_t> order(final_events.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return final_events[a].start_s < final_events[b].start_s; });
    const double pool_time_s = detect::LocalizeOptions{}.pool_time_s;
    double chained_end = head_end;  // the latest end of the events left to the merge
    std::size_t own = 0;
    while (own < order.size() && (final_events[order[own]].start_s <= chained_end + pool_time_s ||
                                  final_events[order[own]].start_s < evidence.head_end_s())) {
      chained_end = std::max(chained_end, final_events[order[own]].end_s);
      ++own;
    }
    // The chained events that start after the head: the merge pools them with the earlier part's, but once such a
    // chain spans more than pool_max_span_s it is pooled in blocks of UTC, and a block after the head holds this
    // part's events only (a jammer on every hour: localize_settled_blocks). Only while one of them lies in the
    // block the head ends in: the merge localizes that one, which starts before these blocks, so the merge's own
    // candidates and pooling groups are the ones it forms without these blocks localized.
    double head_chain_end = head_end;  // the latest end of the chained events that start before the head
    std::vector<std::size_t> after_head;
    for (std::size_t k = 0; k < own; ++k) {
      const detect::Event& e = final_events[order[k]];
      if (e.start_s < head_end)
        head_chain_end = std::max(head_chain_end, e.end_s);
      else
        after_head.push_back(order[k]);
    }
    const detect::LocalizeOptions localize_options;
    const double blocks_from = std::max(head_end, evidence.head_end_s());
    const bool one_left_in_head_block = std::any_of(after_head.begin(), after_head.end(), [&](std::size_t i) {
      return std::floor(final_events[i].start_s / localize_options.pool_max_span_s) *
                 localize_options.pool_max_span_s <
             blocks_from;
    });
    if (!one_left_in_head_block) after_head.clear();
    if (!after_head.empty()) {
      std::vector<detect::Event> chained;
      chained.reserve(after_head.size());
      for (std::size_t i : after_head) chained.push_back(std::move(final_events[i]));
      detect::localize_settled_blocks(chained, evidence, events.later_events_after_head_from_s(),
                                      evidence.decided_after_head_before_s(), blocks_from, localize_options);
      for (std::size_t k = 0; k < after_head.size(); ++k) final_events[after_head[k]] = std::move(chained[k]);
    }
    double needed_from = std::numeric_limits<double>::infinity();  // by the events after the chain, and those to come
    if (own < order.size()) {
      // Localized in a vector of their own (moved out and back: final_so_far's order stays as it was).
      std::vector<detect::Event> mine;
      mine.reserve(order.size() - own);
      for (std::size_t k = own; k < order.size(); ++k) mine.push_back(std::move(final_events[order[k]]));
      needed_from = detect::localize_settled_events(mine, evidence, events.later_events_after_head_from_s(),
                                                    evidence.decided_after_head_before_s());
      for (std::size_t k = own; k < order.size(); ++k) final_events[order[k]] = std::move(mine[k - own]);
    } else if (!after_head.empty()) {
      needed_from = events.later_events_after_head_from_s();
    }
    // Nothing localized here: the evidence stays (events to come need it).
    if (!(needed_from < std::numeric_limits<double>::infinity())) return;
    // The merge's events use evidence from their start to shortly after their end (the positions lost aircraft
    // report): keep a pooling time's worth more. Without the blocks, those are the whole chain; with them, the
    // head's and the chained events not localized yet, and the evidence between them is dropped.
    double kept_to = (after_head.empty() ? chained_end : head_chain_end) + pool_time_s;
    for (std::size_t i : after_head) {  // in start order
      const detect::Event& e = final_events[i];
      if (e.source || !(e.start_s < needed_from)) continue;
      if (kept_to < e.start_s) evidence.forget_between(kept_to, e.start_s);
      kept_to = std::max(kept_to, e.end_s + pool_time_s);
    }
    evidence.forget_between(kept_to, needed_from);
  }
};

// Losses within --from/--to and --area.
bool episode_selected(const detect::GnssEpisode& e, const MapOptions& o) {
  if (!(e.lost_s >= o.from_s && e.lost_s < o.to_s)) return false;
  const bool placed = std::isfinite(e.lost_lat_deg) || std::isfinite(e.regained_lat_deg);
  const bool inside =
      o.bbox.contains(e.lost_lat_deg, e.lost_lon_deg) || o.bbox.contains(e.regained_lat_deg, e.regained_lon_deg);
  return !placed || inside;
}

// Health verdicts go to the grid, the event stream's presence and the evidence; losses to the event stream;
// within time and area. Muted while a part warms up on the previous part's input.
class MapHealthSink final : public detect::HealthSink {
 public:
  MapHealthSink(PartialMap& out, const MapOptions& o) : out_(out), o_(o) {}
  void set_tracker(const detect::HealthTracker* tracker) { tracker_ = tracker; }
  void on_sample(const detect::HealthSample& s) override {
    if (muted_) return;
    if (!(s.time_s >= o_.from_s && s.time_s < o_.to_s) || !o_.bbox.contains(s.lat_deg, s.lon_deg)) return;
    // The sample's cell once, for the grid and (at the same resolution, the default 4) the event presence. The
    // area test above passed: the position is finite.
    const geo::h3::Cell cell = geo::h3::lat_lng_to_cell({s.lat_deg, s.lon_deg}, o_.grid.resolution);
    out_.grid.add(s, cell);
    if (out_.events.presence().resolution() == o_.grid.resolution) {
      out_.events.add(s, cell);
    } else {
      out_.events.add(s);
    }
    out_.evidence.add(s);
    if (sealing_ && s.time_s >= next_seal_s_) {
      out_.grid.seal(s.time_s - kSealLagS);
      next_seal_s_ = s.time_s + kSealEveryS;
    }
    if (sealing_ && s.time_s >= next_advance_s_) {
      advance_events();
      next_advance_s_ = s.time_s + kAdvanceEventsEveryS;
    }
  }
  // State records (readsb JSON, traces) come one aircraft or one snapshot at a time, not in time order across
  // aircraft: windows cannot be closed nor events finished while reading them.
  void stop_sealing() {
    sealing_ = false;
    out_.evidence.stop_pruning();
    out_.events.stop_pruning();
  }
  void on_episode(const detect::GnssEpisode& e) override {
    if (muted_) return;
    if (const auto it = continued_.find(e.id); it != continued_.end() && it->second == e.lost_s) {
      continued_.erase(it);
      if (std::isfinite(e.regained_s)) boundary_end_s_ = std::max(boundary_end_s_, e.regained_s);
      note_boundary_end();
      (std::isfinite(e.regained_s) || !finishing_ ? out_.continued_closed : out_.continued_open).push_back(e);
      out_.events.keep_head_until(e.regained_s);
      return;
    }
    if (finishing_) {
      out_.open_at_end.push_back(e);
      return;
    }
    if (episode_selected(e, o_)) out_.events.add(e);
  }
  // Degradation passes go to the evidence (localization), within time and area like samples.
  void on_degraded_pass(const detect::DegradedPass& p) override {
    if (muted_) return;
    if (!(p.back_s >= o_.from_s && p.back_s < o_.to_s) || !o_.bbox.contains(p.in_lat_deg, p.in_lon_deg)) return;
    out_.evidence.add(p);
  }
  void mute() { muted_ = true; }
  // The part's own input begins: `open` are the episodes the warm-up left open (they continue the previous
  // part's, see merge_boundary_episodes).
  // `own_from_s`: where the earlier part ended (-infinity when not known).
  void unmute(const std::vector<detect::GnssEpisode>& open, double own_from_s) {
    muted_ = false;
    for (const auto& e : open) continued_[e.id] = e.lost_s;
    boundary_end_s_ = std::isfinite(own_from_s) ? own_from_s : std::numeric_limits<double>::infinity();
    note_boundary_end();
    out_.events.continues_earlier_part();
    out_.evidence.continues_earlier_part();
  }
  void begin_finish() { finishing_ = true; }

 private:
  void note_boundary_end() {
    out_.boundary_end_s = continued_.empty() ? boundary_end_s_ : std::numeric_limits<double>::infinity();
  }
  void advance_events() {
    // Open losses, and back-dated ones that a regain may still show (HealthTracker::open_loss_floor_s).
    out_.events.advance(tracker_ ? tracker_->open_loss_floor_s() : std::numeric_limits<double>::infinity());
    out_.localize_settled();
  }

  // Frames arrive in time order (the health tracker drops those more than 5 s late), so a window that ended
  // 10 minutes ago gets no more samples: its sets are folded into counts (GridAggregator::seal).
  static constexpr double kSealLagS = 600.0;
  static constexpr double kSealEveryS = 60.0;
  // Events are finished and presence slots dropped every 5 minutes of input (the slots are 10 minutes).
  static constexpr double kAdvanceEventsEveryS = 300.0;

  PartialMap& out_;
  const MapOptions& o_;
  const detect::HealthTracker* tracker_ = nullptr;
  std::unordered_map<std::uint32_t, double> continued_;  // id -> loss time, open when the own input began
  double boundary_end_s_ = std::numeric_limits<double>::infinity();  // see PartialMap::boundary_end_s
  bool sealing_ = true;
  bool muted_ = false;
  bool finishing_ = false;
  double next_seal_s_ = -std::numeric_limits<double>::infinity();
  double next_advance_s_ = -std::numeric_limits<double>::infinity();
};

// Spoofing counters of several parts (sign +1) or without the warm-up's (sign -1).
void add_counters(detect::SpoofingCounters& to, const detect::SpoofingCounters& c, int sign) {
  const auto add = [sign](std::uint64_t& a, std::uint64_t b) { a = sign > 0 ? a + b : a - b; };
  add(to.messages, c.messages);
  add(to.positions, c.positions);
  add(to.positions_no_integrity, c.positions_no_integrity);
  add(to.velocities, c.velocities);
  add(to.skipped_corrected, c.skipped_corrected);
  add(to.skipped_not_adsb, c.skipped_not_adsb);
  add(to.out_of_order, c.out_of_order);
  add(to.glitches, c.glitches);
  add(to.jumps_unconfirmed, c.jumps_unconfirmed);
  add(to.tracks_evicted, c.tracks_evicted);
  add(to.tracks_refused, c.tracks_refused);
  add(to.findings_dropped, c.findings_dropped);
}

class MapWorker final : public io::FrameBatchSink {
 public:
  // A loss open at the boundary is seen whole (the same loss time and place as one thread) when the warm-up
  // reaches back to the aircraft's last good position before it; the gpsjam rule itself looks back 15 minutes
  // (readsb's NOGPS_DWELL, docs/HEALTH.md). Crossing a jammed disk 100-300 km wide at 450 kt takes 10-40
  // minutes: an hour covers the losses seen in the bundled scenarios (docs/ARCHITECTURE.md, "Parts").
  static constexpr double kWarmUpS = 60 * 60.0;

  MapWorker(PartialMap& out, const MapOptions& o)
      : out_(out), pipeline_(pipeline_options(o)), sink_(out, o), health_(sink_, o.health) {
    sink_.set_tracker(&health_);
  }

  // Feeds the last kWarmUpS of the inputs before this part's (`previous`, every earlier part's, in order) to the
  // trackers with every output muted, so that this part starts with the aircraft history a single run would have:
  // CPR pairs, last good positions, the gpsjam counters, the health samples' phase, open episodes. The hour may
  // reach back over several earlier parts (a part can be shorter than an hour). Returns kExitOk or the read
  // error's code.
  int warm_up(const std::vector<std::string>& previous, const InputOptions& input, PhaseTiming& timing,
              const std::string& part_name) {
    InputOptions in = input;
    in.read.progress = nullptr;
    // Standard input and live feeds cannot be read twice: no warm-up right after them, and none reaching back
    // over them.
    const auto rereadable = [](const std::string& path) {
      std::error_code ec;
      return fs::is_regular_file(path, ec);
    };
    if (previous.empty() || !rereadable(previous.back())) {
      sink_.unmute({}, -std::numeric_limits<double>::infinity());
      return kExitOk;
    }
    // Pass one: the end time of the previous part, and from which of its files (and byte) on the tail is
    // needed. Found by a few probes when the last file alone holds the tail; else by reading the files whole.
    PhaseTiming::Scope pass_one(timing, part_name + " warm-up pass 1");
    double end_s = -std::numeric_limits<double>::infinity();
    std::size_t from = previous.size();
    std::uint64_t from_offset = 0;
    if (const auto tail = io::seek_tail(previous.back(), in.parsed_format, in.read, kWarmUpS)) {
      end_s = tail->end_s;
      from = previous.size() - 1;
      from_offset = tail->offset;
    }
    const bool whole = from == previous.size();
    while (whole && from > 0 && rereadable(previous[from - 1])) {
      io::TimeSpanSink span;
      io::InputStats unused;
      in.inputs = {previous[from - 1]};
      if (const int code = read_all(in, span, unused); code != kExitOk) return code;
      --from;
      end_s = std::max(end_s, span.last_s);
      if (span.first_s <= end_s - kWarmUpS) break;
    }
    if (!std::isfinite(end_s)) {  // nothing with a time: no tail to take
      sink_.unmute({}, -std::numeric_limits<double>::infinity());
      return kExitOk;
    }
    pass_one.stop();
    // Pass two: the tail, muted.
    PhaseTiming::Scope pass_two(timing, part_name + " warm-up pass 2");
    sink_.mute();
    warm_from_s_ = end_s - kWarmUpS;
    warming_ = true;
    in.inputs.assign(previous.begin() + static_cast<std::ptrdiff_t>(from), previous.end());
    in.read.start_offset = from_offset;  // nonzero only when the tail is in one file (seek_tail)
    io::InputStats unused;
    const int code = in.inputs.empty() ? kExitOk : read_all(in, *this, unused);
    warming_ = false;
    own_from_s_ = end_s;
    warm_up_spoofing_ = spoofing_.counters();
    std::vector<detect::GnssEpisode> open;
    health_.open_episodes(open);
    sink_.unmute(open, end_s);
    return code;
  }

  void on_frames(std::span<const modes::RawFrame> frames) override {
    for (const modes::RawFrame& frame : frames) {
      // Without an epoch (Beast with no --start-time) the 12 MHz counter gives seconds since counter zero. A frame
      // with a Unix time (every frame of a Beast input with --start-time) is known to be timed without testing the
      // time again for the fast path below (GCC kept a second test there: ~5 instructions per fieldless squitter).
      const bool unix_time = std::isfinite(frame.time_s);
      const double t = unix_time ? frame.time_s : modes::frame_time_s(frame);
      const bool timed = unix_time || std::isfinite(t);
      if (warming_ && !(t >= warm_from_s_)) continue;
      // Fast path. A fieldless squitter (own ADS-B that says nothing but "I am here": on Helsinki half the frames,
      // TC 24 from five fixed ground transmitters) from an aircraft that has sent nothing else changes only
      // counters, clocks and "last heard" times, and those are kept exactly: the pipeline's (aircraft table:
      // acceptance of address/parity replies, forgetting), the summary's aircraft and time span, the health
      // tracker's (order check, forgetting; such an aircraft gets no verdict: HealthTracker::update_fieldless) and
      // the spoofing detector's (it reads no track from such a message: SpoofingDetector::update_fieldless).
      // Only with a time (every frame of a Beast input with --start-time): the rest is told apart by observe().
      if (const auto address = modes::fieldless_squitter_address(frame); address && timed) {
        if (const auto lookup = health_.look_up_fieldless(*address); lookup.only_fieldless_so_far()) {
          const auto version = pipeline_.process_fieldless(frame, *address, t);
          observe_fieldless(lookup, *address, version, t);
          continue;
        }
      }
      if (!pipeline_.process(frame, msg_)) continue;
      observe(msg_, t);
    }
  }
  void on_records(std::span<const modes::ModeSMessage> records) override {
    sink_.stop_sealing();
    for (const modes::ModeSMessage& r : records) {
      if (warming_ && !(r.time_s >= warm_from_s_)) continue;
      pipeline_.note_record(r);
      observe(r, r.time_s);
    }
  }
  void finish() {
    sink_.begin_finish();
    health_.finish();
    out_.findings = spoofing_.finish();
    // Findings that ended during the warm-up belong to the previous part (which reports them).
    std::erase_if(out_.findings, [&](const detect::SpoofingFinding& f) { return f.end_s < own_from_s_; });
    out_.own_from_s = own_from_s_;
    out_.health_counters = health_.counters();
    out_.spoofing_counters = spoofing_.counters();
    add_counters(out_.spoofing_counters, warm_up_spoofing_, -1);
    out_.pipeline_counters = pipeline_.counters();
  }

 private:
  void observe(const modes::ModeSMessage& m, double t) {
    if (!std::isfinite(t)) return;
    note_heard(m.address, t);
    health_.update(m, t);
    spoofing_.update(m, t);
  }
  // observe() for a fieldless squitter (on_frames' fast path) with a finite time `t`; `version` is the table's
  // (msg.derived.version).
  void observe_fieldless(const detect::HealthTracker::FieldlessLookup& lookup, std::uint32_t address,
                         std::optional<std::uint8_t> version, double t) {
    note_heard(address, t);
    health_.update_fieldless(lookup, address, t, version);
    spoofing_.update_fieldless_timed(t);
  }
  void note_heard(std::uint32_t address, double t) {
    if (warming_) return;
    out_.aircraft.add(address);
    out_.first_s = std::min(out_.first_s, t);
    out_.last_s = std::max(out_.last_s, t);
  }

  // The part's aircraft are counted in observe() (out_.aircraft, without the warm-up), not by the pipeline. Of
  // Comm-B, the trackers read BDS 5,0's track and ground speed only (track::apply); nothing reads the signal byte,
  // the receiver's counter or the per-DF and per-type-code counts.
  static track::PipelineOptions pipeline_options(const MapOptions& o) {
    track::PipelineOptions p = o.input.pipeline;
    p.count_distinct = false;
    p.commb_track_turn_only = true;
    p.copy_signal_and_counter = false;
    p.count_by_format = false;
    return p;
  }

  PartialMap& out_;
  bool warming_ = false;
  double warm_from_s_ = -std::numeric_limits<double>::infinity();
  double own_from_s_ = -std::numeric_limits<double>::infinity();
  detect::SpoofingCounters warm_up_spoofing_;  // counted during the warm-up (the previous part counts them)
  track::MessagePipeline pipeline_;
  MapHealthSink sink_;
  detect::HealthTracker health_;
  detect::SpoofingDetector spoofing_;
  modes::ModeSMessage msg_;
};

// When an input starts (first timed frame in its first 16 KiB), NaN when that cannot be told (no times, not
// readable: the read proper reports errors). Runs before the workers start, so it reads little, in small batches.
double input_start_s(const std::string& path, const InputOptions& in) {
  // Only regular files: a peek at standard input or a pipe would consume bytes the worker needs.
  std::error_code ec;
  if (path == "-" || !fs::is_regular_file(path, ec)) return std::numeric_limits<double>::quiet_NaN();
  io::ReadOptions o;
  o.start_time_s = in.read.start_time_s;
  o.max_bytes = 16 * 1024;
  o.batch_frames = 256;
  io::TimeSpanSink span;
  io::InputStats unused;
  try {
    io::read_input(path, in.parsed_format, span, unused, o);
  } catch (const io::InputError&) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  return std::isfinite(span.first_s) ? span.first_s : std::numeric_limits<double>::quiet_NaN();
}

// Consecutive groups of inputs, one per worker, so each worker sees a continuous stretch of time (pairing and
// the gpsjam counter need history), balanced in work: an input's work is taken as its size on disk, and a group
// after the first also pays its warm-up, the previous hour's bytes (estimated from the inputs' start times, each
// input's bytes spread evenly over the time to the next input's start). The largest group is made as small as
// the greedy packing allows; without times this is the split by equal sizes.
std::vector<std::vector<std::string>> split_inputs(const InputOptions& in, unsigned parts, double warm_up_s) {
  const std::vector<std::string>& inputs = in.inputs;
  const std::size_t n = inputs.size();
  std::vector<double> sizes(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    std::error_code ec;
    // At least one byte: inputs of unknown size (stdin) still spread over the groups.
    sizes[i] = std::max(1.0, fs::is_regular_file(inputs[i], ec) ? static_cast<double>(fs::file_size(inputs[i], ec)) : 0.0);
  }
  std::vector<double> warm_up(n, 0.0);  // estimated bytes of the warm-up of a group starting at input j
  if (parts > 1) {
    std::vector<double> start(n);
    for (std::size_t i = 0; i < n; ++i) start[i] = input_start_s(inputs[i], in);
    for (std::size_t j = 1; j < n; ++j) {
      if (!std::isfinite(start[j])) continue;  // unknown start: no warm-up estimate, as without times
      // Inputs in time order contribute only back to the last one that ends (its successor starts) before the
      // warm-up: start from there, so thousands of inputs cost linear, not quadratic, time. (Inputs out of time
      // order, e.g. per-aircraft traces, give a rough estimate either way.)
      std::size_t first = j;
      while (first > 0 && !(start[first] <= start[j] - warm_up_s)) --first;
      for (std::size_t i = first; i < j; ++i) {
        const double span = start[i + 1] - start[i];  // NaN when either is unknown
        if (!(span > 0)) continue;
        const double overlap = std::min(start[i + 1], start[j]) - std::max(start[i], start[j] - warm_up_s);
        if (overlap > 0) warm_up[j] += sizes[i] * std::min(1.0, overlap / span);
      }
    }
  }
  // Groups when no group may cost more than `limit`.
  const auto pack = [&](double limit) {
    std::vector<std::vector<std::string>> groups(1);
    double cost = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (!groups.back().empty() && cost + sizes[i] > limit) {
        groups.emplace_back();
        cost = warm_up[i];
      }
      groups.back().push_back(inputs[i]);
      cost += sizes[i];
    }
    return groups;
  };
  double lo = 0, hi = 0;
  for (std::size_t i = 0; i < n; ++i) hi += sizes[i] + warm_up[i];
  for (int step = 0; step < 60 && hi - lo > 1; ++step) {
    const double mid = (lo + hi) / 2;
    (pack(mid).size() <= parts ? hi : lo) = mid;
  }
  return pack(hi);
}

bool parse_area(const std::string& text, Area& a) {
  double v[4];
  std::istringstream in(text);
  char comma = 0;
  for (int i = 0; i < 4; ++i) {
    if (!(in >> v[i])) return false;
    if (i < 3 && (!(in >> comma) || comma != ',')) return false;
  }
  in >> std::ws;
  if (!in.eof()) return false;
  a = {v[0], v[1], v[2], v[3]};
  return a.south >= -90 && a.north <= 90 && a.south <= a.north && a.west >= -180 && a.east <= 180;
}

bool resolve_map(MapOptions& o) {
  if (!resolve(o.input)) return false;
  if (o.classifier == "gpsjam") o.health.classifier = detect::Classifier::Gpsjam;
  else if (o.classifier == "nic") o.health.classifier = detect::Classifier::Nic;
  else if (o.classifier == "nacp") o.health.classifier = detect::Classifier::Nacp;
  else {
    fmt::print(stderr, "gnsswatch: unknown --classifier '{}' (expected gpsjam, nic or nacp)\n", o.classifier);
    return false;
  }
  std::string error;
  if (!detect::parse_windows(o.windows, o.grid.windows_s, error) ||
      !detect::parse_bands(o.bands, o.grid.bands, error)) {
    fmt::print(stderr, "gnsswatch: {}\n", error);
    return false;
  }
  if (o.resolution < 0 || o.resolution > 15) {
    fmt::print(stderr, "gnsswatch: --res {} is not an H3 resolution (0-15)\n", o.resolution);
    return false;
  }
  o.grid.resolution = o.resolution;
  o.grid.min_aircraft = o.min_aircraft;
  for (auto [text, target, name] : {std::tuple{&o.from, &o.from_s, "--from"}, std::tuple{&o.to, &o.to_s, "--to"}}) {
    if (text->empty()) continue;
    const auto t = parse_time(*text);
    if (!t) {
      fmt::print(stderr, "gnsswatch: {} '{}' is not an ISO 8601 time or unix seconds\n", name, *text);
      return false;
    }
    *target = *t;
  }
  if (!o.area.empty() && !parse_area(o.area, o.bbox)) {
    fmt::print(stderr, "gnsswatch: --area '{}' is not SOUTH,WEST,NORTH,EAST in degrees (e.g. 59,22,61.5,28)\n",
               o.area);
    return false;
  }
  return true;
}

// The report's summary (web/README.md): aircraft and the time span are shown prominently, the rest as a list.
std::string summary_json(const PartialMap& m, const MapOptions& o) {
  const auto num = [](double t) { return std::isfinite(t) ? fmt::format("{:.3f}", t) : std::string("null"); };
  return fmt::format(
      "{{\"aircraft\":{},\"start_s\":{},\"end_s\":{},\"classifier\":\"{}\",\"h3_resolution\":{},"
      "\"min_aircraft\":{},\"inputs\":{},\"frames\":{},\"state_records\":{},\"times_are_utc\":{}}}",
      m.aircraft.size(), num(m.first_s), num(m.last_s), o.classifier, o.resolution, o.min_aircraft,
      m.input_stats.inputs, m.input_stats.frames, m.input_stats.records,
      o.input.read.start_time_s.has_value() || m.input_stats.frames == 0 ? "true" : "false");
}

// A loss open at the end of part k-1 (emitted there unresolved) was, if the warm-up of part k caught it, open
// again when part k's own input began, and closed (or not) in part k: one episode with part k-1's loss (it saw
// the loss, with all history) and part k's regain, as a single run gives. A loss the warm-up left open that part
// k-1 did not have open is dropped (its tracker, with all history, had closed it).
std::vector<detect::GnssEpisode> merge_boundary_episodes(std::vector<std::unique_ptr<PartialMap>>& parts) {
  std::vector<detect::GnssEpisode> out;
  std::vector<detect::GnssEpisode> carry = std::move(parts[0]->open_at_end);
  for (std::size_t k = 1; k < parts.size(); ++k) {
    PartialMap& p = *parts[k];
    auto take = [&carry](detect::GnssEpisode& e) {
      const auto it = std::find_if(carry.begin(), carry.end(), [&](const auto& c) { return c.id == e.id; });
      if (it == carry.end()) return false;
      e.lost_s = it->lost_s;
      e.lost_lat_deg = it->lost_lat_deg;
      e.lost_lon_deg = it->lost_lon_deg;
      e.altitude_ft = it->altitude_ft;
      carry.erase(it);
      return true;
    };
    for (auto& e : p.continued_closed) {
      if (take(e)) out.push_back(e);
    }
    std::vector<detect::GnssEpisode> next = std::move(p.open_at_end);
    for (auto& e : p.continued_open) {
      if (take(e)) next.push_back(e);
    }
    out.insert(out.end(), carry.begin(), carry.end());
    carry = std::move(next);
  }
  out.insert(out.end(), carry.begin(), carry.end());
  return out;
}

int run_map(MapOptions& o) {
  if (!resolve_map(o)) return kExitUsage;
  std::error_code ec;
  fs::create_directories(o.out_dir, ec);
  if (ec || !fs::is_directory(o.out_dir)) {
    fmt::print(stderr, "gnsswatch: cannot create --out directory '{}': {}\n", o.out_dir, ec.message());
    return kExitInputError;
  }

  const unsigned threads =
      std::max(1u, std::min<unsigned>(o.threads ? o.threads : std::thread::hardware_concurrency(),
                                      static_cast<unsigned>(o.input.inputs.size())));
  PhaseTiming timing;
  PhaseTiming::Scope split(timing, "split inputs");
  const auto groups = split_inputs(o.input, threads, MapWorker::kWarmUpS);
  split.stop();
  ProgressBar progress(o.input.inputs);
  progress.attach(o.input.read);

  std::vector<std::unique_ptr<PartialMap>> parts;
  for (std::size_t i = 0; i < groups.size(); ++i) parts.push_back(std::make_unique<PartialMap>(o.grid));
  // Sealed grid rows go to unnamed temporary files in the output directory as windows seal, not memory; the
  // cells files are streamed from them at the end (GridAggregator::spill_sealed_to, for_each_row).
  try {
    for (auto& p : parts) p->grid.spill_sealed_to(o.out_dir);
  } catch (const std::exception& e) {
    fmt::print(stderr, "gnsswatch: {}\n", e.what());
    return kExitInputError;
  }
  parts.front()->first_part = true;
  std::vector<int> codes(groups.size(), kExitOk);
  auto work = [&](std::size_t i) {
    const std::string name = fmt::format("part {}", i);
    PhaseTiming::Scope whole(timing, name + " whole");
    MapWorker worker(*parts[i], o);
    if (i > 0) {
      std::vector<std::string> before;
      for (std::size_t g = 0; g < i; ++g) before.insert(before.end(), groups[g].begin(), groups[g].end());
      codes[i] = worker.warm_up(before, o.input, timing, name);
    }
    if (codes[i] != kExitOk) return;
    InputOptions in = o.input;
    in.inputs = groups[i];
    {
      PhaseTiming::Scope read(timing, name + " read");
      codes[i] = read_all(in, worker, parts[i]->input_stats);
    }
    PhaseTiming::Scope finishing(timing, name + " finish");
    worker.finish();
    if (timing.enabled()) {
      const auto final_events = parts[i]->events.final_so_far();
      const auto located = std::count_if(final_events.begin(), final_events.end(),
                                         [](const detect::Event& e) { return e.source.has_value(); });
      timing.note(fmt::format("{}: {} of its {} final events localized while reading", name, located,
                              final_events.size()));
    }
  };
  if (groups.size() == 1) {
    work(0);
  } else {
    std::vector<std::thread> pool;
    for (std::size_t i = 0; i < groups.size(); ++i) pool.emplace_back(work, i);
    for (auto& t : pool) t.join();
  }
  PhaseTiming::Scope total_after(timing, "after the parts (main)");
  progress.finish();
  for (int c : codes) {
    if (c != kExitOk) return c;
  }

  // Merge in input order: grid sets, event streams (presence union, episodes and finished events concatenate),
  // findings; then the episodes at the part boundaries.
  PhaseTiming::Scope merging(timing, "merge");
  std::vector<detect::GnssEpisode> boundary = merge_boundary_episodes(parts);
  PartialMap& all = *parts[0];
  for (std::size_t i = 1; i < parts.size(); ++i) {
    PartialMap& p = *parts[i];
    {
      PhaseTiming::Scope t(timing, "merge grid");
      all.grid.merge(p.grid);
    }
    {
      PhaseTiming::Scope t(timing, "merge events");
      all.events.merge(std::move(p.events));
    }
    {
      PhaseTiming::Scope t(timing, "merge evidence");
      all.evidence.merge(std::move(p.evidence));
    }
    // A finding open at the boundary that began during this part's warm-up was seen whole here (from its start,
    // with the history before it); the earlier part's copy is the same finding cut at the boundary (for the
    // cross-track kinds: with the aircraft that had joined by then, a subset).
    std::vector<const detect::SpoofingFinding*> seen_whole;
    for (const auto& g : p.findings)
      if (g.start_s < p.own_from_s) seen_whole.push_back(&g);
    if (!seen_whole.empty()) {
      std::erase_if(all.findings, [&](const detect::SpoofingFinding& f) {
        return std::any_of(seen_whole.begin(), seen_whole.end(), [&](const detect::SpoofingFinding* g) {
          return g->kind == f.kind && g->start_s == f.start_s &&
                 std::includes(g->aircraft.begin(), g->aircraft.end(), f.aircraft.begin(), f.aircraft.end());
        });
      });
    }
    all.findings = detect::merge_findings(all.findings, p.findings);
    add_counters(all.spoofing_counters, p.spoofing_counters, +1);
    all.aircraft.merge(p.aircraft);
    all.input_stats += p.input_stats;
    all.first_s = std::min(all.first_s, p.first_s);
    all.last_s = std::max(all.last_s, p.last_s);
  }

  merging.stop();
  // The outputs: the cells (rows streamed into cells.csv and cells.geojson, then report.html, which streams
  // cells.geojson back) and the events (finished, localized, events.json, events.geojson, spoofing.json) are
  // independent until the report: with more than one thread the cells are written in a thread of their own, which
  // waits for the events' text to write the report. Each file is complete or absent (AtomicFile), whichever thread
  // writes it.
  const fs::path dir(o.out_dir);
  std::size_t by_level[4] = {};  // rows of band "all" per level, for the summary line
  std::promise<std::array<std::string, 3>> report_texts;  // summary, events.json, spoofing findings
  std::future<std::array<std::string, 3>> report_texts_ready = report_texts.get_future();
  const auto write_cells_and_report = [&] {
    {
      // One pass over the rows (merged from the sealed rows' files and the open windows), into both files.
      PhaseTiming::Scope t(timing, "grid rows, cells.csv, cells.geojson");
      output::CellsCsvWriter csv((dir / "cells.csv").string());
      output::CellsGeojsonWriter geojson((dir / "cells.geojson").string(), o.grid);
      all.grid.for_each_row([&](const detect::CellRow& r) {
        csv.add(r);
        geojson.add(r);
        if (r.band == detect::kAllBand) ++by_level[static_cast<int>(r.level)];
      });
      csv.commit();
      geojson.commit();
    }
    const std::array<std::string, 3> texts = report_texts_ready.get();  // rethrows the events' error
    PhaseTiming::Scope t(timing, "write report.html");
    output::write_report_html_cells_file((dir / "report.html").string(), texts[0], (dir / "cells.geojson").string(),
                                         texts[1], texts[2]);
  };
  std::exception_ptr cells_error;
  std::thread cells_writer;
  if (threads > 1) {
    cells_writer = std::thread([&] {
      try {
        write_cells_and_report();
      } catch (...) {
        cells_error = std::current_exception();
      }
    });
  }
  std::vector<detect::Event> events;
  std::exception_ptr events_error;
  try {
    PhaseTiming::Scope events_finish(timing, "events finish");
    for (const auto& e : boundary) {
      if (episode_selected(e, o)) all.events.add(e);
    }
    events = all.events.finish();
    all.evidence.finish();
    events_finish.stop();
    // The events the first part localized while reading keep their sources; the rest are localized here.
    PhaseTiming::Scope localizing(timing, "localize at the end");
    detect::localize_events(events, all.evidence);
    detect::withhold_spoofed_sources(events, all.findings);
    localizing.stop();
    PhaseTiming::Scope t(timing, "write events");
    std::string events_text = output::events_json_text(events);
    output::write_events_json_text((dir / "events.json").string(), events_text);
    output::write_events_geojson((dir / "events.geojson").string(), events);
    output::write_spoofing_json((dir / "spoofing.json").string(), all.findings, &all.spoofing_counters);
    report_texts.set_value({summary_json(all, o), std::move(events_text), output::spoofing_json_text(all.findings)});
  } catch (...) {
    events_error = std::current_exception();
    report_texts.set_exception(events_error);
  }
  try {
    if (cells_writer.joinable()) {
      cells_writer.join();
    } else if (!events_error) {
      write_cells_and_report();
    }
    if (events_error) std::rethrow_exception(events_error);
    if (cells_error) std::rethrow_exception(cells_error);
  } catch (const std::exception& e) {
    fmt::print(stderr, "gnsswatch: {}\n", e.what());
    return kExitInputError;
  }

  fmt::print("aircraft {}  ·  cells (band all, every window): {} red, {} yellow, {} green, {} insufficient  ·  "
             "events {}  ·  spoofing findings {}\n",
             all.aircraft.size(), by_level[2], by_level[1], by_level[0], by_level[3], events.size(),
             all.findings.size());
  if (const auto& gc = all.grid.counters(); gc.skipped_late || gc.inexact_merges) {
    fmt::print(stderr,
               "gnsswatch: note: {} samples came after their window had been closed (not counted there) and {} "
               "entries merged into closed windows: inputs out of time order? (docs/MAP_OUTPUTS.md)\n",
               gc.skipped_late, gc.inexact_merges);
  }
  if (!o.input.read.start_time_s && all.input_stats.frames > 0 && all.input_stats.records == 0 &&
      all.first_s < 1e9) {
    fmt::print(stderr,
               "gnsswatch: note: no --start-time: Beast/AVR times are seconds of the receiver's counter, so windows "
               "start at 1970-01-01; give --start-time for real dates\n");
  }
  fmt::print("wrote {}/{{cells.csv, cells.geojson, events.json, events.geojson, spoofing.json, report.html}}\n",
             o.out_dir);
  total_after.stop();
  timing.print();
  return kExitOk;
}

}  // namespace

CommandRunner add_map_command(CLI::App& app) {
  auto o = std::make_shared<MapOptions>();
  CLI::App* cmd = app.add_subcommand(
      "map",
      "Map GNSS interference: decode, judge each aircraft's GNSS over time, count good and bad aircraft per H3 "
      "cell, time window and altitude band, group losses into events, look for spoofing, and write cells.csv, "
      "cells.geojson, events.json, events.geojson, spoofing.json and report.html (opens offline) into --out. "
      "Cells without traffic are absent: no data, not clean. Schemas: docs/MAP_OUTPUTS.md, "
      "docs/EVENTS_SPOOFING.md; rules: docs/HEALTH.md.");
  add_input_options(*cmd, o->input);
  cmd->add_option("--out", o->out_dir, "Output directory (created if missing)")->required();
  cmd->add_option("--classifier", o->classifier,
                  "How bad GNSS is judged: gpsjam (readsb's counter rule, as gpsjam.org), nic (NIC < 7), "
                  "nacp (NACp < 7)")
      ->capture_default_str();
  cmd->add_option("--window", o->windows, "Time windows, aligned to UTC: a list such as 1h,24h or 15m,6h,1d")
      ->capture_default_str();
  cmd->add_option("--bands", o->bands,
                  "Altitude bands in feet, [LO,HI): LO-HI, LO- or -HI, comma-separated; band 'all' is always "
                  "written too")
      ->capture_default_str();
  cmd->add_option("--res", o->resolution, "H3 resolution of the cells (4 is gpsjam.org's, ~22 km edge)")
      ->capture_default_str();
  cmd->add_option("--min-aircraft", o->min_aircraft,
                  "Cells with fewer distinct aircraft are level 'insufficient' instead of green/yellow/red")
      ->capture_default_str();
  cmd->add_option("--from", o->from, "Only from this time on (ISO 8601 UTC or unix seconds)");
  cmd->add_option("--to", o->to, "Only before this time (ISO 8601 UTC or unix seconds)");
  cmd->add_option("--area", o->area, "Only inside SOUTH,WEST,NORTH,EAST degrees (WEST > EAST crosses 180°)");
  cmd->add_option("--threads", o->threads,
                  "Worker threads (default: the number of cores). Inputs are split into consecutive parts, one per "
                  "thread, so a single input uses one thread; each part after the first first reads the hour "
                  "before its own input for aircraft history (outputs muted), so that its results match "
                  "one thread's (docs/ARCHITECTURE.md, \"Parts\")");
  return [o]() { return run_map(*o); };
}

}  // namespace gw::cli
