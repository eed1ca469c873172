// GridAggregator: counting rules, windows, bands, merging; gpsjam's fraction, the Wilson interval, levels;
// the --windows / --bands parsers.
#include "detect/grid.hpp"
#include "detect/events.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <numeric>
#include <random>

namespace gw::detect {
namespace {

namespace h3 = geo::h3;

constexpr double kHelsinkiLat = 60.317;
constexpr double kHelsinkiLon = 24.963;
constexpr double kHour = 3600;
constexpr std::int64_t kDay = 86400;
constexpr double kT0 = 1709251200;  // 2024-03-01T00:00:00Z

HealthSample sample(std::uint32_t id, double t, bool bad, std::optional<std::int32_t> alt_ft = 35000,
                    double lat = kHelsinkiLat, double lon = kHelsinkiLon) {
  HealthSample s;
  s.id = id;
  s.time_s = t;
  s.bad = bad;
  s.altitude_ft = alt_ft;
  s.lat_deg = lat;
  s.lon_deg = lon;
  return s;
}

GridOptions one_window(std::int64_t len = kDay) {
  GridOptions o;
  o.windows_s = {len};
  return o;
}

// The rows of one band.
std::vector<CellRow> band_rows(const GridAggregator& g, std::string_view band) {
  std::vector<CellRow> out;
  for (auto& r : g.rows())
    if (r.band == band) out.push_back(r);
  return out;
}

TEST(Grid, AnAircraftCountsOncePerCellWindowAndBand) {
  GridAggregator g(one_window());
  for (int i = 0; i < 50; ++i) g.add(sample(0x4ca123, kT0 + i * 60, false));
  const auto rows = band_rows(g, "all");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].good, 1u);
  EXPECT_EQ(rows[0].bad, 0u);
  EXPECT_EQ(rows[0].cell, h3::lat_lng_to_cell({kHelsinkiLat, kHelsinkiLon}, 4));
}

TEST(Grid, DistinctAircraftAreCountedSeparately) {
  GridAggregator g(one_window());
  for (std::uint32_t id = 1; id <= 7; ++id) g.add(sample(id, kT0 + id, id <= 2));
  const auto rows = band_rows(g, "all");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].good, 5u);
  EXPECT_EQ(rows[0].bad, 2u);
}

TEST(Grid, AnAircraftFlaggedAtAnyTimeInTheCellIsBad) {
  GridAggregator g(one_window());
  g.add(sample(1, kT0 + 10, false));
  g.add(sample(1, kT0 + 20, true));
  g.add(sample(1, kT0 + 30, false));
  const auto rows = band_rows(g, "all");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].good, 0u);
  EXPECT_EQ(rows[0].bad, 1u);
}

TEST(Grid, BadInOneCellDoesNotMarkTheAircraftBadInAnother) {
  GridAggregator g(one_window());
  g.add(sample(1, kT0 + 10, true, 35000, kHelsinkiLat, kHelsinkiLon));
  g.add(sample(1, kT0 + 20, false, 35000, 48.35, 11.78));  // Munich
  const auto rows = band_rows(g, "all");
  ASSERT_EQ(rows.size(), 2u);
  std::uint32_t good = 0, bad = 0;
  for (const auto& r : rows) {
    good += r.good;
    bad += r.bad;
    EXPECT_EQ(r.good + r.bad, 1u);
  }
  EXPECT_EQ(good, 1u);
  EXPECT_EQ(bad, 1u);
}

TEST(Grid, TheSameIdOnAShipAndAnAircraftAreTwoEmitters) {
  GridAggregator g(one_window());
  HealthSample ship = sample(244123456, kT0, false, std::nullopt);
  ship.platform = Platform::Ship;
  g.add(ship);
  g.add(sample(244123456, kT0, false, std::nullopt));
  EXPECT_EQ(band_rows(g, "all").at(0).good, 2u);
}

