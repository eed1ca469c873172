#include "detect/grid.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <tuple>

#include <fmt/format.h>

namespace gw::detect {
namespace {

constexpr std::size_t kInitialCapacity = 1024;  // slots; power of two
constexpr std::size_t kMaxLoadNum = 7;          // grow beyond 7/10 full
constexpr std::size_t kMaxLoadDen = 10;
constexpr double kMaxAbsTimeS = 1e15;           // well inside int64 after flooring
constexpr std::size_t kMaxIndexed = 255;        // windows and bands are indexed by one byte
constexpr double kWilsonZ = 1.959963984540054;  // standard normal quantile 0.975 (two-sided 95%)
constexpr std::uint32_t kGreenBelowPercent = 2;
constexpr std::uint32_t kRedFromPercent = 10;

std::uint64_t mix64(std::uint64_t x) {  // SplitMix64 finalizer (Steele, Lea, Flood, OOPSLA 2014)
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

template <class F>
void split_commas(std::string_view text, F&& f) {
  while (true) {
    const auto comma = text.find(',');
    f(trim(text.substr(0, comma)));
    if (comma == std::string_view::npos) return;
    text.remove_prefix(comma + 1);
  }
}

// A non-negative decimal integer filling all of `s`.
bool parse_uint(std::string_view s, std::int64_t& out) {
  if (s.empty() || s.front() == '+' || s.front() == '-') return false;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && ptr == s.data() + s.size() && out >= 0;
}

std::string band_name(std::int32_t min_ft, std::int32_t max_ft) {
  constexpr auto lo = std::numeric_limits<std::int32_t>::min();
  constexpr auto hi = std::numeric_limits<std::int32_t>::max();
  if (min_ft == lo) return fmt::format("<{}", max_ft);
  if (max_ft == hi) return fmt::format(">={}", min_ft);
  return fmt::format("{}-{}", min_ft, max_ft);
}

}  // namespace

std::vector<AltitudeBand> default_altitude_bands() {
  constexpr auto lo = std::numeric_limits<std::int32_t>::min();
  constexpr auto hi = std::numeric_limits<std::int32_t>::max();
  return {{band_name(lo, 10000), lo, 10000},
          {band_name(10000, 30000), 10000, 30000},
          {band_name(30000, hi), 30000, hi}};
}

bool parse_windows(std::string_view text, std::vector<std::int64_t>& out, std::string& error) {
  std::vector<std::int64_t> result;
  error.clear();
  split_commas(text, [&](std::string_view item) {
    if (!error.empty()) return;
    if (item.empty()) {
      error = "empty window length in '" + std::string(text) + "' (expected e.g. 1h,24h)";
      return;
    }
    std::int64_t unit = 0;
    switch (item.back()) {
      case 's': unit = 1; break;
      case 'm': unit = 60; break;
      case 'h': unit = 3600; break;
      case 'd': unit = 86400; break;
      default:
        error = "window '" + std::string(item) + "': missing or unknown unit (use s, m, h or d, e.g. 1h)";
        return;
    }
    std::int64_t n = 0;
    if (!parse_uint(item.substr(0, item.size() - 1), n)) {
      error = "window '" + std::string(item) + "': expected a positive integer before the unit";
      return;
    }
    if (n == 0) {
      error = "window '" + std::string(item) + "': length must be positive";
      return;
    }
    if (n > std::numeric_limits<std::int64_t>::max() / unit / 2) {
      error = "window '" + std::string(item) + "': too long";
      return;
    }
    const std::int64_t len = n * unit;
    if (std::find(result.begin(), result.end(), len) != result.end()) {
      error = "window '" + std::string(item) + "': same length given twice";
      return;
    }
    result.push_back(len);
  });
  if (!error.empty()) return false;
  if (result.size() > kMaxIndexed) {
    error = "too many windows (at most 255)";
    return false;
  }
  out = std::move(result);
  return true;
}

bool parse_bands(std::string_view text, std::vector<AltitudeBand>& out, std::string& error) {
  constexpr auto lo_unbounded = std::numeric_limits<std::int32_t>::min();
  constexpr auto hi_unbounded = std::numeric_limits<std::int32_t>::max();
  std::vector<AltitudeBand> result;
  error.clear();
  if (trim(text).empty()) {
    out.clear();
    return true;
  }
  split_commas(text, [&](std::string_view item) {
    if (!error.empty()) return;
    if (item == kAllBand) return;
    std::string spelled;  // "<HI" and ">=LO" (the names outputs use) are spelled "-HI" and "LO-"
    if (item.starts_with('<')) {
      spelled = fmt::format("-{}", item.substr(1));
    } else if (item.starts_with(">=")) {
      spelled = fmt::format("{}-", item.substr(2));
    }
    const std::string_view original = item;
    if (!spelled.empty()) item = spelled;
    const auto dash = item.find('-');
    if (item.empty() || dash == std::string_view::npos || item.find('-', dash + 1) != std::string_view::npos) {
      error = "altitude band '" + std::string(original) +
              "': expected LO-HI, LO- or -HI in feet (e.g. 10000-30000)";
      return;
    }
    const auto lo_text = item.substr(0, dash);
    const auto hi_text = item.substr(dash + 1);
    if (lo_text.empty() && hi_text.empty()) {
      error = "altitude band '-': give at least one bound (or use 'all')";
      return;
    }
    std::int64_t lo = lo_unbounded, hi = hi_unbounded;
    if (!lo_text.empty() && (!parse_uint(lo_text, lo) || lo >= hi_unbounded)) {
      error = "altitude band '" + std::string(original) + "': lower bound is not a non-negative integer in range";
      return;
    }
    if (!hi_text.empty() && (!parse_uint(hi_text, hi) || hi >= hi_unbounded)) {
      error = "altitude band '" + std::string(original) + "': upper bound is not a non-negative integer in range";
      return;
    }
    if (lo >= hi) {
      error = "altitude band '" + std::string(original) + "': lower bound must be below upper bound";
      return;
    }
    AltitudeBand band{band_name(static_cast<std::int32_t>(lo), static_cast<std::int32_t>(hi)),
                      static_cast<std::int32_t>(lo), static_cast<std::int32_t>(hi)};
    for (const auto& b : result) {
      if (b.min_ft == band.min_ft && b.max_ft == band.max_ft) {
        error = "altitude band '" + std::string(original) + "' given twice";
        return;
      }
    }
    result.push_back(std::move(band));
  });
  if (!error.empty()) return false;
  if (result.size() + 1 > kMaxIndexed) {
    error = "too many altitude bands (at most 254)";
    return false;
  }
  out = std::move(result);
  return true;
}

double gpsjam_bad_fraction(std::uint32_t good, std::uint32_t bad) {
  const double n = static_cast<double>(good) + static_cast<double>(bad);
  if (bad <= 1) return 0.0;
  return (static_cast<double>(bad) - 1.0) / n;
}

Interval wilson_interval(std::uint32_t bad, std::uint32_t n) {
  if (n == 0) return {0.0, 1.0};
  const double nn = n;
  const double p = bad / nn;
  const double z2 = kWilsonZ * kWilsonZ;
  const double denom = 1.0 + z2 / nn;
  const double centre = (p + z2 / (2 * nn)) / denom;
  const double half = kWilsonZ / denom * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
  Interval ci{std::max(0.0, centre - half), std::min(1.0, centre + half)};
  if (bad == 0) ci.low = 0.0;  // exact at the edges; the formula leaves rounding residue
  if (bad == n) ci.high = 1.0;
  return ci;
}

std::string_view to_string(Level level) {
  switch (level) {
    case Level::Green: return "green";
    case Level::Yellow: return "yellow";
    case Level::Red: return "red";
    case Level::Insufficient: return "insufficient";
  }
  return "insufficient";
}

Level classify(std::uint32_t good, std::uint32_t bad, std::uint32_t min_aircraft) {
  const std::uint64_t n = std::uint64_t{good} + bad;
  if (n < min_aircraft || n == 0) return Level::Insufficient;
  const std::uint64_t excess = bad > 0 ? bad - 1 : 0;  // gpsjam's bad - 1, clamped at 0
  // bad_frac < 2%  <=>  100 * excess < 2 * n, in integers.
  if (100 * excess < kGreenBelowPercent * n) return Level::Green;
  if (100 * excess < kRedFromPercent * n) return Level::Yellow;
  return Level::Red;
}

GridAggregator::GridAggregator(GridOptions options) : options_(std::move(options)) {
  if (options_.resolution < 0 || options_.resolution > geo::h3::max_resolution)
    throw std::invalid_argument("grid: H3 resolution must be 0-15");
  if (options_.windows_s.empty()) throw std::invalid_argument("grid: no time windows");
  if (options_.windows_s.size() > kMaxIndexed) throw std::invalid_argument("grid: more than 255 windows");
  for (auto w : options_.windows_s)
    if (w <= 0) throw std::invalid_argument("grid: window length must be positive");
  if (options_.bands.size() + 1 > kMaxIndexed) throw std::invalid_argument("grid: more than 254 bands");
  for (const auto& b : options_.bands)
    if (b.min_ft >= b.max_ft) throw std::invalid_argument("grid: band '" + b.name + "' is empty");
  table_.assign(kInitialCapacity, Entry{});
  sealed_until_s_.assign(options_.windows_s.size(), -std::int64_t{1} << 62);  // nothing sealed; no overflow below
}

// Sealed counts as fixed 26-byte records (cell, window start, good, bad, window, band; native byte order: the
// file lives as long as the process) in an unnamed file: O_TMPFILE where the file system supports it, else a
// named one unlinked at once. Appends go through a buffer; reads (pread) flush it first.
class GridAggregator::Spill {
 public:
  static constexpr std::size_t kRecordBytes = 8 + 8 + 4 + 4 + 1 + 1;

