// Comm-B register inference and BDS 2,0 / 4,0 / 5,0 / 6,0 decoding on real replies.
// Origins: "golden" = pyModeS tests/fixtures/golden_v2.json (commit a49921b; expected values quoted from it);
// "Helsinki" = adsb-research-grid raw_adsb_20260107_070144.bin (see ../shared/data/README.md).
#include "modes/commb.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace cb = gw::modes::commb;
using cb::Register;

struct Frame {
  std::array<std::uint8_t, 14> bytes{};
  const std::uint8_t* mb() const { return cb::mb_field(bytes.data()); }
};

Frame frame(std::string_view hex) {
  Frame f;
  for (std::size_t i = 0; i < f.bytes.size(); ++i) {
    f.bytes[i] = static_cast<std::uint8_t>(std::stoi(std::string(hex.substr(2 * i, 2)), nullptr, 16));
  }
  return f;
}

constexpr cb::RegisterSet set_of(std::initializer_list<Register> rs) {
  cb::RegisterSet s = 0;
  for (auto r : rs) s |= cb::register_bit(r);
  return s;
}

// ---- inference -----------------------------------------------------------------------------------------

// golden, DF20 at 1625 ft: data link capability report, no overlay, subnetwork version 0.
TEST(CommBInference, DataLinkCapabilityReportIsBds10) {
  const Frame f = frame("a000019910010080f500004315b2");
  EXPECT_EQ(cb::infer_registers(f.mb(), 1625), set_of({Register::Bds10}));
}

// golden, DF20: overlay capability with subnetwork version 5 is consistent too.
TEST(CommBInference, OverlayCapableVersion5IsBds10) {
  const Frame f = frame("a000093010030a80e50000705c3e");
  EXPECT_EQ(cb::infer_registers(f.mb(), 13800), set_of({Register::Bds10}));
}

// golden, DF20: capability bits 1-24 with 2,0 set and nothing after; also a valid hazard report (4,5).
TEST(CommBInference, GicbCapabilityReportIsAmbiguousWithHazardReport) {
  const Frame f = frame("a0000638fa81c10000000081a92f");
  EXPECT_EQ(cb::infer_registers(f.mb(), 9200), set_of({Register::Bds17, Register::Bds45}));
}

// golden, DF20: identification "KLM1385".
TEST(CommBInference, IdentificationIsBds20) {
  const Frame f = frame("a000123e202cc371cf8d6017072c");
  EXPECT_EQ(cb::infer_registers(f.mb(), 28550), set_of({Register::Bds20}));
}

// Helsinki, DF21 (no active RA: ARA, RAC and TID all zero). The only DF20/21 MB field starting with 0x30 in
// the 30 files of that night.
TEST(CommBInference, ResolutionAdvisoryReportIsBds30) {
  const Frame f = frame("a8001f8f30000000000000a62a8c");
  EXPECT_EQ(cb::infer_registers(f.mb()), set_of({Register::Bds30}));
}

// golden, DF20: MCP altitude 13008 ft, baro 1013.2 hPa.
TEST(CommBInference, SelectedVerticalIntentionIsBds40) {
  const Frame f = frame("a000039199680030a800006a74ac");
  EXPECT_EQ(cb::infer_registers(f.mb(), 4625), set_of({Register::Bds40}));
}

// golden, DF20: as BDS 6,0 this field would read IAS 399 kt at Mach 0.496, but at 4650 ft Mach 0.496 is
// about 300 kt CAS; the reply's own altitude removes 6,0 and leaves 5,0. Without it both remain.
TEST(CommBInference, AltitudeSeparatesTrackTurnFromHeadingSpeed) {
  const Frame f = frame("a0000392835b1f1f2064854800d9");
  EXPECT_EQ(cb::infer_registers(f.mb(), 4650), set_of({Register::Bds50}));
  EXPECT_EQ(cb::infer_registers(f.mb()), set_of({Register::Bds50, Register::Bds60}));
}

