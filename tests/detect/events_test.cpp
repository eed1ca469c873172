// Interference events from synthetic episodes built here (no recording needed): grouping in space and time,
// counts, peak, region polygon, the min-affected option, order independence, merging of presence summaries, and
// the events.json / events.geojson documents.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "detect/events.hpp"
#include "detect_test_util.hpp"
#include "geo/distance.hpp"
#include "output/events_writer.hpp"

namespace gw::detect {
namespace {

constexpr double kT0 = 1767736616.0;  // 2026-01-06T21:56:56Z

GnssEpisode episode(std::uint32_t id, double lost_s, double lat, double lon, double regained_s, double rlat, double rlon) {
  return test::make_episode(id, lost_s, lat, lon, regained_s, rlat, rlon, 12000);
}

HealthSample good(std::uint32_t id, double t, double lat, double lon) {
  HealthSample s;
  s.id = id;
  s.time_s = t;
  s.lat_deg = lat;
  s.lon_deg = lon;
  return s;
}

// Five aircraft losing GNSS within 10 minutes and 30 km of (60.55, 25.10), north-east of EFHK.
std::vector<GnssEpisode> cluster(std::uint32_t first_id, double t0, double lat, double lon) {
  std::vector<GnssEpisode> v;
  for (std::uint32_t i = 0; i < 5; ++i) {
    const double lost = t0 + 120.0 * i;  // 0, 2, 4, 6, 8 minutes
    v.push_back(episode(first_id + i, lost, lat + 0.05 * i, lon + 0.08 * i, lost + 300.0, lat + 0.05 * i + 0.2, lon + 0.08 * i + 0.3));
  }
  return v;
}

// Signed area in (lon, lat): positive for a counter-clockwise ring.
double signed_area(const std::vector<geo::h3::LatLng>& ring) {
  double a = 0;
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
    a += ring[i].lon_deg * ring[i + 1].lat_deg - ring[i + 1].lon_deg * ring[i].lat_deg;
  }
  return a / 2;
}

bool inside(const std::vector<geo::h3::LatLng>& ring, double lat, double lon) {
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
    const auto& a = ring[i];
    const auto& b = ring[i + 1];
    if ((b.lon_deg - a.lon_deg) * (lat - a.lat_deg) - (b.lat_deg - a.lat_deg) * (lon - a.lon_deg) < 0) return false;
  }
  return true;
}

TEST(Events, FiveAircraftLosingNearOnePlaceWithinTenMinutesAreOneEvent) {
  const auto eps = cluster(0x400000, kT0, 60.55, 25.10);
  const auto events = find_events(eps, std::span<const HealthSample>{});
  ASSERT_EQ(events.size(), 1u);
  const Event& ev = events[0];
  EXPECT_EQ(ev.id, 1u);
  EXPECT_EQ(ev.affected, 5u);
  EXPECT_DOUBLE_EQ(ev.start_s, kT0);
  EXPECT_DOUBLE_EQ(ev.end_s, kT0 + 480.0 + 300.0);
  // Losses every 2 min, each lasting 5 min: three at once from minute 4 (losses at 0, 2, 4 while none regained).
  EXPECT_EQ(ev.peak_affected, 3u);
  EXPECT_DOUBLE_EQ(ev.peak_s, kT0 + 240.0);
  ASSERT_EQ(ev.episodes.size(), 5u);
  EXPECT_EQ(ev.episodes[0].id, 0x400000u);
  EXPECT_EQ(ev.unaffected, 0u);
}

TEST(Events, UnaffectedCountsDistinctGoodAircraftInTheRegionDuringTheEvent) {
  const auto eps = cluster(0x400000, kT0, 60.55, 25.10);
  std::vector<HealthSample> samples;
  for (std::uint32_t id = 0x500000; id < 0x500003; ++id) {  // three good aircraft in the region, several samples each
    for (int k = 0; k < 4; ++k) samples.push_back(good(id, kT0 + 60.0 * k, 60.6 + 0.01 * k, 25.2));
  }
  samples.push_back(good(0x400000, kT0 - 30, 60.55, 25.10));  // an affected aircraft before its loss: not unaffected
  samples.push_back(good(0x600000, kT0 + 100, 48.0, 11.0));   // far away: not in the region
  samples.push_back(good(0x600001, kT0 + 7200, 60.6, 25.2));  // in the region two hours later: not during it
  HealthSample bad = good(0x600002, kT0 + 100, 60.6, 25.2);
  bad.bad = true;  // bad samples are not presence
  samples.push_back(bad);
  const auto events = find_events(eps, samples);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].unaffected, 3u);
  EXPECT_EQ(events[0].severity, Severity::Severe);  // 5 of 8
}

