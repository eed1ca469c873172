// gnsswatch eval's library: truth and map-output parsing, matching, latencies, localisation, spoofing and pooling,
// checked against values computed here from the fixture's numbers.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "eval/geometry.hpp"
#include "eval/json_read.hpp"
#include "eval/score.hpp"
#include "eval_fixture.hpp"

namespace gw::eval {
namespace {

using namespace gw::eval::test;

// Scenario A. Jammer 1 "alpha" affects four heard aircraft (and one not heard, earlier than all); jammer 2 "beta"
// two (below the recall threshold); spoofer 3 spoofs two heard aircraft and one unheard; jammer 4 "delta" affects
// four aircraft and is never detected.
std::vector<FxInterferer> interferers_a() {
  return {{1, "jammer", "alpha", 60.0, 25.0, {{kT0 + 600, kT0 + 4200}}, {}},
          {2, "jammer", "beta", 58.0, 20.0, {{kT0 + 1200, kT0 + 2400}}, {}},
          {3, "spoofer", "gamma", 59.0, 24.0, {{kT0, kT0 + 7200}}, {}},
          {4, "jammer", "delta", 55.0, 10.0, {{kT0 + 3000, kT0 + 5000}}, {}}};
}

std::vector<FxAircraft> aircraft_a() {
  std::vector<FxAircraft> a = {
      {"4ca001", {{1, "jammed", kT0 + 700, kT0 + 1500}}},
      {"4ca002", {{1, "jammed", kT0 + 650, kT0 + 1300}}},
      {"4ca003", {{1, "jammed", kT0 + 900, kT0 + 2000}}},
      {"4ca004", {{1, "jammed", kT0 + 600, kT0 + 800, false}}},
      {"4ca005", {{1, "jammed", kT0 + 3000, kT0 + 4300}}},
      {"4cb001", {{2, "jammed", kT0 + 1300, kT0 + 1600}}},
      {"4cb002", {{2, "jammed", kT0 + 1400, kT0 + 1700}}},
      {"4cc001", {{3, "spoofed", kT0 + 600, kT0 + 900}}},
      {"4cc002", {{3, "spoofed", kT0 + 800, kT0 + 1000}}},
      {"4cc003", {{3, "spoofed", kT0 + 800, kT0 + 1000, false}}},
      {"4cf000", {}},
  };
  for (int k = 1; k <= 4; ++k) a.push_back({fmt::format("4cd00{}", k), {{4, "jammed", kT0 + 3100 + k * 10, kT0 + 3500}}});
  return a;
}

constexpr double kAlphaErrorDeg = 0.05;  // event 1's source is this far north of alpha

std::vector<FxEvent> events_a() {
  const std::string located = fmt::format(
      "{{\"status\":\"located\",\"lat\":{},\"lon\":25.0,\"radius_km\":6.0,\"method\":\"test\",\"aircraft\":5,"
      "\"ci95\":{{\"type\":\"Polygon\",\"coordinates\":[[[24.8,59.8],[25.2,59.8],[25.2,60.2],[24.8,60.2],[24.8,59.8]]]}}}}",
      60.0 + kAlphaErrorDeg);
  return {
      {1, kT0 + 710, kT0 + 2050, kT0 + 1000,
       {{"4ca001", kT0 + 710, kT0 + 1510}, {"4ca002", kT0 + 720, kT0 + 1320}, {"4ca003", kT0 + 950, kT0 + 2050},
        {"4ce001", kT0 + 800, kT0 + 900}, {"4ce005", kT0 + 820, std::nullopt}},
       located},
      {2, kT0 + 3050, kT0 + 4320, kT0 + 3500, {{"4ca005", kT0 + 3050, kT0 + 4320}, {"4ce002", kT0 + 3060, kT0 + 3100}},
       "{\"status\":\"insufficient_evidence\",\"aircraft\":2}"},
      {3, kT0 + 1310, kT0 + 1710, kT0 + 1400, {{"4cb001", kT0 + 1310, kT0 + 1610}, {"4cb002", kT0 + 1410, kT0 + 1710}}},
      {4, kT0 + 5000, kT0 + 5300, kT0 + 5100, {{"4ce003", kT0 + 5000, kT0 + 5300}, {"4ce004", kT0 + 5010, kT0 + 5200}}},
  };
}

constexpr int kHourCells = 5, kHours = 2;

MapOutput map_a() {
  MapOutput m;
  m.dir = "a";
  m.events = parse_events_json(events_json(events_a()), "events.json");
  m.findings = parse_spoofing_json(spoofing_json({{"4cc001"}, {"4ca001", "4cc002"}}), "spoofing.json");
  m.coverage = parse_cells_csv(cells_csv(kHourCells, kHours), "cells.csv");
  return m;
}

const DetectedScore& detected(const RunScore& r, int id) {
  for (const auto& d : r.detected)
    if (d.event_id == id) return d;
  throw std::logic_error("no such event");
}

const Metric& metric(const std::vector<Metric>& ms, std::string_view key) {
  for (const auto& m : ms)
    if (m.key == key) return m;
  throw std::logic_error("no such metric");
}

TEST(EvalParse, TruthFieldsAndMovingInterferer) {
  auto interferers = interferers_a();
  interferers[1].track = {{kT0, 58.0, 20.0}, {kT0 + 1000, 59.0, 22.0}};
  const Truth t = parse_truth(truth_json(interferers, aircraft_a(), "korea-dmz", 11), "t.json");
  EXPECT_EQ(t.scenario, "korea-dmz");
  EXPECT_EQ(t.seed, 11);
  ASSERT_EQ(t.interferers.size(), 4u);
  EXPECT_EQ(t.interferers[2].kind, "spoofer");
  ASSERT_EQ(t.aircraft.size(), aircraft_a().size());
  EXPECT_EQ(t.aircraft[0].icao, 0x4ca001u);
  EXPECT_FALSE(t.aircraft[3].affected[0].heard);
  // Linear interpolation a quarter of the way; held at the ends.
  const LatLon q = t.interferers[1].position_at(kT0 + 250);
  EXPECT_NEAR(q.lat_deg, 58.0 + 0.25 * 1.0, 1e-9);
  EXPECT_NEAR(q.lon_deg, 20.0 + 0.25 * 2.0, 1e-9);
  EXPECT_NEAR(t.interferers[1].position_at(kT0 + 5000).lat_deg, 59.0, 1e-12);
  EXPECT_NEAR(t.interferers[1].position_at(kT0 - 5000).lon_deg, 20.0, 1e-12);
  EXPECT_EQ(t.interferers[0].position_at(kT0 + 99).lat_deg, 60.0);
}

TEST(EvalParse, SourceNullLocatedAndInsufficient) {
  const auto events = parse_events_json(events_json(events_a()), "events.json");
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].source.status, DetectedSource::Status::Located);
  EXPECT_DOUBLE_EQ(events[0].source.lat_deg, 60.0 + kAlphaErrorDeg);
  ASSERT_EQ(events[0].source.ci95.size(), 1u);
  EXPECT_EQ(events[0].source.ci95[0][0].size(), 5u);
  EXPECT_EQ(events[0].source.method, "test");
  EXPECT_EQ(events[1].source.status, DetectedSource::Status::NotLocated);
  EXPECT_EQ(events[1].source.status_text, "insufficient_evidence");
  EXPECT_EQ(events[2].source.status, DetectedSource::Status::None);
  EXPECT_EQ(events[0].start_s, kT0 + 710);
  EXPECT_EQ(events[0].peak_s, kT0 + 1000);
  EXPECT_TRUE(std::isnan(events[0].episodes[4].regained_s));
  EXPECT_EQ(events[0].distinct_aircraft(), 5u);
}

