#pragma once
// Internals of the native H3 in src/geo/h3*.cpp: coordinate types, the IJK hex-lattice arithmetic and
// the bit layout of a cell index. Not part of the public API (see geo/h3.hpp).
//
// Coordinate systems, after the H3 documentation (h3geo.org, "Coordinate systems"):
// - GeoRad: latitude/longitude in radians on the sphere.
// - FaceIjk: one of the 20 icosahedron faces plus IJK+ hex coordinates centred on that face, at a given
//   resolution. IJK has three axes 120 degrees apart; "+" means normalized: all components >= 0 and at
//   least one of them 0, so every hex has one representation.
// - Vec2: the face's gnomonic plane in units of the cell spacing, x along the i axis.
// Resolutions alternate between Class II (even: axes aligned with the face) and Class III (odd: rotated
// by asin(sqrt(3/28)) ~ 19.1 degrees); each is an aperture-7 refinement of the one before.

#include <cmath>
#include <cstdint>

namespace gw::geo::h3::detail {

struct GeoRad {
  double lat;
  double lng;
};

struct Vec2 {
  double x;
  double y;
};

struct Vec3 {
  double x;
  double y;
  double z;
};

struct Ijk {
  int i;
  int j;
  int k;
  friend constexpr bool operator==(const Ijk&, const Ijk&) = default;
};

struct FaceIjk {
  int face;
  Ijk coord;
};

// ---- IJK lattice arithmetic (coordijk.c in H3) ----

constexpr Ijk operator+(Ijk a, Ijk b) { return {a.i + b.i, a.j + b.j, a.k + b.k}; }
constexpr Ijk operator-(Ijk a, Ijk b) { return {a.i - b.i, a.j - b.j, a.k - b.k}; }
constexpr Ijk operator*(Ijk a, int s) { return {a.i * s, a.j * s, a.k * s}; }

// Removes negative components, then the common minimum: the unique IJK+ form of the same hex.
constexpr Ijk normalize(Ijk c) {
  if (c.i < 0) {
    c.j -= c.i;
    c.k -= c.i;
    c.i = 0;
  }
  if (c.j < 0) {
    c.i -= c.j;
    c.k -= c.j;
    c.j = 0;
  }
  if (c.k < 0) {
    c.i -= c.k;
    c.j -= c.k;
    c.k = 0;
  }
  int min = c.i;
  if (c.j < min) min = c.j;
  if (c.k < min) min = c.k;
  if (min > 0) {
    c.i -= min;
    c.j -= min;
    c.k -= min;
  }
  return c;
}

// A linear map given by the images of the three unit vectors, then normalized. Every aperture step and
// rotation below is one.
constexpr Ijk transform(Ijk c, Ijk i_image, Ijk j_image, Ijk k_image) {
  return normalize(i_image * c.i + j_image * c.j + k_image * c.k);
}

constexpr Ijk rotate60_ccw(Ijk c) { return transform(c, {1, 1, 0}, {0, 1, 1}, {1, 0, 1}); }
constexpr Ijk rotate60_cw(Ijk c) { return transform(c, {1, 0, 1}, {1, 1, 0}, {0, 1, 1}); }

// The centre of this hex in the next finer aperture-7 grid, counter-clockwise (into Class III) or
// clockwise (into Class II).
constexpr Ijk down_ap7(Ijk c) { return transform(c, {3, 0, 1}, {1, 3, 0}, {0, 1, 3}); }
constexpr Ijk down_ap7r(Ijk c) { return transform(c, {3, 1, 0}, {0, 3, 1}, {1, 0, 3}); }

// The centre of this hex in the aperture-3 grids used to place cell vertices.
constexpr Ijk down_ap3(Ijk c) { return transform(c, {2, 0, 1}, {1, 2, 0}, {0, 1, 2}); }
constexpr Ijk down_ap3r(Ijk c) { return transform(c, {2, 1, 0}, {0, 2, 1}, {1, 0, 2}); }

// The parent's centre in the coarser counter-clockwise (up_ap7) or clockwise (up_ap7r) aperture-7 grid.
// The operands are never a tie for lround: they are integers divided by 7.
inline constexpr double one_seventh = 0.14285714285714285714285714285714285;
inline Ijk up_ap7(Ijk c) {
  int i = c.i - c.k;
  int j = c.j - c.k;
  return normalize({static_cast<int>(std::lround((3 * i - j) * one_seventh)),
                    static_cast<int>(std::lround((i + 2 * j) * one_seventh)), 0});
}
inline Ijk up_ap7r(Ijk c) {
  int i = c.i - c.k;
  int j = c.j - c.k;
  return normalize({static_cast<int>(std::lround((2 * i + j) * one_seventh)),
                    static_cast<int>(std::lround((3 * j - i) * one_seventh)), 0});
}

// ---- H3 index digits and bit layout ----

// A digit names one of the seven cells of an aperture-7 family by its unit IJK vector.
using Digit = int;
inline constexpr Digit center_digit = 0;
inline constexpr Digit k_axes_digit = 1;
inline constexpr Digit j_axes_digit = 2;
inline constexpr Digit jk_axes_digit = 3;
inline constexpr Digit i_axes_digit = 4;
inline constexpr Digit ik_axes_digit = 5;
inline constexpr Digit ij_axes_digit = 6;
inline constexpr Digit invalid_digit = 7;

inline constexpr Ijk unit_vecs[7] = {{0, 0, 0}, {0, 0, 1}, {0, 1, 0}, {0, 1, 1},
                                     {1, 0, 0}, {1, 0, 1}, {1, 1, 0}};

constexpr Digit rotate60_ccw(Digit d) {
  constexpr Digit next[8] = {0, 5, 3, 1, 6, 4, 2, 7};  // k->ik, j->jk, jk->k, i->ij, ik->i, ij->j
  return next[d];
}
constexpr Digit rotate60_cw(Digit d) {
  constexpr Digit next[8] = {0, 3, 6, 2, 5, 1, 4, 7};  // k->jk, j->ij, jk->j, i->ik, ik->k, ij->i
  return next[d];
}

// The digit of a unit vector (or the zero vector); invalid_digit for anything else.
constexpr Digit unit_ijk_to_digit(Ijk c) {
  c = normalize(c);
  for (Digit d = center_digit; d < invalid_digit; ++d) {
    if (c == unit_vecs[d]) return d;
  }
  return invalid_digit;
}

constexpr Ijk neighbor(Ijk c, Digit d) {
  return (d > center_digit && d < invalid_digit) ? normalize(c + unit_vecs[d]) : c;
}

// Bit layout of a cell (H3 documentation, "H3 index representations"): 1 reserved bit (0), 4 mode bits
// (1 = cell), 3 reserved bits (0), 4 resolution bits, 7 base cell bits, then 15 digits of 3 bits each,
// resolution 1 first; digits finer than the resolution are 7.
inline constexpr int max_res = 15;
inline constexpr int mode_offset = 59;
inline constexpr int res_offset = 52;
inline constexpr int base_cell_offset = 45;
inline constexpr std::uint64_t cell_mode = 1;
inline constexpr std::uint64_t all_digits_unused = (std::uint64_t{1} << 45) - 1;  // H3_INIT

constexpr int resolution_of(std::uint64_t h) { return static_cast<int>((h >> res_offset) & 0xF); }
constexpr int base_cell_of(std::uint64_t h) { return static_cast<int>((h >> base_cell_offset) & 0x7F); }
constexpr int digit_offset(int r) { return (max_res - r) * 3; }
constexpr Digit digit_of(std::uint64_t h, int r) { return static_cast<Digit>((h >> digit_offset(r)) & 7); }

constexpr std::uint64_t with_base_cell(std::uint64_t h, int base_cell) {
  return (h & ~(std::uint64_t{0x7F} << base_cell_offset)) |
         (static_cast<std::uint64_t>(base_cell) << base_cell_offset);
}
constexpr std::uint64_t with_digit(std::uint64_t h, int r, Digit d) {
  return (h & ~(std::uint64_t{7} << digit_offset(r))) | (static_cast<std::uint64_t>(d) << digit_offset(r));
}

constexpr bool is_class_iii(int res) { return res % 2 == 1; }

// The first non-zero digit, coarsest first; center_digit if all are zero (a pentagon's centre line).
constexpr Digit leading_non_zero_digit(std::uint64_t h) {
  for (int r = 1, res = resolution_of(h); r <= res; ++r) {
    if (Digit d = digit_of(h, r); d != center_digit) return d;
  }
  return center_digit;
}

// Rotating a cell about its base cell's centre rotates every digit.
constexpr std::uint64_t rotate60_ccw(std::uint64_t h) {
  for (int r = 1, res = resolution_of(h); r <= res; ++r) h = with_digit(h, r, rotate60_ccw(digit_of(h, r)));
  return h;
}
constexpr std::uint64_t rotate60_cw(std::uint64_t h) {
  for (int r = 1, res = resolution_of(h); r <= res; ++r) h = with_digit(h, r, rotate60_cw(digit_of(h, r)));
  return h;
}

// About a pentagon's centre, where the k sub-sequence does not exist: a rotation that lands the leading
// digit on k must rotate once more to skip it.
constexpr std::uint64_t rotate_pent60_ccw(std::uint64_t h) {
  bool found_first_non_zero = false;
  for (int r = 1, res = resolution_of(h); r <= res; ++r) {
    h = with_digit(h, r, rotate60_ccw(digit_of(h, r)));
    if (!found_first_non_zero && digit_of(h, r) != center_digit) {
      found_first_non_zero = true;
      if (leading_non_zero_digit(h) == k_axes_digit) h = rotate60_ccw(h);
    }
  }
  return h;
}

// ---- Functions shared between the .cpp files ----

// h3_face.cpp: the projection between the sphere and the faces.
FaceIjk geo_to_face_ijk(GeoRad g, int res);
GeoRad face_ijk_to_geo(const FaceIjk& h, int res);

enum class Overage { none, face_edge, new_face };
// Moves a Class II FaceIjk whose coordinates run past its face's edge onto the neighbouring face.
Overage adjust_overage_class_ii(FaceIjk& fijk, int res, bool pent_leading_4, bool substrate);

struct Boundary {
  GeoRad verts[10];
  int num_verts = 0;
};
void face_ijk_to_boundary(const FaceIjk& h, int res, Boundary& out);
void face_ijk_pent_to_boundary(const FaceIjk& h, int res, Boundary& out);

}  // namespace gw::geo::h3::detail