TEST(Events, TwoClustersFarApartAreTwoEventsInStartOrder) {
  auto eps = cluster(0x400000, kT0 + 600, 60.55, 25.10);  // Helsinki, starts later
  const auto south = cluster(0x480000, kT0, 54.5, 19.5);  // Gulf of Gdansk, ~700 km away
  eps.insert(eps.end(), south.begin(), south.end());
  const auto events = find_events(eps, std::span<const HealthSample>{});
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].id, 1u);
  EXPECT_EQ(events[0].episodes[0].id, 0x480000u);
  EXPECT_EQ(events[1].id, 2u);
  EXPECT_EQ(events[1].episodes[0].id, 0x400000u);
  EXPECT_EQ(events[0].affected, 5u);
  EXPECT_EQ(events[1].affected, 5u);
}

TEST(Events, SamePlaceHoursApartAreTwoEvents) {
  auto eps = cluster(0x400000, kT0, 60.55, 25.10);
  const auto later = cluster(0x480000, kT0 + 4 * 3600, 60.55, 25.10);
  eps.insert(eps.end(), later.begin(), later.end());
  EXPECT_EQ(find_events(eps, std::span<const HealthSample>{}).size(), 2u);
}

TEST(Events, LoneAircraftIsAnEventOnlyWhenMinAffectedIsOne) {
  const std::vector<GnssEpisode> eps{episode(0x4ca123, kT0, 60.5, 25.0, kT0 + 200, 60.6, 25.2)};
  EventOptions opts;
  EventCounters c;
  EXPECT_TRUE(find_events(eps, std::span<const HealthSample>{}, opts, &c).empty());
  EXPECT_EQ(c.groups_too_small, 1u);
  opts.min_affected = 1;
  const auto events = find_events(eps, std::span<const HealthSample>{}, opts);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].affected, 1u);
  EXPECT_EQ(events[0].severity, Severity::Isolated);
}

// A place `km` from (lat, lon) on `bearing_deg` (flat-earth offset; good to well under 1 % at these ranges).
std::pair<double, double> offset(double lat, double lon, double km, double bearing_deg) {
  const double b = bearing_deg * geo::kDegToRad;
  return {lat + km * std::cos(b) / 111.2, lon + km * std::sin(b) / (111.2 * std::cos(lat * geo::kDegToRad))};
}

// Victims of one jammer lose GNSS on the rim of its footprint (their last good positions), far more than
// link_distance_km apart when traffic is sparse: linked while they overlap in time, as one footprint holds them.
TEST(Events, SparseVictimsOnOneFootprintsRimAreOneEventWhileTheirLossesOverlap) {
  std::vector<GnssEpisode> eps;
  for (std::uint32_t i = 0; i < 3; ++i) {
    const auto [lat, lon] = offset(60.0, 27.0, 100.0, 120.0 * i);  // 173 km apart
    eps.push_back(episode(0x400000 + i, kT0 + 60.0 * i, lat, lon, kT0 + 600 + 60.0 * i, lat, lon));
  }
  ASSERT_GT(geo::great_circle_km(eps[0].lost_lat_deg, eps[0].lost_lon_deg, eps[1].lost_lat_deg, eps[1].lost_lon_deg),
            EventOptions{}.link_distance_km);
  const auto events = find_events(eps, std::span<const HealthSample>{});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].affected, 3u);
  EXPECT_EQ(events[0].peak_affected, 3u);

  EventOptions close_only;
  close_only.footprint_radius_km = 0;
  EventCounters c;
  EXPECT_TRUE(find_events(eps, std::span<const HealthSample>{}, close_only, &c).empty());
  EXPECT_EQ(c.groups_too_small, 3u);

  // The same places with one-minute losses 5 minutes apart (4 minutes between them): close enough in time for a
  // close link, too far apart for a wide one, which needs the losses to overlap (up to wide_link_time_s apart).
  for (std::size_t i = 0; i < eps.size(); ++i) {
    eps[i].lost_s = kT0 + 300.0 * static_cast<double>(i);
    eps[i].regained_s = eps[i].lost_s + 60;
  }
  EXPECT_TRUE(find_events(eps, std::span<const HealthSample>{}).empty());
}