TEST(EvalParse, Iso8601) {
  EXPECT_EQ(detail::parse_iso8601_utc("2026-01-07T03:00:00Z"), kT0);
  EXPECT_EQ(detail::parse_iso8601_utc("1970-01-01T00:00:00Z"), 0.0);
  EXPECT_DOUBLE_EQ(*detail::parse_iso8601_utc("2024-02-29T23:59:59.5Z"), 1709251199.5);
  EXPECT_FALSE(detail::parse_iso8601_utc("2026-01-07 03:00:00"));
  EXPECT_FALSE(detail::parse_iso8601_utc("2026-13-07T03:00:00Z"));
  EXPECT_FALSE(detail::parse_iso8601_utc("2026-01-07T03:00:00+02:00"));
}

TEST(EvalParse, CellHoursCountOnlyBandAllHourWindows) {
  const CellCoverage c = parse_cells_csv(cells_csv(kHourCells, kHours), "cells.csv");
  EXPECT_EQ(c.all_band_hour_rows, kHourCells * kHours);
  EXPECT_EQ(c.rows, 1 + (kHourCells + 1) * kHours);
  EXPECT_TRUE(c.has_hour_windows);
  EXPECT_FALSE(parse_cells_csv(cells_csv(0, 0), "cells.csv").has_hour_windows);
}