  explicit Spill(const std::string& directory) {
#ifdef O_TMPFILE
    fd_ = ::open(directory.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
#endif
    if (fd_ < 0) {
      std::string name = directory + "/.gnsswatch-sealed-XXXXXX";
      fd_ = ::mkstemp(name.data());
      if (fd_ >= 0) ::unlink(name.c_str());
    }
    if (fd_ < 0)
      throw std::runtime_error(fmt::format("{}: cannot create a temporary file for the sealed grid rows: {}",
                                           directory, std::strerror(errno)));
    buffer_.reserve(kBufferBytes);
  }
  ~Spill() { ::close(fd_); }
  Spill(const Spill&) = delete;
  Spill& operator=(const Spill&) = delete;

  void append(const Sealed& s) {
    unsigned char r[kRecordBytes];
    std::memcpy(r, &s.cell, 8);
    std::memcpy(r + 8, &s.window_start_s, 8);
    std::memcpy(r + 16, &s.good, 4);
    std::memcpy(r + 20, &s.bad, 4);
    r[24] = s.window;
    r[25] = s.band;
    buffer_.insert(buffer_.end(), r, r + kRecordBytes);
    ++records_;
    if (buffer_.size() >= kBufferBytes) flush();
  }
  std::size_t records() const { return records_; }

  // Reads up to out.size() records from record `first` on into `out`; returns how many. Throws on an error,
  // this one's or an earlier write's.
  std::size_t read(std::size_t first, std::vector<Sealed>& out, std::vector<unsigned char>& bytes) {
    flush();
    if (!error_.empty()) throw std::runtime_error(error_);
    const std::size_t n = std::min(out.size(), records_ - std::min(first, records_));
    bytes.resize(n * kRecordBytes);
    std::size_t got = 0;
    while (got < bytes.size()) {
      const ssize_t r = ::pread(fd_, bytes.data() + got, bytes.size() - got,
                                static_cast<off_t>(first * kRecordBytes + got));
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) throw std::runtime_error(fmt::format("reading back the sealed grid rows: {}",
                                                       r < 0 ? std::strerror(errno) : "file shorter than written"));
      got += static_cast<std::size_t>(r);
    }
    for (std::size_t i = 0; i < n; ++i) {
      const unsigned char* r = bytes.data() + i * kRecordBytes;
      Sealed& s = out[i];
      std::memcpy(&s.cell, r, 8);
      std::memcpy(&s.window_start_s, r + 8, 8);
      std::memcpy(&s.good, r + 16, 4);
      std::memcpy(&s.bad, r + 20, 4);
      s.window = r[24];
      s.band = r[25];
    }
    return n;
  }