// Two losses 116 km apart where one aircraft regains GNSS seconds before the other loses it (as on the Helsinki
// recording, 01:29-01:32Z): within wide_link_time_s, but never two without GNSS at once, so no evidence of one
// footprint. Overlapping, they are one event.
TEST(Events, WideLinksNeedTwoEmittersWithoutGnssAtOnce) {
  std::vector<GnssEpisode> eps{episode(0x5110c8, kT0, 59.326, 24.555, kT0 + 164, 59.179, 23.654),
                               episode(0x461f4d, kT0 + 168, 60.318, 25.216, NAN, NAN, NAN)};
  EXPECT_TRUE(find_events(eps, std::span<const HealthSample>{}).empty());
  eps[0].regained_s = kT0 + 300;
  const auto events = find_events(eps, std::span<const HealthSample>{});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].affected, 2u);
}

// Wide links never chain places that no footprint of footprint_radius_km holds: such a group keeps only its
// close links.
TEST(Events, WideLinksDoNotChainPlacesNoFootprintHolds) {
  // Pairs of aircraft losing GNSS at once at three places 250 km apart along a parallel (500 km end to end).
  auto pair_at = [](std::uint32_t id, double lon) {
    return std::vector<GnssEpisode>{episode(id, kT0, 60.0, lon, kT0 + 900, 60.0, lon),
                                    episode(id + 1, kT0 + 30, 60.02, lon + 0.05, kT0 + 900, 60.0, lon)};
  };
  std::vector<GnssEpisode> two_places = pair_at(0x400000, 20.0);
  for (const auto& e : pair_at(0x410000, 24.5)) two_places.push_back(e);
  const auto one = find_events(two_places, std::span<const HealthSample>{});
  ASSERT_EQ(one.size(), 1u) << "250 km apart fits one 150 km footprint";
  EXPECT_EQ(one[0].affected, 4u);

  std::vector<GnssEpisode> three_places = two_places;
  for (const auto& e : pair_at(0x420000, 29.0)) three_places.push_back(e);
  const auto three = find_events(three_places, std::span<const HealthSample>{});
  ASSERT_EQ(three.size(), 3u);
  for (const Event& ev : three) EXPECT_EQ(ev.affected, 2u);
}

// An intermittent jammer: three aircraft lose GNSS, all regain as it switches off, three more lose it at the same
// place five minutes later. Within link_time_s, so linked, but cut at the quiet gap into two events.
std::vector<GnssEpisode> two_bursts(double second_burst_s) {
  std::vector<GnssEpisode> eps;
  for (std::uint32_t i = 0; i < 3; ++i) {
    eps.push_back(episode(0x400000 + i, kT0 + 30.0 * i, 60.5 + 0.05 * i, 25.0, kT0 + 600, 60.6, 25.0));
    const double lost = second_burst_s + 30.0 * i;
    eps.push_back(episode(0x410000 + i, lost, 60.5 + 0.05 * i, 25.1, lost + 400, 60.6, 25.1));
  }
  return eps;
}