TEST(EvalScore, TruthEventsCountOnlyHeardAircraft) {
  const Truth t = parse_truth(truth_json(interferers_a(), aircraft_a()), "t.json");
  const auto events = truth_events(t, EvalOptions{});
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].interferer_id, 1);
  EXPECT_EQ(events[0].aircraft.size(), 4u);  // 4ca004 not heard
  EXPECT_EQ(events[0].first_start_s, kT0 + 650);
  EXPECT_EQ(events[0].last_end_s, kT0 + 4300);
  EXPECT_TRUE(events[0].counts_for_recall);
  EXPECT_FALSE(events[1].counts_for_recall);  // two aircraft < 3
  EXPECT_EQ(events[2].aircraft.size(), 2u);   // the spoofer's heard victims
  EXPECT_FALSE(events[2].counts_for_recall);  // not a jammer
  EXPECT_TRUE(events[3].counts_for_recall);
  EXPECT_FALSE(truth_events(t, EvalOptions{.min_affected = 5})[0].counts_for_recall);
  // Alpha switches on and off inside the recording; gamma is on throughout.
  EXPECT_TRUE(events[0].onset_observable);
  EXPECT_TRUE(events[0].end_observable);
  EXPECT_FALSE(events[2].onset_observable);
  EXPECT_FALSE(events[2].end_observable);
}

TEST(EvalScore, IntervalsStartingOnTheGroundAreLeftOut) {
  auto ac = aircraft_a();
  ac[0].affected[0].start_on_ground = true;   // 4ca001
  ac[1].affected[0].start_on_ground = false;  // 4ca002: explicit false changes nothing
  const auto events = truth_events(parse_truth(truth_json(interferers_a(), ac), "t.json"), EvalOptions{});
  EXPECT_EQ(events[0].aircraft.size(), 3u);
  EXPECT_FALSE(events[0].aircraft.contains(0x4ca001));
  EXPECT_TRUE(events[0].aircraft.contains(0x4ca002));
}

TEST(EvalScore, LatenciesLeaveOutInterferersOnAtTheRecordingsEdges) {
  auto in = interferers_a();
  in[0].active = {{kT0, kT0 + 4200}};  // alpha on from the start: its first victims were jammed before being heard
  const RunScore r = score_run(parse_truth(truth_json(in, aircraft_a()), "t.json"), map_a(), EvalOptions{});
  const RunScore runs[] = {r};
  const PooledScore p = pool(runs);
  EXPECT_EQ(p.recalled, 1u);
  EXPECT_TRUE(p.onset_s.empty());
  EXPECT_EQ(p.onset_unobservable, 1u);
  ASSERT_EQ(p.end_s.size(), 1u);  // it still switches off inside
  EXPECT_DOUBLE_EQ(p.end_s[0], r.truth_events[0].end_latency_s);
  EXPECT_EQ(metric(metrics(p), "onset_latency_p95_s").status, Metric::Status::NoData);
}