 private:
  static constexpr std::size_t kBufferBytes = 64 * 1024;

  // A failed write is kept and reported when the rows are read: seal() runs in the reading loop.
  void flush() {
    std::size_t done = 0;
    while (error_.empty() && done < buffer_.size()) {
      const ssize_t w = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0)
        error_ = fmt::format("writing the sealed grid rows to a temporary file: {}",
                             w < 0 ? std::strerror(errno) : "nothing written");
      else
        done += static_cast<std::size_t>(w);
    }
    buffer_.clear();
  }

  int fd_ = -1;
  std::vector<unsigned char> buffer_;
  std::size_t records_ = 0;
  std::string error_;
};

void GridAggregator::spill_sealed_to(const std::string& directory) {
  own_spills_.clear();
  for (std::size_t w = 0; w < options_.windows_s.size(); ++w) {
    own_spills_.push_back(std::make_shared<Spill>(directory));
    spills_.push_back(own_spills_.back());
  }
}

std::size_t GridAggregator::sealed_rows() const {
  std::size_t n = sealed_.size();
  for (const auto& f : spills_) n += f->records();
  return n;
}

bool GridAggregator::is_sealed(std::size_t window, std::int64_t window_start_s) const {
  return static_cast<double>(window_start_s) >= first_sample_s_ &&
         window_start_s <= sealed_until_s_[window] - options_.windows_s[window];
}

namespace {
bool has_position(const HealthSample& s) {
  return std::isfinite(s.lat_deg) && std::isfinite(s.lon_deg) && std::abs(s.lat_deg) <= 90.0;
}
}  // namespace

void GridAggregator::add(const HealthSample& s) {
  add(s, has_position(s) ? geo::h3::lat_lng_to_cell({s.lat_deg, s.lon_deg}, options_.resolution) : 0);
}

void GridAggregator::add(const HealthSample& s, geo::h3::Cell cell) {
  if (!std::isfinite(s.time_s) || std::abs(s.time_s) > kMaxAbsTimeS) {
    ++counters_.skipped_no_time;
    return;
  }
  if (!has_position(s) || cell == 0) {
    ++counters_.skipped_no_position;
    return;
  }
  const auto t = static_cast<std::int64_t>(std::floor(s.time_s));
  ++counters_.samples;
  // Set once: windows that began before it are never sealed, so a sample earlier still finds its set.
  if (first_sample_s_ == std::numeric_limits<double>::infinity()) first_sample_s_ = s.time_s;
  bool late = false;
  Entry e{cell, 0, s.id, 0, 0, s.platform, static_cast<std::uint8_t>(s.bad ? 1 : 0)};
  for (std::size_t w = 0; w < options_.windows_s.size(); ++w) {
    const std::int64_t len = options_.windows_s[w];
    e.window = static_cast<std::uint8_t>(w);
    e.window_start_s = floor_div(t, len) * len;
    if (is_sealed(w, e.window_start_s)) {  // a shorter window may be sealed while a longer one is still open
      late = true;
      continue;
    }
    e.band = 0;
    insert(e);
    if (!s.altitude_ft) continue;
    const std::int32_t alt = *s.altitude_ft;
    for (std::size_t b = 0; b < options_.bands.size(); ++b) {
      if (alt >= options_.bands[b].min_ft && alt < options_.bands[b].max_ft) {
        e.band = static_cast<std::uint8_t>(b + 1);
        insert(e);
      }
    }
  }
  if (late) ++counters_.skipped_late;
}

namespace {
inline std::uint64_t entry_hash(geo::h3::Cell cell, std::int64_t start, std::uint32_t id, std::uint8_t window,
                                std::uint8_t band, Platform platform) {
  const std::uint64_t packed = std::uint64_t{id} | (std::uint64_t{window} << 32) | (std::uint64_t{band} << 40) |
                               (std::uint64_t{static_cast<std::uint8_t>(platform)} << 48);
  return mix64(cell ^ mix64(static_cast<std::uint64_t>(start) ^ mix64(packed)));
}
}  // namespace

void GridAggregator::insert(const Entry& e) {
  const std::size_t mask = table_.size() - 1;
  std::size_t i = entry_hash(e.cell, e.window_start_s, e.id, e.window, e.band, e.platform) & mask;
  while (true) {
    Entry& slot = table_[i];
    if (slot.cell == 0) break;
    if (slot.cell == e.cell && slot.window_start_s == e.window_start_s && slot.id == e.id &&
        slot.window == e.window && slot.band == e.band && slot.platform == e.platform) {
      slot.bad |= e.bad;
      return;
    }
    i = (i + 1) & mask;
  }
  if ((size_ + 1) * kMaxLoadDen > table_.size() * kMaxLoadNum) {
    grow();
    insert(e);
    return;
  }
  table_[i] = e;
  ++size_;
}

void GridAggregator::grow() {
  std::vector<Entry> old(table_.size() * 2, Entry{});
  old.swap(table_);
  size_ = 0;
  for (const Entry& e : old)
    if (e.cell != 0) insert(e);
}

void GridAggregator::merge(const GridAggregator& other) {
  if (other.options_.resolution != options_.resolution || other.options_.windows_s != options_.windows_s)
    throw std::invalid_argument("grid merge: resolution or windows differ");
  if (other.options_.bands.size() != options_.bands.size())
    throw std::invalid_argument("grid merge: altitude bands differ");
  for (std::size_t b = 0; b < options_.bands.size(); ++b) {
    const auto& x = options_.bands[b];
    const auto& y = other.options_.bands[b];
    if (x.min_ft != y.min_ft || x.max_ft != y.max_ft || x.name != y.name)
      throw std::invalid_argument("grid merge: altitude bands differ");
  }
  if (this == &other) return;  // a set united with itself
  for (const Entry& e : other.table_) {
    if (e.cell == 0) continue;
    if (is_sealed(e.window, e.window_start_s)) ++counters_.inexact_merges;  // parts overlap in time
    insert(e);
  }
  sealed_.insert(sealed_.end(), other.sealed_.begin(), other.sealed_.end());
  for (const auto& f : other.spills_)  // the other's files are shared, each once
    if (std::find(spills_.begin(), spills_.end(), f) == spills_.end()) spills_.push_back(f);
  counters_.samples += other.counters_.samples;
  counters_.skipped_no_time += other.counters_.skipped_no_time;
  counters_.skipped_no_position += other.counters_.skipped_no_position;
  counters_.skipped_late += other.counters_.skipped_late;
  counters_.inexact_merges += other.counters_.inexact_merges;
}

template <class Emit>
void GridAggregator::count_groups(std::vector<Entry>& entries, Emit&& emit) const {
  const auto& windows = options_.windows_s;
  auto group_key = [&windows](const Entry& e) {
    return std::make_tuple(e.window_start_s, windows[e.window], e.band, e.cell);
  };
  std::sort(entries.begin(), entries.end(), [&](const Entry& a, const Entry& b) {
    return group_key(a) < group_key(b);  // order within a group does not matter
  });
  for (std::size_t i = 0; i < entries.size();) {
    const Entry& first = entries[i];
    Sealed counts{first.cell, first.window_start_s, 0, 0, first.window, first.band};
    const auto key = group_key(first);
    for (; i < entries.size() && group_key(entries[i]) == key; ++i) (entries[i].bad ? counts.bad : counts.good)++;
    emit(counts);
  }
}

void GridAggregator::seal(double time_s) {
  if (!std::isfinite(time_s) || std::abs(time_s) > kMaxAbsTimeS) return;
  const auto t = static_cast<std::int64_t>(std::floor(time_s));
  bool any = false;
  std::vector<std::int64_t> until(options_.windows_s.size());
  for (std::size_t w = 0; w < until.size(); ++w) {
    const std::int64_t len = options_.windows_s[w];
    until[w] = std::max(sealed_until_s_[w], floor_div(t, len) * len);  // windows ending at or before t
    any |= until[w] != sealed_until_s_[w];
  }
  if (!any) return;
  sealed_until_s_ = until;
  // Take the newly sealed windows' entries out of the table (rebuilt without them), then count them.
  std::vector<Entry> done;
  std::vector<Entry> keep;
  keep.reserve(size_);
  for (const Entry& e : table_) {
    if (e.cell == 0) continue;
    (is_sealed(e.window, e.window_start_s) ? done : keep).push_back(e);
  }
  if (done.empty()) return;
  std::fill(table_.begin(), table_.end(), Entry{});
  size_ = 0;
  for (const Entry& e : keep) insert(e);
  count_groups(done, [this](const Sealed& s) {
    // Per window length, windows seal in time order and each call's groups come sorted: the file stays in row
    // order.
    if (own_spills_.empty())
      sealed_.push_back(s);
    else
      own_spills_[s.window]->append(s);
  });
}

std::vector<CellRow> GridAggregator::rows() const {
  std::vector<CellRow> rows;
  for_each_row([&rows](const CellRow& r) { rows.push_back(r); });
  return rows;
}

void GridAggregator::for_each_row(const std::function<void(const CellRow&)>& emit) const {
  const auto& windows = options_.windows_s;
  auto group_key = [&windows](const Sealed& s) {
    return std::make_tuple(s.window_start_s, windows[s.window], s.band, s.cell);
  };
  // In memory: the open windows' counts and the sealed rows held as counts, sorted.
  std::vector<Entry> entries;
  entries.reserve(size_);
  for (const Entry& e : table_)
    if (e.cell != 0) entries.push_back(e);
  std::vector<Sealed> in_memory = sealed_;
  count_groups(entries, [&in_memory](const Sealed& s) { in_memory.push_back(s); });
  std::vector<Entry>().swap(entries);
  std::sort(in_memory.begin(), in_memory.end(),
            [&](const Sealed& a, const Sealed& b) { return group_key(a) < group_key(b); });

  // One cursor per sequence in row order: the in-memory counts, then each temporary file read in blocks.
  constexpr std::size_t kBlockRecords = 2048;
  struct Cursor {
    Spill* file = nullptr;  // null: the in-memory sequence
    std::vector<Sealed> block;
    std::vector<unsigned char> bytes;
    std::size_t at = 0, size = 0, next_record = 0;
  };
  std::vector<Cursor> cursors(spills_.size() + 1);
  cursors[0].block = std::move(in_memory);
  cursors[0].size = cursors[0].block.size();
  const auto refill = [](Cursor& c) {
    if (!c.file || c.at < c.size) return;
    c.block.resize(kBlockRecords);
    c.size = c.file->read(c.next_record, c.block, c.bytes);
    c.next_record += c.size;
    c.at = 0;
  };
  for (std::size_t i = 0; i < spills_.size(); ++i) {
    cursors[i + 1].file = spills_[i].get();
    refill(cursors[i + 1]);
  }
  // A min-heap of the cursors that have a record, by their current record's key.
  std::vector<std::size_t> heap;
  for (std::size_t i = 0; i < cursors.size(); ++i)
    if (cursors[i].at < cursors[i].size) heap.push_back(i);
  const auto later = [&](std::size_t a, std::size_t b) {
    return group_key(cursors[b].block[cursors[b].at]) < group_key(cursors[a].block[cursors[a].at]);
  };
  std::make_heap(heap.begin(), heap.end(), later);

  CellRow row;
  while (!heap.empty()) {
    const Sealed first = cursors[heap.front()].block[cursors[heap.front()].at];
    const auto key = group_key(first);
    row.cell = first.cell;
    row.window_start_s = first.window_start_s;
    row.window_end_s = first.window_start_s + windows[first.window];
    row.band = first.band == 0 ? std::string(kAllBand) : options_.bands[first.band - 1].name;
    row.good = row.bad = 0;
    // One group, except when parts that overlapped in time both held it (counters().inexact_merges).
    while (!heap.empty()) {
      Cursor& c = cursors[heap.front()];
      if (group_key(c.block[c.at]) != key) break;
      row.good += c.block[c.at].good;
      row.bad += c.block[c.at].bad;
      std::pop_heap(heap.begin(), heap.end(), later);
      ++c.at;
      refill(c);
      if (c.at < c.size)
        std::push_heap(heap.begin(), heap.end(), later);
      else
        heap.pop_back();
    }
    row.bad_frac = gpsjam_bad_fraction(row.good, row.bad);
    row.ci = wilson_interval(row.bad, row.good + row.bad);
    row.level = classify(row.good, row.bad, options_.min_aircraft);
    emit(row);
  }
}

}  // namespace gw::detect
