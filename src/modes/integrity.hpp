// Every ADS-B integrity and accuracy table in one place: type code -> NIC and containment radius per ADS-B
// version, NUCp (version 0), NACp -> EPU, NACv -> HFOMr, SIL -> probability.
//
// These depend on more than one message (the NIC supplements A and C and the version come from operational
// status, TC 31), so the stateless decoder never calls them: the tracker does, with what it remembers.
//
// Sources. DO-260B = RTCA DO-260B (2009, with Corrigendum 1, 2011), ADS-B version 2. DO-260A = RTCA DO-260A
// (2003), version 1; its NIC table is restated in DO-260B Appendix N (Table N-11). DO-260 = RTCA DO-260 (2000),
// version 0. We did not have the standards' text at hand while writing this: table numbers were checked
// against secondary sources that quote them (The 1090 MHz Riddle, 2nd ed., ch. "Uncertainties in ADS-B";
// standards-compliance issues of lib1090 quoting DO-260B page numbers). Each constant says which table it is.
#pragma once

#include <array>
#include <cstdint>
#include <limits>

namespace gw::modes::integrity {

// Containment radius unknown or larger than 37.04 km (20 NM): NIC 0.
inline constexpr float kRcUnknown = std::numeric_limits<float>::infinity();
inline constexpr float kNauticalMileM = 1852.0f;

struct Containment {
  std::uint8_t nic = 0;
  float rc_m = kRcUnknown;  // horizontal containment radius Rc, metres; +infinity when unknown
  friend constexpr bool operator==(const Containment&, const Containment&) = default;
};

namespace detail {

inline constexpr Containment kNic0{0, kRcUnknown};

// Row index of a pair of supplement bits: (first << 1) | second.
constexpr unsigned supp(bool first, bool second) noexcept { return (first ? 2u : 0u) | (second ? 1u : 0u); }

// DO-260B Table 2-14 "TYPE Subfield Code Definitions" (p. 52, airborne position columns) together with
// Table 2-69 "Navigation Integrity Categories (NIC)" (§2.2.3.2.7.2.6, p. 133): version 2, airborne,
// indexed [type_code - 9][supp(NIC-A, NIC-B)] for TC 9..22 (TC 19 is velocity: no row).
// Combinations the tables do not list (e.g. TC 11 with A != B) take the worse listed row of that type code,
// so an unlisted combination never claims more integrity than the message can prove.
inline constexpr std::array<std::array<Containment, 4>, 14> kAirborneV2 = {{
    /* TC 9  */ {{{11, 7.5f}, {11, 7.5f}, {11, 7.5f}, {11, 7.5f}}},
    /* TC 10 */ {{{10, 25.0f}, {10, 25.0f}, {10, 25.0f}, {10, 25.0f}}},
    // TC 11: A=0,B=0 -> NIC 8, Rc < 0.1 NM; A=1,B=1 -> NIC 9, Rc < 75 m; A != B not listed -> NIC 8.
    /* TC 11 */ {{{8, 185.2f}, {8, 185.2f}, {8, 185.2f}, {9, 75.0f}}},
    /* TC 12 */ {{{7, 370.4f}, {7, 370.4f}, {7, 370.4f}, {7, 370.4f}}},
    // TC 13, all NIC 6: A=0,B=0 -> Rc < 0.5 NM; A=0,B=1 -> Rc < 0.3 NM; A=1,B=1 -> Rc < 0.6 NM;
    // A=1,B=0 not listed -> the largest listed radius, 0.6 NM.
    /* TC 13 */ {{{6, 926.0f}, {6, 555.6f}, {6, 1111.2f}, {6, 1111.2f}}},
    /* TC 14 */ {{{5, 1852.0f}, {5, 1852.0f}, {5, 1852.0f}, {5, 1852.0f}}},
    /* TC 15 */ {{{4, 3704.0f}, {4, 3704.0f}, {4, 3704.0f}, {4, 3704.0f}}},
    // TC 16: A=1,B=1 -> NIC 3, Rc < 4 NM; A=0,B=0 -> NIC 2, Rc < 8 NM; A != B not listed -> NIC 2.
    /* TC 16 */ {{{2, 14816.0f}, {2, 14816.0f}, {2, 14816.0f}, {3, 7408.0f}}},
    /* TC 17 */ {{{1, 37040.0f}, {1, 37040.0f}, {1, 37040.0f}, {1, 37040.0f}}},
    /* TC 18 */ {{kNic0, kNic0, kNic0, kNic0}},
    /* TC 19 */ {{kNic0, kNic0, kNic0, kNic0}},
    // TC 20-22 (GNSS height): NIC 11 / 10 / 0, supplements not used. (DO-260C/ED-102B remap these; we
    // follow DO-260B.)
    /* TC 20 */ {{{11, 7.5f}, {11, 7.5f}, {11, 7.5f}, {11, 7.5f}}},
    /* TC 21 */ {{{10, 25.0f}, {10, 25.0f}, {10, 25.0f}, {10, 25.0f}}},
    /* TC 22 */ {{kNic0, kNic0, kNic0, kNic0}},
}};

// DO-260A §2.2.3.2.7.2.6 NIC table, as restated in DO-260B Appendix N Table N-11: version 1, airborne,
// indexed [type_code - 9][NIC supplement] (one supplement bit, sent in TC 31 ME bit 44).
inline constexpr std::array<std::array<Containment, 2>, 14> kAirborneV1 = {{
    /* TC 9  */ {{{11, 7.5f}, {11, 7.5f}}},
    /* TC 10 */ {{{10, 25.0f}, {10, 25.0f}}},
    /* TC 11 */ {{{8, 185.2f}, {9, 75.0f}}},
    /* TC 12 */ {{{7, 370.4f}, {7, 370.4f}}},
    /* TC 13 */ {{{6, 926.0f}, {6, 1111.2f}}},
    /* TC 14 */ {{{5, 1852.0f}, {5, 1852.0f}}},
    /* TC 15 */ {{{4, 3704.0f}, {4, 3704.0f}}},
    // TC 16, version 1 (published decoders disagree here): DO-260A / DO-260B Table N-11 give NIC
    // supplement 1 -> NIC 3, Rc < 4 NM (7408 m) and supplement 0 -> NIC 2, Rc < 8 NM (14816 m). Only the NIC
    // supplement of TC 31 counts in version 1: ME bit 8 of the position is then the single-antenna flag, not
    // NIC-B, so a version-2 rule "A and B both 1" must not be applied here.
    /* TC 16 */ {{{2, 14816.0f}, {3, 7408.0f}}},
    /* TC 17 */ {{{1, 37040.0f}, {1, 37040.0f}}},
    /* TC 18 */ {{kNic0, kNic0}},
    /* TC 19 */ {{kNic0, kNic0}},
    /* TC 20 */ {{{11, 7.5f}, {11, 7.5f}}},
    /* TC 21 */ {{{10, 25.0f}, {10, 25.0f}}},
    /* TC 22 */ {{kNic0, kNic0}},
}};

// DO-260B Table 2-14 (surface position columns) and Table 2-69: version 2, surface, indexed
// [type_code - 5][supp(NIC-A, NIC-C)].
inline constexpr std::array<std::array<Containment, 4>, 4> kSurfaceV2 = {{
    /* TC 5 */ {{{11, 7.5f}, {11, 7.5f}, {11, 7.5f}, {11, 7.5f}}},
    /* TC 6 */ {{{10, 25.0f}, {10, 25.0f}, {10, 25.0f}, {10, 25.0f}}},
    // TC 7: A=0,C=0 -> NIC 8, Rc < 0.1 NM; A=1,C=0 -> NIC 9, Rc < 75 m; C=1 not listed -> NIC 8.
    /* TC 7 */ {{{8, 185.2f}, {8, 185.2f}, {9, 75.0f}, {8, 185.2f}}},
    // TC 8 (published decoders disagree on A=0,C=1): Table 2-69 lists
    //   A=0,C=0 -> NIC 0, Rc unknown;      A=0,C=1 -> NIC 6, Rc < 0.6 NM (1111.2 m);
    //   A=1,C=0 -> NIC 6, Rc < 0.3 NM;     A=1,C=1 -> NIC 7, Rc < 0.2 NM.
    /* TC 8 */ {{kNic0, {6, 1111.2f}, {6, 555.6f}, {7, 370.4f}}},
}};

// DO-260A NIC table (DO-260B Table N-11): version 1, surface, indexed [type_code - 5][NIC supplement].
inline constexpr std::array<std::array<Containment, 2>, 4> kSurfaceV1 = {{
    /* TC 5 */ {{{11, 7.5f}, {11, 7.5f}}},
    /* TC 6 */ {{{10, 25.0f}, {10, 25.0f}}},
    /* TC 7 */ {{{8, 185.2f}, {9, 75.0f}}},
    /* TC 8 */ {{kNic0, kNic0}},  // NIC 0: Rc > 0.1 NM or unknown
}};

// DO-260 (version 0) §2.2.3.2.3.1 "TYPE" subfield code definitions, NUCp column (also ICAO Doc 9871 Ed. 1
// and The 1090 MHz Riddle "Mapping between TC and NUCp"), indexed by type code 0..31; 0 where the type code
// carries no position.
inline constexpr std::array<std::uint8_t, 32> kNucP = {
    0,              // TC 0: no position
    0, 0, 0, 0,     // TC 1-4: identification
    9, 8, 7, 6,     // TC 5-8: surface position
    9, 8, 7, 6, 5, 4, 3, 2, 1, 0,  // TC 9-18: airborne position, barometric altitude
    0,              // TC 19: velocity
    9, 8, 0,        // TC 20-22: airborne position, GNSS height
    0, 0, 0, 0, 0, 0, 0, 0, 0,     // TC 23-31
};

// DO-260 NUCp table (horizontal protection limit HPL), metres, indexed by NUCp 0..9.
inline constexpr std::array<float, 10> kNucPHplM = {
    kRcUnknown,  // 0: HPL > 20 NM or unknown
    37040.0f,    // 1: < 20 NM
    18520.0f,    // 2: < 10 NM
    3704.0f,     // 3: < 2 NM
    1852.0f,     // 4: < 1 NM
    926.0f,      // 5: < 0.5 NM
    370.4f,      // 6: < 0.2 NM
    185.2f,      // 7: < 0.1 NM
    25.0f,       // 8: < 25 m
    7.5f,        // 9: < 7.5 m
};

// DO-260B §2.2.3.2.7.2.7 Table 2-70 "Navigation Accuracy Categories for Position (NACp)": estimated position
// uncertainty EPU (95 %), metres, indexed by NACp 0..15 (12-15 reserved -> unknown).
inline constexpr std::array<float, 16> kNacPEpuM = {
    kRcUnknown,  // 0: EPU >= 10 NM or unknown
    18520.0f,    // 1: < 10 NM
    7408.0f,     // 2: < 4 NM
    3704.0f,     // 3: < 2 NM
    1852.0f,     // 4: < 1 NM
    926.0f,      // 5: < 0.5 NM
    555.6f,      // 6: < 0.3 NM
    185.2f,      // 7: < 0.1 NM
    92.6f,       // 8: < 0.05 NM
    30.0f,       // 9: < 30 m
    10.0f,       // 10: < 10 m
    3.0f,        // 11: < 3 m
    kRcUnknown, kRcUnknown, kRcUnknown, kRcUnknown,  // 12-15: reserved
};

// DO-260B §2.2.3.2.6.1.5 NACv table ("Navigation Accuracy Category for Velocity", airborne velocity ME bits
// 11-13; same values as the DO-260 NUCr table): horizontal velocity error HFOMr (95 %), m/s, indexed 0..7.
inline constexpr std::array<float, 8> kNacVHfomMps = {
    kRcUnknown,  // 0: unknown or >= 10 m/s
    10.0f,       // 1: < 10 m/s
    3.0f,        // 2: < 3 m/s
    1.0f,        // 3: < 1 m/s
    0.3f,        // 4: < 0.3 m/s
    kRcUnknown, kRcUnknown, kRcUnknown,  // 5-7: reserved
};

// DO-260B §2.2.3.2.7.2.9 Table 2-71 "Source Integrity Level (SIL)": probability of exceeding Rc without
// alert (per flight hour or per sample, see the SIL supplement), indexed by SIL 0..3. SIL 0 is "unknown or
// > 1e-3": returned as 1 (no bound).
inline constexpr std::array<double, 4> kSilProbability = {1.0, 1e-3, 1e-5, 1e-7};

}  // namespace detail

// NIC and Rc of an airborne position (TC 9-18, 20-22). `version` is the aircraft's ADS-B version from TC 31:
// 2 -> DO-260B rules with NIC-A (TC 31) and NIC-B (position ME bit 8); 1 -> DO-260A rules with NIC-A only
// (`nic_b` ignored); 0 -> NIC is not defined in version 0 (use nuc_p): NIC 0, Rc unknown. Versions above 2
// are treated as 2. Other type codes: NIC 0.
constexpr Containment nic_airborne(std::uint8_t type_code, std::uint8_t version, bool nic_a, bool nic_b) noexcept {
  const bool airborne = (type_code >= 9 && type_code <= 18) || (type_code >= 20 && type_code <= 22);
  if (!airborne || version == 0) return detail::kNic0;
  if (version == 1) return detail::kAirborneV1[type_code - 9][nic_a ? 1 : 0];
  return detail::kAirborneV2[type_code - 9][detail::supp(nic_a, nic_b)];
}

// NIC and Rc of a surface position (TC 5-8). Version 2 uses NIC-A and NIC-C (both from TC 31), version 1
// NIC-A only, version 0 has no NIC.
constexpr Containment nic_surface(std::uint8_t type_code, std::uint8_t version, bool nic_a, bool nic_c) noexcept {
  if (type_code < 5 || type_code > 8 || version == 0) return detail::kNic0;
  if (version == 1) return detail::kSurfaceV1[type_code - 5][nic_a ? 1 : 0];
  return detail::kSurfaceV2[type_code - 5][detail::supp(nic_a, nic_c)];
}

// NUCp of a version-0 position message from its type code (0 when the type code carries no position).
constexpr std::uint8_t nuc_p(std::uint8_t type_code) noexcept {
  return type_code < detail::kNucP.size() ? detail::kNucP[type_code] : 0;
}

constexpr float nuc_p_hpl_m(std::uint8_t nuc_p) noexcept {
  return nuc_p < detail::kNucPHplM.size() ? detail::kNucPHplM[nuc_p] : kRcUnknown;
}

constexpr float nac_p_epu_m(std::uint8_t nac_p) noexcept {
  return nac_p < detail::kNacPEpuM.size() ? detail::kNacPEpuM[nac_p] : kRcUnknown;
}

constexpr float nac_v_hfom_mps(std::uint8_t nac_v) noexcept {
  return nac_v < detail::kNacVHfomMps.size() ? detail::kNacVHfomMps[nac_v] : kRcUnknown;
}

constexpr double sil_probability(std::uint8_t sil) noexcept {
  return sil < detail::kSilProbability.size() ? detail::kSilProbability[sil] : 1.0;
}

}  // namespace gw::modes::integrity