TEST(EvalScore, MatchingLatenciesLocalisationSpoofing) {
  const Truth t = parse_truth(truth_json(interferers_a(), aircraft_a()), "t.json");
  const RunScore r = score_run(t, map_a(), EvalOptions{});

  // Matching: 1 and 2 to alpha, 3 to beta, 4 to nothing.
  EXPECT_EQ(detected(r, 1).interferer_id, 1);
  EXPECT_EQ(detected(r, 1).shared, 3u);  // 4ca001-3; 4ce001 and 4ce005 are not in the truth
  EXPECT_EQ(detected(r, 2).interferer_id, 1);
  EXPECT_EQ(detected(r, 2).shared, 1u);
  EXPECT_EQ(detected(r, 3).interferer_id, 2);
  EXPECT_EQ(detected(r, 4).truth_event, -1);
  EXPECT_EQ(r.truth_events[0].detected_ids, (std::vector<int>{1, 2}));
  EXPECT_TRUE(r.truth_events[3].detected_ids.empty());
  EXPECT_FALSE(r.truth_events[3].found());

  // Latencies of alpha: earliest matched start vs first heard start; latest matched end vs last end.
  const auto ev = events_a();
  EXPECT_DOUBLE_EQ(r.truth_events[0].onset_latency_s, std::min(ev[0].start_s, ev[1].start_s) - (kT0 + 650));
  EXPECT_DOUBLE_EQ(r.truth_events[0].end_latency_s, std::max(ev[0].end_s, ev[1].end_s) - (kT0 + 4300));

  // Localisation: event 1 (5 distinct aircraft) is kAlphaErrorDeg north of alpha, on its meridian.
  const DetectedScore& d1 = detected(r, 1);
  EXPECT_TRUE(d1.localization_counted);
  const double expected_km = kEarthRadiusKm * kAlphaErrorDeg * std::numbers::pi / 180.0;
  EXPECT_NEAR(d1.error_km, expected_km, 1e-6);
  ASSERT_TRUE(d1.inside_ci95.has_value());
  EXPECT_TRUE(*d1.inside_ci95);
  EXPECT_FALSE(detected(r, 2).localization_counted);  // 2 aircraft
  EXPECT_FALSE(detected(r, 2).located.has_value());

  // Spoofing: truth {4cc001, 4cc002} (4cc003 unheard); flagged {4ca001, 4cc001, 4cc002}.
  EXPECT_EQ(r.spoofing.truth, (std::vector<std::uint32_t>{0x4cc001, 0x4cc002}));
  EXPECT_EQ(r.spoofing.found, (std::vector<std::uint32_t>{0x4ca001, 0x4cc001, 0x4cc002}));
  EXPECT_EQ(r.spoofing.both.size(), 2u);

  const RunScore runs[] = {r};
  const PooledScore p = pool(runs);
  const auto ms = metrics(p);
  EXPECT_DOUBLE_EQ(metric(ms, "event_recall").value, 1.0 / 2.0);  // alpha found, delta missed; beta below 3
  EXPECT_EQ(metric(ms, "event_recall").n, 2u);
  EXPECT_EQ(metric(ms, "event_recall").status, Metric::Status::Missed);
  EXPECT_NEAR(metric(ms, "event_recall").missed_by, 0.99 - 0.5, 1e-12);
  EXPECT_DOUBLE_EQ(metric(ms, "event_precision").value, 3.0 / 4.0);
  EXPECT_DOUBLE_EQ(metric(ms, "false_events_per_1000_cell_hours").value, 1 * 1000.0 / (kHourCells * kHours));
  EXPECT_EQ(metric(ms, "false_events_per_1000_cell_hours").n, static_cast<std::size_t>(kHourCells * kHours));
  EXPECT_NEAR(metric(ms, "localization_median_km").value, expected_km, 1e-6);
  EXPECT_EQ(metric(ms, "localization_median_km").status, Metric::Status::Missed);  // 5.6 km > 3 km
  EXPECT_EQ(metric(ms, "localization_p95_km").status, Metric::Status::Met);
  EXPECT_DOUBLE_EQ(metric(ms, "ci95_containment").value, 1.0);
  EXPECT_EQ(metric(ms, "ci95_containment").status, Metric::Status::Missed);  // 100% > 98%: regions too large
  EXPECT_DOUBLE_EQ(metric(ms, "spoofing_recall").value, 1.0);
  EXPECT_DOUBLE_EQ(metric(ms, "spoofing_precision").value, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(metric(ms, "onset_latency_p95_s").value, std::min(ev[0].start_s, ev[1].start_s) - (kT0 + 650));
  EXPECT_EQ(metric(ms, "onset_latency_p95_s").status, Metric::Status::Met);
}

TEST(EvalScore, TiesGoToTheTruthEventNearestInTime) {
  // One aircraft of each jammer in the detected event, both overlapping it: jammer 2's started 10 s before it.
  const std::vector<FxInterferer> in = {{1, "jammer", "long", 60, 25, {{kT0, kT0 + 7200}}, {}},
                                        {2, "jammer", "near", 60.5, 25, {{kT0, kT0 + 7200}}, {}}};
  const std::vector<FxAircraft> ac = {{"aaaaa1", {{1, "jammed", kT0, kT0 + 3000}}}, {"aaaaa2", {{2, "jammed", kT0 + 2000, kT0 + 2500}}}};
  MapOutput m;
  m.events = parse_events_json(
      events_json({{1, kT0 + 2010, kT0 + 2400, kT0 + 2100, {{"aaaaa1", kT0 + 2010, kT0 + 2400}, {"aaaaa2", kT0 + 2020, kT0 + 2400}}}}), "e");
  const RunScore r = score_run(parse_truth(truth_json(in, ac), "t"), m, EvalOptions{});
  EXPECT_EQ(r.detected[0].interferer_id, 2);
  // With more shared aircraft the other one wins regardless of time.
  m.events = parse_events_json(events_json({{1, kT0 + 2010, kT0 + 2400, kT0 + 2100, {{"aaaaa1", kT0 + 2010, kT0 + 2400}}}}), "e");
  EXPECT_EQ(score_run(parse_truth(truth_json(in, ac), "t"), m, EvalOptions{}).detected[0].interferer_id, 1);
}

TEST(EvalScore, AnEventMergingTwoActiveIntervalsCoversBoth) {
  // The jammer is off for 7 minutes; the detector links both intervals into one event. It matches the second
  // interval (4 shared aircraft against 3) and covers the first; the second's onset is its own aircraft's first
  // loss, not the merged event's start.
  const std::vector<FxInterferer> in = {{1, "jammer", "blinker", 60, 25, {{kT0 + 600, kT0 + 1200}, {kT0 + 1620, kT0 + 2400}}, {}}};
  std::vector<FxAircraft> ac;
  std::vector<FxEpisode> eps;
  for (int k = 0; k < 3; ++k) {
    ac.push_back({fmt::format("a0000{}", k), {{1, "jammed", kT0 + 610 + k, kT0 + 1210}}});
    eps.push_back({fmt::format("a0000{}", k), kT0 + 630 + k, kT0 + 1230});
  }
  for (int k = 0; k < 4; ++k) {
    ac.push_back({fmt::format("b0000{}", k), {{1, "jammed", kT0 + 1630 + k, kT0 + 2410}}});
    eps.push_back({fmt::format("b0000{}", k), kT0 + 1650 + 2 * k, kT0 + 2440});
  }
  MapOutput m;
  m.events = parse_events_json(events_json({{1, kT0 + 630, kT0 + 2440, kT0 + 1700, eps}}), "e");
  const RunScore r = score_run(parse_truth(truth_json(in, ac), "t"), m, EvalOptions{});
  ASSERT_EQ(r.truth_events.size(), 2u);
  EXPECT_EQ(r.detected[0].truth_event, 1);
  EXPECT_EQ(r.truth_events[1].detected_ids, (std::vector<int>{1}));
  EXPECT_EQ(r.truth_events[0].covering_ids, (std::vector<int>{1}));
  EXPECT_TRUE(r.truth_events[0].found());
  EXPECT_DOUBLE_EQ(r.truth_events[0].onset_latency_s, (kT0 + 630) - (kT0 + 610));
  EXPECT_DOUBLE_EQ(r.truth_events[1].onset_latency_s, (kT0 + 1650) - (kT0 + 1630));
  EXPECT_DOUBLE_EQ(r.truth_events[1].end_latency_s, (kT0 + 2440) - (kT0 + 2410));
  const RunScore runs[] = {r};
  EXPECT_EQ(pool(runs).recalled, 2u);
  // An aircraft jammed in both intervals whose loss the detector never saw end: it shares with both, but its
  // loss start belongs to the first interval and its end to the second.
  ac.push_back({"c00000", {{1, "jammed", kT0 + 605, kT0 + 1205}, {1, "jammed", kT0 + 1625, kT0 + 2405}}});
  eps.push_back({"c00000", kT0 + 625, kT0 + 2500});
  m.events = parse_events_json(events_json({{1, kT0 + 625, kT0 + 2500, kT0 + 1700, eps}}), "e");
  const RunScore both = score_run(parse_truth(truth_json(in, ac), "t"), m, EvalOptions{});
  EXPECT_DOUBLE_EQ(both.truth_events[0].onset_latency_s, (kT0 + 625) - (kT0 + 605));
  EXPECT_DOUBLE_EQ(both.truth_events[0].end_latency_s, (kT0 + 1230) - (kT0 + 1210));  // not c00000's 2500
  EXPECT_DOUBLE_EQ(both.truth_events[1].onset_latency_s, (kT0 + 1650) - (kT0 + 1625));  // not c00000's 625
  EXPECT_DOUBLE_EQ(both.truth_events[1].end_latency_s, (kT0 + 2500) - (kT0 + 2410));

  // Sharing fewer than --min-affected aircraft does not cover: the first interval is then not found.
  const RunScore strict = score_run(parse_truth(truth_json(in, ac), "t"), m, EvalOptions{.min_affected = 5});  // 4 shared (3 + c00000) < 5
  EXPECT_TRUE(strict.truth_events[0].covering_ids.empty());
  EXPECT_FALSE(strict.truth_events[0].found());
}

// Two jammers on at once whose losses the detector puts into one event, located as two sources (events.json
// "sources", as korea-dmz's Kaesong and Haeju): the event matches the jammer with more shared aircraft and covers the
// other, which is then shown against the nearer of the event's sources.
TEST(EvalScore, AMergedJammerIsShownAgainstTheNearestOfTheEventsSources) {
  const std::vector<FxInterferer> in = {{1, "jammer", "west", 60.0, 25.0, {{kT0 + 600, kT0 + 2400}}, {}},
                                        {2, "jammer", "east", 60.0, 26.0, {{kT0 + 600, kT0 + 2400}}, {}}};
  std::vector<FxAircraft> ac;
  std::vector<FxEpisode> eps;
  for (int k = 0; k < 5; ++k) {
    const std::string id = fmt::format("{}0000{}", k < 3 ? 'a' : 'b', k);
    ac.push_back({id, {{k < 3 ? 1 : 2, "jammed", kT0 + 610 + k, kT0 + 1210}}});
    eps.push_back({id, kT0 + 630 + k, kT0 + 1230});
  }
  const auto source = [](double lat, double lon) {
    return fmt::format("{{\"status\":\"located\",\"lat\":{},\"lon\":{},\"ci95\":{{\"type\":\"Polygon\","
                       "\"coordinates\":[[[{},{}],[{},{}],[{},{}],[{},{}],[{},{}]]]}}}}",
                       lat, lon, lon - 0.05, lat - 0.05, lon + 0.05, lat - 0.05, lon + 0.05, lat + 0.05, lon - 0.05,
                       lat + 0.05, lon - 0.05, lat - 0.05);
  };
  FxEvent ev{1, kT0 + 630, kT0 + 1230, kT0 + 900, eps, source(60.0, 25.01)};
  ev.sources = "[" + source(60.0, 25.01) + "," + source(60.02, 26.0) + "]";
  MapOutput m;
  m.events = parse_events_json(events_json({ev}), "e");
  ASSERT_EQ(m.events[0].sources.size(), 2u);
  const RunScore r = score_run(parse_truth(truth_json(in, ac), "t"), m, EvalOptions{.min_affected = 2});
  ASSERT_EQ(r.truth_events.size(), 2u);
  EXPECT_EQ(r.truth_events[0].detected_ids, (std::vector<int>{1}));
  EXPECT_FALSE(r.truth_events[0].covering_source.has_value());  // matched: scored as usual
  ASSERT_EQ(r.truth_events[1].covering_ids, (std::vector<int>{1}));
  const auto& c = r.truth_events[1].covering_source;
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->event_id, 1);
  EXPECT_DOUBLE_EQ(c->located.lat_deg, 60.02);
  EXPECT_NEAR(c->error_km, great_circle_km(LatLon{60.02, 26.0}, LatLon{60.0, 26.0}), 1e-9);
  EXPECT_EQ(c->inside_ci95, std::optional<bool>(true));
  // The localization metrics still count one source per detected event.
  const RunScore runs[] = {r};
  EXPECT_EQ(pool(runs).error_km.size(), 1u);  // the matched jammer's (5 aircraft in the event)
}