TEST(Grid, BandMembershipIsHalfOpenAndSamplesWithoutAltitudeCountOnlyInAll) {
  GridAggregator g(one_window());
  g.add(sample(1, kT0, false, 9999));
  g.add(sample(2, kT0, false, 10000));
  g.add(sample(3, kT0, false, 29999));
  g.add(sample(4, kT0, false, 30000));
  g.add(sample(5, kT0, false, -500));  // below sea level (barometric): below 10,000 ft
  g.add(sample(6, kT0, false, std::nullopt));
  EXPECT_EQ(band_rows(g, "all").at(0).good, 6u);
  EXPECT_EQ(band_rows(g, "<10000").at(0).good, 2u);
  EXPECT_EQ(band_rows(g, "10000-30000").at(0).good, 2u);
  EXPECT_EQ(band_rows(g, ">=30000").at(0).good, 1u);
}

TEST(Grid, AnAircraftChangingBandCountsInEachBandItFlewIn) {
  GridAggregator g(one_window());
  g.add(sample(1, kT0, false, 5000));
  g.add(sample(1, kT0 + 600, true, 20000));
  EXPECT_EQ(band_rows(g, "all").at(0).bad, 1u);
  EXPECT_EQ(band_rows(g, "<10000").at(0).good, 1u);
  EXPECT_EQ(band_rows(g, "<10000").at(0).bad, 0u);
  EXPECT_EQ(band_rows(g, "10000-30000").at(0).bad, 1u);
  EXPECT_TRUE(band_rows(g, ">=30000").empty());  // no traffic: no row, not a "clean" row
}

TEST(Grid, WindowsAreAlignedToTheEpoch) {
  GridAggregator g;  // 1 h and 24 h
  g.add(sample(1, kT0 + 5 * kHour + 1799.5, false, std::nullopt));
  auto rows = g.rows();
  ASSERT_EQ(rows.size(), 2u);
  // Sorted by window_start: the day (00:00) before the hour (05:00).
  EXPECT_EQ(rows[0].window_start_s, static_cast<std::int64_t>(kT0));
  EXPECT_EQ(rows[0].window_end_s, static_cast<std::int64_t>(kT0) + kDay);
  EXPECT_EQ(rows[1].window_start_s, static_cast<std::int64_t>(kT0 + 5 * kHour));
  EXPECT_EQ(rows[1].window_end_s, static_cast<std::int64_t>(kT0 + 6 * kHour));
}

TEST(Grid, ASampleOnAWindowBorderStartsTheNextWindow) {
  GridAggregator g(one_window(3600));
  g.add(sample(1, kT0 + kHour - 0.001, false, std::nullopt));
  g.add(sample(2, kT0 + kHour, false, std::nullopt));
  const auto rows = g.rows();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].window_start_s, static_cast<std::int64_t>(kT0));
  EXPECT_EQ(rows[1].window_start_s, static_cast<std::int64_t>(kT0 + kHour));
}

TEST(Grid, NegativeTimesFloorDownward) {
  GridAggregator g(one_window(3600));
  g.add(sample(1, -1, false, std::nullopt));
  EXPECT_EQ(g.rows().at(0).window_start_s, -3600);
}

TEST(Grid, SamplesWithoutTimeOrPositionAreCountedSkips) {
  GridAggregator g;
  g.add(sample(1, kNaN, false));
  g.add(sample(1, kT0, false, 1000, kNaN, 10));
  g.add(sample(1, kT0, false, 1000, 95, 10));
  g.add(sample(1, std::numeric_limits<double>::infinity(), false));
  EXPECT_TRUE(g.rows().empty());
  EXPECT_EQ(g.counters().samples, 0u);
  EXPECT_EQ(g.counters().skipped_no_time, 2u);
  EXPECT_EQ(g.counters().skipped_no_position, 2u);
}

