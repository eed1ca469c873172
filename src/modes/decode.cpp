#include "modes/decode.hpp"

#include <array>
#include <cstring>
#include <limits>
#include <type_traits>

#include "modes/altitude.hpp"
#include "modes/bds05.hpp"
#include "modes/bds06.hpp"
#include "modes/bds08.hpp"
#include "modes/bds09.hpp"
#include "modes/bds61.hpp"
#include "modes/bds62.hpp"
#include "modes/bds65.hpp"
#include "modes/bits.hpp"
#include "modes/crc.hpp"

namespace gw::modes {
namespace {

using bits::frame_field;
using bits::me_bit;
using bits::me_field;

// Annex 10 Vol IV §3.1.2.5.2.2.1 / DO-260B §2.2.3.2.1.2: capability field values that say where the
// transponder is.
constexpr std::uint8_t kCaOnGround = 4;
constexpr std::uint8_t kCaAirborne = 5;

// DF11 parity: the low 7 bits may carry the interrogator code (II or SI), Annex 10 Vol IV §3.1.2.3.3.2.
constexpr std::uint32_t kDf11IiMask = 0x7F;

// DO-260B §2.2.3.2.1.3 (DF18 control field) CF values; AddressKind in message.hpp lists their meaning.
constexpr std::uint8_t kCfAdsbIcao = 0, kCfAdsbOther = 1, kCfTisbFine = 2, kCfTisbCoarse = 3, kCfTisbMgmt = 4,
                       kCfTisbOther = 5, kCfAdsr = 6;

// Flight status (DF4/5/20/21 bits 6-8): 0/2 airborne, 1/3 on the ground, 4/5 either, 6/7 reserved.
void set_on_ground_from_fs(std::uint32_t fs, ModeSMessage& out) noexcept {
  if (fs == 0 || fs == 2) out.on_ground = false;
  if (fs == 1 || fs == 3) out.on_ground = true;
}

void set_on_ground_from_ca(std::uint8_t ca, ModeSMessage& out) noexcept {
  if (ca == kCaOnGround) out.on_ground = true;
  if (ca == kCaAirborne) out.on_ground = false;
}

constexpr bool is_airborne_position(std::uint8_t tc) noexcept { return (tc >= 9 && tc <= 18) || (tc >= 20 && tc <= 22); }

// TIS-B / ADS-R IMF ("ICAO/Mode A flag", 1 = the address is not an ICAO address): it takes the place of a
// bit that ADS-B uses otherwise (DO-260B §2.2.17 TIS-B and §2.2.18 ADS-R message formats): airborne position
// ME bit 8 (NIC-B), surface position ME bit 21 (T), velocity ME bit 9 (intent change), operational status ME
// bit 56. Other type codes have no IMF here: the address is taken as an ICAO address.
bool tisb_imf(std::uint64_t me, std::uint8_t tc) noexcept {
  if (is_airborne_position(tc)) return me_bit(me, 8);
  if (tc >= 5 && tc <= 8) return me_bit(me, 21);
  if (tc == 19) return me_bit(me, 9);
  if (tc == 31) return me_bit(me, 56);
  return false;
}

void decode_me(std::uint64_t me, ModeSMessage& out) noexcept {
  const auto tc = static_cast<std::uint8_t>(me_field(me, 1, 5));
  out.type_code = tc;
  switch (tc) {
    case 0:
      decode_bds05(me, tc, out);
      break;
    case 1: case 2: case 3: case 4:
      decode_bds08(me, tc, out);
      break;
    case 5: case 6: case 7: case 8:
      decode_bds06(me, out);
      break;
    case 9: case 10: case 11: case 12: case 13: case 14: case 15: case 16: case 17: case 18:
    case 20: case 21: case 22:
      decode_bds05(me, tc, out);
      break;
    case 19:
      out.subtype = static_cast<std::uint8_t>(me_field(me, 6, 3));
      decode_bds09(me, out);
      break;
    case 23: case 24:
      out.subtype = static_cast<std::uint8_t>(me_field(me, 6, 3));
      break;
    case 28:
      out.subtype = static_cast<std::uint8_t>(me_field(me, 6, 3));
      decode_bds61(me, out);
      break;
    case 29:
      decode_bds62(me, out);  // sets its 2-bit subtype
      break;
    case 31:
      out.subtype = static_cast<std::uint8_t>(me_field(me, 6, 3));
      decode_bds65(me, out);
      break;
    default:  // 25-27, 30: reserved
      break;
  }
}

void decode_df18(std::uint64_t me, std::uint8_t cf, ModeSMessage& out) noexcept {
  out.control_field = cf;
  switch (cf) {
    case kCfAdsbIcao:
      out.address_kind = AddressKind::AdsbIcao;
      decode_me(me, out);
      return;
    case kCfAdsbOther:
      out.address_kind = AddressKind::AdsbOther;
      decode_me(me, out);
      return;
    case kCfTisbFine:
    case kCfTisbOther:
    case kCfAdsr: {
      decode_me(me, out);
      const std::uint8_t tc = *out.type_code;
      const bool imf = tisb_imf(me, tc);
      if (cf == kCfTisbFine) out.address_kind = imf ? AddressKind::TisbOther : AddressKind::TisbIcao;
      if (cf == kCfTisbOther) out.address_kind = AddressKind::TisbOther;
      if (cf == kCfAdsr) out.address_kind = imf ? AddressKind::AdsrOther : AddressKind::AdsrIcao;
      // The IMF bit is not NIC-B / T in these messages.
      if (is_airborne_position(tc)) out.nic_b.reset();
      if (tc >= 5 && tc <= 8) out.time_sync.reset();
      return;
    }
    case kCfTisbCoarse:
      // Coarse TIS-B airborne position (DO-260B §2.2.17.3.x): its own layout with no type code, IMF in ME
      // bit 1. Only the address kind is decoded.
      out.address_kind = me_bit(me, 1) ? AddressKind::TisbOther : AddressKind::TisbIcao;
      return;
    case kCfTisbMgmt:
    default:  // CF 4: TIS-B/ADS-R management; CF 7: reserved
      out.address_kind = AddressKind::Reserved;
      return;
  }
}

// `out = ModeSMessage{}`, written as zero bytes in 64-byte pieces plus the two members whose default is not zero.
// GCC (x86-64, generic tuning) compiles a clear or copy of the whole struct (>= 128 bytes) to `rep stosq`/`rep
// movsq`, whose start-up took ~13 ns per call on the benchmark machine, more than the rest of decoding a frame;
// unrolled 64-byte pieces become plain vector stores (BENCHMARKS.md has the figures). Zeros rather than a copy of
// a constant empty message: half the instructions (no loads). All-zero bytes are the default of every other
// member: zero numbers, false, the first enumerator, and empty std::optional (its engaged flag is false); the
// decode test ResultDependsOnlyOnTheBytesNotOnWhatOutHeld checks the result against a fresh message.
static_assert(std::is_trivially_copyable_v<ModeSMessage>);
static_assert(static_cast<int>(AddressSource::Parity) == 0 && static_cast<int>(SilType::PerHour) == 0);

void reset(ModeSMessage& out) noexcept {
  constexpr std::size_t kPiece = 64;
  auto* dst = reinterpret_cast<unsigned char*>(&out);
  std::size_t i = 0;
#pragma GCC unroll 8
  for (; i + kPiece <= sizeof(ModeSMessage); i += kPiece) std::memset(dst + i, 0, kPiece);
  std::memset(dst + i, 0, sizeof(ModeSMessage) - i);
  out.time_s = std::numeric_limits<double>::quiet_NaN();
  out.address_kind = AddressKind::ModeS;
}

}  // namespace

DecodeStatus decode_frame(const RawFrame& frame, ModeSMessage& out, const DecodeOptions& opts) noexcept {
  reset(out);
  const std::uint8_t* b = frame.bytes.data();
  std::uint8_t df = b[0] >> 3;
  if (df > 24) df = 24;  // DF24 (Comm-D) is identified by its first two bits only
  // The length the DF needs (its first bit: 112 bits for DF16-31); one test for the frames that have it, the
  // others sorted out after it (Mode A/C, a length no Mode S frame has, or the other Mode S length).
  const std::size_t expected_len = (b[0] & 0x80) ? kLongFrameBytes : kShortFrameBytes;
  if (frame.length != expected_len || frame.kind == FrameKind::ModeAC) {
    if (frame.kind == FrameKind::ModeAC || frame.length == kModeACFrameBytes) return DecodeStatus::ModeAC;
    if (frame.length == kShortFrameBytes || frame.length == kLongFrameBytes) out.df = df;
    return DecodeStatus::BadLength;
  }
  out.df = df;
  const std::size_t len = frame.length;

  std::uint32_t syndrome = crc_syndrome(b, len);

  switch (df) {
    case 0: case 16:
      out.address = syndrome;
      out.address_source = AddressSource::Recovered;
      out.on_ground = frame_field(b, 6, 1) != 0;  // VS: 1 = on the ground
      out.alt_baro_ft = decode_ac13_inline(frame_field(b, 20, 13));
      return DecodeStatus::Ok;
    case 4: case 20:
      out.address = syndrome;
      out.address_source = AddressSource::Recovered;
      set_on_ground_from_fs(frame_field(b, 6, 3), out);
      out.alt_baro_ft = decode_ac13_inline(frame_field(b, 20, 13));
      return DecodeStatus::Ok;
    case 5: case 21:
      out.address = syndrome;
      out.address_source = AddressSource::Recovered;
      set_on_ground_from_fs(frame_field(b, 6, 3), out);
      out.squawk = decode_id13(frame_field(b, 20, 13));
      return DecodeStatus::Ok;
    case 11: case 17: case 18:
      break;
    default:
      return DecodeStatus::UnknownDf;
  }

  // Parity-checked formats. DF11 may overlay an interrogator code on the low 7 bits.
  std::array<std::uint8_t, kLongFrameBytes> fixed;
  const std::uint32_t residual = df == 11 ? (syndrome & ~kDf11IiMask) : syndrome;
  if (residual != 0) {
    const int bit = opts.fix_single_bit_errors ? single_bit_error_position(syndrome, len) : -1;
    if (bit < 5) return DecodeStatus::BadCrc;  // no single-bit repair, or it would change the DF
    fixed = frame.bytes;
    fixed[static_cast<std::size_t>(bit) / 8] ^= static_cast<std::uint8_t>(0x80u >> (bit % 8));
    b = fixed.data();
    out.crc_corrected = true;
  }

  out.address = frame_field(b, 9, 24);
  out.address_source = AddressSource::Parity;
  const auto ca = static_cast<std::uint8_t>(b[0] & 0x07);
  if (df == 11) {
    out.capability = ca;
    set_on_ground_from_ca(ca, out);
    return DecodeStatus::Ok;
  }
  const std::uint64_t me = bits::me_of(b);
  if (df == 17) {
    out.capability = ca;
    out.address_kind = AddressKind::AdsbIcao;
    set_on_ground_from_ca(ca, out);  // DO-260B §2.2.3.2.1.2: same coding as DF11 CA
    decode_me(me, out);
  } else {
    decode_df18(me, ca, out);
  }
  return DecodeStatus::Ok;
}

std::optional<std::uint32_t> fieldless_squitter_address(const RawFrame& frame) noexcept {
  const std::uint8_t* b = frame.bytes.data();
  // First byte: DF 18 (bits 1-5) and CF 0 or 1 (bits 6-8): 0x90 or 0x91.
  if ((b[0] & 0xFE) != 0x90 || frame.length != kLongFrameBytes || frame.kind == FrameKind::ModeAC) return std::nullopt;
  constexpr std::uint32_t kFieldlessTypeCodes = 1u << 23 | 1u << 24 | 1u << 25 | 1u << 26 | 1u << 27 | 1u << 30;
  const unsigned tc = b[4] >> 3;  // ME bits 1-5
  if (!((kFieldlessTypeCodes >> tc) & 1u)) return std::nullopt;
  if (crc_syndrome(b, kLongFrameBytes) != 0) return std::nullopt;
  return frame_field(b, 9, 24);
}

}  // namespace gw::modes
