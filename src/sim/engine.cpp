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
constexpr std::size_t kMaxLinks = 8;
constexpr double kMovingKt = 1.0;  // below this a surface aircraft is stationary (rates, movement field)

// NIC (version 2 semantics, as GnssOutput reports it) -> position type code and supplements, the inverse of
// DO-260B Table 2-14 / 2-69 as modes/integrity.hpp tabulates them (checked by the round-trip tests).
struct TcSupplements {
  std::uint8_t tc;
  bool a;      // NIC supplement A (TC 31); version 1: the one NIC supplement
  bool b_or_c; // airborne: NIC-B (position ME bit 8); surface: NIC supplement C (TC 31)
};
constexpr TcSupplements kAirborneByNic[12] = {
    {18, false, false}, {17, false, false}, {16, false, false}, {16, true, true},  {15, false, false},
    {14, false, false}, {13, false, false}, {12, false, false}, {11, false, false}, {11, true, true},
    {10, false, false}, {9, false, false}};
constexpr TcSupplements kSurfaceByNic[12] = {
    {8, false, false}, {8, false, false}, {8, false, false}, {8, false, false}, {8, false, false}, {8, false, false},
    {8, true, false},  {8, true, true},   {7, false, false}, {7, true, false},  {6, false, false}, {5, false, false}};

struct Link {
  double p = 0;
  std::uint32_t delay_ticks = 0;
  std::uint8_t signal = 0;
};

struct Schedule {
  double position = 0, velocity = 0, ident = 0, status = 0, target_state = 0, acquisition = 0, reply = 0;
};

struct PendingKey {
  std::uint64_t counter;
  std::uint32_t index;
};

}  // namespace

struct Engine::Impl {
  struct Aircraft {
    Aircraft(Airframe frame, AircraftGnss g, std::uint64_t seed) : airframe(std::move(frame)), gnss(g), rng(seed) {}
    Airframe airframe;
    AircraftGnss gnss;
    Rng rng;
    Kinematics k0, k1;
    bool k1_valid = false;
    bool transmitting = false;
    AircraftTruth last_truth;
    Schedule next;
    bool odd = false;
    bool nic_a = false, nic_c = false;
    std::array<Link, kMaxLinks> links{};
    std::uint8_t n_links = 0;
    bool in_radar = false;
    bool heard_this_second = false;
    bool ever_heard = false;
    GnssOutput out;
    modes::Callsign callsign{};
  };

  Impl(const Scenario& s, const EngineOptions& o) : scenario(s), options(o) {}

  Scenario scenario;
  EngineOptions options;
  TrafficOptions traffic;
  std::vector<Aircraft> aircraft;
  double t = 0;  // seconds since the start: the next slice begins here
  bool finished = false;
  std::vector<modes::RawFrame> frames;  // this slice's (and carried-over) frames, generation order
  std::vector<ModeSMessage> messages;   // parallel to frames when keep_messages
  std::vector<PendingKey> keys;
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
  }
  stats_.aircraft = m.aircraft.size();
}

Engine::~Engine() = default;

std::size_t Engine::aircraft_count() const { return impl_->aircraft.size(); }

void Engine::run(FrameSink& sink) {
  while (step(sink)) {
  }
}

namespace {

// Draws the next interval of a schedule uniformly in [lo, hi).
inline double jitter(Rng& rng, double lo, double hi) { return rng.uniform(lo, hi); }

}  // namespace