// golden, DF20: heading 250.5 deg, IAS 251 kt, Mach 0.412 (about 251 kt CAS at 4650 ft).
TEST(CommBInference, HeadingAndSpeedIsBds60) {
  const Frame f = frame("a0000392d919f719e3bc75c92483");
  EXPECT_EQ(cb::infer_registers(f.mb(), 4650), set_of({Register::Bds60}));
}

// golden, DF20 at 9950 ft: plausible both ways even with the altitude.
TEST(CommBInference, TrackTurnAndHeadingSpeedCanStayAmbiguous) {
  const Frame f = frame("a00006b68af9b718e3c474a87b83");
  EXPECT_EQ(cb::infer_registers(f.mb(), 9950), set_of({Register::Bds50, Register::Bds60}));
  const cb::CommB c = cb::decode_commb(f.mb(), 9950);
  EXPECT_FALSE(c.track_turn.has_value());
  EXPECT_FALSE(c.heading_speed.has_value());
}

// golden, DF20: only MB bits 1, 2 and 10-13 set. As 4,0: MCP altitude 33008 ft; as 4,5: turbulence, icing
// and wake vortex reports; as 6,0: a heading and IAS 0 kt. All three formats hold and nothing is implausible.
TEST(CommBInference, SparseFieldFitsSeveralStatusFormats) {
  const Frame f = frame("a0001117c07800000000008ce73d");
  EXPECT_EQ(cb::infer_registers(f.mb(), 26375), set_of({Register::Bds40, Register::Bds45, Register::Bds60}));
}

// golden, DF20 at 40000 ft: nothing fits (pyModeS: None).
TEST(CommBInference, FieldFittingNoFormatGivesEmptySet) {
  const Frame f = frame("a000199858cd81d99de53cad9b53");
  EXPECT_EQ(cb::infer_registers(f.mb(), 40000), 0u);
}

TEST(CommBInference, AllZeroFieldGivesEmptySet) {
  const std::array<std::uint8_t, cb::kMbBytes> zeros{};
  EXPECT_EQ(cb::infer_registers(zeros.data()), 0u);
  EXPECT_FALSE(cb::decode_bds40(zeros.data()).has_value());
  EXPECT_FALSE(cb::decode_bds50(zeros.data()).has_value());
  EXPECT_FALSE(cb::decode_bds60(zeros.data()).has_value());
}

TEST(CommBInference, RegisterNamesFollowTheBdsSpelling) {
  EXPECT_STREQ(cb::register_name(Register::Bds10), "BDS10");
  EXPECT_STREQ(cb::register_name(Register::Bds45), "BDS45");
  EXPECT_STREQ(cb::register_name(Register::Bds60), "BDS60");
  EXPECT_EQ(cb::register_count(set_of({Register::Bds40, Register::Bds45, Register::Bds60})), 3);
}

// ---- decoding --------------------------------------------------------------------------------------------

// golden: KLM1385 (pyModeS "KLM1385_"; the trailing space is trimmed here).
TEST(CommBDecode, Bds20Callsign) {
  const auto cs = cb::decode_bds20(frame("a000123e202cc371cf8d6017072c").mb());
  ASSERT_TRUE(cs.has_value());
  EXPECT_STREQ(cs->data(), "KLM1385");
}

// golden: selected_altitude_mcp 13008, baro_pressure_setting 1013.2, no FMS altitude.
TEST(CommBDecode, Bds40McpAltitudeAndBaroSetting) {
  const auto s = cb::decode_bds40(frame("a000039199680030a800006a74ac").mb());
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->mcp_altitude_ft, 13008);
  EXPECT_FALSE(s->fms_altitude_ft.has_value());
  ASSERT_TRUE(s->baro_setting_hpa.has_value());
  EXPECT_NEAR(*s->baro_setting_hpa, 1013.2f, 0.01f);
  EXPECT_FALSE(s->vnav_mode.has_value());
  EXPECT_FALSE(s->target_altitude_source.has_value());
}

