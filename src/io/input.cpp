#include "io/input.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <iostream>
#include <type_traits>
#include <vector>

#include "io/byte_source.hpp"
#include "io/input_error.hpp"
#include "io/opensky.hpp"
#include "io/readsb_json.hpp"

namespace gw::io {
namespace {

constexpr std::size_t kReadChunkBytes = 64 * 1024;

// Per-skip lines for --verbose, at most max_verbose_lines per input.
class SkipLog {
 public:
  SkipLog(const std::string& name, const ReadOptions& opts)
      : name_(name), os_(opts.log != nullptr ? *opts.log : std::cerr), max_(opts.max_verbose_lines) {}
  ~SkipLog() {
    if (suppressed_ > 0) os_ << fmt::format("{}: {} more skips not shown\n", name_, suppressed_);
  }
  SkipLog(const SkipLog&) = delete;
  SkipLog& operator=(const SkipLog&) = delete;

  void write(const std::string& line) {
    if (shown_ >= max_) {
      ++suppressed_;
      return;
    }
    ++shown_;
    os_ << name_ << ": " << line << '\n';
  }

  void beast(const BeastSkip& s) {
    switch (s.kind) {
      case BeastSkip::Kind::Garbage:
        write(fmt::format("byte {}: skipped {} bytes outside frames", s.position, s.length));
        break;
      case BeastSkip::Kind::TruncatedFrame:
        write(fmt::format("byte {}: truncated Beast frame (type 0x{:02x}, {} bytes)", s.position, s.type, s.length));
        break;
      case BeastSkip::Kind::UnknownType:
        write(fmt::format("byte {}: unknown Beast frame type 0x{:02x}", s.position, s.type));
        break;
    }
  }
  void line(const BadLine& b) { write(fmt::format("line {}: skipped: {}", b.line, b.reason)); }

 private:
  const std::string& name_;
  std::ostream& os_;
  std::uint64_t max_;
  std::uint64_t shown_ = 0;
  std::uint64_t suppressed_ = 0;
};

class Progress {
 public:
  Progress(const ByteSource& src, const ReadOptions& opts) : src_(src), opts_(opts) {}
  void tick(std::uint64_t frames, bool final = false) {
    if (!opts_.progress) return;
    if (!final && src_.offset() < next_) return;
    next_ = src_.offset() + std::max<std::uint64_t>(opts_.progress_interval_bytes, 1);
    opts_.progress(ReadProgress{src_.name(), src_.offset(), src_.compressed_offset(), src_.file_size(), frames});
  }

