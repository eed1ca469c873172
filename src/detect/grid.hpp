// The interference map: distinct emitters with good and with bad GNSS per H3 cell x UTC time window x altitude
// band, as gpsjam.org counts aircraft per resolution-4 cell per day (docs/MAP_OUTPUTS.md).
//
// Counting rule. An emitter (platform + id) counts once per cell, window and band: bad if any of its samples
// placed in that cell during that window within that band was bad, good otherwise. Samples without an
// altitude count in band "all" only. Windows are aligned to the epoch: start = floor(t / len) * len, so with
// unix time a 1 h window starts on the UTC hour and a 24 h window at 00:00 UTC.
//
// Mergeable. The aggregator keeps the set of (emitter, bad) per cell/window/band, never a count, so merging
// the aggregators of consecutive (or any) parts of a recording gives exactly the aggregator of one run over
// all of it. Memory is one 24-byte entry per distinct (cell, window, band, emitter): bounded by traffic, not by
// the number of samples. No allocation per sample once the table has grown to its working size.
//
// Sealing. A streaming caller calls seal(t) as time goes on: windows that ended by t and began at or after this
// aggregator's first sample are folded into counts and their sets dropped, so memory holds the open windows'
// sets plus one small count per finished row, not every window's sets until the end. A window that began
// before the first sample stays a set until the end: it may continue a part read by another aggregator, and
// only sets merge exactly. With spill_sealed_to(directory) the sealed counts go to unnamed temporary files there
// as windows seal (26 bytes a row, one file per window length, in window order) instead of memory, and the rows
// are streamed from them (for_each_row): memory then holds the open windows only, whatever the input's length.
// Parts of one recording that are consecutive in time (as `map` splits its inputs)
// therefore still merge exactly; a sample that arrives for an already sealed window is not counted
// (counters().skipped_late), and parts that overlap in time are counted in counters().inexact_merges.
//
// Only cells with traffic produce rows: a cell absent from the rows had no data, which is not "clean".
//
// Threading: an aggregator is single-threaded; parallel runs use one each and merge() at the end.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "detect/health.hpp"
#include "geo/h3.hpp"

namespace gw::detect {

// Altitude band [min_ft, max_ft): a sample with altitude a belongs when min_ft <= a < max_ft.
struct AltitudeBand {
  std::string name;  // as written in outputs: "<10000", "10000-30000", ">=30000"
  std::int32_t min_ft = std::numeric_limits<std::int32_t>::min();  // inclusive; min() = unbounded below
  std::int32_t max_ft = std::numeric_limits<std::int32_t>::max();  // exclusive; max() = unbounded above
};

// The band every sample counts in, with or without altitude. Always band 0 of an aggregator.
inline constexpr std::string_view kAllBand = "all";

// Below 10,000 ft (negative barometric altitudes included), 10,000-30,000 ft, 30,000 ft and above.
std::vector<AltitudeBand> default_altitude_bands();

struct GridOptions {
  int resolution = 4;  // H3 resolution; 4 (~22 km edge) is gpsjam.org's
  std::vector<std::int64_t> windows_s = {3600, 86400};
  std::vector<AltitudeBand> bands = default_altitude_bands();  // in addition to "all"
  // Below this many distinct emitters (good + bad) a row's level is "insufficient". 3 is the smallest count
  // at which gpsjam's "minus one" fraction can take a value other than 0 or 1/2 (docs/MAP_OUTPUTS.md).
  std::uint32_t min_aircraft = 3;
};

// Parses a comma-separated list of window lengths: a positive integer with unit s, m, h or d ("1h,24h",
// "900s,6h,1d"). On failure returns false and sets `error` to a message naming the offending item; rejects
// empty lists, zero lengths, unknown units, overflow and duplicates.
bool parse_windows(std::string_view text, std::vector<std::int64_t>& out, std::string& error);

// Parses a comma-separated list of altitude bands in feet: "LO-HI" ([LO, HI)), "LO-" (LO and above) or "-HI"
// (below HI, negative altitudes included), LO and HI non-negative integers ("-10000,10000-30000,30000-").
// Names are canonical: "LO-HI", ">=LO", "<HI" (no leading '-', which spreadsheets read as a negative
// number); those spellings are accepted too. "all" may appear and is ignored (it is always present). An
// empty text gives no bands. Rejects LO >= HI, malformed numbers and duplicates.
bool parse_bands(std::string_view text, std::vector<AltitudeBand>& out, std::string& error);

// gpsjam.org's share of bad aircraft: (bad - 1) / (good + bad), clamped at 0; 0 for an empty cell.
// Source: https://gpsjam.org/faq ("percent_bad_aircraft = 100 * (num_bad_aircraft - 1) /
// (num_good_aircraft + num_bad_aircraft)"; the one is subtracted to limit false positives).
double gpsjam_bad_fraction(std::uint32_t good, std::uint32_t bad);

// Wilson score interval (95%, z = 1.959964) on the raw proportion bad / n; {0, 1} for n = 0.
struct Interval {
  double low = 0;
  double high = 1;
};
Interval wilson_interval(std::uint32_t bad, std::uint32_t n);

enum class Level : std::uint8_t {
  Green,         // bad_frac < 2%
  Yellow,        // 2% <= bad_frac < 10%
  Red,           // bad_frac >= 10%
  Insufficient,  // good + bad < min_aircraft
};
std::string_view to_string(Level level);

// The level of a cell with these counts (exact integer comparison, no rounding at the 2% and 10% borders).
Level classify(std::uint32_t good, std::uint32_t bad, std::uint32_t min_aircraft);

// One output row: one cell in one window and band that had traffic.
struct CellRow {
  geo::h3::Cell cell = 0;
  std::int64_t window_start_s = 0;
  std::int64_t window_end_s = 0;  // window_start_s + window length
  std::string band;
  std::uint32_t good = 0;  // count_good_aircraft
  std::uint32_t bad = 0;   // count_bad_aircraft
  double bad_frac = 0;     // gpsjam_bad_fraction(good, bad)
  Interval ci;             // wilson_interval(bad, good + bad)
  Level level = Level::Insufficient;
};

// Named counters; merge() adds them.
struct GridCounters {
  std::uint64_t samples = 0;                   // samples counted
  std::uint64_t skipped_no_time = 0;           // time non-finite or beyond +-1e15 s
  std::uint64_t skipped_no_position = 0;       // lat/lon non-finite or out of range
  std::uint64_t skipped_late = 0;              // for a window already sealed (see seal())
  std::uint64_t inexact_merges = 0;            // entries merged into a window the other part had sealed
};

class GridAggregator {
 public:
  // Throws std::invalid_argument for options no parse_* result produces: resolution outside 0-15, no
  // windows, a window length <= 0, more than 255 windows or bands, a band with min_ft >= max_ft.
  explicit GridAggregator(GridOptions options = {});

