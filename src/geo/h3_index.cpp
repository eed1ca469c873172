// H3 cell indexes: encoding a FaceIjk into base cell + digits and back (H3 v4 h3Index.c), and the public
// point, centre, boundary, validity and string functions of geo/h3.hpp.

#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <limits>

#include "geo/h3.hpp"
#include "geo/h3_detail.hpp"
#include "geo/h3_tables.hpp"

namespace gw::geo::h3 {
namespace detail {
namespace {

constexpr int max_face_coord = 2;  // resolution-0 IJK+ components on a face run 0..2

bool base_cell_is_cw_offset(int base_cell, int face) {
  const auto& faces = base_cell_data[base_cell].cw_offset_faces;
  return faces[0] == face || faces[1] == face;
}

// Encodes a FaceIjk at `res`: walk up the aperture-7 hierarchy recording each step's digit, look up the
// base cell at the resolution-0 coordinate, then rotate the digits into the base cell's orientation.
Cell face_ijk_to_cell(const FaceIjk& fijk, int res) {
  Cell h = all_digits_unused | (cell_mode << mode_offset) | (static_cast<Cell>(res) << res_offset);

  FaceIjk bc = fijk;
  for (int r = res - 1; r >= 0; --r) {
    Ijk last = bc.coord;
    Ijk last_center;
    if (is_class_iii(r + 1)) {
      bc.coord = up_ap7(bc.coord);
      last_center = down_ap7(bc.coord);
    } else {
      bc.coord = up_ap7r(bc.coord);
      last_center = down_ap7r(bc.coord);
    }
    h = with_digit(h, r + 1, unit_ijk_to_digit(normalize(last - last_center)));
  }

  if (bc.coord.i > max_face_coord || bc.coord.j > max_face_coord || bc.coord.k > max_face_coord) {
    return 0;  // unreachable from a point on the sphere; kept as H3 keeps it, for out-of-range input
  }
  const BaseCellOrient& orient = face_ijk_base_cells[bc.face][bc.coord.i][bc.coord.j][bc.coord.k];
  h = with_base_cell(h, orient.base_cell);

  if (is_base_cell_pentagon(orient.base_cell)) {
    // The pentagon has no k sub-sequence: rotate out of it, clockwise from the faces that require it.
    if (leading_non_zero_digit(h) == k_axes_digit) {
      h = base_cell_is_cw_offset(orient.base_cell, bc.face) ? rotate60_cw(h) : rotate60_ccw(h);
    }
    for (int i = 0; i < orient.ccw_rot60; ++i) h = rotate_pent60_ccw(h);
  } else {
    for (int i = 0; i < orient.ccw_rot60; ++i) h = rotate60_ccw(h);
  }
  return h;
}

// Walks down from the base cell's home coordinates; returns false when the cell certainly lies on the
// home face (a hexagon base cell's centre hierarchy never leaves it).
bool cell_to_face_ijk_on_home_face(Cell h, FaceIjk& fijk) {
  int res = resolution_of(h);
  bool possible_overage = true;
  if (!is_base_cell_pentagon(base_cell_of(h)) && (res == 0 || fijk.coord == Ijk{0, 0, 0})) {
    possible_overage = false;
  }
  for (int r = 1; r <= res; ++r) {
    fijk.coord = is_class_iii(r) ? down_ap7(fijk.coord) : down_ap7r(fijk.coord);
    fijk.coord = neighbor(fijk.coord, digit_of(h, r));
  }
  return possible_overage;
}

// Decodes a valid cell into FaceIjk on the face that contains its centre.
FaceIjk cell_to_face_ijk(Cell h) {
  int base_cell = base_cell_of(h);
  // Cells of a pentagon's sub-sequence 5 lie rotated by the deleted k sub-sequence (some of
  // sub-sequence 4 too, handled by the overage below).
  if (is_base_cell_pentagon(base_cell) && leading_non_zero_digit(h) == ik_axes_digit) h = rotate60_cw(h);

  FaceIjk fijk = base_cell_data[base_cell].home;
  if (!cell_to_face_ijk_on_home_face(h, fijk)) return fijk;

  // The cell may lie on a neighbouring face. Overage is tested in Class II, so a Class III cell drops
  // into the next finer grid first.
  Ijk orig = fijk.coord;
  int res = resolution_of(h);
  if (is_class_iii(res)) {
    fijk.coord = down_ap7r(fijk.coord);
    ++res;
  }
  bool pent_leading_4 = is_base_cell_pentagon(base_cell) && leading_non_zero_digit(h) == i_axes_digit;
  if (adjust_overage_class_ii(fijk, res, pent_leading_4, false) != Overage::none) {
    // Pentagons can overflow twice, across two face edges.
    if (is_base_cell_pentagon(base_cell)) {
      while (adjust_overage_class_ii(fijk, res, false, false) != Overage::none) {
      }
    }
    if (res != resolution_of(h)) fijk.coord = up_ap7r(fijk.coord);
  } else if (res != resolution_of(h)) {
    fijk.coord = orig;
  }
  return fijk;
}

// H3's unit conversions as h3-js applies them (h3core.js degsToRads / radsToDegs), kept in this order so
// that results match it bit for bit.
constexpr double pi = 3.14159265358979323846;
double to_rad(double deg) { return deg * pi / 180; }
double to_deg(double rad) { return rad * 180 / pi; }
LatLng to_degrees(GeoRad g) { return {to_deg(g.lat), to_deg(g.lng)}; }

}  // namespace

}  // namespace detail

using namespace detail;

int get_resolution(Cell c) { return resolution_of(c); }

bool is_valid_cell(Cell c) {
  // Top byte: reserved bit 0, mode 1 (cell), reserved bits 0.
  if ((c >> 56) != (cell_mode << 3)) return false;
  int res = resolution_of(c);
  int base_cell = base_cell_of(c);
  if (base_cell >= num_base_cells) return false;

  bool seen_non_zero = false;
  for (int r = 1; r <= max_res; ++r) {
    Digit d = digit_of(c, r);
    if (r > res) {
      if (d != invalid_digit) return false;  // digits finer than the resolution must be unused (7)
      continue;
    }
    if (d == invalid_digit) return false;
    // A pentagon has no k sub-sequence: its first non-zero digit cannot be k.
    if (!seen_non_zero && d != center_digit) {
      if (d == k_axes_digit && is_base_cell_pentagon(base_cell)) return false;
      seen_non_zero = true;
    }
  }
  return true;
}

bool is_pentagon(Cell c) {
  return is_valid_cell(c) && is_base_cell_pentagon(base_cell_of(c)) && leading_non_zero_digit(c) == center_digit;
}

Cell lat_lng_to_cell(LatLng p, int res) {
  if (res < 0 || res > max_res || !std::isfinite(p.lat_deg) || !std::isfinite(p.lon_deg)) return 0;
  FaceIjk fijk = geo_to_face_ijk({to_rad(p.lat_deg), to_rad(p.lon_deg)}, res);
  return face_ijk_to_cell(fijk, res);
}

LatLng cell_to_lat_lng(Cell c) {
  if (!is_valid_cell(c)) {
    return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
  }
  return to_degrees(face_ijk_to_geo(cell_to_face_ijk(c), resolution_of(c)));
}

std::vector<LatLng> cell_to_boundary(Cell c) {
  std::vector<LatLng> out;
  if (!is_valid_cell(c)) return out;
  Boundary boundary;
  FaceIjk fijk = cell_to_face_ijk(c);
  if (is_pentagon(c)) {
    face_ijk_pent_to_boundary(fijk, resolution_of(c), boundary);
  } else {
    face_ijk_to_boundary(fijk, resolution_of(c), boundary);
  }
  out.reserve(static_cast<std::size_t>(boundary.num_verts));
  for (int v = 0; v < boundary.num_verts; ++v) out.push_back(to_degrees(boundary.verts[v]));
  return out;
}

std::string to_string(Cell c) {
  std::array<char, 16> buf{};
  auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), c, 16);
  (void)ec;  // 16 hex digits always fit
  return std::string(buf.data(), end);
}

std::optional<Cell> from_string(std::string_view s) {
  if (s.empty() || s.size() > 16) return std::nullopt;
  Cell c = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), c, 16);
  if (ec != std::errc{} || end != s.data() + s.size() || !is_valid_cell(c)) return std::nullopt;
  return c;
}

}  // namespace gw::geo::h3