TEST(Grid, RowsAreSortedByWindowStartThenBandThenHex) {
  GridAggregator g;
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> lat(50, 60), lon(0, 30), t(0, 3 * kDay);
  for (std::uint32_t i = 0; i < 2000; ++i) g.add(sample(i % 97, kT0 + t(rng), i % 5 == 0, 1000 + i * 20, lat(rng), lon(rng)));
  const auto rows = g.rows();
  auto band_index = [](const std::string& b) {
    return b == "all" ? 0 : b == "<10000" ? 1 : b == "10000-30000" ? 2 : 3;
  };
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& a = rows[i - 1];
    const auto& b = rows[i];
    const auto ka = std::make_tuple(a.window_start_s, a.window_end_s, band_index(a.band), h3::to_string(a.cell));
    const auto kb = std::make_tuple(b.window_start_s, b.window_end_s, band_index(b.band), h3::to_string(b.cell));
    ASSERT_LT(ka, kb) << "row " << i;
  }
}

TEST(Grid, ResolutionIsConfigurable) {
  GridOptions o = one_window();
  o.resolution = 7;
  GridAggregator g(o);
  g.add(sample(1, kT0, false));
  EXPECT_EQ(h3::get_resolution(g.rows().at(0).cell), 7);
}

// Random traffic: aircraft wandering over a few cells, some of them bad some of the time.
std::vector<HealthSample> random_traffic(std::mt19937_64& rng, std::size_t n) {
  std::uniform_int_distribution<std::uint32_t> id(1, 300);
  std::uniform_real_distribution<double> lat(59.5, 61.0), lon(23.0, 26.0), dt(0, 40);
  std::uniform_int_distribution<int> alt(-1, 45000);
  std::bernoulli_distribution bad(0.08), ship(0.05);
  std::vector<HealthSample> out;
  double t = kT0 + 20 * kHour;  // crosses a day border
  for (std::size_t i = 0; i < n; ++i) {
    t += dt(rng);
    const int a = alt(rng);
    HealthSample s = sample(id(rng), t, bad(rng), a < 0 ? std::nullopt : std::optional<std::int32_t>(a), lat(rng),
                            lon(rng));
    if (ship(rng)) s.platform = Platform::Ship;
    out.push_back(s);
  }
  return out;
}

void expect_same_rows(const std::vector<CellRow>& a, const std::vector<CellRow>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].cell, b[i].cell) << i;
    EXPECT_EQ(a[i].window_start_s, b[i].window_start_s) << i;
    EXPECT_EQ(a[i].window_end_s, b[i].window_end_s) << i;
    EXPECT_EQ(a[i].band, b[i].band) << i;
    EXPECT_EQ(a[i].good, b[i].good) << i;
    EXPECT_EQ(a[i].bad, b[i].bad) << i;
    EXPECT_EQ(a[i].level, b[i].level) << i;
  }
}

// The samples cut at three random places into consecutive parts, each sealing on its own (windows that began before
// a part's first sample stay sets) and spilling its sealed rows to `spill_dir` unless empty, merged in a random
// order.
GridAggregator merged_random_parts(const std::vector<HealthSample>& samples, std::mt19937_64& rng,
                                   const std::string& spill_dir = {}) {
  std::vector<std::size_t> cuts{0, samples.size()};
  for (int p = 0; p < 3; ++p) cuts.push_back(std::uniform_int_distribution<std::size_t>(0, samples.size())(rng));
  std::sort(cuts.begin(), cuts.end());
  std::vector<GridAggregator> parts(cuts.size() - 1);
  for (std::size_t p = 0; p + 1 < cuts.size(); ++p) {
    if (!spill_dir.empty()) parts[p].spill_sealed_to(spill_dir);
    for (std::size_t i = cuts[p]; i < cuts[p + 1]; ++i) {
      parts[p].add(samples[i]);
      parts[p].seal(samples[i].time_s);
    }
  }
  std::vector<std::size_t> order(parts.size());
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), rng);
  GridAggregator merged;
  for (auto i : order) merged.merge(parts[i]);
  return merged;
}

