// Integrity tables (integrity.hpp): one test per corner case, named for the standard's row.
#include "modes/integrity.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace gw::modes::integrity {
namespace {

// --- DO-260B Table 2-14 / Table 2-69, airborne, version 2 ------------------------------------------------

TEST(IntegrityNicAirborneV2, Tc9Nic11Rc7_5m) { EXPECT_EQ(nic_airborne(9, 2, false, false), (Containment{11, 7.5f})); }

TEST(IntegrityNicAirborneV2, Tc11A1B1Nic9Rc75m) { EXPECT_EQ(nic_airborne(11, 2, true, true), (Containment{9, 75.0f})); }

TEST(IntegrityNicAirborneV2, Tc11A0B0Nic8Rc0_1NM) { EXPECT_EQ(nic_airborne(11, 2, false, false), (Containment{8, 185.2f})); }

TEST(IntegrityNicAirborneV2, Tc11UnlistedA1B0TakesWorseRow) {
  EXPECT_EQ(nic_airborne(11, 2, true, false), (Containment{8, 185.2f}));
}

TEST(IntegrityNicAirborneV2, Tc13A0B1Nic6Rc0_3NM) { EXPECT_EQ(nic_airborne(13, 2, false, true), (Containment{6, 555.6f})); }

TEST(IntegrityNicAirborneV2, Tc13A0B0Nic6Rc0_5NM) { EXPECT_EQ(nic_airborne(13, 2, false, false), (Containment{6, 926.0f})); }

TEST(IntegrityNicAirborneV2, Tc13A1B1Nic6Rc0_6NM) { EXPECT_EQ(nic_airborne(13, 2, true, true), (Containment{6, 1111.2f})); }

TEST(IntegrityNicAirborneV2, Tc16A1B1Nic3Rc4NM) { EXPECT_EQ(nic_airborne(16, 2, true, true), (Containment{3, 7408.0f})); }

TEST(IntegrityNicAirborneV2, Tc16A0B0Nic2Rc8NM) { EXPECT_EQ(nic_airborne(16, 2, false, false), (Containment{2, 14816.0f})); }

TEST(IntegrityNicAirborneV2, Tc17Nic1Rc20NM) { EXPECT_EQ(nic_airborne(17, 2, false, false), (Containment{1, 37040.0f})); }

TEST(IntegrityNicAirborneV2, Tc18Nic0RcUnknown) {
  const auto c = nic_airborne(18, 2, true, true);
  EXPECT_EQ(c.nic, 0);
  EXPECT_TRUE(std::isinf(c.rc_m));
}

TEST(IntegrityNicAirborneV2, GnssHeightTc20To22) {
  EXPECT_EQ(nic_airborne(20, 2, false, false), (Containment{11, 7.5f}));
  EXPECT_EQ(nic_airborne(21, 2, false, false), (Containment{10, 25.0f}));
  EXPECT_EQ(nic_airborne(22, 2, true, true).nic, 0);
}

TEST(IntegrityNicAirborneV2, NotAPositionTypeCodeIsNic0) {
  EXPECT_EQ(nic_airborne(19, 2, true, true).nic, 0);
  EXPECT_EQ(nic_airborne(0, 2, true, true).nic, 0);
  EXPECT_EQ(nic_airborne(5, 2, true, true).nic, 0);
}

// --- DO-260A NIC table (DO-260B Appendix N Table N-11), airborne, version 1 --------------------------------

// The disputed row: in version 1 only the NIC supplement (TC 31) counts. Supplement 1 -> NIC 3, Rc < 4 NM,
// even though ME bit 8 (single-antenna flag in v1) is 0.
TEST(IntegrityNicAirborneV1, Tc16Supplement1Nic3Rc4NM) { EXPECT_EQ(nic_airborne(16, 1, true, false), (Containment{3, 7408.0f})); }

TEST(IntegrityNicAirborneV1, Tc16Supplement0Nic2Rc8NM) { EXPECT_EQ(nic_airborne(16, 1, false, true), (Containment{2, 14816.0f})); }

TEST(IntegrityNicAirborneV1, Tc11Supplement1Nic9Rc75m) { EXPECT_EQ(nic_airborne(11, 1, true, false), (Containment{9, 75.0f})); }

TEST(IntegrityNicAirborneV1, Tc13Supplement1Rc0_6NMSupplement0Rc0_5NM) {
  EXPECT_EQ(nic_airborne(13, 1, true, false), (Containment{6, 1111.2f}));
  EXPECT_EQ(nic_airborne(13, 1, false, false), (Containment{6, 926.0f}));
}

TEST(IntegrityNicAirborne, Version0HasNoNic) { EXPECT_EQ(nic_airborne(9, 0, true, true).nic, 0); }

// --- DO-260B Table 2-14 / 2-69, surface, version 2 --------------------------------------------------------

TEST(IntegrityNicSurfaceV2, Tc5Nic11Rc7_5m) { EXPECT_EQ(nic_surface(5, 2, false, false), (Containment{11, 7.5f})); }

TEST(IntegrityNicSurfaceV2, Tc7A1C0Nic9Rc75m) { EXPECT_EQ(nic_surface(7, 2, true, false), (Containment{9, 75.0f})); }

TEST(IntegrityNicSurfaceV2, Tc7A0C0Nic8Rc0_1NM) { EXPECT_EQ(nic_surface(7, 2, false, false), (Containment{8, 185.2f})); }

TEST(IntegrityNicSurfaceV2, Tc8A1C1Nic7Rc0_2NM) { EXPECT_EQ(nic_surface(8, 2, true, true), (Containment{7, 370.4f})); }

TEST(IntegrityNicSurfaceV2, Tc8A1C0Nic6Rc0_3NM) { EXPECT_EQ(nic_surface(8, 2, true, false), (Containment{6, 555.6f})); }

// The disputed row: TC 8, NIC-A 0, NIC-C 1 -> NIC 6, Rc < 0.6 NM.
TEST(IntegrityNicSurfaceV2, Tc8A0C1Nic6Rc0_6NM) { EXPECT_EQ(nic_surface(8, 2, false, true), (Containment{6, 1111.2f})); }

TEST(IntegrityNicSurfaceV2, Tc8A0C0Nic0RcUnknown) {
  const auto c = nic_surface(8, 2, false, false);
  EXPECT_EQ(c.nic, 0);
  EXPECT_TRUE(std::isinf(c.rc_m));
}

TEST(IntegrityNicSurfaceV1, Tc8IsNic0) { EXPECT_EQ(nic_surface(8, 1, true, true).nic, 0); }

TEST(IntegrityNicSurfaceV1, Tc7Supplement1Nic9) { EXPECT_EQ(nic_surface(7, 1, true, false), (Containment{9, 75.0f})); }

// --- DO-260 NUCp, version 0 ---------------------------------------------------------------------------------

TEST(IntegrityNucP, TypeCodeToNucP) {
  EXPECT_EQ(nuc_p(9), 9);
  EXPECT_EQ(nuc_p(13), 5);
  EXPECT_EQ(nuc_p(18), 0);
  EXPECT_EQ(nuc_p(20), 9);
  EXPECT_EQ(nuc_p(21), 8);
  EXPECT_EQ(nuc_p(22), 0);
  EXPECT_EQ(nuc_p(5), 9);
  EXPECT_EQ(nuc_p(8), 6);
  EXPECT_EQ(nuc_p(19), 0);
  EXPECT_EQ(nuc_p(200), 0);
}

TEST(IntegrityNucP, HorizontalProtectionLimit) {
  EXPECT_EQ(nuc_p_hpl_m(9), 7.5f);
  EXPECT_EQ(nuc_p_hpl_m(7), 185.2f);
  EXPECT_EQ(nuc_p_hpl_m(2), 18520.0f);  // 10 NM: NUCp 2 is coarser than NIC 2 (8 NM)
  EXPECT_TRUE(std::isinf(nuc_p_hpl_m(0)));
}

// --- DO-260B Table 2-70 NACp, NACv, Table 2-71 SIL --------------------------------------------------------

TEST(IntegrityNacP, EstimatedPositionUncertainty) {
  EXPECT_TRUE(std::isinf(nac_p_epu_m(0)));
  EXPECT_EQ(nac_p_epu_m(1), 18520.0f);
  EXPECT_EQ(nac_p_epu_m(8), 92.6f);
  EXPECT_EQ(nac_p_epu_m(9), 30.0f);
  EXPECT_EQ(nac_p_epu_m(11), 3.0f);
  EXPECT_TRUE(std::isinf(nac_p_epu_m(12)));  // reserved
}

TEST(IntegrityNacV, HorizontalVelocityError) {
  EXPECT_TRUE(std::isinf(nac_v_hfom_mps(0)));
  EXPECT_EQ(nac_v_hfom_mps(1), 10.0f);
  EXPECT_EQ(nac_v_hfom_mps(4), 0.3f);
  EXPECT_TRUE(std::isinf(nac_v_hfom_mps(5)));
}

TEST(IntegritySil, Probability) {
  EXPECT_EQ(sil_probability(0), 1.0);
  EXPECT_EQ(sil_probability(1), 1e-3);
  EXPECT_EQ(sil_probability(3), 1e-7);
}

// The tables are constexpr: usable at compile time.
static_assert(nic_airborne(11, 2, true, true).nic == 9);
static_assert(nic_surface(8, 2, false, true).nic == 6);

}  // namespace
}  // namespace gw::modes::integrity