bool Engine::step(FrameSink& sink) {
  Impl& m = *impl_;
  if (m.finished) return false;
  const bool last = m.t + 1.0 >= duration_s_;
  const double t0 = m.t, t1 = std::min(m.t + 1.0, duration_s_);
  const double abs0 = start_s_ + t0, abs1 = start_s_ + t1;

  for (Impl::Aircraft& a : m.aircraft) {
    a.k0 = a.k1_valid ? a.k1 : a.airframe.at(abs0);
    a.k1 = a.airframe.at(abs1);
    a.k1_valid = true;
    const Kinematics& k0 = a.k0;
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
    truth.track_deg = k0.track_deg;
    a.out = a.gnss.update(environment_, truth, truth_);
    a.last_truth = truth;
    if (a.out.jammed || a.out.spoofed) ++stats_.aircraft_seconds_affected;

    // Links to the receivers, strongest first.
    const double h_ac = std::max(k0.alt_ft * kFtToM, 2.0);
    a.n_links = 0;
    for (const ReceiverSite& r : m.scenario.receivers) {
      const double d_km = ground_distance_m(k0.lat_deg, k0.lon_deg, r.lat_deg, r.lon_deg) / 1000.0;
      if (d_km > r.range_km || d_km > link::horizon_km(r.height_m, h_ac)) continue;
      const double dh_km = (h_ac - r.height_m) / 1000.0;
      const double slant_km = std::sqrt(d_km * d_km + dh_km * dh_km);
      const double rx_dbm = link::kTransmitDbm - link::free_space_loss_db(slant_km);
      Link l;
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
      for (const RadarSite& r : m.scenario.radars) {
        const double d_km = ground_distance_m(k0.lat_deg, k0.lon_deg, r.lat_deg, r.lon_deg) / 1000.0;
        if (d_km <= r.range_km && d_km <= link::horizon_km(r.height_m, h_ac)) {
          a.in_radar = true;
          break;
        }
      }
    }
    a.heard_this_second = false;

    // The squitters and replies of this second.
    const Kinematics& k1 = a.k1.transmitting ? a.k1 : a.k0;
    const double dlat = k1.lat_deg - k0.lat_deg;
    const double dlon = std::remainder(k1.lon_deg - k0.lon_deg, 360.0);
    const double dalt = k1.alt_ft - k0.alt_ft;
    // The reported position follows the true one unless the avionics report another (spoofed or held).
    const bool reports_true_position =
        std::fabs(a.out.lat_deg - k0.lat_deg) < 1e-6 && std::fabs(a.out.lon_deg - k0.lon_deg) < 1e-6;
    const bool on_ground = k0.on_ground;
    const bool moving = k0.gs_kt >= kMovingKt;
    const int version = id.version;

    auto emit = [&](const ModeSMessage& msg, double te) {
      ++stats_.frames_transmitted;
      if (a.n_links == 0) return;
      const Link* heard = nullptr;
      for (std::size_t i = 0; i < a.n_links; ++i) {
        if (a.rng.uniform() < a.links[i].p) {
          heard = &a.links[i];
          break;
        }
      }
      if (!heard) return;
      modes::RawFrame f;
      const std::size_t len = modes::encode_frame(msg, f.bytes);
      f.length = static_cast<std::uint8_t>(len);
      f.kind = len == modes::kLongFrameBytes ? modes::FrameKind::Long : modes::FrameKind::Short;
      f.has_counter = true;
      f.counter = static_cast<std::uint64_t>(te * kTicksPerS) + heard->delay_ticks;
      f.has_signal = true;
      f.signal = heard->signal;
      m.frames.push_back(f);
      if (m.options.keep_messages) {
        m.messages.push_back(msg);
        m.messages.back().time_s = start_s_ + te;
      }
      ++stats_.frames_heard;
      ++stats_.heard_by_df[msg.df & 31];
      if (msg.df == 17 && msg.type_code) ++stats_.heard_by_type_code[*msg.type_code & 31];
      if (!a.heard_this_second) {
        a.heard_this_second = true;
        truth_.note_heard(id.icao, start_s_ + te);
        if (!a.ever_heard) {
          a.ever_heard = true;
          ++stats_.aircraft_heard;
        }
      }
    };
    auto base = [&](std::uint8_t df) {
      ModeSMessage msg;
      msg.df = df;
      msg.address = id.icao;
      msg.on_ground = on_ground;
      return msg;
    };
    auto alt_at = [&](double te) { return static_cast<std::int32_t>(std::lround(k0.alt_ft + dalt * (te - t0))); };

    // Position (airborne TC 0/9-18, surface TC 5-8).
    while (a.next.position < t1) {
      const double te = a.next.position;
      a.next.position += on_ground && !moving ? jitter(a.rng, 4.8, 5.2) : jitter(a.rng, 0.4, 0.6);
      if (te < t0) continue;
      const GnssOutput& g = a.out;
      if (!g.position_valid && (on_ground || (!id.has_gnss && !id.positions_without_gnss))) continue;
      ModeSMessage msg = base(17);
      if (!g.position_valid) {
        msg.type_code = 0;
        msg.alt_baro_ft = alt_at(te);
        emit(msg, te);
        continue;
      }
      const double f = te - t0;
      const double lat = reports_true_position ? k0.lat_deg + dlat * f : g.lat_deg;
      double lon = reports_true_position ? k0.lon_deg + dlon * f : g.lon_deg;
      if (lon >= 180.0) lon -= 360.0;
      if (lon < -180.0) lon += 360.0;
      const std::uint8_t nic = std::min<std::uint8_t>(g.nic, 11);
      const modes::CprFormat fmt = a.odd ? modes::CprFormat::Odd : modes::CprFormat::Even;
      a.odd = !a.odd;
      if (on_ground) {
        const TcSupplements ts = kSurfaceByNic[nic];
        msg.type_code = version == 1 && nic <= 7 ? std::uint8_t{8} : ts.tc;
        if (version == 2) a.nic_a = ts.a, a.nic_c = ts.b_or_c;
        if (version == 1) a.nic_a = nic == 9;
        msg.gs_kt = static_cast<float>(k0.gs_kt);
        if (moving) msg.track_deg = static_cast<float>(k0.track_deg);
        msg.cpr = modes::cpr::encode(lat, lon, fmt, true);
      } else {
        const TcSupplements ts = kAirborneByNic[nic];
        msg.type_code = ts.tc;
        if (version == 2) {
          a.nic_a = ts.a;
          msg.nic_b = ts.b_or_c;
        } else if (version == 1) {
          a.nic_a = ts.a;  // the one supplement (TC 31); ME bit 8 is the single-antenna flag
          msg.nic_b = false;
        }
        msg.surveillance_status = 0;
        msg.alt_baro_ft = alt_at(te);
        msg.cpr = modes::cpr::encode(lat, lon, fmt, false);
      }
      emit(msg, te);
    }
    // Airborne velocity (not on the surface: the surface position carries movement and track).
    while (a.next.velocity < t1) {
      const double te = a.next.velocity;
      a.next.velocity += jitter(a.rng, 0.4, 0.6);
      if (te < t0 || on_ground) continue;
      ModeSMessage msg = base(17);
      msg.type_code = 19;
      msg.subtype = 1;
      msg.gs_kt = static_cast<float>(k0.gs_kt);
      msg.track_deg = static_cast<float>(k0.track_deg);
      msg.baro_rate_fpm = static_cast<std::int32_t>(std::lround(k0.vrate_fpm));
      msg.nac_v = a.out.nacv;
      if (a.out.position_valid) msg.gnss_baro_diff_ft = static_cast<std::int32_t>(std::lround(a.out.geom_minus_baro_ft));
      emit(msg, te);
    }
    // Identification.
    while (a.next.ident < t1) {
      const double te = a.next.ident;
      a.next.ident += on_ground && !moving ? jitter(a.rng, 9.8, 10.2) : jitter(a.rng, 4.8, 5.2);
      if (te < t0) continue;
      ModeSMessage msg = base(17);
      // Emitter category set A..D is type code 4..1 (DO-260B §2.2.3.2.5.2).
      msg.type_code = static_cast<std::uint8_t>(4 - ((id.category >> 4) - 0xA));
      msg.category = id.category;
      msg.callsign = a.callsign;
      emit(msg, te);
    }
    // Operational status (versions 1 and 2; version 0 transponders do not send it).
    while (a.next.status < t1) {
      const double te = a.next.status;
      a.next.status += on_ground && !moving ? jitter(a.rng, 4.8, 5.2) : jitter(a.rng, 2.4, 2.6);
      if (te < t0 || version == 0) continue;
      ModeSMessage msg = base(17);
      msg.type_code = 31;
      msg.subtype = on_ground ? 1 : 0;
      msg.version = static_cast<std::uint8_t>(version);
      msg.nic_a = a.nic_a;
      msg.nac_p = a.out.nacp;
      msg.sil = a.out.sil;
      msg.nic_baro = 1;
      msg.hrd = 0;
      if (version == 2) {
        msg.nic_c = a.nic_c;
        msg.sil_type = modes::SilType::PerHour;
        msg.gva = 2;
        msg.sda = 2;
        msg.nac_v = a.out.nacv;
      }
      emit(msg, te);
    }
    // Target state and status (version 2, airborne).
    while (a.next.target_state < t1) {
      const double te = a.next.target_state;
      a.next.target_state += jitter(a.rng, 1.2, 1.3);
      if (te < t0 || version != 2 || on_ground) continue;
      ModeSMessage msg = base(17);
      msg.type_code = 29;
      msg.subtype = 1;
      msg.nav_altitude_ft = static_cast<std::int32_t>(k0.target_alt_ft);
      msg.nav_qnh_hpa = 1013.2f;
      msg.nav_heading_deg = static_cast<float>(k0.track_deg);
      msg.nac_p = a.out.nacp;
      msg.nic_baro = 1;
      msg.sil = a.out.sil;
      msg.sil_type = modes::SilType::PerHour;
      emit(msg, te);
    }
    // Acquisition squitter.
    while (a.next.acquisition < t1) {
      const double te = a.next.acquisition;
      a.next.acquisition += jitter(a.rng, 0.8, 1.2);
      if (te < t0) continue;
      emit(base(11), te);
    }
    // Replies to Mode S radar interrogations.
    while (a.next.reply < t1) {
      const double te = a.next.reply;
      a.next.reply += jitter(a.rng, 0.05, 0.75);
      if (te < t0 || !a.in_radar) continue;
      const double r = a.rng.uniform();
      const std::uint8_t df = r < 0.35 ? 4 : r < 0.5 ? 5 : r < 0.85 ? 20 : 21;
      ModeSMessage msg = base(df);
      if (df == 4 || df == 20) msg.alt_baro_ft = alt_at(te);
      else msg.squawk = id.squawk;
      if ((df == 20 || df == 21) && a.rng.chance(0.3)) msg.callsign = a.callsign;  // BDS 2,0 in MB
      emit(msg, te);
    }
  }

  // Sort by arrival; hand on what arrived before the slice's end, carry the rest (propagation delay) over.
  const std::uint64_t end_ticks =
      last ? ~std::uint64_t{0} : static_cast<std::uint64_t>(t1 * kTicksPerS);
  m.keys.clear();
  m.keys.reserve(m.frames.size());
  for (std::uint32_t i = 0; i < m.frames.size(); ++i) m.keys.push_back({m.frames[i].counter, i});
  std::sort(m.keys.begin(), m.keys.end(), [](const PendingKey& x, const PendingKey& y) {
    return x.counter != y.counter ? x.counter < y.counter : x.index < y.index;
  });
  m.out_frames.clear();
  m.out_messages.clear();
  std::size_t n_out = 0;
  while (n_out < m.keys.size() && m.keys[n_out].counter < end_ticks) ++n_out;
  for (std::size_t i = 0; i < n_out; ++i) {
    m.out_frames.push_back(m.frames[m.keys[i].index]);
    if (m.options.keep_messages) m.out_messages.push_back(m.messages[m.keys[i].index]);
  }
  // Carried frames stay in generation order among themselves (their keys are sorted): rebuild the buffers.
  m.carry_frames.clear();
  m.carry_messages.clear();
  for (std::size_t i = n_out; i < m.keys.size(); ++i) {
    m.carry_frames.push_back(m.frames[m.keys[i].index]);
    if (m.options.keep_messages) m.carry_messages.push_back(m.messages[m.keys[i].index]);
  }
  m.frames.swap(m.carry_frames);
  m.messages.swap(m.carry_messages);
  if (!m.out_frames.empty()) sink.on_frames(m.out_frames, m.out_messages);

  m.t = t1;
  if (last) {
    finish();
    return false;
  }
  return true;
}

void Engine::finish() {
  Impl& m = *impl_;
  if (m.finished) return;
  m.finished = true;
  for (Impl::Aircraft& a : m.aircraft) {
    if (a.transmitting) a.gnss.finish(a.last_truth, truth_);
  }
}

}  // namespace gw::sim