TEST(GridMerge, PartsMergedInAnyOrderEqualOneRunOverAll) {
  std::mt19937_64 rng(20240301);
  for (int trial = 0; trial < 30; ++trial) {
    const auto samples = random_traffic(rng, 3000);
    GridAggregator whole;
    for (const auto& s : samples) whole.add(s);

    const int parts = std::uniform_int_distribution<int>(2, 4)(rng);
    std::vector<std::size_t> cuts{0, samples.size()};
    for (int p = 1; p < parts; ++p) cuts.push_back(std::uniform_int_distribution<std::size_t>(0, samples.size())(rng));
    std::sort(cuts.begin(), cuts.end());
    std::vector<GridAggregator> partial;
    for (std::size_t p = 0; p + 1 < cuts.size(); ++p) {
      partial.emplace_back();
      for (std::size_t i = cuts[p]; i < cuts[p + 1]; ++i) partial.back().add(samples[i]);
    }
    std::vector<std::size_t> order(partial.size());
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    GridAggregator merged;
    for (auto i : order) merged.merge(partial[i]);

    SCOPED_TRACE(testing::Message() << "trial " << trial << ", " << parts << " parts");
    expect_same_rows(merged.rows(), whole.rows());
    EXPECT_EQ(merged.entries(), whole.entries());
    EXPECT_EQ(merged.counters().samples, whole.counters().samples);
  }
}

// Sealing folds finished windows into counts as time goes on: the rows stay exactly those of an aggregator
// that kept every set, for one run and for consecutive parts merged in any order, while far fewer sets are held.
TEST(GridSeal, SealedRunsAndSealedPartsGiveTheRowsOfAnUnsealedRun) {
  std::mt19937_64 rng(77);
  for (int trial = 0; trial < 20; ++trial) {
    const auto samples = random_traffic(rng, 3000);  // ~17 h, across a day border
    GridAggregator whole, sealed;
    for (const auto& s : samples) {
      whole.add(s);
      sealed.add(s);
      sealed.seal(s.time_s);  // in time order, so a window is finished as soon as time passes its end
    }
    SCOPED_TRACE(testing::Message() << "trial " << trial);
    expect_same_rows(sealed.rows(), whole.rows());
    EXPECT_GT(sealed.sealed_rows(), 0u);
    EXPECT_LT(sealed.entries(), whole.entries()) << "finished windows' sets are dropped";
    EXPECT_EQ(sealed.counters().skipped_late, 0u);

    // Consecutive parts, each sealing on its own: windows that began before a part's first sample stay sets.
    const GridAggregator merged = merged_random_parts(samples, rng);
    expect_same_rows(merged.rows(), whole.rows());
    EXPECT_EQ(merged.counters().inexact_merges, 0u);
  }
}

