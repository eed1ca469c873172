#include "modes/bds09.hpp"

#include <cmath>

#include "modes/bits.hpp"

namespace gw::modes {

void decode_bds09(std::uint64_t me, ModeSMessage& out) noexcept {
  using bits::me_bit;
  using bits::me_field;
  const std::uint32_t subtype = me_field(me, 6, 3);
  if (subtype < 1 || subtype > 4) return;  // reserved subtypes: layout undefined

  out.nac_v = static_cast<std::uint8_t>(me_field(me, 11, 3));
  const bool supersonic = subtype == 2 || subtype == 4;
  out.supersonic = supersonic;
  const float scale = supersonic ? bds09::kSupersonicFactor : 1.0f;

  if (subtype <= 2) {
    const std::uint32_t ew = me_field(me, 15, 10);
    const std::uint32_t ns = me_field(me, 26, 10);
    if (ew != 0 && ns != 0) {
      const float vx = (me_bit(me, 14) ? -1.0f : 1.0f) * static_cast<float>(ew - 1) * scale;  // east +
      const float vy = (me_bit(me, 25) ? -1.0f : 1.0f) * static_cast<float>(ns - 1) * scale;  // north +
      out.gs_kt = std::hypot(vx, vy);
      float track = std::atan2(vx, vy) * (180.0f / 3.14159265358979f);
      if (track < 0.0f) track += 360.0f;
      out.track_deg = track;
    }
  } else {
    if (me_bit(me, 14)) out.heading_deg = static_cast<float>(me_field(me, 15, 10)) * bds09::kHeadingStepDeg;
    const std::uint32_t as = me_field(me, 26, 10);
    if (as != 0) {
      const float kt = static_cast<float>(as - 1) * scale;
      if (me_bit(me, 25)) {
        out.tas_kt = kt;
      } else {
        out.ias_kt = kt;
      }
    }
  }

  const std::uint32_t vr = me_field(me, 38, 9);
  if (vr != 0) {
    const std::int32_t rate = (me_bit(me, 37) ? -1 : 1) * static_cast<std::int32_t>(vr - 1) * bds09::kVerticalRateStepFpm;
    if (me_bit(me, 36)) {
      out.baro_rate_fpm = rate;
    } else {
      out.geom_rate_fpm = rate;
    }
  }

  const std::uint32_t diff = me_field(me, 50, 7);
  if (diff != 0) {
    out.gnss_baro_diff_ft = (me_bit(me, 49) ? -1 : 1) * static_cast<std::int32_t>(diff - 1) * bds09::kGnssBaroDiffStepFt;
  }
}

}  // namespace gw::modes