TEST(Events, IntermittentBurstsAreCutAtQuietGaps) {
  auto eps = two_bursts(kT0 + 900);  // 300 s with no loss open
  const auto events = find_events(eps, std::span<const HealthSample>{});
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].affected, 3u);
  EXPECT_DOUBLE_EQ(events[0].end_s, kT0 + 600);
  EXPECT_EQ(events[1].affected, 3u);
  EXPECT_DOUBLE_EQ(events[1].start_s, kT0 + 900);

  EventOptions no_cut;
  no_cut.quiet_cut_s = 0;
  ASSERT_EQ(find_events(eps, std::span<const HealthSample>{}, no_cut).size(), 1u);

  // A gap shorter than quiet_cut_s is not cut.
  EXPECT_EQ(find_events(two_bursts(kT0 + 780), std::span<const HealthSample>{}).size(), 1u);

  // One loss lasting through the gap keeps the event whole.
  eps.push_back(episode(0x420000, kT0 + 500, 60.5, 25.05, kT0 + 1000, 60.6, 25.05));
  const auto bridged = find_events(eps, std::span<const HealthSample>{});
  ASSERT_EQ(bridged.size(), 1u);
  EXPECT_EQ(bridged[0].affected, 7u);
}

TEST(Events, QuietCutsKeepMinAffectedOnBothSides) {
  // The second burst has one aircraft: cut off, it would be dropped as a lone loss, so the event stays whole.
  auto eps = two_bursts(kT0 + 900);
  eps.erase(std::remove_if(eps.begin(), eps.end(), [](const GnssEpisode& e) { return e.id > 0x410000; }), eps.end());
  const auto events = find_events(eps, std::span<const HealthSample>{});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].affected, 4u);
}

TEST(Events, OneAircraftLosingTwiceCountsOnceButListsBothLosses) {
  std::vector<GnssEpisode> eps{episode(0x4ca123, kT0, 60.5, 25.0, kT0 + 100, 60.55, 25.1),
                               episode(0x4ca123, kT0 + 300, 60.6, 25.2, kT0 + 400, 60.65, 25.3)};
  EventOptions opts;
  opts.min_affected = 1;
  const auto events = find_events(eps, std::span<const HealthSample>{}, opts);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].affected, 1u);
  EXPECT_EQ(events[0].episodes.size(), 2u);
  EXPECT_EQ(events[0].peak_affected, 1u);
}

TEST(Events, RegionIsAClosedCounterClockwiseRingContainingEveryLossPlace) {
  const auto eps = cluster(0x400000, kT0, 60.55, 25.10);
  const auto events = find_events(eps, std::span<const HealthSample>{});
  ASSERT_EQ(events.size(), 1u);
  const auto& ring = events[0].region;
  ASSERT_GE(ring.size(), 4u);
  EXPECT_EQ(ring.front().lat_deg, ring.back().lat_deg);
  EXPECT_EQ(ring.front().lon_deg, ring.back().lon_deg);
  EXPECT_GT(signed_area(ring), 0.0);
  for (const auto& e : eps) {
    EXPECT_TRUE(inside(ring, e.lost_lat_deg, e.lost_lon_deg));
    EXPECT_TRUE(inside(ring, e.regained_lat_deg, e.regained_lon_deg));
  }
  EXPECT_FALSE(inside(ring, 59.0, 25.1));  // 170 km south
}

TEST(Events, RegainPlacesFarAwayDoNotStretchTheRegion) {
  auto eps = cluster(0x400000, kT0, 60.55, 25.10);
  eps[0].regained_lat_deg = 52.0;  // regained over Germany, an hour later
  eps[0].regained_lon_deg = 13.0;
  eps[0].regained_s = kT0 + 3600;
  const auto events = find_events(eps, std::span<const HealthSample>{});
  ASSERT_EQ(events.size(), 1u);
  for (const auto& v : events[0].region) EXPECT_GT(v.lat_deg, 59.5);
}

TEST(Events, SingleLossPlaceStillGivesAValidPolygon) {
  std::vector<GnssEpisode> eps{episode(1, kT0, 60.5, 25.0, kNaN, kNaN, kNaN)};
  EventOptions opts;
  opts.min_affected = 1;
  opts.region_buffer_km = 0;  // clamped to 0.1 km
  const auto events = find_events(eps, std::span<const HealthSample>{}, opts);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_GE(events[0].region.size(), 4u);
  EXPECT_GT(signed_area(events[0].region), 0.0);
  EXPECT_DOUBLE_EQ(events[0].end_s, kT0);
}

