// The projection between the sphere and H3's icosahedron faces (H3 v4 faceijk.c, latLng.c, coordijk.c).
//
// Each face carries a gnomonic projection centred on the face centre; hex coordinates on a face are found
// by scaling the projected point to the resolution's cell spacing. All arithmetic is in double, in the
// same order as H3's C, so results agree with the reference to the last bit wherever the maths library
// does (h3-js runs H3's C compiled to asm.js, where long double is double too).

#include <cfloat>
#include <cmath>

#include "geo/h3_detail.hpp"
#include "geo/h3_tables.hpp"

namespace gw::geo::h3::detail {
namespace {

// Constants as H3 v4 constants.h defines them.
constexpr double pi = 3.14159265358979323846;
constexpr double pi_2 = 1.5707963267948966;
constexpr double two_pi = 6.28318530717958647692528676655900576839433;
constexpr double epsilon = 0.0000000000000001;
constexpr double sqrt3_2 = 0.8660254037844386467637231707529361834714;  // sin 60
constexpr double rsin60 = 1.1547005383792515290182975610039149112953;   // 1 / sin 60
constexpr double sqrt7 = 2.6457513110645905905016157536392604257102;    // aperture-7 scale per resolution
// Rotation between a Class II grid and the Class III grid inside it: asin(sqrt(3/28)).
constexpr double ap7_rot_rads = 0.333473172251832115336090755351601070065900389;
// Gnomonic distance from a face centre to a resolution-0 cell centre on the face's axes.
constexpr double res0_u_gnomonic = 0.38196601125010500003;

constexpr int num_hex_verts = 6;
constexpr int num_pent_verts = 5;

double pos_angle(double rads) {
  double tmp = rads < 0.0 ? rads + two_pi : rads;
  if (rads >= two_pi) tmp -= two_pi;
  return tmp;
}

double constrain_lng(double lng) {
  while (lng > pi) lng = lng - (2 * pi);
  while (lng < -pi) lng = lng + (2 * pi);
  return lng;
}

Vec3 to_vec3(GeoRad g) {
  double r = std::cos(g.lat);
  return {std::cos(g.lng) * r, std::sin(g.lng) * r, std::sin(g.lat)};
}

double square_distance(const Vec3& a, const Vec3& b) {
  auto sq = [](double x) { return x * x; };
  return sq(a.x - b.x) + sq(a.y - b.y) + sq(a.z - b.z);
}

// Initial bearing from p1 to p2 on the sphere.
double azimuth_rads(GeoRad p1, GeoRad p2) {
  return std::atan2(std::cos(p2.lat) * std::sin(p2.lng - p1.lng),
                    std::cos(p1.lat) * std::sin(p2.lat) -
                        std::sin(p1.lat) * std::cos(p2.lat) * std::cos(p2.lng - p1.lng));
}

// The point `distance` radians from p1 along azimuth `az`; due north/south and the poles are exact.
GeoRad az_distance_point(GeoRad p1, double az, double distance) {
  if (distance < epsilon) return p1;
  GeoRad p2{};
  az = pos_angle(az);
  if (az < epsilon || std::fabs(az - pi) < epsilon) {
    p2.lat = az < epsilon ? p1.lat + distance : p1.lat - distance;
    if (std::fabs(p2.lat - pi_2) < epsilon) return {pi_2, 0.0};
    if (std::fabs(p2.lat + pi_2) < epsilon) return {-pi_2, 0.0};
    p2.lng = constrain_lng(p1.lng);
    return p2;
  }
  double sinlat = std::sin(p1.lat) * std::cos(distance) + std::cos(p1.lat) * std::sin(distance) * std::cos(az);
  if (sinlat > 1.0) sinlat = 1.0;
  if (sinlat < -1.0) sinlat = -1.0;
  p2.lat = std::asin(sinlat);
  if (std::fabs(p2.lat - pi_2) < epsilon) return {pi_2, 0.0};
  if (std::fabs(p2.lat + pi_2) < epsilon) return {-pi_2, 0.0};
  double sinlng = std::sin(az) * std::sin(distance) / std::cos(p2.lat);
  double coslng = (std::cos(distance) - std::sin(p1.lat) * std::sin(p2.lat)) / std::cos(p1.lat) / std::cos(p2.lat);
  if (sinlng > 1.0) sinlng = 1.0;
  if (sinlng < -1.0) sinlng = -1.0;
  if (coslng > 1.0) coslng = 1.0;
  if (coslng < -1.0) coslng = -1.0;
  p2.lng = constrain_lng(p1.lng + std::atan2(sinlng, coslng));
  return p2;
}

// The face whose centre is nearest (squared chord length `sqd` to it).
int closest_face(GeoRad g, double& sqd) {
  Vec3 v = to_vec3(g);
  int face = 0;
  sqd = 5.0;  // above the largest possible squared chord, 4
  for (int f = 0; f < num_faces; ++f) {
    double d = square_distance(face_center_point[f], v);
    if (d < sqd) {
      face = f;
      sqd = d;
    }
  }
  return face;
}

// The point's position in its face's plane, in cell-spacing units of resolution `res`.
Vec2 geo_to_hex2d(GeoRad g, int res, int& face) {
  double sqd = 0;
  face = closest_face(g, sqd);
  // cos(r) = 1 - 2 sin^2(r/2) = 1 - sqd/2
  double r = std::acos(1 - sqd / 2);
  if (r < epsilon) return {0.0, 0.0};

  double theta = pos_angle(face_i_axis_azimuth_rads[face] - pos_angle(azimuth_rads(face_center_geo[face], g)));
  if (is_class_iii(res)) theta = pos_angle(theta - ap7_rot_rads);

  r = std::tan(r);  // gnomonic projection
  r /= res0_u_gnomonic;
  for (int i = 0; i < res; ++i) r *= sqrt7;
  return {r * std::cos(theta), r * std::sin(theta)};
}

// The hex containing a plane point (H3's _hex2dToCoordIJK, after DGGRID): quantize in the first sextant,
// then mirror back across the axes.
Ijk hex2d_to_ijk(Vec2 v) {
  double a1 = std::fabs(v.x);
  double a2 = std::fabs(v.y);
  double x2 = a2 * rsin60;
  double x1 = a1 + x2 / 2.0;
  int m1 = static_cast<int>(x1);
  int m2 = static_cast<int>(x2);
  double r1 = x1 - m1;
  double r2 = x2 - m2;

  Ijk h{0, 0, 0};
  if (r1 < 0.5) {
    if (r1 < 1.0 / 3.0) {
      h.i = m1;
      h.j = r2 < (1.0 + r1) / 2.0 ? m2 : m2 + 1;
    } else {
      h.j = r2 < (1.0 - r1) ? m2 : m2 + 1;
      h.i = ((1.0 - r1) <= r2 && r2 < (2.0 * r1)) ? m1 + 1 : m1;
    }
  } else {
    if (r1 < 2.0 / 3.0) {
      h.j = r2 < (1.0 - r1) ? m2 : m2 + 1;
      h.i = ((2.0 * r1 - 1.0) < r2 && r2 < (1.0 - r1)) ? m1 : m1 + 1;
    } else {
      h.i = m1 + 1;
      h.j = r2 < (r1 / 2.0) ? m2 : m2 + 1;
    }
  }

  if (v.x < 0.0) {
    // Mirror across the j axis.
    std::int64_t axis_i = (h.j % 2 == 0) ? h.j / 2 : (h.j + 1) / 2;
    std::int64_t diff = h.i - axis_i;
    h.i = static_cast<int>(h.j % 2 == 0 ? h.i - 2 * diff : h.i - (2 * diff + 1));
  }
  if (v.y < 0.0) {
    h.i = h.i - (2 * h.j + 1) / 2;
    h.j = -h.j;
  }
  return normalize(h);
}

Vec2 ijk_to_hex2d(Ijk h) {
  int i = h.i - h.k;
  int j = h.j - h.k;
  return {i - 0.5 * j, j * sqrt3_2};
}

// Inverse of geo_to_hex2d. A substrate grid is the aperture-3 (and for Class III, 3 then 7) refinement
// that cell vertices sit on; its coordinates are already in the Class II orientation.
GeoRad hex2d_to_geo(Vec2 v, int face, int res, bool substrate) {
  double r = std::sqrt(v.x * v.x + v.y * v.y);
  if (r < epsilon) return face_center_geo[face];

  double theta = std::atan2(v.y, v.x);
  for (int i = 0; i < res; ++i) r /= sqrt7;
  if (substrate) {
    r /= 3.0;
    if (is_class_iii(res)) r /= sqrt7;
  }
  r *= res0_u_gnomonic;
  r = std::atan(r);  // inverse gnomonic projection

  if (!substrate && is_class_iii(res)) theta = pos_angle(theta + ap7_rot_rads);
  theta = pos_angle(face_i_axis_azimuth_rads[face] - theta);
  return az_distance_point(face_center_geo[face], theta, r);
}

// Intersection of the lines p0-p1 and p2-p3.
Vec2 intersect(Vec2 p0, Vec2 p1, Vec2 p2, Vec2 p3) {
  Vec2 s1{p1.x - p0.x, p1.y - p0.y};
  Vec2 s2{p3.x - p2.x, p3.y - p2.y};
  double t = (s2.x * (p0.y - p2.y) - s2.y * (p0.x - p2.x)) / (-s2.x * s1.y + s1.x * s2.y);
  return {p0.x + (t * s1.x), p0.y + (t * s1.y)};
}

bool almost_equal(Vec2 a, Vec2 b) { return std::fabs(a.x - b.x) < FLT_EPSILON && std::fabs(a.y - b.y) < FLT_EPSILON; }

// Vertices of a cell centred at the origin, ccw from the i axis, on the substrate grid: aperture 3 then
// 3r gives Class II vertices; for Class III a further 7r brings them into Class II orientation.
constexpr Ijk verts_class_ii[num_hex_verts] = {{2, 1, 0}, {1, 2, 0}, {0, 2, 1}, {0, 1, 2}, {1, 0, 2}, {2, 0, 1}};
constexpr Ijk verts_class_iii[num_hex_verts] = {{5, 4, 0}, {1, 5, 0}, {0, 5, 4}, {0, 1, 5}, {4, 0, 5}, {5, 0, 1}};

// The cell's vertices as substrate FaceIjk on the centre's face; `res` becomes the substrate's Class II
// resolution.
void cell_verts(FaceIjk center, int& res, int count, FaceIjk* verts) {
  const Ijk* offsets = is_class_iii(res) ? verts_class_iii : verts_class_ii;
  center.coord = down_ap3r(down_ap3(center.coord));
  if (is_class_iii(res)) {
    center.coord = down_ap7r(center.coord);
    res += 1;
  }
  for (int v = 0; v < count; ++v) verts[v] = {center.face, normalize(center.coord + offsets[v])};
}

// The two ends of the face edge facing `quadrant`, in the substrate plane of resolution `adj_res`.
void face_edge(int quadrant, int adj_res, Vec2& edge0, Vec2& edge1) {
  double max_dim = max_dim_class_ii(adj_res);
  Vec2 v0{3.0 * max_dim, 0.0};
  Vec2 v1{-1.5 * max_dim, 3.0 * sqrt3_2 * max_dim};
  Vec2 v2{-1.5 * max_dim, -3.0 * sqrt3_2 * max_dim};
  switch (quadrant) {
    case quadrant_ij:
      edge0 = v0;
      edge1 = v1;
      break;
    case quadrant_jk:
      edge0 = v1;
      edge1 = v2;
      break;
    default:  // quadrant_ki
      edge0 = v2;
      edge1 = v0;
      break;
  }
}

Overage adjust_pent_vert_overage(FaceIjk& fijk, int res) {
  Overage overage;
  do {
    overage = adjust_overage_class_ii(fijk, res, false, true);
  } while (overage == Overage::new_face);
  return overage;
}

}  // namespace

FaceIjk geo_to_face_ijk(GeoRad g, int res) {
  FaceIjk h{};
  Vec2 v = geo_to_hex2d(g, res, h.face);
  h.coord = hex2d_to_ijk(v);
  return h;
}

GeoRad face_ijk_to_geo(const FaceIjk& h, int res) { return hex2d_to_geo(ijk_to_hex2d(h.coord), h.face, res, false); }

Overage adjust_overage_class_ii(FaceIjk& fijk, int res, bool pent_leading_4, bool substrate) {
  Ijk& ijk = fijk.coord;
  int max_dim = max_dim_class_ii(res);
  if (substrate) max_dim *= 3;

  int sum = ijk.i + ijk.j + ijk.k;
  if (substrate && sum == max_dim) return Overage::face_edge;
  if (sum <= max_dim) return Overage::none;

  int quadrant;
  if (ijk.k > 0) {
    if (ijk.j > 0) {
      quadrant = quadrant_jk;
    } else {
      quadrant = quadrant_ki;
      // A pentagon's cells with leading digit 4 lie rotated by the deleted k sub-sequence: rotate them
      // about the pentagon (the face's i vertex) before crossing.
      if (pent_leading_4) {
        Ijk origin{max_dim, 0, 0};
        ijk = rotate60_cw(ijk - origin) + origin;
      }
    }
  } else {
    quadrant = quadrant_ij;
  }

  const FaceOrient& orient = face_neighbors[fijk.face][quadrant];
  fijk.face = orient.face;
  for (int i = 0; i < orient.ccw_rot60; ++i) ijk = rotate60_ccw(ijk);
  int unit_scale = unit_scale_class_ii(res);
  if (substrate) unit_scale *= 3;
  ijk = normalize(ijk + orient.translate * unit_scale);

  // Overage points on pentagon boundaries can end up on edges.
  if (substrate && ijk.i + ijk.j + ijk.k == max_dim) return Overage::face_edge;
  return Overage::new_face;
}

void face_ijk_to_boundary(const FaceIjk& h, int res, Boundary& out) {
  int adj_res = res;
  FaceIjk verts[num_hex_verts];
  cell_verts(h, adj_res, num_hex_verts, verts);

  // One extra step past the last vertex checks the closing edge for a face crossing.
  out.num_verts = 0;
  int last_face = -1;
  Overage last_overage = Overage::none;
  for (int vert = 0; vert < num_hex_verts + 1; ++vert) {
    int v = vert % num_hex_verts;
    FaceIjk fijk = verts[v];
    Overage overage = adjust_overage_class_ii(fijk, adj_res, false, true);

    // A Class III edge that crosses an icosahedron edge is projected in two pieces, one per face, with
    // an extra (distortion) vertex where it crosses. Class II edges meet face edges only at vertices.
    if (is_class_iii(res) && vert > 0 && fijk.face != last_face && last_overage != Overage::face_edge) {
      int last_v = (v + 5) % num_hex_verts;
      Vec2 orig0 = ijk_to_hex2d(verts[last_v].coord);
      Vec2 orig1 = ijk_to_hex2d(verts[v].coord);
      int face2 = last_face == h.face ? fijk.face : last_face;
      Vec2 edge0{}, edge1{};
      face_edge(adjacent_face_quadrant(h.face, face2), adj_res, edge0, edge1);
      Vec2 inter = intersect(orig0, orig1, edge0, edge1);
      // An intersection at a vertex needs no extra vertex: both edges then lie on one face each.
      if (!almost_equal(orig0, inter) && !almost_equal(orig1, inter)) {
        out.verts[out.num_verts++] = hex2d_to_geo(inter, h.face, adj_res, true);
      }
    }

    if (vert < num_hex_verts) {
      out.verts[out.num_verts++] = hex2d_to_geo(ijk_to_hex2d(fijk.coord), fijk.face, adj_res, true);
    }
    last_face = fijk.face;
    last_overage = overage;
  }
}

void face_ijk_pent_to_boundary(const FaceIjk& h, int res, Boundary& out) {
  int adj_res = res;
  FaceIjk verts[num_pent_verts];
  cell_verts(h, adj_res, num_pent_verts, verts);

  out.num_verts = 0;
  FaceIjk last_fijk{};
  for (int vert = 0; vert < num_pent_verts + 1; ++vert) {
    int v = vert % num_pent_verts;
    FaceIjk fijk = verts[v];
    adjust_pent_vert_overage(fijk, adj_res);

    // Every Class III pentagon edge crosses an icosahedron edge (Class II pentagons have their vertices
    // on the edges instead). Carry the previous vertex onto this vertex's face to find the crossing.
    if (is_class_iii(res) && vert > 0) {
      Vec2 orig0 = ijk_to_hex2d(last_fijk.coord);
      const FaceOrient& orient = face_neighbors[fijk.face][adjacent_face_quadrant(fijk.face, last_fijk.face)];
      FaceIjk tmp{orient.face, fijk.coord};
      for (int i = 0; i < orient.ccw_rot60; ++i) tmp.coord = rotate60_ccw(tmp.coord);
      tmp.coord = normalize(tmp.coord + orient.translate * (unit_scale_class_ii(adj_res) * 3));
      Vec2 orig1 = ijk_to_hex2d(tmp.coord);

      Vec2 edge0{}, edge1{};
      face_edge(adjacent_face_quadrant(tmp.face, fijk.face), adj_res, edge0, edge1);
      Vec2 inter = intersect(orig0, orig1, edge0, edge1);
      out.verts[out.num_verts++] = hex2d_to_geo(inter, tmp.face, adj_res, true);
    }

    if (vert < num_pent_verts) {
      out.verts[out.num_verts++] = hex2d_to_geo(ijk_to_hex2d(fijk.coord), fijk.face, adj_res, true);
    }
    last_fijk = fijk;
  }
}

}  // namespace gw::geo::h3::detail
