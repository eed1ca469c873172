#include "sim/engine.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numbers>

#include "modes/cpr.hpp"
#include "modes/encode.hpp"

namespace gw::sim {

namespace link {

double horizon_km(double height_a_m, double height_b_m) {
  return 4.12 * (std::sqrt(std::max(height_a_m, 0.0)) + std::sqrt(std::max(height_b_m, 0.0)));
}

double free_space_loss_db(double distance_km) {
  return 32.45 + 20.0 * std::log10(kFrequencyMhz) + 20.0 * std::log10(std::max(distance_km, 1e-3));
}

double decode_probability(double received_dbm) {
  return kMaxDecodeProbability / (1.0 + std::exp(-(received_dbm - kSensitivityDbm) / kSlopeDb));
}

std::uint8_t signal_byte(double received_dbm) {
  // Beast: the byte is the square root of the power relative to full scale, scaled to 255 (readsb reads
  // 10 log10((b / 255)^2) dBFS).
  const double amplitude = 255.0 * std::pow(10.0, (received_dbm - kFullScaleDbm) / 20.0);
  return static_cast<std::uint8_t>(std::clamp(std::lround(amplitude), 1L, 255L));
}

}  // namespace link

namespace {

using modes::ModeSMessage;

constexpr double kTicksPerS = modes::kCounterHz;
constexpr double kSpeedOfLightKmPerS = 299792.458;
constexpr double kEarthRadiusKm = kEarthMeanRadiusM / 1000.0;
constexpr std::size_t kMaxLinks = 8;
constexpr double kMovingKt = 1.0;
constexpr double kLinkUpdateS = 4.0;
// TruthRecorder keeps "heard" as runs of times at most this far apart (truth.hpp); the engine builds the same runs
// from every heard frame (and every heard usable position) and hands each run over when it ends.
constexpr double kHeardGapS = 1.0;
// Every this often the open runs are handed over too and the truth settles what it can (memory flat in duration).
constexpr double kSettleEveryS = 60.0;

// NIC (version 2 semantics, as GnssOutput reports it) -> position type code and supplements, the inverse of
// DO-260B Table 2-14 / 2-69 as modes/integrity.hpp tabulates them (checked by the round-trip tests).
struct TcSupplements {
  std::uint8_t tc;
  bool a;       // NIC supplement A (TC 31); version 1: the one NIC supplement
  bool b_or_c;  // airborne: NIC-B (position ME bit 8); surface: NIC supplement C (TC 31)
};
constexpr TcSupplements kAirborneByNic[12] = {
    {18, false, false}, {17, false, false}, {16, false, false}, {16, true, true},  {15, false, false},
    {14, false, false}, {13, false, false}, {12, false, false}, {11, false, false}, {11, true, true},
    {10, false, false}, {9, false, false}};
constexpr TcSupplements kSurfaceByNic[12] = {
    {8, false, false}, {8, false, false}, {8, false, false}, {8, false, false}, {8, false, false}, {8, false, false},
    {8, true, false},  {8, true, true},   {7, false, false}, {7, true, false},  {6, false, false}, {5, false, false}};

struct SiteVector {
  std::array<double, 3> unit;
  double height_m;
  double range_km;
  double cos_range;  // dot products below this are beyond range_km
};

struct Link {
  const SiteVector* site = nullptr;
  double p = 0;
  std::uint32_t delay_ticks = 0;
  std::uint8_t signal = 0;
  bool visible = false;  // inside range and horizon now (checked every second)
};

struct Schedule {
  double position = 0, velocity = 0, ident = 0, status = 0, target_state = 0, acquisition = 0, reply = 0;
};

// Frames whose content rarely changes (identification, status, acquisition squitter, replies, velocity in
// cruise) are encoded once and reused while a key made of every field they carry is unchanged.
enum Slot : std::uint8_t { kVelocity, kIdent, kStatus, kTargetState, kAcquisition, kDf4, kDf5, kDf20, kDf21, kSlots };
struct CachedFrame {
  std::uint64_t key = ~std::uint64_t{0};
  std::array<std::uint8_t, 14> bytes{};
  std::uint8_t length = 0;
};

// What a position frame is meant to say, for the round-trip tests (EngineOptions::keep_messages).
void set_derived(ModeSMessage& msg, double lat, double lon, std::uint8_t nic, int version) {
  msg.derived.lat = lat;
  msg.derived.lon = lon;
  msg.derived.nic = nic;
  msg.derived.version = static_cast<std::uint8_t>(version);
}

SiteVector site_vector(double lat_deg, double lon_deg, double height_m, double range_km) {
  const double la = lat_deg * std::numbers::pi / 180.0, lo = lon_deg * std::numbers::pi / 180.0;
  return {{std::cos(la) * std::cos(lo), std::cos(la) * std::sin(lo), std::sin(la)},
          height_m,
          range_km,
          std::cos(std::min(range_km / kEarthRadiusKm, std::numbers::pi))};
}

// std::lround (half away from zero) without the library call, for the values the frames carry.
inline std::int32_t round_to_int(double x) {
  return x >= 0 ? static_cast<std::int32_t>(x + 0.5) : -static_cast<std::int32_t>(-x + 0.5);
}

inline double dot(const std::array<double, 3>& a, const std::array<double, 3>& b) {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

// Sorts keys (ticks << 38 | index, ticks < 2^27, generated in index order) by ticks, keeping index order among
// equal ticks: a stable LSD radix sort over the tick bits, 3 passes of 9 bits. Linear; std::sort was a tenth of
// the engine's time.
void radix_sort_ticks(std::vector<std::uint64_t>& keys, std::vector<std::uint64_t>& scratch) {
  scratch.resize(keys.size());
  std::uint64_t* src = keys.data();
  std::uint64_t* dst = scratch.data();
  // The three passes' histograms in one read of the keys.
  std::array<std::array<std::uint32_t, 512>, 3> count{};
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::uint64_t ticks = src[i] >> 38;
    ++count[0][ticks & 511];
    ++count[1][(ticks >> 9) & 511];
    ++count[2][(ticks >> 18) & 511];
  }
  for (int pass = 0; pass < 3; ++pass) {
    const int shift = 38 + 9 * pass;
    std::uint32_t sum = 0;
    for (auto& c : count[pass]) {
      const std::uint32_t n = c;
      c = sum;
      sum += n;
    }
    std::array<std::uint32_t, 512>& offset = count[pass];
    for (std::size_t i = 0; i < keys.size(); ++i) dst[offset[(src[i] >> shift) & 511]++] = src[i];
    std::swap(src, dst);
  }
  if (src != keys.data()) std::copy(src, src + keys.size(), keys.data());
}

}  // namespace

struct Engine::Impl {
  struct Aircraft {
    Aircraft(Airframe frame, AircraftGnss g, std::uint64_t seed) : airframe(std::move(frame)), gnss(g), rng(seed) {}
    Airframe airframe;
    AircraftGnss gnss;
    Rng rng;
    std::array<Kinematics, 2> k{};  // k[k_now]: at the slice start; the other: at its end (swapped, not copied)
    std::uint8_t k_now = 0;
    bool k1_valid = false;
    bool transmitting = false;
    AircraftTruth last_truth;
    Schedule next;
    bool odd = false;
    bool nic_a = false, nic_c = false;
    std::array<Link, kMaxLinks> links{};
    std::uint8_t n_links = 0;
    bool in_radar = false;
    double links_due = 0;
    bool was_on_ground = false;
    bool ever_heard = false;
    double run_first_s = -1, run_last_s = -1;  // the current run of heard frames (none: -1)
    double usable_first_s = -1, usable_last_s = -1;  // the current run of heard usable positions (none: -1)
    GnssOutput out;
    modes::Callsign callsign{};
    std::uint64_t identification_mb = 0;  // BDS 2,0 MB for DF20/21 replies
    std::array<CachedFrame, kSlots> cache{};
  };

