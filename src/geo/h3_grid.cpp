// Grid traversal: the neighbour of a cell in a digit direction, and gridDisk (H3 v4 algos.c).
//
// A neighbour is found on the index itself: step the finest digit in the direction; if that leaves the
// aperture-7 family, carry a step into the next coarser digit, and so on up to the base cell, whose
// neighbours are tabulated. Crossing into another base cell's orientation rotates the remaining
// direction, which the caller accumulates in `rotations`.

#include <algorithm>
#include <unordered_set>

#include "geo/h3.hpp"
#include "geo/h3_detail.hpp"
#include "geo/h3_tables.hpp"

namespace gw::geo::h3 {
namespace {

using namespace detail;

enum class Step { ok, pentagon, invalid };

// The ring walk in gridDisk: from the ring's start, six sides in these directions.
constexpr Digit ring_directions[6] = {j_axes_digit, jk_axes_digit, k_axes_digit,
                                      ik_axes_digit, i_axes_digit, ij_axes_digit};
constexpr Digit next_ring_direction = i_axes_digit;

// H3's h3NeighborRotations: the neighbour of `origin` in direction `dir` (rotated ccw `rotations` times
// first), updating `rotations` for the orientation of the cell reached.
Step neighbor_rotations(Cell origin, Digit dir, int& rotations, Cell& out) {
  Cell current = origin;
  rotations = rotations % 6;
  for (int i = 0; i < rotations; ++i) dir = rotate60_ccw(dir);

  int new_rotations = 0;
  const int old_base_cell = base_cell_of(current);
  if (old_base_cell >= num_base_cells) return Step::invalid;
  const Digit old_leading_digit = leading_non_zero_digit(current);

  // Adjust the digits and, if the step carries all the way up, the base cell.
  for (int r = resolution_of(current) - 1;; --r) {
    if (r == -1) {
      int next = base_cell_neighbors[old_base_cell][dir];
      new_rotations = base_cell_neighbor_ccw_rot60[old_base_cell][dir];
      if (next == no_base_cell) {
        // The pentagon's deleted k direction: that edge borders its ik neighbour instead.
        next = base_cell_neighbors[old_base_cell][ik_axes_digit];
        new_rotations = base_cell_neighbor_ccw_rot60[old_base_cell][ik_axes_digit];
        current = rotate60_ccw(current);
        rotations += 1;
      }
      current = with_base_cell(current, next);
      break;
    }
    const Digit old_digit = digit_of(current, r + 1);
    if (old_digit == invalid_digit) return Step::invalid;
    Digit next_dir;
    if (is_class_iii(r + 1)) {
      current = with_digit(current, r + 1, new_digit_ii[old_digit][dir]);
      next_dir = new_adjustment_ii[old_digit][dir];
    } else {
      current = with_digit(current, r + 1, new_digit_iii[old_digit][dir]);
      next_dir = new_adjustment_iii[old_digit][dir];
    }
    if (next_dir == center_digit) break;
    dir = next_dir;
  }

  const int new_base_cell = base_cell_of(current);
  if (is_base_cell_pentagon(new_base_cell)) {
    bool already_adjusted_k_subsequence = false;
    // Rotate out of the pentagon's missing k sub-sequence.
    if (leading_non_zero_digit(current) == k_axes_digit) {
      if (old_base_cell != new_base_cell) {
        // Entered from another base cell: the entry face says which way.
        const auto& cw_faces = base_cell_data[new_base_cell].cw_offset_faces;
        int entry_face = base_cell_data[old_base_cell].home.face;
        current = (cw_faces[0] == entry_face || cw_faces[1] == entry_face) ? rotate60_cw(current)
                                                                             : rotate60_ccw(current);
        already_adjusted_k_subsequence = true;
      } else if (old_leading_digit == center_digit) {
        return Step::pentagon;  // from the pentagon's centre line the k direction does not exist
      } else if (old_leading_digit == jk_axes_digit) {
        current = rotate60_ccw(current);
        rotations += 1;
      } else if (old_leading_digit == ik_axes_digit) {
        current = rotate60_cw(current);
        rotations += 5;
      } else {
        return Step::invalid;  // only from input already inside the deleted sub-sequence
      }
    }

    for (int i = 0; i < new_rotations; ++i) current = rotate_pent60_ccw(current);

    // Base cells around a pentagon are not all oriented alike.
    if (old_base_cell != new_base_cell) {
      if (is_polar_pentagon_base_cell(new_base_cell)) {
        // Every neighbour of a polar pentagon faces it with its i axis.
        if (old_base_cell != 118 && old_base_cell != 8 && leading_non_zero_digit(current) != jk_axes_digit) {
          rotations += 1;
        }
      } else if (leading_non_zero_digit(current) == ik_axes_digit && !already_adjusted_k_subsequence) {
        // The deleted k sub-sequence distorts the pentagon's ik neighbourhood.
        rotations += 1;
      }
    }
  } else {
    for (int i = 0; i < new_rotations; ++i) current = rotate60_ccw(current);
  }

  rotations = (rotations + new_rotations) % 6;
  out = current;
  return Step::ok;
}

// gridDiskUnsafe: walks the rings outward. Fails (returns false) on meeting a pentagon, whose missing
// direction breaks the walk.
bool grid_disk_rings(Cell origin, int k, std::vector<Cell>& out) {
  out.push_back(origin);
  if (is_pentagon(origin)) return false;

  int rotations = 0;
  Cell current = origin;
  for (int ring = 1; ring <= k; ++ring) {
    if (neighbor_rotations(current, next_ring_direction, rotations, current) != Step::ok) return false;
    if (is_pentagon(current)) return false;
    for (int side = 0; side < 6; ++side) {
      for (int pos = 0; pos < ring; ++pos) {
        if (neighbor_rotations(current, ring_directions[side], rotations, current) != Step::ok) return false;
        out.push_back(current);
        if (is_pentagon(current)) return false;
      }
    }
  }
  return true;
}

// The safe fallback: breadth-first search over the six neighbours of each cell.
void grid_disk_search(Cell origin, int k, std::vector<Cell>& out) {
  std::unordered_set<Cell> seen{origin};
  std::vector<int> distance{0};
  out.push_back(origin);
  for (std::size_t front = 0; front < out.size(); ++front) {
    if (distance[front] == k) continue;
    for (Digit dir : ring_directions) {
      int rotations = 0;
      Cell next = 0;
      if (neighbor_rotations(out[front], dir, rotations, next) != Step::ok) continue;
      if (seen.insert(next).second) {
        out.push_back(next);
        distance.push_back(distance[front] + 1);
      }
    }
  }
}

}  // namespace

void grid_disk(Cell origin, int k, std::vector<Cell>& out) {
  out.clear();
  if (k < 0 || !is_valid_cell(origin)) return;
  out.reserve(static_cast<std::size_t>(3 * k * (k + 1) + 1));
  if (grid_disk_rings(origin, k, out)) return;
  out.clear();
  grid_disk_search(origin, k, out);
}

}  // namespace gw::geo::h3
