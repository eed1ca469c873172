// The scenario simulator's engine: traffic (traffic.hpp) -> what each transponder broadcasts, at DO-260B rates,
// under the GNSS interference model (avionics.hpp) -> which receivers hear each frame (radio horizon, range,
// range-dependent loss, free-space signal level) -> Mode S frames in arrival-time order, one second at a time.
//
// Memory does not grow with the duration: each one-second slice's frames are generated, sorted, handed to the
// sink and dropped. Deterministic for a seed (every random draw comes from per-aircraft sim::Rng streams;
// aircraft are processed in a fixed order). Single-threaded.
//
// Rates (RTCA DO-260B §2.2.3.3.1.4 "ADS-B Message Broadcast Rates", each interval drawn uniformly in its range so
// that transponders do not synchronise, as the standard requires; section numbers as secondary sources quote them,
// see docs/SIMULATOR.md):
//   airborne position (TC 9-18, 0)   0.4-0.6 s          §2.2.3.3.1.4.1
//   surface position (TC 5-8)        0.4-0.6 s moving, 4.8-5.2 s stationary   §2.2.3.3.1.4.2
//   identification (TC 1-4)          4.8-5.2 s (9.8-10.2 s on the ground stationary)   §2.2.3.3.1.4.3
//   airborne velocity (TC 19)        0.4-0.6 s          §2.2.3.3.1.4.4
//   target state and status (TC 29)  1.2-1.3 s, version 2, airborne   §2.2.3.3.1.4.5
//   operational status (TC 31)       2.4-2.6 s (4.8-5.2 s on the ground stationary), versions 1 and 2   §2.2.3.3.1.4.6
//   acquisition squitter (DF11)      0.8-1.2 s          ICAO Annex 10 Vol IV §3.1.2.8.5.2
//   replies DF4/5/20/21              0.05-0.75 s apart (about 2.5/s) while inside a Mode S radar's coverage
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "modes/frame.hpp"
#include "modes/message.hpp"
#include "sim/avionics.hpp"
#include "sim/interference.hpp"
#include "sim/scenario.hpp"
#include "sim/traffic.hpp"
#include "sim/truth.hpp"

namespace gw::sim {

// Receives the simulated frames, in arrival-time order, one slice at a time. `frames[i].counter` is the 12 MHz
// count since the scenario start (has_counter and has_signal are set). When the engine keeps messages
// (EngineOptions::keep_messages), messages[i] is what frames[i] encodes (time_s = transmission time, unix s);
// otherwise `messages` is empty.
class FrameSink {
 public:
  virtual ~FrameSink() = default;
  virtual void on_frames(std::span<const modes::RawFrame> frames, std::span<const modes::ModeSMessage> messages) = 0;
};

struct EngineOptions {
  std::uint64_t seed = 1;
  std::size_t aircraft = 0;        // 0: the scenario's count
  double duration_s = 0;           // 0: the scenario's duration
  bool keep_messages = false;      // tests: hand the encoded ModeSMessages to the sink too (positions with
                                   // derived.lat/lon/nic/version set to what the frame encodes)
  bool perfect_reception = false;  // tests: every frame inside a receiver's range and horizon is decoded
};

struct EngineStats {
  std::uint64_t frames_transmitted = 0;  // every frame a transponder sent
  std::uint64_t frames_heard = 0;        // frames that reached at least one receiver (= frames written)
  std::array<std::uint64_t, 32> heard_by_df{};
  std::array<std::uint64_t, 32> heard_by_type_code{};  // DF17
  std::uint64_t aircraft = 0;            // airframes simulated
  std::uint64_t aircraft_heard = 0;      // airframes with at least one frame heard
  std::uint64_t aircraft_seconds_affected = 0;  // aircraft-seconds with GNSS jammed or spoofed
  // After the end: airframes with at least one affected interval, and those heard during one (what map can find).
  std::uint64_t aircraft_affected = 0;
  std::uint64_t aircraft_affected_heard = 0;
};

class Engine {
 public:
  Engine(const Scenario& scenario, const EngineOptions& options);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Runs the whole scenario into `sink`.
  void run(FrameSink& sink);
  // One second; false when the scenario is over (then finish() has been called).
  bool step(FrameSink& sink);
  // Closes open interference intervals at the end (run() and the last step() call it).
  void finish();

  double start_s() const { return start_s_; }
  double duration_s() const { return duration_s_; }
  const EngineStats& stats() const { return stats_; }
  const TruthRecorder& truth() const { return truth_; }
  const GnssEnvironment& environment() const { return environment_; }
  std::size_t aircraft_count() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  double start_s_ = 0, duration_s_ = 0;
  EngineStats stats_;
  TruthRecorder truth_;
  GnssEnvironment environment_;
};

// The radio link model for the 1090 MHz downlink (documented in docs/SIMULATOR.md).
namespace link {
inline constexpr double kFrequencyMhz = 1090.0;
inline constexpr double kTransmitDbm = 54.0;          // 250 W, mid-range of DO-181E / Annex 10 Vol IV §3.1.2.10.2
                                                      // transponder peak power (21-27 dBW for class 1)
inline constexpr double kSensitivityDbm = -92.0;      // 50 % decoding probability (a good ground receiver with LNA)
inline constexpr double kSlopeDb = 1.5;               // width of the decoding-probability transition
inline constexpr double kMaxDecodeProbability = 0.97;  // garbling by overlapping replies even at short range
inline constexpr double kFullScaleDbm = -55.0;        // received power that gives Beast signal byte 255 (0 dBFS):
                                                      // puts -3 dBFS near and -35 dBFS at 400 km, as real feeds show
// 4/3-Earth radio horizon: d = 4.12 (sqrt(h1) + sqrt(h2)) km, heights in metres (ITU-R P.834 §1 effective Earth
// radius factor k = 4/3; the same d = sqrt(2 k R h) as S2's radio::line_of_sight_m).
double horizon_km(double height_a_m, double height_b_m);
// Free-space path loss (ITU-R P.525): 32.45 + 20 log10(f/MHz) + 20 log10(d/km).
double free_space_loss_db(double distance_km);
// Probability that a receiver decodes a frame arriving with this power.
double decode_probability(double received_dbm);
// Beast signal byte for a received power: sqrt of power relative to full scale, 1..255.
std::uint8_t signal_byte(double received_dbm);
}  // namespace link

}  // namespace gw::sim