  Impl(const Scenario& s, const EngineOptions& o) : scenario(s), options(o) {
    for (const ReceiverSite& r : s.receivers) receivers.push_back(site_vector(r.lat_deg, r.lon_deg, r.height_m, r.range_km));
    for (const RadarSite& r : s.radars) radars.push_back(site_vector(r.lat_deg, r.lon_deg, r.height_m, r.range_km));
  }

  // Hands the current runs of heard frames and heard usable positions to the truth.
  static void flush_heard(Aircraft& a, TruthRecorder& truth) {
    if (a.run_last_s >= 0) truth.note_heard_run(a.airframe.identity().icao, a.run_first_s, a.run_last_s);
    a.run_first_s = a.run_last_s = -1;
  }
  static void flush_usable(Aircraft& a, TruthRecorder& truth) {
    if (a.usable_last_s >= 0) truth.note_usable_run(a.airframe.identity().icao, a.usable_first_s, a.usable_last_s);
    a.usable_first_s = a.usable_last_s = -1;
  }
  // Extends the run [first, last] by a time, or hands it over and starts a new one. Times of one aircraft come
  // in order per message type, not overall, so a time may also extend the run backwards.
  template <class Flush>
  static void extend_run(double& first, double& last, double time_s, Flush&& flush) {
    if (last >= 0 && time_s <= last + kHeardGapS) {
      first = std::min(first, time_s);
      last = std::max(last, time_s);
    } else {
      flush();
      first = last = time_s;
    }
  }