// A directory of its own for the sealed rows' temporary files, removed at the end.
class SpillDir {
 public:
  SpillDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("gnsswatch-grid-spill-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~SpillDir() { std::filesystem::remove_all(path_); }
  std::string path() const { return path_.string(); }
  bool empty() const { return std::filesystem::is_empty(path_); }

 private:
  std::filesystem::path path_;
};

// Memory bounded by the open windows (issue 3 §9): with spill_sealed_to, sealed rows leave memory as windows seal,
// over days of 1 h and 24 h windows, and the rows read back are exactly an unsealed run's, in the same order,
// for one run and for consecutive parts merged in any order. Nothing is left in the directory.
TEST(GridSpill, SpilledRowsEqualAnUnsealedRunsAndLeaveMemory) {
  std::mt19937_64 rng(8);
  SpillDir dir;
  for (int trial = 0; trial < 6; ++trial) {
    const auto samples = random_traffic(rng, 12000);  // ~67 h: two 24 h windows seal, over a hundred 1 h ones
    GridAggregator whole, spilled;
    spilled.spill_sealed_to(dir.path());
    std::size_t most_in_memory = 0;
    for (const auto& s : samples) {
      whole.add(s);
      spilled.add(s);
      spilled.seal(s.time_s);
      most_in_memory = std::max(most_in_memory, spilled.sealed_rows_in_memory());
    }
    SCOPED_TRACE(testing::Message() << "trial " << trial);
    EXPECT_EQ(most_in_memory, 0u) << "sealed rows never held in memory";
    EXPECT_GT(spilled.sealed_rows(), whole.rows().size() / 2) << "most rows were written before the end";
    expect_same_rows(spilled.rows(), whole.rows());
    std::vector<CellRow> streamed;
    spilled.for_each_row([&streamed](const CellRow& r) { streamed.push_back(r); });
    expect_same_rows(streamed, whole.rows());
    expect_same_rows(spilled.rows(), whole.rows());  // read back again: the files are not consumed

    const GridAggregator merged = merged_random_parts(samples, rng, dir.path());
    expect_same_rows(merged.rows(), whole.rows());
    EXPECT_EQ(merged.counters().inexact_merges, 0u);
  }
  EXPECT_TRUE(dir.empty()) << "the temporary files are unnamed";
}

// Parts that overlap in time (inputs out of order) seal the same windows each: the rows then add both parts'
// counts, spilled or not.
TEST(GridSpill, OverlappingPartsAddUpAsInMemory) {
  std::mt19937_64 rng(9);
  SpillDir dir;
  const auto samples = random_traffic(rng, 6000);
  GridAggregator in_memory[2], spilled[2];
  for (auto& g : spilled) g.spill_sealed_to(dir.path());
  for (std::size_t i = 0; i < samples.size(); ++i) {
    for (GridAggregator* g : {&in_memory[i % 2], &spilled[i % 2]}) {
      g->add(samples[i]);
      g->seal(samples[i].time_s);
    }
  }
  // Merged into the first part, as map merges: windows the first part sealed get the second part's entries too.
  in_memory[0].merge(in_memory[1]);
  spilled[0].merge(spilled[1]);
  spilled[0].merge(spilled[1]);  // the same part twice: its files count once, as its sets do
  GridAggregator& a = spilled[0];
  GridAggregator& b = in_memory[0];
  EXPECT_GT(spilled[1].sealed_rows(), 0u) << "both parts sealed windows";
  EXPECT_GT(a.sealed_rows(), a.rows().size()) << "rows that both parts sealed add up";
  expect_same_rows(a.rows(), b.rows());
}

TEST(GridSpill, ADirectoryThatCannotHoldTheFilesIsAnError) {
  GridAggregator g;
  EXPECT_THROW(g.spill_sealed_to("/nonexistent/gnsswatch-spill"), std::runtime_error);
}

TEST(GridSeal, ASampleForASealedWindowIsCountedAsLateNotAdded) {
  // Samples without altitude: band "all" only, one row per window.
  GridAggregator g(one_window(3600));
  g.add(sample(1, kT0, false, std::nullopt));  // the first sample opens window [kT0, kT0 + 1 h) at its start: sealable
  g.add(sample(2, kT0 + kHour + 10, false, std::nullopt));
  g.seal(kT0 + 2 * kHour);  // both windows have ended
  EXPECT_EQ(g.sealed_rows(), 2u);
  EXPECT_EQ(g.entries(), 0u);
  g.add(sample(3, kT0 + 20, true, std::nullopt));  // late for the sealed first window
  EXPECT_EQ(g.counters().skipped_late, 1u);
  const auto rows = g.rows();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].good, 1u);
  EXPECT_EQ(rows[0].bad, 0u);
}

TEST(GridSeal, AWindowThatBeganBeforeThePartsFirstSampleStaysASet) {
  GridAggregator g(one_window(3600));
  g.add(sample(1, kT0 + 10, false, std::nullopt));  // [kT0, kT0 + 1 h) may continue an earlier part
  g.add(sample(2, kT0 + kHour + 10, false, std::nullopt));
  g.seal(kT0 + 2 * kHour);
  EXPECT_EQ(g.sealed_rows(), 1u) << "only the window that began after the first sample";
  EXPECT_EQ(g.entries(), 1u);
  g.add(sample(3, kT0 + 20, true, std::nullopt));  // still counted: its window was kept as a set
  EXPECT_EQ(g.counters().skipped_late, 0u);
  EXPECT_EQ(g.rows().at(0).bad, 1u);
}