TEST(Events, UnplacedEpisodesAreCountedAndSkipped) {
  auto eps = cluster(0x400000, kT0, 60.55, 25.10);
  eps.push_back(episode(0x777777, kT0 + 10, kNaN, kNaN, kNaN, kNaN, kNaN));
  EventCounters c;
  const auto events = find_events(eps, std::span<const HealthSample>{}, {}, &c);
  EXPECT_EQ(c.episodes, 6u);
  EXPECT_EQ(c.episodes_unplaced, 1u);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].affected, 5u);
}

TEST(Events, ResultDoesNotDependOnEpisodeOrder) {
  auto eps = cluster(0x400000, kT0, 60.55, 25.10);
  const auto b = cluster(0x480000, kT0, 54.5, 19.5);
  eps.insert(eps.end(), b.begin(), b.end());
  const std::string expected = output::events_json_text(find_events(eps, std::span<const HealthSample>{}));
  std::mt19937 rng(7);
  for (int i = 0; i < 5; ++i) {
    std::shuffle(eps.begin(), eps.end(), rng);
    EXPECT_EQ(output::events_json_text(find_events(eps, std::span<const HealthSample>{})), expected);
  }
}

TEST(Events, PresenceMergedFromPartsEqualsPresenceOfTheWhole) {
  GoodPresence whole, a, b;
  for (std::uint32_t i = 0; i < 200; ++i) {
    const HealthSample s = good(i % 17, kT0 + 10.0 * i, 60.0 + 0.01 * (i % 30), 25.0 + 0.02 * (i % 11));
    whole.add(s);
    (i % 2 ? a : b).add(s);
  }
  a.merge(b);
  EXPECT_EQ(a.entries(), whole.entries());
  EXPECT_EQ(a.slots(), whole.slots());
  EXPECT_THROW(a.merge(GoodPresence(5, 600)), std::invalid_argument);
}

TEST(Events, SeverityScale) {
  EXPECT_EQ(severity_for(2, 0), Severity::Isolated);
  EXPECT_EQ(severity_for(3, 10), Severity::Moderate);
  EXPECT_EQ(severity_for(3, 3), Severity::Severe);
  EXPECT_EQ(severity_for(10, 2), Severity::Extreme);
  EXPECT_EQ(severity_for(9, 0), Severity::Severe);
}

TEST(EventsWriter, Iso8601Utc) {
  EXPECT_EQ(output::iso8601_utc(1767736616.3), "2026-01-06T21:56:56Z");
  EXPECT_EQ(output::iso8601_utc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(output::iso8601_utc(951782400), "2000-02-29T00:00:00Z");
  EXPECT_EQ(output::iso8601_utc(kNaN), "");
}

TEST(EventsWriter, JsonCarriesTheSchemaFieldsAndNullSource) {
  auto eps = cluster(0x4ca000, kT0, 60.55, 25.10);
  eps[4].regained_s = kNaN;
  eps[4].regained_lat_deg = eps[4].regained_lon_deg = kNaN;
  const auto events = find_events(eps, std::span<const HealthSample>{});
  const std::string json = output::events_json_text(events);
  for (const char* field : {"\"id\":1", "\"start\":\"2026-01-06T21:56:56Z\"", "\"end\":", "\"affected_aircraft\":5",
                            "\"unaffected_aircraft\":0", "\"peak\":{\"time\":", "\"severity\":", "\"region\":{\"type\":\"Polygon\"",
                            "\"icao\":\"4ca000\"", "\"lost_at\":{\"time\":", "\"regained_at\":null", "\"source\":null"}) {
    EXPECT_NE(json.find(field), std::string::npos) << field;
  }
  const std::string geo = output::events_geojson_text(events);
  EXPECT_EQ(geo.rfind("{\"type\":\"FeatureCollection\",\"features\":[", 0), 0u);
  EXPECT_NE(geo.find("\"geometry\":{\"type\":\"Polygon\""), std::string::npos);
  EXPECT_NE(geo.find("\"properties\":{\"id\":1"), std::string::npos);
}

}  // namespace
}  // namespace gw::detect