// golden: MCP and FMS both 24000 ft; mode bits available (none engaged), target source MCP/FCU.
TEST(CommBDecode, Bds40FmsAltitudeModesAndTargetSource) {
  const auto s = cb::decode_bds40(frame("a0000930aee57730a80106fb781b").mb());
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->mcp_altitude_ft, 24000);
  EXPECT_EQ(s->fms_altitude_ft, 24000);
  EXPECT_EQ(s->vnav_mode, false);
  EXPECT_EQ(s->alt_hold_mode, false);
  EXPECT_EQ(s->approach_mode, false);
  EXPECT_EQ(s->target_altitude_source, cb::TargetAltitudeSource::McpFcu);
}

// golden: roll 4.5703125, true_track 250.13671875, groundspeed 248, track_rate 0.375, true_airspeed 266.
TEST(CommBDecode, Bds50TrackAndTurn) {
  const auto t = cb::decode_bds50(frame("a0000392835b1f1f2064854800d9").mb());
  ASSERT_TRUE(t.has_value());
  EXPECT_FLOAT_EQ(t->roll_deg.value(), 4.5703125f);
  EXPECT_FLOAT_EQ(t->track_deg.value(), 250.13671875f);
  EXPECT_FLOAT_EQ(t->gs_kt.value(), 248.0f);
  EXPECT_FLOAT_EQ(t->track_rate_deg_s.value(), 0.375f);
  EXPECT_FLOAT_EQ(t->tas_kt.value(), 266.0f);
}

// golden: roll -0.52734375 (left wing down), track_rate -0.03125, track 119.35546875, GS = TAS = 358.
TEST(CommBDecode, Bds50NegativeRollAndTurnRate) {
  const auto t = cb::decode_bds50(frame("a000081effb54f2cfffcb38e96eb").mb());
  ASSERT_TRUE(t.has_value());
  EXPECT_FLOAT_EQ(t->roll_deg.value(), -0.52734375f);
  EXPECT_FLOAT_EQ(t->track_rate_deg_s.value(), -0.03125f);
  EXPECT_FLOAT_EQ(t->track_deg.value(), 119.35546875f);
  EXPECT_FLOAT_EQ(t->gs_kt.value(), 358.0f);
  EXPECT_FLOAT_EQ(t->tas_kt.value(), 358.0f);
}

// golden: track rate status 0 (pyModeS omits track_rate); roll 0, track 22.1484375, GS 288, TAS 268.
TEST(CommBDecode, Bds50TrackRateNotAvailable) {
  const auto t = cb::decode_bds50(frame("a00003998010fd240004869cc19b").mb());
  ASSERT_TRUE(t.has_value());
  EXPECT_FALSE(t->track_rate_deg_s.has_value());
  EXPECT_FLOAT_EQ(t->roll_deg.value(), 0.0f);
  EXPECT_FLOAT_EQ(t->track_deg.value(), 22.1484375f);
  EXPECT_FLOAT_EQ(t->gs_kt.value(), 288.0f);
  EXPECT_FLOAT_EQ(t->tas_kt.value(), 268.0f);
}

// golden: magnetic_heading 250.48828125, IAS 251, Mach 0.412, baro rate 3808, inertial rate 3744.
TEST(CommBDecode, Bds60HeadingAndSpeed) {
  const auto h = cb::decode_bds60(frame("a0000392d919f719e3bc75c92483").mb());
  ASSERT_TRUE(h.has_value());
  EXPECT_FLOAT_EQ(h->magnetic_heading_deg.value(), 250.48828125f);
  EXPECT_FLOAT_EQ(h->ias_kt.value(), 251.0f);
  EXPECT_NEAR(h->mach.value(), 0.412f, 1e-6f);
  EXPECT_EQ(h->baro_rate_fpm, 3808);
  EXPECT_EQ(h->inertial_rate_fpm, 3744);
}