TEST(GridMerge, MergingIntoANonEmptyAggregatorAndWithItselfIsAUnion) {
  std::mt19937_64 rng(5);
  const auto samples = random_traffic(rng, 1000);
  GridAggregator a, b, whole;
  for (std::size_t i = 0; i < samples.size(); ++i) (i % 2 ? a : b).add(samples[i]);
  for (const auto& s : samples) whole.add(s);
  a.merge(b);
  a.merge(b);  // idempotent on the sets
  const auto rows_before = a.rows();
  a.merge(a);
  expect_same_rows(a.rows(), rows_before);
  expect_same_rows(a.rows(), whole.rows());
}

TEST(GridMerge, RejectsDifferentGrids) {
  GridAggregator a;
  GridOptions other_res;
  other_res.resolution = 5;
  EXPECT_THROW(a.merge(GridAggregator(other_res)), std::invalid_argument);
  EXPECT_THROW(a.merge(GridAggregator(one_window())), std::invalid_argument);
  GridOptions other_bands;
  other_bands.bands.pop_back();
  EXPECT_THROW(a.merge(GridAggregator(other_bands)), std::invalid_argument);
  GridOptions other_min;
  other_min.min_aircraft = 10;
  EXPECT_NO_THROW(a.merge(GridAggregator(other_min)));
}

TEST(GridOptions, InvalidOptionsAreRejected) {
  GridOptions o;
  o.resolution = 16;
  EXPECT_THROW(GridAggregator{o}, std::invalid_argument);
  o = {};
  o.windows_s.clear();
  EXPECT_THROW(GridAggregator{o}, std::invalid_argument);
  o = {};
  o.windows_s = {0};
  EXPECT_THROW(GridAggregator{o}, std::invalid_argument);
  o = {};
  o.bands = {{"x", 10, 10}};
  EXPECT_THROW(GridAggregator{o}, std::invalid_argument);
}

// gpsjam.org's fraction, https://gpsjam.org/faq: (bad - 1) / (good + bad), never below 0.
TEST(GridStats, GpsjamFraction) {
  EXPECT_DOUBLE_EQ(gpsjam_bad_fraction(0, 0), 0.0);
  EXPECT_DOUBLE_EQ(gpsjam_bad_fraction(5, 0), 0.0);
  EXPECT_DOUBLE_EQ(gpsjam_bad_fraction(0, 1), 0.0);   // one bad aircraft alone is discounted
  EXPECT_DOUBLE_EQ(gpsjam_bad_fraction(97, 3), 0.02);  // 2 / 100
  EXPECT_DOUBLE_EQ(gpsjam_bad_fraction(8, 2), 0.1);    // 1 / 10
  EXPECT_DOUBLE_EQ(gpsjam_bad_fraction(1, 3), 0.5);    // 2 / 4
  EXPECT_DOUBLE_EQ(gpsjam_bad_fraction(0, 4), 0.75);   // 3 / 4
}

// Reference values: the 95% Wilson score interval ("method 3") for the four worked examples of Newcombe,
// "Two-sided confidence intervals for the single proportion", Statistics in Medicine 17 (1998) 857-872:
// 81/263 -> 0.2553-0.3662, 15/148 -> 0.0624-0.1605, 0/20 -> 0-0.1611, 1/29 -> 0.0061-0.1718.
TEST(GridStats, WilsonIntervalMatchesPublishedValues) {
  struct Case {
    std::uint32_t x, n;
    double low, high;
  };
  for (const Case c : {Case{81, 263, 0.2553, 0.3662}, Case{15, 148, 0.0624, 0.1605}, Case{0, 20, 0.0, 0.1611},
                       Case{1, 29, 0.0061, 0.1718}}) {
    const auto ci = wilson_interval(c.x, c.n);
    EXPECT_NEAR(ci.low, c.low, 5e-5) << c.x << "/" << c.n;
    EXPECT_NEAR(ci.high, c.high, 5e-5) << c.x << "/" << c.n;
  }
  EXPECT_EQ(wilson_interval(0, 20).low, 0.0);  // exactly 0, not rounding residue
  // The score interval is symmetric: x/n and (n-x)/n mirror around 1/2.
  const auto a = wilson_interval(20, 20), b = wilson_interval(0, 20);
  EXPECT_EQ(a.high, 1.0);
  EXPECT_NEAR(a.low, 1 - b.high, 1e-12);
  EXPECT_NEAR(wilson_interval(5, 10).low + wilson_interval(5, 10).high, 1.0, 1e-12);
  const auto empty = wilson_interval(0, 0);
  EXPECT_EQ(empty.low, 0.0);
  EXPECT_EQ(empty.high, 1.0);
}

