// GNSS health on the Helsinki recording: ../shared/data/adsb/helsinki-2026-01 (github rwiren/adsb-research-grid,
// commit 3b42eff, MIT), 30 Beast files, 9 hours, receiver at Vantaa beside EFHK. What the data README says the
// recording shows is asserted; which aircraft were flagged, where and when, is printed (docs/HEALTH.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "detect/health_classifier.hpp"
#include "io/input.hpp"
#include "track/message_pipeline.hpp"
#include "helsinki_data.hpp"

namespace gw::detect {
namespace {

constexpr double kStartTimeS = 1767736616.3;  // data README: UTC of counter zero
constexpr double kEfhkLat = 60.317, kEfhkLon = 24.963;

double km_between(double lat1, double lon1, double lat2, double lon2) {
  const double r = M_PI / 180.0;
  const double a = std::pow(std::sin((lat2 - lat1) * r / 2), 2) +
                   std::cos(lat1 * r) * std::cos(lat2 * r) * std::pow(std::sin((lon2 - lon1) * r / 2), 2);
  return 2 * 6371.0 * std::asin(std::sqrt(a));
}

double bearing_deg(double lat1, double lon1, double lat2, double lon2) {
  const double r = M_PI / 180.0;
  const double y = std::sin((lon2 - lon1) * r) * std::cos(lat2 * r);
  const double x = std::cos(lat1 * r) * std::sin(lat2 * r) - std::sin(lat1 * r) * std::cos(lat2 * r) * std::cos((lon2 - lon1) * r);
  return std::fmod(std::atan2(y, x) / r + 360.0, 360.0);
}

std::string utc(double t) {
  if (!std::isfinite(t)) return "-";
  const std::time_t s = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&s, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%H:%M:%SZ", &tm);
  return buf;
}

std::string place(double lat, double lon) {
  if (!std::isfinite(lat)) return "-";
  char buf[96];
  std::snprintf(buf, sizeof buf, "%.4f N %.4f E (%.0f km, %03.0f deg from EFHK)", lat, lon,
                km_between(kEfhkLat, kEfhkLon, lat, lon), bearing_deg(kEfhkLat, kEfhkLon, lat, lon));
  return buf;
}

// Records what the assertions need, beside the samples and episodes.
class Recorder final : public HealthSink {
 public:
  const HealthTracker* tracker = nullptr;
  std::vector<HealthSample> bad;
  std::vector<GnssEpisode> episodes;
  std::uint64_t good = 0, bad_while_on_ground = 0;
  void on_sample(const HealthSample& s) override {
    if (!s.bad) {
      ++good;
      return;
    }
    bad.push_back(s);
    const auto* st = tracker->state(s.id);
    if (st && st->air_ground == track::AirGround::Ground) ++bad_while_on_ground;
  }
  void on_episode(const GnssEpisode& e) override { episodes.push_back(e); }
};

class Runner final : public io::FrameBatchSink {
 public:
  explicit Runner(HealthOptions options) : pipeline(test::helsinki_pipeline_options()), tracker(recorder, options) {
    recorder.tracker = &tracker;
  }
  void on_frames(std::span<const modes::RawFrame> frames) override {
    for (const auto& frame : frames) {
      if (!pipeline.process(frame, msg)) continue;
      const double t = msg.time_s;
      tracker.update(msg, t);
      const auto* st = tracker.state(msg.address);
      if (msg.derived.lat) positioned.insert(msg.address);
      heard.insert(msg.address);
      // A "no position" squitter from an aircraft standing at the airport.
      if (msg.type_code == 0 && (msg.df == 17 || msg.df == 18) && st && st->air_ground == track::AirGround::Ground &&
          st->has_position() && km_between(st->lat_deg, st->lon_deg, kEfhkLat, kEfhkLon) < 4.0) {
        tc0_parked.insert(msg.address);
      }
      last_t = t;
    }
  }
  track::MessagePipeline pipeline;
  Recorder recorder;
  HealthTracker tracker;
  modes::ModeSMessage msg;
  std::set<std::uint32_t> positioned, heard, tc0_parked;
  double last_t = 0;
};

std::vector<std::string> recording_files(const std::filesystem::path& dir) {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".bin") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

const char* name_of(Classifier c) {
  return c == Classifier::Gpsjam ? "gpsjam" : (c == Classifier::Nic ? "nic" : "nacp");
}

void run_and_check(Classifier classifier) {
  const std::filesystem::path dir = std::string(GNSSWATCH_SHARED_DATA) + "/adsb/helsinki-2026-01";
  if (!std::filesystem::is_directory(dir)) GTEST_SKIP() << "shared test data not found: " << dir.string();

  HealthOptions options;
  options.classifier = classifier;
  Runner runner(options);
  io::InputStats stats;
  io::ReadOptions read;
  read.start_time_s = kStartTimeS;
  for (const auto& file : recording_files(dir)) io::read_input(file, io::Format::Beast, runner, stats, read);
  runner.tracker.finish();
  const Recorder& rec = runner.recorder;

  // Who was flagged, where and when.
  std::map<std::uint32_t, std::size_t> bad_by_aircraft;
  for (const auto& s : rec.bad) ++bad_by_aircraft[s.id];
  std::printf("[%s] %zu aircraft heard, %zu with a position; samples: %llu good, %zu bad (%llu unplaced); "
              "%zu episodes; %llu messages out of order\n",
              name_of(classifier), runner.heard.size(), runner.positioned.size(),
              static_cast<unsigned long long>(rec.good), rec.bad.size(),
              static_cast<unsigned long long>(runner.tracker.counters().bad_unplaced), rec.episodes.size(),
              static_cast<unsigned long long>(runner.tracker.counters().out_of_order));
  for (const auto& e : rec.episodes) {
    std::printf("[%s] %06X lost %s at %s, alt %s ft; regained %s at %s; %zu bad samples\n", name_of(classifier),
                e.id, utc(e.lost_s).c_str(), place(e.lost_lat_deg, e.lost_lon_deg).c_str(),
                e.altitude_ft ? std::to_string(*e.altitude_ft).c_str() : "-", utc(e.regained_s).c_str(),
                place(e.regained_lat_deg, e.regained_lon_deg).c_str(), bad_by_aircraft[e.id]);
  }

  // Nothing on the ground is counted bad.
  EXPECT_EQ(rec.bad_while_on_ground, 0u);
  // Aircraft parked at EFHK that sent "no position" squitters (the README's gate type-0 senders) exist and
  // none of them has a bad sample placed at the airport.
  std::printf("[%s] %zu aircraft sent type code 0 while on the ground at EFHK\n", name_of(classifier),
              runner.tc0_parked.size());
  EXPECT_FALSE(runner.tc0_parked.empty());
  for (const auto& s : rec.bad) {
    if (runner.tc0_parked.count(s.id)) {
      EXPECT_GT(km_between(s.lat_deg, s.lon_deg, kEfhkLat, kEfhkLon), 3.0)
          << std::hex << s.id << " counted bad at the airport at " << utc(s.time_s);
    }
  }
  // Aircraft that never sent a usable position (e.g. the 15xxxx / 78xxxx overflights, NACp 0 throughout) are
  // never counted bad and open no episode.
  std::size_t never_positioned_es = 0;
  for (const auto id : runner.heard) {
    if (runner.positioned.count(id)) continue;
    if ((id >> 16) == 0x15 || (id >> 16) == 0x78) ++never_positioned_es;
    EXPECT_EQ(bad_by_aircraft.count(id), 0u) << std::hex << id << " never positioned but counted bad";
    for (const auto& e : rec.episodes) EXPECT_NE(e.id, id) << std::hex << id << " never positioned, episode";
  }
  std::printf("[%s] %zu heard aircraft without any position, %zu of them 15xxxx/78xxxx\n", name_of(classifier),
              runner.heard.size() - runner.positioned.size(), never_positioned_es);
  EXPECT_GT(never_positioned_es, 0u);

  // At least one aircraft loses GNSS 15-45 km north / north-east of EFHK and recovers there.
  const auto in_area = [](double lat, double lon) {
    if (!std::isfinite(lat)) return false;
    const double km = km_between(kEfhkLat, kEfhkLon, lat, lon);
    const double brg = bearing_deg(kEfhkLat, kEfhkLon, lat, lon);
    return km >= 15.0 && km <= 45.0 && (brg >= 315.0 || brg <= 90.0);
  };
  const auto n = std::count_if(rec.episodes.begin(), rec.episodes.end(), [&](const GnssEpisode& e) {
    return in_area(e.lost_lat_deg, e.lost_lon_deg) && in_area(e.regained_lat_deg, e.regained_lon_deg);
  });
  EXPECT_GE(n, 1) << "no episode lost and regained 15-45 km N/NE of EFHK";
}

TEST(HealthHelsinki, GpsjamRule) { run_and_check(Classifier::Gpsjam); }
TEST(HealthHelsinki, NicRule) { run_and_check(Classifier::Nic); }
TEST(HealthHelsinki, NacpRule) { run_and_check(Classifier::Nacp); }

}  // namespace
}  // namespace gw::detect