// A map that covers none of the truth's span is another scenario's, or was made without --start-time: eval warns.
TEST(EvalScore, AMapOutsideTheTruthsSpanIsFlaggedAsMismatched) {
  const Truth truth = parse_truth(truth_json(interferers_a(), aircraft_a()), "t.json");
  MapOutput m = map_a();
  EXPECT_FALSE(mismatch_warning(truth, m).has_value());
  m.coverage.first_window_start_s = 0, m.coverage.last_window_end_s = 86400;  // 1970: made without --start-time
  const auto why = mismatch_warning(truth, m);
  ASSERT_TRUE(why.has_value());
  EXPECT_NE(why->find("--start-time " + output::iso8601_utc(kT0)), std::string::npos) << *why;
  // Without cells, the events' times are compared.
  m.coverage = CellCoverage{};
  EXPECT_FALSE(mismatch_warning(truth, m).has_value());
  for (DetectedEvent& ev : m.events) ev.start_s -= 1e6, ev.end_s -= 1e6;
  EXPECT_TRUE(mismatch_warning(truth, m).has_value());
}

TEST(EvalScore, LossesMustOverlapTheTruthIntervalWithinTheSlack) {
  const std::vector<FxInterferer> in = {{1, "jammer", "j", 60, 25, {{kT0, kT0 + 7200}}, {}}};
  const std::vector<FxAircraft> ac = {{"aaaaa1", {{1, "jammed", kT0 + 1000, kT0 + 1200}}}};
  const Truth t = parse_truth(truth_json(in, ac), "t");
  MapOutput m;
  const double slack = EvalOptions{}.match_slack_s;
  m.events = parse_events_json(events_json({{1, kT0 + 1200 + slack - 1, kT0 + 2000, kT0 + 1500, {{"aaaaa1", kT0 + 1200 + slack - 1, kT0 + 2000}}}}), "e");
  EXPECT_EQ(score_run(t, m, EvalOptions{}).detected[0].interferer_id, 1);
  m.events = parse_events_json(events_json({{1, kT0 + 1200 + slack + 1, kT0 + 2000, kT0 + 1500, {{"aaaaa1", kT0 + 1200 + slack + 1, kT0 + 2000}}}}), "e");
  EXPECT_EQ(score_run(t, m, EvalOptions{}).detected[0].truth_event, -1);
}

