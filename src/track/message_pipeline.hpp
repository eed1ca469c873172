// Frames in, accepted and enriched messages out: decode_frame (stateless) then AircraftTable (history), with
// every outcome counted. This is the one place that turns RawFrames into ModeSMessages; `decode`, `stats` and
// later `map` all run it.
//
// Mutates itself only; not thread-safe (one pipeline per thread).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "modes/decode.hpp"
#include "modes/frame.hpp"
#include "modes/message.hpp"
#include "track/aircraft_table.hpp"

namespace gw::track {

struct PipelineOptions {
  modes::DecodeOptions decode;
  AircraftTableOptions table;
  // Keep distinct_aircraft(). Off where the caller counts addresses itself (map counts them without its parts'
  // warm-up): one bitset update per message less.
  bool count_distinct = true;
  // Comm-B (DF20/21 MB field): only the BDS 5,0 fields (track, ground speed, roll, track rate, TAS), when 5,0 is
  // the one register that fits, and no register inference for fields that are no BDS 5,0: all that map's
  // trackers read. Default: every Comm-B field (commb_registers, callsign, BDS 4,0, 5,0, 6,0).
  bool commb_track_turn_only = false;
  // Copy the frame's Beast signal byte and 12 MHz counter into the message (ModeSMessage::signal,
  // counter_12mhz). Off where no consumer reads them (map).
  bool copy_signal_and_counter = true;
  // Count frames by downlink format and accepted messages by DF and type code (PipelineCounters::by_df,
  // accepted_by_df, by_type_code: `gnsswatch stats`). Off where nothing reads them (map).
  bool count_by_format = true;
};

struct PipelineCounters {
  std::uint64_t frames = 0;             // Mode S frames offered (Mode A/C counted apart)
  std::uint64_t mode_ac = 0;            // Mode A/C replies: no address, not decoded further
  std::uint64_t crc_failures = 0;       // DF11/17/18 whose parity does not check (after correction, if on)
  std::uint64_t crc_corrected = 0;      // ... of which repaired by single-bit correction
  std::uint64_t unknown_df = 0;         // downlink formats gnsswatch does not decode (DF19, 22, 24 ...)
  std::uint64_t bad_length = 0;         // a DF that needs 112 bits in a 56-bit frame or the reverse
  std::uint64_t accepted = 0;           // messages handed on
  // Only with PipelineOptions::count_by_format:
  std::array<std::uint64_t, 32> by_df{};           // frames by downlink format (all frames, before CRC)
  std::array<std::uint64_t, 32> accepted_by_df{};  // accepted messages by DF
  std::array<std::uint64_t, 32> by_type_code{};    // accepted DF17/18 messages by type code
  std::uint64_t es_valid = 0;           // DF17/18 with valid CRC
};

class MessagePipeline {
 public:
  explicit MessagePipeline(PipelineOptions options = {});

  // Decodes and tracks one frame. Returns true and fills `out` when the message is accepted.
  bool process(const modes::RawFrame& frame, modes::ModeSMessage& out);

  // What process() does for a fieldless squitter (modes::fieldless_squitter_address gave `address`), without
  // decoding a message: the same counters, clock and aircraft-table update (AircraftTable::note_heard). Returns
  // the aircraft's ADS-B version as the table knows it (what process() puts in msg.derived.version).
  // `frame_time_s` is modes::frame_time_s(frame), finite (the caller has tested it; a frame without a time takes
  // process()).
  std::optional<std::uint8_t> process_fieldless(const modes::RawFrame& frame, std::uint32_t address,
                                                double frame_time_s);

  // For records that arrive already decoded (readsb JSON, OpenSky): counted, addresses noted.
  void note_record(const modes::ModeSMessage& record);

  PipelineCounters counters() const {
    PipelineCounters c = counters_;
    c.frames += fieldless_;
    c.es_valid += fieldless_;
    c.accepted += fieldless_;
    return c;
  }
  const AircraftTableCounters& table_counters() const { return table_.counters(); }
  // Per-aircraft state (AircraftTable::find) for callers that want kinematics / integrity after `process`.
  const AircraftTable& table() const { return table_; }
  std::size_t distinct_aircraft() const { return distinct_.size(); }  // 0 unless options.count_distinct

 private:
  double clock_for(const modes::RawFrame& frame);
  void forget_if_due(double clock_s);

  PipelineOptions options_;
  AircraftTable table_;
  PipelineCounters counters_;
  // Fieldless squitters (process_fieldless): each is a frame, an ES frame with valid parity and an accepted
  // message; counted once here and added in counters() (one increment per squitter instead of three).
  std::uint64_t fieldless_ = 0;
  AddressSet distinct_;
  double last_clock_s_ = 0;
  double next_forget_s_ = 0;
};

}  // namespace gw::track
