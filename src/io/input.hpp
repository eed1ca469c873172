// The one entry point the command line uses to read an input: open (decompressing), recognise the format,
// parse, and hand frames (Beast, AVR, CSV of hex) or decoded records (aircraft.json, trace, OpenSky) to a sink in
// batches. Memory is fixed per input for the frame formats (a 64 KiB read buffer and one batch of frames); the
// JSON readers hold one document (see readsb_json.hpp).
//
// Failures (STYLE.md §9): what the user must fix (missing file, corrupt compressed stream, unknown format)
// throws InputError naming the file and, where it applies, the byte offset. Damage real feeds carry (truncated
// Beast frames, garbage, bad text lines) is counted in InputStats and, with ReadOptions::verbose, reported one
// line per skip on ReadOptions::log.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "io/avr.hpp"
#include "io/beast.hpp"
#include "io/csv_hex.hpp"
#include "io/format.hpp"
#include "io/readsb_json.hpp"  // RecordReadStats
#include "modes/frame.hpp"
#include "modes/message.hpp"

namespace gw::io {

// Counters summed over every input given to read_input with the same InputStats.
struct InputStats {
  std::uint64_t inputs = 0;            // inputs opened
  std::uint64_t bytes = 0;             // decompressed bytes read
  std::uint64_t compressed_bytes = 0;  // bytes read from files (equal to bytes for uncompressed input)
  std::uint64_t frames = 0;            // frames passed to FrameBatchSink::on_frames
  std::uint64_t records = 0;           // records passed to FrameBatchSink::on_records
  BeastStats beast;                    // Beast inputs (files and TCP)
  AvrStats avr;                        // AVR inputs (files and TCP)
  CsvHexStats csv;                     // CSV-hex inputs
  RecordReadStats record_reads;        // aircraft.json, trace and OpenSky inputs

  // Every counted skip: Beast truncated frames + unknown types + resyncs-worth of garbage runs, bad text lines,
  // skipped records. For a one-line summary; the fields above give the detail.
  std::uint64_t skips() const noexcept;
  InputStats& operator+=(const InputStats& o) noexcept;
};

// Receives what read_input reads: one virtual call per batch (up to ReadOptions::batch_frames frames), never per
// frame. Spans are valid during the call only.
class FrameBatchSink {
 public:
  virtual ~FrameBatchSink() = default;
  virtual void on_frames(std::span<const modes::RawFrame> frames) = 0;
  virtual void on_records(std::span<const modes::ModeSMessage> records) { (void)records; }
  // Around each input, e.g. to reset per-file state or print a per-file summary.
  virtual void on_input_begin(const std::string& name, Format format) {
    (void)name;
    (void)format;
  }
  virtual void on_input_end(const std::string& name) { (void)name; }
};

struct ReadProgress {
  const std::string& name;
  std::uint64_t bytes = 0;             // decompressed bytes read so far from this input
  std::uint64_t compressed_bytes = 0;  // file bytes consumed so far: compare with file_size for a progress bar
  std::uint64_t file_size = 0;         // 0 when unknown (stdin, pipes)
  std::uint64_t frames = 0;            // frames (or records) passed to the sink so far from this input
};

struct ReadOptions {
  // Anchor of the 12 MHz counter for Beast and AVR inputs: counter zero is this Unix time, so
  // time_s = start_time_s + counter / 12e6. Without it, frames of those formats keep time_s NaN.
  std::optional<double> start_time_s;
  // One line per counted skip (garbage run, truncated frame, bad line) on `log`; nullptr means std::cerr.
  bool verbose = false;
  std::ostream* log = nullptr;
  std::uint64_t max_verbose_lines = 1000;  // per input; a final line says how many more were not shown
  std::size_t batch_frames = 4096;
  // Called about every progress_interval_bytes of decompressed input, and once at the end of each input.
  std::function<void(const ReadProgress&)> progress;
  std::uint64_t progress_interval_bytes = 1 << 20;
  // Read from byte `start_offset` on (Beast or AVR in an uncompressed regular file only: InputError otherwise).
  // Beast is picked up at the first frame start find_beast_sync finds in the 64 KiB there (no frames when it finds
  // none): the frames are then those a whole read gives from that frame on, positions included. AVR is picked up
  // at the first line start at or after it (avr_line_start): the frames a whole read gives from that line on, but
  // their positions (line numbers) count from that line, 1-based. 0: from the start.
  std::uint64_t start_offset = 0;
  // Stop after this many bytes (from start_offset; 0: read to the end). For probing a file here and there.
  std::uint64_t max_bytes = 0;
  // Checked between chunks: when set, read_input returns early (what was read so far is delivered).
  const std::atomic<bool>* stop = nullptr;
};

// Reads one input (a path, or "-" for stdin) of `format` (Format::Auto: recognised from its first KiB) and
// passes its frames or records to `sink`; adds to `stats`. Throws InputError (see above).
void read_input(const std::string& path, Format format, FrameBatchSink& sink, InputStats& stats,
                const ReadOptions& opts = {});

// Every frame of one input, in order, held in memory: for tools and tests that rewrite or split a recording
// (never for map or decode, which stream). Records (JSON inputs) are not frames and are left out.
std::vector<modes::RawFrame> read_all_frames(const std::string& path, Format format = Format::Auto,
                                             const ReadOptions& opts = {});

// Whether read_input can start `path` at a byte offset (ReadOptions::start_offset): an uncompressed regular file
// of Beast or AVR (`format`, or recognised when Auto). False for anything else, including files that cannot be
// opened. offset_format: the same, with the format (Beast or Avr) when it can.
bool can_start_at_offset(const std::string& path, Format format);
std::optional<Format> offset_format(const std::string& path, Format format);
// Where an AVR read from byte `offset` begins (ReadOptions::start_offset): the first line start at or after it,
// found in the 64 KiB from there; the file size when there is none. Throws InputError when `path` cannot be
// opened or sought (compressed).
std::uint64_t avr_line_start(const std::string& path, std::uint64_t offset);

}  // namespace gw::io