TEST(EvalScore, MovingJammerIsScoredAtItsPositionAtThePeak) {
  std::vector<FxInterferer> in = {{1, "jammer", "mover", 60, 25, {{kT0, kT0 + 7200}}, {{kT0, 60.0, 25.0}, {kT0 + 1000, 61.0, 27.0}}}};
  std::vector<FxAircraft> ac;
  std::vector<FxEpisode> episodes;
  for (int k = 0; k < 5; ++k) {
    const std::string icao = fmt::format("abcde{}", k);
    ac.push_back({icao, {{1, "jammed", kT0 + 100, kT0 + 900}}});
    episodes.push_back({icao, kT0 + 120 + k, kT0 + 900});
  }
  const double peak = kT0 + 750;  // three quarters along the track
  const double lat = 60.0 + 0.75, lon = 25.0 + 0.75 * 2.0;
  MapOutput m;
  m.events = parse_events_json(
      events_json({{1, kT0 + 120, kT0 + 900, peak, episodes, fmt::format("{{\"status\":\"located\",\"lat\":{},\"lon\":{}}}", lat, lon)}}), "e");
  const RunScore r = score_run(parse_truth(truth_json(in, ac), "t"), m, EvalOptions{});
  ASSERT_TRUE(r.detected[0].truth_position);
  EXPECT_NEAR(r.detected[0].truth_position->lat_deg, lat, 1e-9);
  EXPECT_NEAR(r.detected[0].truth_position->lon_deg, lon, 1e-9);
  EXPECT_NEAR(r.detected[0].error_km, 0.0, 1e-6);
  EXPECT_FALSE(r.detected[0].inside_ci95.has_value());  // no ci95 given: not scored for containment
  EXPECT_TRUE(r.detected[0].localization_counted);
}