  // Counts one sample (the hot path: one H3 lookup, then one table probe per window x matching band).
  void add(const HealthSample& sample);
  // The same with the sample's cell at options().resolution already known (geo::h3::lat_lng_to_cell of its
  // position; 0 when it has none): for a caller that needs the cell too (map hands it to the event presence).
  void add(const HealthSample& sample, geo::h3::Cell cell);
  // Adds another aggregator's sets. Throws std::invalid_argument unless both have the same resolution,
  // windows and bands (min_aircraft may differ: it only affects rows()).
  void merge(const GridAggregator& other);
  // Seals every window that ended at or before `time_s` and began at or after the first sample (see above).
  // Cheap when no window has ended since the last call (one comparison per window length).
  void seal(double time_s);

  // From now on, sealed windows' counts are written to unnamed temporary files in `directory` (removed when
  // the last aggregator holding them is destroyed; nothing is left there even after a crash) instead of being
  // held in memory. Throws std::runtime_error naming the directory when a file cannot be created there. A write
  // that fails later (disk full) is reported by for_each_row/rows(), which then throw: no partial rows.
  void spill_sealed_to(const std::string& directory);

  // Every cell/window/band with traffic, sorted by window_start, then window length, then band (in
  // configuration order, "all" first), then hex. Levels use options().min_aircraft.
  std::vector<CellRow> rows() const;
  // The same rows, in the same order, one at a time: the sealed counts are read back from their files and
  // merged with the open windows' (a k-way merge of sequences each already in row order), so no list of rows
  // is built. Throws std::runtime_error when a temporary file could not be written or read back.
  void for_each_row(const std::function<void(const CellRow&)>& emit) const;

  const GridOptions& options() const { return options_; }
  const GridCounters& counters() const { return counters_; }
  // Distinct (cell, window, band, emitter) entries held: the memory in use is about 24 bytes each / 0.7.
  std::size_t entries() const { return size_; }
  // Rows of sealed windows, held as counts (32 bytes each) or written to the temporary files.
  std::size_t sealed_rows() const;
  // Of those, the rows held in memory (none once spill_sealed_to was called, except those merged in from an
  // aggregator that did not spill).
  std::size_t sealed_rows_in_memory() const { return sealed_.size(); }

 private:
  struct Entry {
    geo::h3::Cell cell;  // 0 marks an empty slot (never a valid H3 cell)
    std::int64_t window_start_s;
    std::uint32_t id;
    std::uint8_t window;  // index into options_.windows_s
    std::uint8_t band;    // 0 = "all", i = options_.bands[i - 1]
    Platform platform;
    std::uint8_t bad;
  };

  // The counts of one sealed cell/window/band.
  struct Sealed {
    geo::h3::Cell cell;
    std::int64_t window_start_s;
    std::uint32_t good, bad;
    std::uint8_t window, band;
  };

  class Spill;  // one temporary file of sealed counts, in row order (grid.cpp)

  void insert(const Entry& e);
  void grow();
  bool is_sealed(std::size_t window, std::int64_t window_start_s) const;
  // Groups entries (sorted by group) into per-cell/window/band counts.
  template <class Emit>
  void count_groups(std::vector<Entry>& entries, Emit&& emit) const;

  GridOptions options_;
  GridCounters counters_;
  std::vector<Entry> table_;  // open addressing, linear probing, power-of-two size
  std::size_t size_ = 0;
  std::vector<Sealed> sealed_;
  // With spill_sealed_to: this aggregator's files, one per window length (index = window), and every file whose
  // rows are part of this aggregator's (its own and those merged in; shared, never copied).
  std::vector<std::shared_ptr<Spill>> own_spills_;
  std::vector<std::shared_ptr<Spill>> spills_;
  double first_sample_s_ = std::numeric_limits<double>::infinity();
  // Per window length: every sealable window ending at or before this time is sealed.
  std::vector<std::int64_t> sealed_until_s_;
};

}  // namespace gw::detect
