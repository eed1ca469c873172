#include "modes/bds06.hpp"

#include "modes/bits.hpp"

namespace gw::modes {

void decode_bds06(std::uint64_t me, ModeSMessage& out) noexcept {
  using bits::me_bit;
  using bits::me_field;
  out.on_ground = true;
  const float gs = bds06::kMovementKt[me_field(me, 6, 7)];
  if (gs >= 0.0f) out.gs_kt = gs;
  if (me_bit(me, 13)) out.track_deg = static_cast<float>(me_field(me, 14, 7)) * bds06::kTrackStepDeg;
  out.time_sync = me_bit(me, 21);
  CprPosition cpr;
  cpr.format = me_bit(me, 22) ? CprFormat::Odd : CprFormat::Even;
  cpr.lat_cpr = me_field(me, 23, 17);
  cpr.lon_cpr = me_field(me, 40, 17);
  cpr.surface = true;
  out.cpr = cpr;
}

}  // namespace gw::modes