TEST(EvalScore, PoolingKeepsPerEventValues) {
  const Truth t = parse_truth(truth_json(interferers_a(), aircraft_a()), "t.json");
  const RunScore a = score_run(t, map_a(), EvalOptions{});
  // Second run: event 1 located 3x as far off, and outside its region.
  auto ev = events_a();
  ev[0].source = fmt::format("{{\"status\":\"located\",\"lat\":{},\"lon\":25.0,\"ci95\":{{\"type\":\"MultiPolygon\",\"coordinates\":"
                             "[[[[26,61],[26.1,61],[26.1,61.1],[26,61]]]]}}}}",
                             60.0 + 3 * kAlphaErrorDeg);
  MapOutput m = map_a();
  m.events = parse_events_json(events_json(ev), "events.json");
  const RunScore b = score_run(t, m, EvalOptions{});
  const RunScore runs[] = {a, b};
  const PooledScore p = pool(runs);
  EXPECT_EQ(p.runs, 2u);
  EXPECT_EQ(p.recall_events, 4u);
  EXPECT_EQ(p.recalled, 2u);
  EXPECT_EQ(p.detected, 8u);
  EXPECT_EQ(p.cell_hours, 2 * kHourCells * kHours);
  const double e1 = kEarthRadiusKm * kAlphaErrorDeg * std::numbers::pi / 180.0;
  const auto ms = metrics(p);
  EXPECT_NEAR(metric(ms, "localization_median_km").value, (e1 + 3 * e1) / 2, 1e-6);  // median of two values
  EXPECT_NEAR(metric(ms, "localization_p95_km").value, e1 + 0.95 * (3 * e1 - e1), 1e-6);
  EXPECT_DOUBLE_EQ(metric(ms, "ci95_containment").value, 0.5);
  EXPECT_EQ(metric(ms, "ci95_containment").n, 2u);
  EXPECT_DOUBLE_EQ(metric(ms, "false_events_per_1000_cell_hours").value, 2 * 1000.0 / (2 * kHourCells * kHours));
}

TEST(EvalScore, Percentile) {
  EXPECT_DOUBLE_EQ(percentile({4, 1, 3, 2}, 50), 2.5);
  EXPECT_DOUBLE_EQ(percentile({7}, 95), 7);
  std::vector<double> v;
  for (int i = 1; i <= 101; ++i) v.push_back(i);
  EXPECT_DOUBLE_EQ(percentile(v, 95), 96);
  EXPECT_TRUE(std::isnan(percentile({}, 50)));
}

// Scenario A with good_before_s: alpha's 4ca001-3 were heard with good GNSS shortly before their loss, 4ca005
// not; beta's two were; delta's 4cd001-2 were, 4cd003-4 not. Alpha stays detectable (3), delta is not (2): the detectable recall is
// 1/1 where the recall over all heard events is 1/2.
std::vector<FxAircraft> aircraft_a_with_good_fix() {
  std::vector<FxAircraft> a = aircraft_a();
  for (FxAircraft& x : a) {
    for (FxAffected& f : x.affected) {
      f.good_fix = true;
      const bool good = x.icao == "4ca001" || x.icao == "4ca002" || x.icao == "4ca003" || x.icao == "4cb001" ||
                        x.icao == "4cb002" || x.icao == "4cd001" || x.icao == "4cd002";
      if (good) f.good_before_s = 12.5;
    }
  }
  return a;
}

TEST(EvalParse, GoodFixFieldsAreOptional) {
  const Truth with = parse_truth(truth_json(interferers_a(), aircraft_a_with_good_fix()), "t.json");
  EXPECT_TRUE(with.aircraft[0].affected[0].has_good_fix);
  EXPECT_DOUBLE_EQ(with.aircraft[0].affected[0].good_before_s, 12.5);
  EXPECT_TRUE(with.aircraft[0].affected[0].good_before());
  EXPECT_TRUE(with.aircraft[4].affected[0].has_good_fix);  // 4ca005: null
  EXPECT_FALSE(with.aircraft[4].affected[0].good_before());
  EXPECT_TRUE(std::isnan(with.aircraft[4].affected[0].good_after_s));
  const Truth without = parse_truth(truth_json(interferers_a(), aircraft_a()), "t.json");
  EXPECT_FALSE(without.aircraft[0].affected[0].has_good_fix);
}