  // The links from `a` (at the slice start) to every receiver in range and above the horizon, strongest first, with
  // decoding probability, signal byte and propagation delay; and whether a Mode S radar covers it.
  void update_links(Aircraft& a) const {
    const Kinematics& k0 = a.k[a.k_now];
    const double h_ac = std::max(k0.alt_ft * kFtToM, 2.0);
    a.n_links = 0;
    for (const SiteVector& r : receivers) {
      const double c = dot(k0.unit, r.unit);
      if (c < r.cos_range) continue;
      const double d_km = std::acos(std::min(c, 1.0)) * kEarthRadiusKm;
      if (d_km > link::horizon_km(r.height_m, h_ac)) continue;
      const double dh_km = (h_ac - r.height_m) / 1000.0;
      const double slant_km = std::sqrt(d_km * d_km + dh_km * dh_km);
      const double rx_dbm = link::kTransmitDbm - link::free_space_loss_db(slant_km);
      Link l;
      l.site = &r;
      l.visible = true;
      l.p = link::decode_probability(rx_dbm);
      l.signal = link::signal_byte(rx_dbm);
      l.delay_ticks = static_cast<std::uint32_t>(std::lround(slant_km / kSpeedOfLightKmPerS * kTicksPerS));
      if (a.n_links < kMaxLinks) {
        std::size_t j = a.n_links++;
        while (j > 0 && a.links[j - 1].signal < l.signal) {
          a.links[j] = a.links[j - 1];
          --j;
        }
        a.links[j] = l;
      }
    }
    a.in_radar = false;
    if (!k0.on_ground) {
      for (const SiteVector& r : radars) {
        const double c = dot(k0.unit, r.unit);
        if (c < r.cos_range) continue;
        if (std::acos(std::min(c, 1.0)) * kEarthRadiusKm <= link::horizon_km(r.height_m, h_ac)) {
          a.in_radar = true;
          break;
        }
      }
    }
  }

  Scenario scenario;
  EngineOptions options;
  TrafficOptions traffic;
  std::vector<SiteVector> receivers, radars;
  std::vector<Aircraft> aircraft;
  double t = 0;  // seconds since the start: the next slice begins here
  double settle_due = kSettleEveryS;
  bool finished = false;
  std::vector<modes::RawFrame> frames;  // this slice's (and carried-over) frames, generation order
  std::vector<ModeSMessage> messages;   // parallel to frames when keep_messages
  std::vector<std::uint64_t> keys;      // arrival ticks since the slice start << 38 | index into frames
  std::vector<std::uint64_t> sort_scratch;
  std::vector<modes::RawFrame> out_frames;
  std::vector<ModeSMessage> out_messages;
  std::vector<modes::RawFrame> carry_frames;  // kept between slices so their capacity is reused
  std::vector<ModeSMessage> carry_messages;
};

Engine::Engine(const Scenario& scenario, const EngineOptions& options)
    : impl_(std::make_unique<Impl>(scenario, options)) {
  Impl& m = *impl_;
  start_s_ = scenario.start_s;
  duration_s_ = options.duration_s > 0 ? options.duration_s : scenario.duration_s;
  environment_ = GnssEnvironment(scenario.interferers);
  truth_.set_scenario(scenario.name, options.seed, start_s_, start_s_ + duration_s_);
  for (const ReceiverSite& r : scenario.receivers) truth_.add_receiver(r.name, r.lat_deg, r.lon_deg, r.height_m, r.range_km);

  TrafficOptions& tr = m.traffic;
  tr.airports = scenario.airports;
  double lat = 0, lon = 0;
  int n = 0;
  for (const Airport* a : scenario.airports) {
    if (a->local) lat += a->lat_deg, lon += a->lon_deg, ++n;
  }
  tr.centre_lat_deg = n ? lat / n : 0;
  tr.centre_lon_deg = n ? lon / n : 0;
  tr.overflight_fraction = scenario.overflight_fraction;
  tr.no_gnss_fraction = scenario.no_gnss_fraction;
  tr.version_mix = scenario.version_mix;
  const std::size_t count = options.aircraft > 0 ? options.aircraft : scenario.aircraft;
  std::vector<Airframe> frames = make_traffic(tr, count, options.seed, start_s_);
  m.aircraft.reserve(frames.size());
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const AircraftIdentity& id = frames[i].identity();
    truth_.add_aircraft(id.icao, id.callsign, id.version, id.has_gnss);
    const std::uint64_t seed = derive_seed(options.seed, 0x100000000ull + id.icao);
    m.aircraft.emplace_back(std::move(frames[i]), AircraftGnss(id.icao, id.has_gnss, derive_seed(seed, 1)),
                            derive_seed(seed, 2));
    auto& cs = m.aircraft.back().callsign;
    std::strncpy(cs.data(), id.callsign.c_str(), 8);
    m.aircraft.back().identification_mb = modes::encode_identification_mb(cs);
  }
  stats_.aircraft = m.aircraft.size();
}

Engine::~Engine() = default;

std::size_t Engine::aircraft_count() const { return impl_->aircraft.size(); }

void Engine::run(FrameSink& sink) {
  while (step(sink)) {
  }
}