TEST(GridStats, LevelsAtTheirBorders) {
  // n = 100: bad_frac = (bad - 1) / 100.
  EXPECT_EQ(classify(98, 2, 3), Level::Green);    // 1%
  EXPECT_EQ(classify(97, 3, 3), Level::Yellow);   // exactly 2%
  EXPECT_EQ(classify(90, 10, 3), Level::Yellow);  // 9%
  EXPECT_EQ(classify(89, 11, 3), Level::Red);     // exactly 10%
  EXPECT_EQ(classify(0, 100, 3), Level::Red);
  EXPECT_EQ(classify(3, 0, 3), Level::Green);
  EXPECT_EQ(classify(1, 1, 3), Level::Insufficient);  // 2 < min_aircraft
  EXPECT_EQ(classify(0, 2, 2), Level::Red);           // 50%, enough at min_aircraft 2
  EXPECT_EQ(classify(0, 1, 1), Level::Green);         // gpsjam discounts the single bad aircraft
  EXPECT_EQ(classify(0, 0, 0), Level::Insufficient);
  EXPECT_EQ(to_string(Level::Insufficient), "insufficient");
  EXPECT_EQ(to_string(Level::Red), "red");
}

TEST(GridStats, RowsCarryFractionIntervalAndLevel) {
  GridOptions o = one_window();
  o.bands.clear();
  GridAggregator g(o);
  for (std::uint32_t id = 1; id <= 10; ++id) g.add(sample(id, kT0, id <= 3));
  const auto rows = g.rows();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].band, "all");
  EXPECT_DOUBLE_EQ(rows[0].bad_frac, 0.2);
  EXPECT_EQ(rows[0].level, Level::Red);
  EXPECT_DOUBLE_EQ(rows[0].ci.low, wilson_interval(3, 10).low);
  EXPECT_DOUBLE_EQ(rows[0].ci.high, wilson_interval(3, 10).high);

  GridAggregator few(o);
  few.add(sample(1, kT0, true));
  few.add(sample(2, kT0, true));
  EXPECT_EQ(few.rows().at(0).level, Level::Insufficient);
}

TEST(GridParse, Windows) {
  std::vector<std::int64_t> w;
  std::string error;
  ASSERT_TRUE(parse_windows("1h,24h", w, error)) << error;
  EXPECT_EQ(w, (std::vector<std::int64_t>{3600, 86400}));
  ASSERT_TRUE(parse_windows(" 900s, 6h ,1d,30m", w, error)) << error;
  EXPECT_EQ(w, (std::vector<std::int64_t>{900, 21600, 86400, 1800}));
}

TEST(GridParse, WindowErrorsNameTheItem) {
  std::vector<std::int64_t> w{42};
  std::string error;
  for (const char* bad : {"", "1h,", "1x", "h", "0h", "-1h", "1.5h", "1h,60m", "99999999999999999999d"}) {
    EXPECT_FALSE(parse_windows(bad, w, error)) << bad;
    EXPECT_FALSE(error.empty()) << bad;
  }
  EXPECT_EQ(w, std::vector<std::int64_t>{42});  // untouched on failure
  parse_windows("5x", w, error);
  EXPECT_NE(error.find("'5x'"), std::string::npos) << error;
}