// golden: descending, baro -704 ft/min, inertial -640 ft/min, heading 88.76953125, IAS 249, Mach 0.408.
TEST(CommBDecode, Bds60Descending) {
  const auto h = cb::decode_bds60(frame("a00003969f99f319bf57ec568a95").mb());
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->baro_rate_fpm, -704);
  EXPECT_EQ(h->inertial_rate_fpm, -640);
  EXPECT_FLOAT_EQ(h->magnetic_heading_deg.value(), 88.76953125f);
  EXPECT_FLOAT_EQ(h->ias_kt.value(), 249.0f);
  EXPECT_NEAR(h->mach.value(), 0.408f, 1e-6f);
}

// A BDS 1,0 field read as 4,0 / 5,0 / 6,0 has values without status bits: each decoder refuses it.
TEST(CommBDecode, DecodersRefuseFieldsThatBreakTheFormat) {
  const Frame f = frame("a000019910010080f500004315b2");
  EXPECT_FALSE(cb::decode_bds40(f.mb()).has_value());
  EXPECT_FALSE(cb::decode_bds50(f.mb()).has_value());
  EXPECT_FALSE(cb::decode_bds60(f.mb()).has_value());
  EXPECT_FALSE(cb::decode_bds20(f.mb()).has_value());
}

// decode_commb fills only the register that was inferred, and only when it is the only one.
TEST(CommBDecode, DecodeCommbFillsTheSingleInferredRegister) {
  const cb::CommB c = cb::decode_commb(frame("a0000392835b1f1f2064854800d9").mb(), 4650);
  EXPECT_EQ(c.registers, set_of({Register::Bds50}));
  ASSERT_TRUE(c.track_turn.has_value());
  EXPECT_FLOAT_EQ(c.track_turn->gs_kt.value(), 248.0f);
  EXPECT_FALSE(c.heading_speed.has_value());
  EXPECT_FALSE(c.selected_vertical.has_value());
  EXPECT_FALSE(c.callsign.has_value());
}

// The track-only decoder is decode_commb's track_turn: on the golden fields with and without altitude (5,0 alone,
// 5,0 ambiguous with 6,0, 6,0 alone), and on random fields, half of them built to fit the BDS 5,0 format.
TEST(CommBDecode, TrackTurnOnlyEqualsDecodeCommbTrackTurn) {
  const auto same = [](const std::optional<cb::TrackTurn>& a, const std::optional<cb::TrackTurn>& b) {
    if (a.has_value() != b.has_value()) return false;
    return !a || (a->roll_deg == b->roll_deg && a->track_deg == b->track_deg && a->gs_kt == b->gs_kt &&
                  a->track_rate_deg_s == b->track_rate_deg_s && a->tas_kt == b->tas_kt);
  };
  std::vector<Frame> frames = {frame("a0000392835b1f1f2064854800d9"), frame("a0000392d919f719e3bc75c92483"),
                               frame("a00006b68af9b718e3c474a87b83"), frame("a000000000000000000000000000")};
  std::mt19937_64 rng(50);
  for (int i = 0; i < 20000; ++i) {
    Frame f;
    for (auto& b : f.bytes) b = static_cast<std::uint8_t>(rng());
    if (i % 2 == 0) f.bytes[4] |= 0x80;  // MB bit 1: roll status
    frames.push_back(f);
  }
  int track_turns = 0;
  for (const Frame& f : frames) {
    for (const std::optional<std::int32_t> alt : {std::optional<std::int32_t>{}, std::optional<std::int32_t>{4650},
                                                  std::optional<std::int32_t>{36000}}) {
      const auto expected = cb::decode_commb(f.mb(), alt).track_turn;
      EXPECT_TRUE(same(cb::decode_commb_track_turn(f.mb(), alt), expected));
      track_turns += expected.has_value();
    }
  }
  EXPECT_GT(track_turns, 1);  // the golden 5,0 at least
}

}  // namespace