TEST(EvalScore, RecallOverAllHeardAndOverDetectableEvents) {
  const Truth t = parse_truth(truth_json(interferers_a(), aircraft_a_with_good_fix()), "t.json");
  const RunScore r = score_run(t, map_a(), EvalOptions{});
  ASSERT_EQ(r.truth_events.size(), 4u);
  EXPECT_EQ(r.truth_events[0].event.detectable_aircraft, 3u);
  EXPECT_TRUE(r.truth_events[0].event.counts_for_detectable_recall);
  EXPECT_EQ(r.truth_events[3].event.detectable_aircraft, 2u);
  EXPECT_TRUE(r.truth_events[3].event.counts_for_recall);
  EXPECT_FALSE(r.truth_events[3].event.counts_for_detectable_recall);
  EXPECT_FALSE(r.truth_events[1].event.counts_for_detectable_recall);  // beta: below 3 heard at all

  const RunScore runs[] = {r};
  const PooledScore p = pool(runs);
  EXPECT_EQ(p.runs_without_good_fix, 0u);
  const auto ms = metrics(p);
  EXPECT_DOUBLE_EQ(metric(ms, "event_recall").value, 1.0 / 2.0);  // unchanged: alpha found, delta missed
  EXPECT_EQ(metric(ms, "event_recall_detectable").n, 1u);
  EXPECT_DOUBLE_EQ(metric(ms, "event_recall_detectable").value, 1.0);
  EXPECT_EQ(metric(ms, "event_recall_detectable").status, Metric::Status::Met);

  // With a min_affected of 2, delta counts for the detectable recall too, and it was missed.
  const RunScore r2 = score_run(t, map_a(), EvalOptions{.min_affected = 2});
  const RunScore runs2[] = {r2};
  EXPECT_DOUBLE_EQ(metric(metrics(pool(runs2)), "event_recall_detectable").value, 2.0 / 3.0);  // alpha, beta; not delta

  // A truth without the fields (an older truth.json) adds nothing to the detectable recall and is counted.
  const RunScore old = score_run(parse_truth(truth_json(interferers_a(), aircraft_a()), "t.json"), map_a(), EvalOptions{});
  const RunScore both[] = {r, old};
  const PooledScore pb = pool(both);
  EXPECT_EQ(pb.runs_without_good_fix, 1u);
  EXPECT_EQ(pb.detectable_events, 1u);
  EXPECT_EQ(pb.recall_events, 4u);
  const RunScore only_old[] = {old};
  EXPECT_EQ(metric(metrics(pool(only_old)), "event_recall_detectable").status, Metric::Status::NoData);
}

TEST(EvalScore, NoDataIsNotMet) {
  const auto ms = metrics(PooledScore{});
  EXPECT_EQ(metric(ms, "event_recall").status, Metric::Status::NoData);
  EXPECT_EQ(metric(ms, "false_events_per_1000_cell_hours").status, Metric::Status::NoData);
}

TEST(EvalGeometry, GreatCircle) {
  // A quarter of a meridian, and one degree of longitude on the equator.
  EXPECT_NEAR(great_circle_km({0, 0}, {90, 0}), kEarthRadiusKm * std::numbers::pi / 2, 1e-6);
  EXPECT_NEAR(great_circle_km({0, 179.5}, {0, -179.5}), kEarthRadiusKm * std::numbers::pi / 180, 1e-6);
}

TEST(EvalGeometry, ContainmentAcrossTheAntimeridian) {
  const Ring ring = {{-10, 179}, {-10, -179}, {10, -179}, {10, 179}, {-10, 179}};  // {lat, lon}
  EXPECT_TRUE(ring_contains(ring, {0, 179.5}));
  EXPECT_TRUE(ring_contains(ring, {0, -179.5}));
  EXPECT_TRUE(ring_contains(ring, {0, 180}));
  EXPECT_FALSE(ring_contains(ring, {0, 0}));
  EXPECT_FALSE(ring_contains(ring, {0, 178.9}));
  EXPECT_FALSE(ring_contains(ring, {11, 179.5}));
  // A hole.
  const Polygon with_hole = {ring, {{-1, 179.9}, {-1, -179.9}, {1, -179.9}, {1, 179.9}, {-1, 179.9}}};
  const std::vector<Polygon> polygons = {with_hole};
  EXPECT_FALSE(polygons_contain(polygons, {0, 180}));
  EXPECT_TRUE(polygons_contain(polygons, {5, 180}));
}

}  // namespace
}  // namespace gw::eval