bool Engine::step(FrameSink& sink) {
  Impl& m = *impl_;
  if (m.finished) return false;
  const bool last = m.t + 1.0 >= duration_s_;
  const double t0 = m.t, t1 = std::min(m.t + 1.0, duration_s_);
  const double abs0 = start_s_ + t0, abs1 = start_s_ + t1;
  const std::uint64_t slice_ticks = static_cast<std::uint64_t>(t0 * kTicksPerS);
  const bool keep = m.options.keep_messages;
  const bool perfect = m.options.perfect_reception;

  for (Impl::Aircraft& a : m.aircraft) {
    if (a.k1_valid) {
      a.k_now ^= 1;
    } else {
      a.airframe.at(abs0, a.k[a.k_now]);
    }
    a.airframe.at(abs1, a.k[a.k_now ^ 1]);
    a.k1_valid = true;
    const Kinematics& k0 = a.k[a.k_now];
    if (!k0.transmitting) {
      if (a.transmitting) a.gnss.finish(a.last_truth, truth_);
      a.transmitting = false;
      continue;
    }
    const AircraftIdentity& id = a.airframe.identity();
    if (!a.transmitting) {
      // Transponder on: each squitter starts at a random phase of its period.
      a.next.position = t0 + a.rng.uniform(0, 0.5);
      a.next.velocity = t0 + a.rng.uniform(0, 0.5);
      a.next.ident = t0 + a.rng.uniform(0, 5);
      a.next.status = t0 + a.rng.uniform(0, 2.5);
      a.next.target_state = t0 + a.rng.uniform(0, 1.25);
      a.next.acquisition = t0 + a.rng.uniform(0, 1);
      a.next.reply = t0 + a.rng.uniform(0, 0.5);
    }
    a.transmitting = true;

    // Interference, once per aircraft-second.
    AircraftTruth truth;
    truth.time_s = abs0;
    truth.lat_deg = k0.lat_deg;
    truth.lon_deg = k0.lon_deg;
    truth.alt_baro_ft = k0.alt_ft;
    // GNSS (geometric) height minus pressure altitude: the pressure-height column is stretched by T / T_ISA
    // (hypsometric equation), so the difference is about alt * dT / 288.15 K.
    truth.geom_minus_baro_ft = k0.alt_ft * m.scenario.isa_deviation_c / 288.15;
    truth.on_ground = k0.on_ground;
    truth.gs_kt = k0.gs_kt;
    a.out = a.gnss.update(environment_, truth, truth_);
    const bool on_ground_changed = k0.on_ground != a.was_on_ground;
    a.was_on_ground = k0.on_ground;
    a.last_truth = truth;
    if (a.out.jammed || a.out.spoofed) ++stats_.aircraft_seconds_affected;

    // Links to the receivers, strongest first, and radar coverage: recomputed every kLinkUpdateS seconds (and on
    // take-off and landing); an aircraft moves at most ~1 km meanwhile, which changes a link budget by a
    // fraction of a dB.
    if (t0 >= a.links_due || on_ground_changed) {
      a.links_due = t0 + kLinkUpdateS;
      m.update_links(a);
    } else {
      // Between link updates, still drop a receiver the moment the aircraft leaves its range or horizon (a
      // descending aircraft sinks below it): a dot product against the cosine of the allowed angle.
      const double h_ac = std::max(k0.alt_ft * kFtToM, 2.0);
      for (std::size_t i = 0; i < a.n_links; ++i) {
        Link& l = a.links[i];
        const double horizon_km = link::horizon_km(l.site->height_m, h_ac);
        // Range-limited (any aircraft above ~10,000 ft for a 400 km receiver): the site's precomputed cosine.
        const double cos_max = horizon_km >= l.site->range_km ? l.site->cos_range : std::cos(horizon_km / kEarthRadiusKm);
        l.visible = dot(k0.unit, l.site->unit) >= cos_max;
      }
    }

    // Nobody can hear this aircraft this second: its squitters are only counted, the schedules advanced at the
    // mean intervals (no random draws, no encoding); the jitter resumes when it comes into coverage.
    bool audible = false;
    for (std::size_t i = 0; i < a.n_links; ++i) audible = audible || a.links[i].visible;
    if (!audible) {
      const bool ground = k0.on_ground, still = ground && k0.gs_kt < kMovingKt;
      const bool sends_position = a.out.position_valid ? true : !(ground || (!id.has_gnss && !id.positions_without_gnss));
      auto advance = [&](double& next, double mean, bool sent) {
        for (; next < t1; next += mean) stats_.frames_transmitted += (sent && next >= t0) ? 1 : 0;
      };
      advance(a.next.position, still ? 5.0 : 0.5, sends_position);
      advance(a.next.velocity, 0.5, !ground);
      advance(a.next.ident, still ? 10.0 : 5.0, true);
      advance(a.next.status, still ? 5.0 : 2.5, id.version > 0);
      advance(a.next.target_state, 1.25, id.version == 2 && !ground);
      advance(a.next.acquisition, 1.0, true);
      advance(a.next.reply, 0.4, a.in_radar);
      continue;
    }

    // The squitters and replies of this second.
    const Kinematics& k1 = a.k[a.k_now ^ 1].transmitting ? a.k[a.k_now ^ 1] : k0;
    const double dlat = k1.lat_deg - k0.lat_deg;
    // std::remainder(x, 360) for |x| < 540 without the library call (the same values: x -+ 360 is exact there).
    double dlon = k1.lon_deg - k0.lon_deg;
    if (dlon > 180.0) dlon -= 360.0;
    if (dlon < -180.0) dlon += 360.0;
    const double dalt = k1.alt_ft - k0.alt_ft;
    // The reported position follows the true one unless the avionics report another (spoofed or held).
    const bool reports_true_position =
        std::fabs(a.out.lat_deg - k0.lat_deg) < 1e-6 && std::fabs(a.out.lon_deg - k0.lon_deg) < 1e-6;
    const bool on_ground = k0.on_ground;
    const bool moving = k0.gs_kt >= kMovingKt;
    const int version = id.version;
    const GnssOutput& g = a.out;
    // A position the detector can judge the aircraft by, and a true one (docs/HEALTH.md: readsb's GNSS-ok needs
    // NACp >= 4): the truth's good_before_s / good_after_s.
    const bool usable_fix = g.position_valid && g.nacp >= 4 && !g.jammed && !g.spoofed;

    // Which receiver (if any) hears a frame sent now: the strongest that decodes it.
    auto reception = [&]() -> const Link* {
      ++stats_.frames_transmitted;
      for (std::size_t i = 0; i < a.n_links; ++i) {
        if (a.links[i].visible && (a.rng.uniform() < a.links[i].p || perfect)) return &a.links[i];
      }
      return nullptr;
    };
    auto push = [&](const std::array<std::uint8_t, 14>& bytes, std::uint8_t length, double te, const Link& heard,
                    const ModeSMessage* msg) {
      modes::RawFrame& f = m.frames.emplace_back();
      f.bytes = bytes;
      f.length = length;
      f.kind = length == modes::kLongFrameBytes ? modes::FrameKind::Long : modes::FrameKind::Short;
      f.has_counter = true;
      // Through int64 (te >= 0): the same value, without the unsigned conversion's extra branch.
      f.counter = static_cast<std::uint64_t>(static_cast<std::int64_t>(te * kTicksPerS)) + heard.delay_ticks;
      f.has_signal = true;
      f.signal = heard.signal;
      if (keep) {
        m.messages.push_back(*msg);
        m.messages.back().time_s = start_s_ + te;
      }
      const std::uint8_t df = bytes[0] >> 3;
      ++stats_.frames_heard;
      ++stats_.heard_by_df[df];
      if (df == 17) ++stats_.heard_by_type_code[bytes[4] >> 3];
      // Heard runs are kept here, in the aircraft's hot data, and replayed into the truth when they end.
      m.extend_run(a.run_first_s, a.run_last_s, start_s_ + te, [&] { m.flush_heard(a, truth_); });
      if (!a.ever_heard) {
        a.ever_heard = true;
        ++stats_.aircraft_heard;
      }
    };
    // Sends a cacheable frame: `key` identifies its content, `encode` writes its bytes (returns the length),
    // `build` makes the message it encodes (for keep_messages).
    auto emit_cached_with = [&](Slot slot, std::uint64_t key, double te, auto&& build, auto&& encode) {
      const Link* heard = reception();
      if (!heard) return;
      CachedFrame& c = a.cache[slot];
      if (c.key != key || keep) {
        c.length = static_cast<std::uint8_t>(encode(c.bytes));
        c.key = key;
        if (keep) {
          const ModeSMessage msg = build();
          push(c.bytes, c.length, te, *heard, &msg);
          return;
        }
      }
      push(c.bytes, c.length, te, *heard, nullptr);
    };
    // The same through the generic encoder.
    auto emit_cached = [&](Slot slot, std::uint64_t key, double te, auto&& build) {
      emit_cached_with(slot, key, te, build,
                       [&](std::array<std::uint8_t, 14>& bytes) { return modes::encode_frame(build(), bytes); });
    };
    auto base = [&](std::uint8_t df) {
      ModeSMessage msg;
      msg.df = df;
      msg.address = id.icao;
      msg.on_ground = on_ground;
      return msg;
    };
    // Altitude at te on the 25 ft grid the frames carry.
    auto alt25_at = [&](double te) { return round_to_int((k0.alt_ft + dalt * (te - t0)) / 25.0); };

    // Position (airborne TC 0/9-18, surface TC 5-8).
    while (a.next.position < t1) {
      const double te = a.next.position;
      a.next.position += on_ground && !moving ? a.rng.uniform(4.8, 5.2) : a.rng.uniform(0.4, 0.6);
      if (te < t0) continue;
      if (!g.position_valid && (on_ground || (!id.has_gnss && !id.positions_without_gnss))) continue;
      const modes::CprFormat fmt = a.odd ? modes::CprFormat::Odd : modes::CprFormat::Even;
      a.odd = !a.odd;
      const Link* heard = reception();
      if (!heard) continue;
      std::array<std::uint8_t, 14> bytes;
      if (!g.position_valid) {
        const std::int32_t alt_ft = alt25_at(te) * 25;
        modes::encode_airborne_position_frame(id.icao, 0, false, alt_ft, nullptr, bytes);
        if (keep) {
          ModeSMessage msg = base(17);
          msg.type_code = 0;
          msg.alt_baro_ft = alt_ft;
          push(bytes, modes::kLongFrameBytes, te, *heard, &msg);
        } else {
          push(bytes, modes::kLongFrameBytes, te, *heard, nullptr);
        }
        continue;
      }
      const double f = te - t0;
      const double lat = reports_true_position ? k0.lat_deg + dlat * f : g.lat_deg;
      double lon = reports_true_position ? k0.lon_deg + dlon * f : g.lon_deg;
      if (lon >= 180.0) lon -= 360.0;
      if (lon < -180.0) lon += 360.0;
      const std::uint8_t nic = std::min<std::uint8_t>(g.nic, 11);
      if (on_ground) {
        ModeSMessage msg = base(17);
        const TcSupplements ts = kSurfaceByNic[nic];
        msg.type_code = version == 1 && nic <= 7 ? std::uint8_t{8} : ts.tc;
        if (version == 2) a.nic_a = ts.a, a.nic_c = ts.b_or_c;
        if (version == 1) a.nic_a = nic == 9;
        msg.gs_kt = static_cast<float>(k0.gs_kt);
        if (moving) msg.track_deg = static_cast<float>(k0.track_deg());
        msg.cpr = modes::cpr::encode(lat, lon, fmt, true);
        if (keep) set_derived(msg, lat, lon, nic, version);
        push(bytes, static_cast<std::uint8_t>(modes::encode_frame(msg, bytes)), te, *heard, &msg);
      } else {
        // Airborne: encoded straight from the fields (the same bytes as encode_frame, tests/modes).
        const TcSupplements ts = kAirborneByNic[nic];
        bool nic_b = false;  // version 0: no NIC-B; version 1: ME bit 8 is the single-antenna flag (0)
        if (version == 2) {
          a.nic_a = ts.a;
          nic_b = ts.b_or_c;
        } else if (version == 1) {
          a.nic_a = ts.a;  // the one supplement (TC 31)
        }
        const std::int32_t alt_ft = alt25_at(te) * 25;
        const modes::CprPosition cpr = modes::cpr::encode(lat, lon, fmt, false);
        modes::encode_airborne_position_frame(id.icao, ts.tc, nic_b, alt_ft, &cpr, bytes);
        if (keep) {
          ModeSMessage msg = base(17);
          msg.type_code = ts.tc;
          if (version == 2) msg.nic_b = ts.b_or_c;
          if (version == 1) msg.nic_b = false;
          msg.surveillance_status = 0;
          msg.alt_baro_ft = alt_ft;
          msg.cpr = cpr;
          set_derived(msg, lat, lon, nic, version);
          push(bytes, modes::kLongFrameBytes, te, *heard, &msg);
        } else {
          push(bytes, modes::kLongFrameBytes, te, *heard, nullptr);
        }
      }
      if (usable_fix) m.extend_run(a.usable_first_s, a.usable_last_s, start_s_ + te, [&] { m.flush_usable(a, truth_); });
    }
    // Airborne velocity (not on the surface: the surface position carries movement and track). The content is
    // that of the second's start, on the field's grid: east/north 1 kt, vertical rate 64 fpm, GNSS-baro 25 ft.
    if (a.next.velocity < t1) {
      const auto ve = round_to_int(k0.gs_kt * k0.east);
      const auto vn = round_to_int(k0.gs_kt * k0.north);
      const auto vr = round_to_int(k0.vrate_fpm / 64.0);
      const bool has_diff = g.gnss_height_valid;  // no GNSS height (lost, or a hybrid position): "not available"
      const auto diff = has_diff ? round_to_int(g.geom_minus_baro_ft / 25.0) : 0;
      const std::uint64_t key = (static_cast<std::uint64_t>(ve + 2048) << 52) | (static_cast<std::uint64_t>(vn + 2048) << 40) |
                                (static_cast<std::uint64_t>(vr + 1024) << 28) | (static_cast<std::uint64_t>(diff + 2048) << 16) |
                                (static_cast<std::uint64_t>(g.nacv & 7) << 8) | (has_diff ? 2u : 0u) | (on_ground ? 1u : 0u);
      auto build = [&]() {
        ModeSMessage msg = base(17);
        msg.type_code = 19;
        msg.subtype = 1;
        msg.gs_kt = static_cast<float>(std::hypot(ve, vn));
        msg.track_deg = static_cast<float>(std::atan2(ve, vn) * 180.0 / std::numbers::pi);
        if (*msg.track_deg < 0) *msg.track_deg += 360.0f;
        msg.baro_rate_fpm = vr * 64;
        msg.nac_v = g.nacv;
        if (has_diff) msg.gnss_baro_diff_ft = diff * 25;
        return msg;
      };
      while (a.next.velocity < t1) {
        const double te = a.next.velocity;
        a.next.velocity += a.rng.uniform(0.4, 0.6);
        if (te < t0 || on_ground) continue;
        emit_cached_with(kVelocity, key, te, build, [&](std::array<std::uint8_t, 14>& bytes) {
          modes::encode_ground_velocity_frame(id.icao, on_ground, ve, vn, vr, g.nacv, has_diff ? &diff : nullptr,
                                              bytes);
          return modes::kLongFrameBytes;
        });
      }
    }
    // Identification: emitter category set A..D is type code 4..1 (DO-260B §2.2.3.2.5.2).
    while (a.next.ident < t1) {
      const double te = a.next.ident;
      a.next.ident += on_ground && !moving ? a.rng.uniform(9.8, 10.2) : a.rng.uniform(4.8, 5.2);
      if (te < t0) continue;
      emit_cached(kIdent, on_ground ? 1 : 0, te, [&]() {
        ModeSMessage msg = base(17);
        msg.type_code = static_cast<std::uint8_t>(4 - ((id.category >> 4) - 0xA));
        msg.category = id.category;
        msg.callsign = a.callsign;
        return msg;
      });
    }
    // Operational status (versions 1 and 2; version 0 transponders do not send it).
    while (a.next.status < t1) {
      const double te = a.next.status;
      a.next.status += on_ground && !moving ? a.rng.uniform(4.8, 5.2) : a.rng.uniform(2.4, 2.6);
      if (te < t0 || version == 0) continue;
      const std::uint64_t key = (on_ground ? 1u : 0u) | (a.nic_a ? 2u : 0u) | (a.nic_c ? 4u : 0u) |
                                (static_cast<std::uint64_t>(g.nacp) << 8) | (static_cast<std::uint64_t>(g.sil) << 16) |
                                (static_cast<std::uint64_t>(g.nacv) << 24);
      emit_cached(kStatus, key, te, [&]() {
        ModeSMessage msg = base(17);
        msg.type_code = 31;
        msg.subtype = on_ground ? 1 : 0;
        msg.version = static_cast<std::uint8_t>(version);
        msg.nic_a = a.nic_a;
        msg.nac_p = g.nacp;
        msg.sil = g.sil;
        msg.nic_baro = 1;
        msg.hrd = 0;
        if (version == 2) {
          msg.nic_c = a.nic_c;
          msg.sil_type = modes::SilType::PerHour;
          msg.gva = 2;
          msg.sda = 2;
          msg.nac_v = g.nacv;
        }
        return msg;
      });
    }
    // Target state and status (version 2, airborne): selected altitude and heading on their grids.
    while (a.next.target_state < t1) {
      const double te = a.next.target_state;
      a.next.target_state += a.rng.uniform(1.2, 1.3);
      if (te < t0 || version != 2 || on_ground) continue;
      constexpr double kHeadingStep = 180.0 / 256.0;  // DO-260B §2.2.3.2.7.1.3.8
      const auto heading = static_cast<std::uint32_t>(round_to_int(k0.track_deg() / kHeadingStep)) % 512u;
      const auto alt32 = static_cast<std::uint32_t>(round_to_int(k0.target_alt_ft / 32.0));
      const std::uint64_t key = heading | (static_cast<std::uint64_t>(alt32) << 10) |
                                (static_cast<std::uint64_t>(g.nacp) << 32) | (static_cast<std::uint64_t>(g.sil) << 40);
      emit_cached(kTargetState, key, te, [&]() {
        ModeSMessage msg = base(17);
        msg.type_code = 29;
        msg.subtype = 1;
        msg.nav_altitude_ft = static_cast<std::int32_t>(alt32 * 32);
        msg.nav_qnh_hpa = 1013.6f;  // standard pressure on the 0.8 hPa grid (800 + 267 * 0.8)
        msg.nav_heading_deg = static_cast<float>(heading * kHeadingStep);
        msg.nac_p = g.nacp;
        msg.nic_baro = 1;
        msg.sil = g.sil;
        msg.sil_type = modes::SilType::PerHour;
        return msg;
      });
    }
    // Acquisition squitter.
    while (a.next.acquisition < t1) {
      const double te = a.next.acquisition;
      a.next.acquisition += a.rng.uniform(0.8, 1.2);
      if (te < t0) continue;
      emit_cached(kAcquisition, on_ground ? 1 : 0, te, [&]() { return base(11); });
    }
    // Replies to Mode S radar interrogations: DF4/20 carry altitude, DF5/21 the identity (squawk); DF20/21 carry
    // BDS 2,0 (aircraft identification) in MB for some interrogations, otherwise an empty MB.
    while (a.next.reply < t1) {
      const double te = a.next.reply;
      a.next.reply += a.rng.uniform(0.05, 0.75);
      if (te < t0 || !a.in_radar) continue;
      const double r = a.rng.uniform();
      const std::uint8_t df = r < 0.35 ? 4 : r < 0.5 ? 5 : r < 0.85 ? 20 : 21;
      const bool with_callsign = (df == 20 || df == 21) && a.rng.chance(0.3);
      const bool altitude = df == 4 || df == 20;
      const std::int32_t alt25 = altitude ? alt25_at(te) : 0;
      const Slot slot = df == 4 ? kDf4 : df == 5 ? kDf5 : df == 20 ? kDf20 : kDf21;
      const std::uint64_t key = (static_cast<std::uint64_t>(alt25 + 100000) << 2) | (with_callsign ? 2u : 0u) |
                                (on_ground ? 1u : 0u);
      auto build = [&]() {
        ModeSMessage msg = base(df);
        if (altitude) msg.alt_baro_ft = alt25 * 25;
        else msg.squawk = id.squawk;
        if (with_callsign) msg.callsign = a.callsign;
        return msg;
      };
      if (altitude) {
        emit_cached_with(slot, key, te, build, [&](std::array<std::uint8_t, 14>& bytes) {
          return modes::encode_altitude_reply_frame(df, id.icao, on_ground, alt25 * 25,
                                                    with_callsign ? a.identification_mb : 0, bytes);
        });
      } else {
        emit_cached(slot, key, te, build);
      }
    }
  }

  // Sort by arrival; hand on what arrived before the slice's end, carry the rest (propagation delay) over.
  // Keys: ticks since the slice start (< 2^27: one second plus the longest delay) above a 38-bit frame index.
  const std::uint64_t end_key = last ? ~std::uint64_t{0} : static_cast<std::uint64_t>((t1 - t0) * kTicksPerS) << 38;
  const std::size_t n_frames = m.frames.size();
  m.keys.resize(n_frames);
  {
    const modes::RawFrame* frames = m.frames.data();
    std::uint64_t* keys = m.keys.data();
    for (std::uint64_t i = 0; i < n_frames; ++i) keys[i] = ((frames[i].counter - slice_ticks) << 38) | i;
  }
  radix_sort_ticks(m.keys, m.sort_scratch);
  constexpr std::uint64_t kIndexMask = (std::uint64_t{1} << 38) - 1;
  m.out_messages.clear();
  // Few frames arrive after the slice's end (propagation delay): find the cut from the back.
  std::size_t n_out = n_frames;
  while (n_out > 0 && m.keys[n_out - 1] >= end_key) --n_out;
  m.out_frames.resize(n_out);
  {
    const modes::RawFrame* frames = m.frames.data();
    const std::uint64_t* keys = m.keys.data();
    modes::RawFrame* out = m.out_frames.data();
    for (std::size_t i = 0; i < n_out; ++i) out[i] = frames[keys[i] & kIndexMask];
  }
  if (keep) {
    for (std::size_t i = 0; i < n_out; ++i) m.out_messages.push_back(m.messages[m.keys[i] & kIndexMask]);
  }
  m.carry_frames.clear();
  m.carry_messages.clear();
  for (std::size_t i = n_out; i < m.keys.size(); ++i) {
    m.carry_frames.push_back(m.frames[m.keys[i] & kIndexMask]);
    if (keep) m.carry_messages.push_back(m.messages[m.keys[i] & kIndexMask]);
  }
  m.frames.swap(m.carry_frames);
  m.messages.swap(m.carry_messages);
  if (!m.out_frames.empty()) sink.on_frames(m.out_frames, m.out_messages);

  m.t = t1;
  if (last) {
    finish();
    return false;
  }
  if (t1 >= m.settle_due) {
    m.settle_due = t1 + kSettleEveryS;
    for (Impl::Aircraft& a : m.aircraft) {
      m.flush_heard(a, truth_);
      m.flush_usable(a, truth_);
    }
    truth_.settle(abs1);
  }
  return true;
}

void Engine::finish() {
  Impl& m = *impl_;
  if (m.finished) return;
  m.finished = true;
  for (Impl::Aircraft& a : m.aircraft) {
    if (a.transmitting) a.gnss.finish(a.last_truth, truth_);
    m.flush_heard(a, truth_);
    m.flush_usable(a, truth_);
  }
  truth_.settle_all();
  for (const Impl::Aircraft& a : m.aircraft) {
    const TruthRecorder::Aircraft* t = truth_.aircraft(a.airframe.identity().icao);
    if (!t || t->affected.empty()) continue;
    ++stats_.aircraft_affected;
    if (std::any_of(t->affected.begin(), t->affected.end(), [](const AffectedInterval& i) { return i.heard; })) {
      ++stats_.aircraft_affected_heard;
    }
  }
}

}  // namespace gw::sim
