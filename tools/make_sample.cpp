// Writes the built-in sample recording (Beast binary): ten minutes of ten aircraft near Helsinki, made with
// gnsswatch's own encoder, so the main job runs without any external data. A simple jammer north-east of
// Helsinki is on from minute 2 to minute 8: aircraft within 45 km of it lose GNSS (position squitters become
// type code 0, operational status reports NACp 0), as aircraft do in the Gulf of Finland. This is a fixture for
// the demo, not a radio model (the scenario simulator is).
// Usage: gnsswatch_make_sample OUTPUT
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "io/beast_writer.hpp"
#include "modes/cpr.hpp"
#include "modes/encode.hpp"

namespace {

using gw::modes::ModeSMessage;

struct Flight {
  std::uint32_t address;
  const char* callsign;
  double lat, lon;          // at t = 0
  double track_deg, gs_kt;
  double alt_ft, rate_fpm;
  std::uint8_t version;
};

constexpr Flight kFlights[] = {
    {0x461F0A, "FIN7RM", 60.10, 24.60, 30, 280, 4000, 1800, 2},
    {0x4CA2B1, "RYR54JT", 60.80, 25.60, 200, 430, 36000, 0, 2},
    {0x45AC35, "SAS1733", 60.00, 25.20, 315, 300, 9000, -1200, 2},
    {0x3C6DD4, "DLH2RM", 59.80, 24.30, 45, 450, 38000, 0, 1},
    {0x501D3A, "LOT7KJ", 60.45, 24.20, 110, 410, 32000, 0, 0},
    {0x4B1903, "SWR1276", 60.25, 25.60, 250, 350, 18000, -1500, 2},
    {0x461E16, "FIN3PK", 60.30, 24.95, 20, 260, 6000, 2000, 2},
    {0x4CA8F3, "EIN3KR", 60.95, 24.90, 160, 440, 34000, 0, 2},
    {0x47C2A1, "NAX6DR", 60.40, 25.90, 290, 320, 15000, -800, 2},
    {0x4B17E2, "SWR17U", 59.95, 25.70, 350, 420, 30000, 0, 1},
};

// The demo jammer: centre, radius of effect, and the interval it is on (seconds from the start).
constexpr double kJammerLat = 60.60, kJammerLon = 25.25, kJammerRadiusKm = 45.0;
constexpr double kJammerOnS = 120, kJammerOffS = 480;

double distance_km(double lat1, double lon1, double lat2, double lon2) {
  const double k = M_PI / 180.0;
  const double a = std::pow(std::sin((lat2 - lat1) * k / 2), 2) +
                   std::cos(lat1 * k) * std::cos(lat2 * k) * std::pow(std::sin((lon2 - lon1) * k / 2), 2);
  return 2 * 6371.0 * std::asin(std::sqrt(a));
}

constexpr double kSeconds = 600;
constexpr double kKtToDegLatPerS = 1.0 / 3600.0 / 60.0;  // 1 kt = 1 NM/h = 1/60 degree of latitude per hour

struct Emitter {
  std::vector<std::uint8_t> out;
  void frame(const ModeSMessage& m, double t, std::uint8_t signal) {
    gw::modes::RawFrame f;
    const std::size_t n = gw::modes::encode_frame(m, f.bytes);
    if (n == 0) {
      std::fprintf(stderr, "make_sample: could not encode DF%d TC%d\n", m.df, m.type_code.value_or(255));
      std::exit(1);
    }
    f.length = static_cast<std::uint8_t>(n);
    f.kind = n == 14 ? gw::modes::FrameKind::Long : gw::modes::FrameKind::Short;
    f.has_counter = true;
    f.counter = static_cast<std::uint64_t>((t + 1.0) * gw::modes::kCounterHz);
    f.has_signal = true;
    f.signal = signal;
    gw::io::append_beast_frame(f, out);
  }
};

ModeSMessage base(const Flight& fl, std::uint8_t df) {
  ModeSMessage m;
  m.df = df;
  m.address = fl.address;
  if (df == 17) m.capability = 5;
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: gnsswatch_make_sample OUTPUT\n");
    return 2;
  }
  Emitter em;
  // 10 Hz time steps; each aircraft sends on its own schedule within them.
  for (int step = 0; step < static_cast<int>(kSeconds * 10); ++step) {
    const double t0 = step / 10.0;
    for (std::size_t i = 0; i < std::size(kFlights); ++i) {
      const Flight& fl = kFlights[i];
      const double t = t0 + 0.013 * static_cast<double>(i);
      const double rad = fl.track_deg * M_PI / 180.0;
      const double lat = fl.lat + std::cos(rad) * fl.gs_kt * kKtToDegLatPerS * t;
      const double lon = fl.lon + std::sin(rad) * fl.gs_kt * kKtToDegLatPerS * t / std::cos(lat * M_PI / 180.0);
      const double alt = fl.alt_ft + fl.rate_fpm * t / 60.0;
      const bool jammed = t >= kJammerOnS && t < kJammerOffS &&
                          distance_km(lat, lon, kJammerLat, kJammerLon) < kJammerRadiusKm;
      const std::uint8_t signal = static_cast<std::uint8_t>(40 + 20 * i);

      if (step % 5 == 0) {  // airborne position, 2/s, alternating even/odd (DO-260B §2.2.3.3.1.1.1)
        ModeSMessage m = base(fl, 17);
        m.alt_baro_ft = static_cast<std::int32_t>(std::lround(alt / 25.0) * 25);
        if (jammed) {
          m.type_code = 0;  // no position: GNSS lost
        } else {
          m.type_code = 11;
          m.nic_b = false;
          m.surveillance_status = 0;
          m.cpr = gw::modes::cpr::encode(lat, lon, (step / 5) % 2 ? gw::modes::CprFormat::Odd : gw::modes::CprFormat::Even,
                                         false);
        }
        em.frame(m, t, signal);
      }
      if (step % 5 == 2) {  // velocity, 2/s
        ModeSMessage m = base(fl, 17);
        m.type_code = 19;
        m.subtype = 1;
        m.gs_kt = static_cast<float>(fl.gs_kt);
        m.track_deg = static_cast<float>(fl.track_deg);
        m.baro_rate_fpm = static_cast<std::int32_t>(fl.rate_fpm);
        m.nac_v = 1;
        if (!jammed) m.gnss_baro_diff_ft = 125;
        em.frame(m, t, signal);
      }
      if (step % 50 == 7) {  // identification, 0.2/s
        ModeSMessage m = base(fl, 17);
        m.type_code = 4;
        m.category = 0xA3;
        gw::modes::Callsign cs{};
        std::strncpy(cs.data(), fl.callsign, 8);
        m.callsign = cs;
        em.frame(m, t, signal);
      }
      if (step % 25 == 11 && fl.version > 0) {  // operational status, 0.4/s (version 0 sends none)
        ModeSMessage m = base(fl, 17);
        m.type_code = 31;
        m.subtype = 0;
        m.version = fl.version;
        m.nic_a = false;
        m.nac_p = jammed ? 0 : 9;
        m.sil = jammed ? 0 : 3;
        if (fl.version == 2) {
          m.sil_type = gw::modes::SilType::PerHour;
          m.gva = 2;
          m.sda = 2;
          m.nic_baro = 1;
        }
        em.frame(m, t, signal);
      }
      if (step % 10 == 3) {  // all-call reply, 1/s
        ModeSMessage m = base(fl, 11);
        m.capability = 5;
        em.frame(m, t, signal);
      }
      if (step % 20 == 9) {  // surveillance replies
        ModeSMessage alt4 = base(fl, 4);
        alt4.alt_baro_ft = static_cast<std::int32_t>(std::lround(alt / 25.0) * 25);
        alt4.on_ground = false;
        em.frame(alt4, t, signal);
        ModeSMessage id5 = base(fl, 5);
        id5.squawk = static_cast<std::uint16_t>(0x1000 + 0x11 * i);
        id5.on_ground = false;
        em.frame(id5, t + 0.05, signal);
      }
    }
  }
  std::FILE* f = std::fopen(argv[1], "wb");
  if (!f) {
    std::perror(argv[1]);
    return 1;
  }
  const bool ok = std::fwrite(em.out.data(), 1, em.out.size(), f) == em.out.size();
  return (std::fclose(f) == 0 && ok) ? 0 : 1;
}