 private:
  const ByteSource& src_;
  const ReadOptions& opts_;
  std::uint64_t next_ = 0;
};

bool stopped(const ReadOptions& opts) { return opts.stop != nullptr && opts.stop->load(std::memory_order_relaxed); }

// Reads `src` through a frame parser (Beast, AVR, CSV-hex) and passes full batches to the sink.
// Frames passed to the sink are added to `delivered` as they go, so the count is right even when a later part
// of the input throws.
template <class Parser>
void pump_frames(ByteSource& src, Parser& parser, FrameBatchSink& sink, const ReadOptions& opts,
                 std::uint64_t& delivered) {
  std::vector<std::uint8_t> buf(kReadChunkBytes);
  std::vector<modes::RawFrame> batch(std::max<std::size_t>(opts.batch_frames, 1));
  const std::span<modes::RawFrame> all(batch);
  std::size_t filled = 0;
  const std::uint64_t delivered_before = delivered;
  Progress progress(src, opts);

  auto flush = [&] {
    if (filled == 0) return;
    // The Beast parser anchors its frames itself (BeastParser::set_time_anchor).
    if (opts.start_time_s && !std::is_same_v<Parser, BeastParser>) {
      const double start = *opts.start_time_s;
      for (std::size_t i = 0; i < filled; ++i) {
        auto& f = batch[i];
        // The counter has 48 bits: exact as a signed 64-bit integer, whose conversion to double is one
        // instruction on x86-64 (an unsigned one takes several).
        if (f.has_counter) {
          f.time_s = start + static_cast<double>(static_cast<std::int64_t>(f.counter)) / modes::kCounterHz;
        }
      }
    }
    sink.on_frames(all.first(filled));
    delivered += filled;
    filled = 0;
  };

  const std::uint64_t end = opts.max_bytes > 0 ? src.offset() + opts.max_bytes : 0;
  while (!stopped(opts)) {
    const std::size_t want =
        end > 0 ? static_cast<std::size_t>(std::min<std::uint64_t>(buf.size(), end - std::min(end, src.offset())))
                : buf.size();
    if (want == 0) break;
    const std::size_t n = src.read(buf.data(), want);
    if (n == 0) break;
    std::span<const std::uint8_t> rest(buf.data(), n);
    while (!rest.empty()) {
      const auto r = parser.feed(rest, all.subspan(filled));
      filled += r.frames;
      rest = rest.subspan(r.consumed);
      if (filled == batch.size()) flush();
    }
    progress.tick(delivered - delivered_before + filled);
  }
  if constexpr (std::is_same_v<Parser, BeastParser>) {
    parser.finish();
  } else {
    if (filled == batch.size()) flush();
    filled += parser.finish(all.subspan(filled));
  }
  flush();
  progress.tick(delivered - delivered_before, true);
}

template <class Reader>
void pump_records(ByteSource& src, Reader&& reader, FrameBatchSink& sink, InputStats& stats,
                  const ReadOptions& opts) {
  const std::uint64_t before = stats.records;
  const RecordBatchFn fn = [&](std::span<const modes::ModeSMessage> records) {
    sink.on_records(records);
    stats.records += records.size();
  };
  reader(src, fn, stats.record_reads);
  Progress progress(src, opts);
  progress.tick(stats.records - before, true);
}

// Runs a frame parser over the input; its counters are added to `counters` even when the input throws.
template <class Parser, class Counters>
void read_frames(ByteSource& src, Parser& parser, FrameBatchSink& sink, const ReadOptions& opts, InputStats& stats,
                 Counters& counters) {
  try {
    pump_frames(src, parser, sink, opts, stats.frames);
  } catch (...) {
    counters += parser.stats();
    throw;
  }
  counters += parser.stats();
}

}  // namespace

std::uint64_t InputStats::skips() const noexcept {
  return beast.truncated_frames + beast.unknown_type + beast.resyncs + avr.bad_lines + csv.bad_lines +
         record_reads.skipped;
}

InputStats& InputStats::operator+=(const InputStats& o) noexcept {
  inputs += o.inputs;
  bytes += o.bytes;
  compressed_bytes += o.compressed_bytes;
  frames += o.frames;
  records += o.records;
  beast += o.beast;
  avr += o.avr;
  csv += o.csv;
  record_reads.records += o.record_reads.records;
  record_reads.skipped += o.record_reads.skipped;
  record_reads.bad_address += o.record_reads.bad_address;
  record_reads.bad_time += o.record_reads.bad_time;
  record_reads.bad_rows += o.record_reads.bad_rows;
  record_reads.bad_fields += o.record_reads.bad_fields;
  return *this;
}

namespace {
// The first line start at or after `offset` of an uncompressed file (the byte before it is a line end), looked for
// in the 64 KiB from there; the file size when there is none (no AVR line is that long). Leaves `src` anywhere.
std::uint64_t avr_line_start(ByteSource& src, std::uint64_t offset) {
  if (offset == 0) return 0;
  if (!src.seek(offset - 1)) {
    throw InputError(src.name(), "cannot start reading at a byte offset", InputLocation::byte(offset),
                     "only uncompressed regular files can");
  }
  const auto head = src.peek(ByteSource::kMaxPeek);
  const auto* end = static_cast<const std::uint8_t*>(std::memchr(head.data(), '\n', head.size()));
  return end ? offset + static_cast<std::uint64_t>(end - head.data()) : src.file_size();
}
}  // namespace

void read_input(const std::string& path, Format format, FrameBatchSink& sink, InputStats& stats,
                const ReadOptions& opts) {
  ByteSource src(path);
  if (format == Format::Auto) format = detect_format(src.peek(kDetectHeadBytes), src.name());
  ++stats.inputs;
  sink.on_input_begin(src.name(), format);

  SkipLog log(src.name(), opts);
  struct AddBytes {  // also when the input throws
    const ByteSource& src;
    InputStats& stats;
    ~AddBytes() {
      stats.bytes += src.offset();
      stats.compressed_bytes += src.compressed_offset();
    }
  } add_bytes{src, stats};
  if (opts.start_offset > 0 && format != Format::Beast && format != Format::Avr) {
    throw InputError(src.name(), "cannot start reading at a byte offset", InputLocation::byte(opts.start_offset),
                     "only Beast and AVR inputs can");
  }
  switch (format) {
    case Format::Beast: {
      std::uint64_t start = 0;
      if (opts.start_offset > 0) {
        if (!src.seek(opts.start_offset)) {
          throw InputError(src.name(), "cannot start reading at a byte offset", InputLocation::byte(opts.start_offset),
                           "only uncompressed regular files can");
        }
        const auto sync = find_beast_sync(src.peek(ByteSource::kMaxPeek));
        start = sync ? opts.start_offset + *sync : src.file_size();
        src.seek(start);
      }
      BeastParser parser(start);
      if (opts.start_time_s) parser.set_time_anchor(*opts.start_time_s);
      if (opts.verbose) parser.set_skip_callback([&log](const BeastSkip& s) { log.beast(s); });
      read_frames(src, parser, sink, opts, stats, stats.beast);
      break;
    }
    case Format::Avr: {
      if (opts.start_offset > 0) src.seek(avr_line_start(src, opts.start_offset));
      AvrParser parser;
      if (opts.verbose) parser.set_bad_line_callback([&log](const BadLine& b) { log.line(b); });
      read_frames(src, parser, sink, opts, stats, stats.avr);
      break;
    }
    case Format::CsvHex: {
      CsvHexParser parser;
      if (opts.verbose) parser.set_bad_line_callback([&log](const BadLine& b) { log.line(b); });
      read_frames(src, parser, sink, opts, stats, stats.csv);
      break;
    }
    case Format::ReadsbAircraftJson:
      pump_records(src, read_readsb_aircraft_json, sink, stats, opts);
      break;
    case Format::ReadsbTrace:
      pump_records(src, read_readsb_trace, sink, stats, opts);
      break;
    case Format::OpenSkyCsv:
      pump_records(src, read_opensky_csv, sink, stats, opts);
      break;
    case Format::Auto:
      throw InputError(src.name(), "no input format");  // detect_format never returns Auto
  }
  sink.on_input_end(src.name());
}

std::vector<modes::RawFrame> read_all_frames(const std::string& path, Format format, const ReadOptions& opts) {
  struct Collect final : FrameBatchSink {
    std::vector<modes::RawFrame> frames;
    void on_frames(std::span<const modes::RawFrame> batch) override { frames.insert(frames.end(), batch.begin(), batch.end()); }
  } collect;
  InputStats stats;
  read_input(path, format, collect, stats, opts);
  return std::move(collect.frames);
}

std::optional<Format> offset_format(const std::string& path, Format format) {
  if (path == "-") return std::nullopt;
  try {
    ByteSource src(path);
    if (src.file_size() == 0 || src.compression() != Compression::None) return std::nullopt;
    if (format == Format::Auto) format = detect_format(src.peek(kDetectHeadBytes), src.name());
    if (format == Format::Beast || format == Format::Avr) return format;
    return std::nullopt;
  } catch (const InputError&) {
    return std::nullopt;
  }
}

bool can_start_at_offset(const std::string& path, Format format) { return offset_format(path, format).has_value(); }

std::uint64_t avr_line_start(const std::string& path, std::uint64_t offset) {
  ByteSource src(path);
  return avr_line_start(src, offset);
}

}  // namespace gw::io