TEST(GridParse, Bands) {
  std::vector<AltitudeBand> b;
  std::string error;
  ASSERT_TRUE(parse_bands("0-10000,10000-30000,30000-", b, error)) << error;
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(b[0].name, "0-10000");
  EXPECT_EQ(b[0].min_ft, 0);
  EXPECT_EQ(b[0].max_ft, 10000);
  EXPECT_EQ(b[2].name, ">=30000");
  EXPECT_EQ(b[2].max_ft, std::numeric_limits<std::int32_t>::max());

  ASSERT_TRUE(parse_bands("all,-10000, >=20000", b, error)) << error;
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0].name, "<10000");
  EXPECT_EQ(b[0].min_ft, std::numeric_limits<std::int32_t>::min());
  EXPECT_EQ(b[1].name, ">=20000");

  ASSERT_TRUE(parse_bands("<10000,10000-30000,>=30000", b, error)) << error;
  const auto defaults = default_altitude_bands();
  ASSERT_EQ(b.size(), defaults.size());
  for (std::size_t i = 0; i < b.size(); ++i) {
    EXPECT_EQ(b[i].name, defaults[i].name);
    EXPECT_EQ(b[i].min_ft, defaults[i].min_ft);
    EXPECT_EQ(b[i].max_ft, defaults[i].max_ft);
  }

  ASSERT_TRUE(parse_bands("", b, error));
  EXPECT_TRUE(b.empty());
}

TEST(GridParse, BandErrors) {
  std::vector<AltitudeBand> b;
  std::string error;
  for (const char* bad : {"30000-10000", "5000-5000", "abc", "1-2-3", "-", "10000", "0-10000,0-10000", "0-1e4",
                          "0-99999999999", ","}) {
    EXPECT_FALSE(parse_bands(bad, b, error)) << bad;
    EXPECT_FALSE(error.empty()) << bad;
  }
  parse_bands("0-100,30000-10000", b, error);
  EXPECT_NE(error.find("'30000-10000'"), std::string::npos) << error;
}

// map computes a sample's cell once and hands it to the grid and the event presence: given the cell, both count
// exactly what they count from the sample alone (rows, counters, presence), unplaced and untimed samples too.
TEST(Grid, AGivenCellCountsAsTheSampleAlone) {
  GridOptions o;
  o.windows_s = {3600, kDay};
  GridAggregator alone(o), given(o);
  GoodPresence presence_alone, presence_given;
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> lat(59.0, 61.5), lon(22.0, 28.0), dt(0.0, 2 * kHour);
  for (int i = 0; i < 3000; ++i) {
    HealthSample s = sample(static_cast<std::uint32_t>(rng() % 40), kT0 + dt(rng), rng() % 4 == 0,
                            static_cast<std::int32_t>(rng() % 40000), lat(rng), lon(rng));
    if (i % 500 == 1) s.lat_deg = std::numeric_limits<double>::quiet_NaN();
    if (i % 500 == 2) s.time_s = std::numeric_limits<double>::infinity();
    alone.add(s);
    presence_alone.add(s);
    const h3::Cell cell = h3::lat_lng_to_cell({s.lat_deg, s.lon_deg}, o.resolution);
    given.add(s, cell);
    presence_given.add(s, h3::lat_lng_to_cell({s.lat_deg, s.lon_deg}, presence_given.resolution()));
  }
  const auto a = alone.rows(), b = given.rows();
  ASSERT_EQ(a.size(), b.size());
  EXPECT_GT(a.size(), 50u);
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_TRUE(a[i].cell == b[i].cell && a[i].window_start_s == b[i].window_start_s && a[i].band == b[i].band &&
                a[i].good == b[i].good && a[i].bad == b[i].bad)
        << "row " << i;
  }
  EXPECT_EQ(alone.counters().samples, given.counters().samples);
  EXPECT_EQ(alone.counters().skipped_no_time, given.counters().skipped_no_time);
  EXPECT_EQ(alone.counters().skipped_no_position, given.counters().skipped_no_position);
  EXPECT_GT(given.counters().skipped_no_position, 0u);
  EXPECT_EQ(presence_alone.slots(), presence_given.slots());
  EXPECT_GT(presence_given.entries(), 100u);
}

}  // namespace
}  // namespace gw::detect
