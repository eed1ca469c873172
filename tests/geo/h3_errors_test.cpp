// Native H3 on input it must refuse or treat specially: resolutions out of range, non-finite coordinates,
// invalid cells and strings. Expected values from H3's documentation and h3-js 4.5.0.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "geo/h3.hpp"

namespace {

namespace h3 = gw::geo::h3;
using h3::Cell;

// latLngToCell(37.3615593, -122.0553238, 7) in the H3 documentation and h3-js.
constexpr Cell kSunnyvaleRes7 = 0x87283472bffffff;
// The resolution-0 pentagon on base cell 4 (north of Canada, icosahedron vertex).
constexpr Cell kPentagonRes0 = 0x8009fffffffffff;

TEST(H3Errors, ResolutionOutsideZeroToFifteenGivesNoCell) {
  EXPECT_EQ(h3::lat_lng_to_cell({37.36, -122.05}, -1), 0u);
  EXPECT_EQ(h3::lat_lng_to_cell({37.36, -122.05}, 16), 0u);
}

TEST(H3Errors, NonFiniteCoordinatesGiveNoCell) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  constexpr double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(h3::lat_lng_to_cell({nan, 0}, 5), 0u);
  EXPECT_EQ(h3::lat_lng_to_cell({0, inf}, 5), 0u);
}

TEST(H3Errors, KnownPointGivesDocumentedCell) {
  EXPECT_EQ(h3::lat_lng_to_cell({37.3615593, -122.0553238}, 7), kSunnyvaleRes7);
  EXPECT_EQ(h3::get_resolution(kSunnyvaleRes7), 7);
  EXPECT_TRUE(h3::is_valid_cell(kSunnyvaleRes7));
  EXPECT_FALSE(h3::is_pentagon(kSunnyvaleRes7));
  EXPECT_TRUE(h3::is_pentagon(kPentagonRes0));
}

TEST(H3Errors, InvalidCellsAreRecognised) {
  EXPECT_FALSE(h3::is_valid_cell(0));
  EXPECT_FALSE(h3::is_valid_cell(kSunnyvaleRes7 | (Cell{1} << 63)));                  // high bit set
  EXPECT_FALSE(h3::is_valid_cell((kSunnyvaleRes7 & ~(Cell{0xF} << 59)) | (Cell{2} << 59)));  // edge mode
  EXPECT_FALSE(h3::is_valid_cell((kSunnyvaleRes7 & ~(Cell{0x7F} << 45)) | (Cell{122} << 45)));  // base cell 122
  EXPECT_FALSE(h3::is_valid_cell(kSunnyvaleRes7 & ~(Cell{7} << 3 * (15 - 9))));      // digit 9 used at res 7
  EXPECT_FALSE(h3::is_valid_cell(kSunnyvaleRes7 | (Cell{7} << 3 * (15 - 3))));       // digit 3 is 7
  // A pentagon's first non-zero digit cannot be 1: that sub-sequence is deleted.
  Cell pentagon_res1 = (kPentagonRes0 & ~(Cell{0xF} << 52)) | (Cell{1} << 52);
  pentagon_res1 &= ~(Cell{7} << 3 * 14);
  EXPECT_TRUE(h3::is_valid_cell(pentagon_res1));
  EXPECT_FALSE(h3::is_valid_cell(pentagon_res1 | (Cell{1} << 3 * 14)));
  EXPECT_TRUE(h3::is_valid_cell(pentagon_res1 | (Cell{2} << 3 * 14)));
}

TEST(H3Errors, InvalidCellsGiveEmptyAnswers) {
  const Cell invalid = kSunnyvaleRes7 | (Cell{7} << 3 * (15 - 3));
  EXPECT_TRUE(std::isnan(h3::cell_to_lat_lng(invalid).lat_deg));
  EXPECT_TRUE(h3::cell_to_boundary(invalid).empty());
  std::vector<Cell> out{1, 2, 3};
  h3::grid_disk(invalid, 1, out);
  EXPECT_TRUE(out.empty());
  h3::grid_disk(kSunnyvaleRes7, -1, out);
  EXPECT_TRUE(out.empty());
}

TEST(H3Errors, GridDiskOfZeroIsTheOrigin) {
  std::vector<Cell> out;
  h3::grid_disk(kSunnyvaleRes7, 0, out);
  EXPECT_EQ(out, std::vector<Cell>{kSunnyvaleRes7});
  h3::grid_disk(kPentagonRes0, 0, out);
  EXPECT_EQ(out, std::vector<Cell>{kPentagonRes0});
}

TEST(H3Errors, PentagonHasFiveNeighboursAndFiveVertices) {
  std::vector<Cell> out;
  h3::grid_disk(kPentagonRes0, 1, out);
  EXPECT_EQ(out.size(), 6u);
  EXPECT_EQ(h3::cell_to_boundary(kPentagonRes0).size(), 5u);
}

TEST(H3Errors, StringsRoundTripLowerCase) {
  EXPECT_EQ(h3::to_string(kSunnyvaleRes7), "87283472bffffff");
  EXPECT_EQ(h3::from_string("87283472bffffff"), kSunnyvaleRes7);
  EXPECT_EQ(h3::from_string("87283472BFFFFFF"), kSunnyvaleRes7);
}

TEST(H3Errors, MalformedStringsAreRefused) {
  EXPECT_EQ(h3::from_string(""), std::nullopt);
  EXPECT_EQ(h3::from_string("0x87283472bffffff"), std::nullopt);
  EXPECT_EQ(h3::from_string("87283472bffffff "), std::nullopt);
  EXPECT_EQ(h3::from_string("87283472bfffffg"), std::nullopt);
  EXPECT_EQ(h3::from_string("187283472bffffff0"), std::nullopt);  // 17 digits
  EXPECT_EQ(h3::from_string("87283472bfffff7"), std::nullopt);    // parses, but not a valid cell
}

}  // namespace
