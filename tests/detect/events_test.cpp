// Interference events from synthetic episodes built here (no recording needed): grouping in space and time,
// counts, peak, region polygon, the min-affected option, order independence, merging of presence summaries, and
// the events.json / events.geojson documents.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "detect/events.hpp"
#include "output/events_writer.hpp"

namespace gw::detect {
namespace {

constexpr double kT0 = 1767736616.0;  // 2026-01-06T21:56:56Z

GnssEpisode episode(std::uint32_t id, double lost_s, double lat, double lon, double regained_s, double rlat, double rlon) {
  GnssEpisode e;
  e.id = id;
  e.lost_s = lost_s;
  e.lost_lat_deg = lat;
  e.lost_lon_deg = lon;
  e.regained_s = regained_s;
  e.regained_lat_deg = rlat;
  e.regained_lon_deg = rlon;
  e.altitude_ft = 12000;
  return e;
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
