#include "track/message_pipeline.hpp"

#include <cmath>

#include "modes/commb.hpp"

namespace gw::track {
namespace {
// Comm-B: which registers the MB field fits, and the fields of the one register when exactly one fits.
// DF20's own altitude sharpens the BDS 6,0 check (IAS against the CAS implied by Mach at that altitude).
void add_track_turn(const modes::commb::TrackTurn& tt, modes::ModeSMessage& msg) {
  msg.roll_deg = tt.roll_deg;
  msg.track_deg = tt.track_deg;
  msg.gs_kt = tt.gs_kt;
  msg.track_rate_deg_s = tt.track_rate_deg_s;
  msg.tas_kt = tt.tas_kt;
}

void add_commb(const modes::RawFrame& frame, modes::ModeSMessage& msg, bool track_turn_only) {
  const std::uint8_t* mb = modes::commb::mb_field(frame.bytes.data());
  const std::optional<std::int32_t> altitude_ft = msg.df == 20 ? msg.alt_baro_ft : std::nullopt;
  if (track_turn_only) {
    if (const auto tt = modes::commb::decode_commb_track_turn(mb, altitude_ft)) add_track_turn(*tt, msg);
    return;
  }
  const auto cb = modes::commb::decode_commb(mb, altitude_ft);
  msg.commb_registers = cb.registers;
  if (cb.callsign) msg.callsign = cb.callsign;
  if (const auto& sv = cb.selected_vertical) {
    msg.nav_altitude_ft = sv->mcp_altitude_ft;
    msg.nav_altitude_fms_ft = sv->fms_altitude_ft;
    msg.nav_qnh_hpa = sv->baro_setting_hpa;
  }
  if (cb.track_turn) add_track_turn(*cb.track_turn, msg);
  if (const auto& hs = cb.heading_speed) {
    msg.heading_deg = hs->magnetic_heading_deg;
    msg.heading_is_true = false;
    msg.ias_kt = hs->ias_kt;
    msg.mach = hs->mach;
    msg.baro_rate_fpm = hs->baro_rate_fpm;
    msg.geom_rate_fpm = hs->inertial_rate_fpm;
  }
}
}  // namespace

MessagePipeline::MessagePipeline(PipelineOptions options) : options_(options), table_(options.table) {}

double MessagePipeline::clock_for(const modes::RawFrame& frame) {
  // Any monotonic seconds will do for pairing; a frame without time or counter (bare hex) gets the last clock.
  if (const double t = modes::frame_time_s(frame); std::isfinite(t)) last_clock_s_ = t;
  return last_clock_s_;
}

bool MessagePipeline::process(const modes::RawFrame& frame, modes::ModeSMessage& out) {
  if (frame.kind == modes::FrameKind::ModeAC) {
    ++counters_.mode_ac;
    return false;
  }
  ++counters_.frames;
  if (options_.count_by_format) ++counters_.by_df[frame.bytes[0] >> 3];
  const modes::DecodeStatus status = modes::decode_frame(frame, out, options_.decode);
  switch (status) {
    case modes::DecodeStatus::Ok: break;
    case modes::DecodeStatus::BadCrc: ++counters_.crc_failures; return false;
    case modes::DecodeStatus::UnknownDf: ++counters_.unknown_df; return false;
    case modes::DecodeStatus::BadLength: ++counters_.bad_length; return false;
    case modes::DecodeStatus::ModeAC: ++counters_.mode_ac; return false;
  }
  if (out.crc_corrected) ++counters_.crc_corrected;
  if (out.df == 17 || out.df == 18) ++counters_.es_valid;

  out.time_s = frame.time_s;
  if (options_.copy_signal_and_counter) {
    if (frame.has_signal) out.signal = frame.signal;
    if (frame.has_counter) out.counter_12mhz = frame.counter;
  }

  const double clock_s = clock_for(frame);
  forget_if_due(clock_s);
  if (!table_.update(out, clock_s)) return false;

  if ((out.df == 20 || out.df == 21) && frame.length == modes::kLongFrameBytes) {
    add_commb(frame, out, options_.commb_track_turn_only);
  }
  ++counters_.accepted;
  if (options_.count_by_format) {
    ++counters_.accepted_by_df[out.df & 31];
    if (out.type_code) ++counters_.by_type_code[*out.type_code & 31];
  }
  if (options_.count_distinct) distinct_.insert(out.address);
  return true;
}

void MessagePipeline::forget_if_due(double clock_s) {
  if (clock_s >= next_forget_s_) {
    table_.forget_stale(clock_s);
    next_forget_s_ = clock_s + 60.0;
  }
}

std::optional<std::uint8_t> MessagePipeline::process_fieldless(const modes::RawFrame& frame, std::uint32_t address,
                                                              double frame_time_s) {
  ++fieldless_;  // a frame, DF18 with its parity checked (not corrected), accepted: see counters()
  const double clock_s = last_clock_s_ = frame_time_s;  // clock_for(frame) with a finite time
  forget_if_due(clock_s);
  const std::optional<std::uint8_t> version = table_.note_heard(address, clock_s);
  if (options_.count_by_format) {
    ++counters_.by_df[18];
    ++counters_.accepted_by_df[18];
    ++counters_.by_type_code[frame.bytes[4] >> 3];
  }
  if (options_.count_distinct) distinct_.insert(address);
  return version;
}

void MessagePipeline::note_record(const modes::ModeSMessage& record) {
  ++counters_.accepted;
  if (options_.count_distinct) distinct_.insert(record.address);
}

}  // namespace gw::track
