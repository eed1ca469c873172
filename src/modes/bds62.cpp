#include "modes/bds62.hpp"

#include "modes/bits.hpp"

namespace gw::modes {
namespace {

using bits::me_bit;
using bits::me_field;

void decode_v2(std::uint64_t me, ModeSMessage& out) noexcept {
  out.sil_type = me_bit(me, 8) ? SilType::PerSample : SilType::PerHour;
  const std::uint32_t alt = me_field(me, 10, 11);
  if (alt != 0) {
    out.nav_altitude_ft = static_cast<std::int32_t>(alt - 1) * bds62::kSelectedAltitudeStepFt;
    out.nav_altitude_fms = me_bit(me, 9);
  }
  const std::uint32_t qnh = me_field(me, 21, 9);
  if (qnh != 0) out.nav_qnh_hpa = bds62::kQnhBaseHpa + static_cast<float>(qnh - 1) * bds62::kQnhStepHpa;
  if (me_bit(me, 30)) out.nav_heading_deg = static_cast<float>(me_field(me, 31, 9)) * bds62::kHeadingStepDeg;
  out.nac_p = static_cast<std::uint8_t>(me_field(me, 40, 4));
  out.nic_baro = static_cast<std::uint8_t>(me_field(me, 44, 1));
  out.sil = static_cast<std::uint8_t>(me_field(me, 45, 2));
}

void decode_v1(std::uint64_t me, ModeSMessage& out) noexcept {
  const std::uint32_t alt = me_field(me, 16, 10);
  if (me_field(me, 8, 2) != 0 && alt <= bds62::kV1TargetAltitudeMaxCode) {
    out.nav_altitude_ft = static_cast<std::int32_t>(alt) * bds62::kV1TargetAltitudeStepFt +
                          bds62::kV1TargetAltitudeOffsetFt;
  }
  const std::uint32_t hdg = me_field(me, 28, 9);
  if (me_field(me, 26, 2) != 0 && hdg < 360) out.nav_heading_deg = static_cast<float>(hdg);
  out.nac_p = static_cast<std::uint8_t>(me_field(me, 40, 4));
  out.nic_baro = static_cast<std::uint8_t>(me_field(me, 44, 1));
  out.sil = static_cast<std::uint8_t>(me_field(me, 45, 2));
  out.emergency = static_cast<std::uint8_t>(me_field(me, 54, 3));
}

}  // namespace

void decode_bds62(std::uint64_t me, ModeSMessage& out) noexcept {
  const std::uint32_t subtype = me_field(me, 6, 2);
  out.subtype = static_cast<std::uint8_t>(subtype);
  if (subtype == 1) {
    decode_v2(me, out);
  } else if (subtype == 0) {
    decode_v1(me, out);
  }
}

}  // namespace gw::modes
