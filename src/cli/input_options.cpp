#include "cli/input_options.hpp"

#include <atomic>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <iostream>

#include <fmt/format.h>

#include "cli/time_arg.hpp"
#include "io/input_error.hpp"
#include "io/tcp_feed.hpp"

namespace gw::cli {
namespace {

bool parse_lat_lon(const std::string& text, modes::cpr::LatLon& out) {
  const auto comma = text.find(',');
  if (comma == std::string::npos) return false;
  double lat = 0, lon = 0;
  auto r1 = std::from_chars(text.data(), text.data() + comma, lat);
  auto r2 = std::from_chars(text.data() + comma + 1, text.data() + text.size(), lon);
  if (r1.ec != std::errc{} || r1.ptr != text.data() + comma || r2.ec != std::errc{} ||
      r2.ptr != text.data() + text.size())
    return false;
  if (lat < -90 || lat > 90 || lon < -180 || lon > 180) return false;
  out = {lat, lon};
  return true;
}

constexpr std::string_view kTcpPrefix = "tcp://";

// Ctrl-C ends a live feed cleanly: what was received is written and counted.
std::atomic<bool> g_stop_requested{false};
extern "C" void request_stop(int) { g_stop_requested.store(true); }

void read_tcp(const InputOptions& opts, const std::string& address, io::FrameBatchSink& sink, io::InputStats& stats) {
  io::TcpFeedOptions tcp;
  tcp.format = opts.parsed_format == io::Format::Avr ? io::Format::Avr : io::Format::Beast;
  tcp.stop = &g_stop_requested;
  tcp.log = &std::cerr;
  tcp.verbose = opts.verbose;
  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);
  io::TcpFeedStats tcp_stats;
  io::run_tcp_feed(address, sink, stats, tcp_stats, tcp);
}

}  // namespace

void add_input_options(CLI::App& cmd, InputOptions& opts) {
  cmd.add_option("INPUT", opts.inputs,
                 "Recordings to read, in order; '-' is standard input; tcp://HOST:PORT is a live feed (Beast on "
                 "readsb/dump1090 port 30005, or AVR on 30002 with --format avr), reconnecting with backoff until "
                 "Ctrl-C. gzip and zstd files are decompressed transparently.")
      ->required();
  cmd.add_option("-f,--format", opts.format,
                 "Input format: auto (recognise from the content), beast, avr, csv, aircraft-json, trace, opensky")
      ->capture_default_str();
  cmd.add_option("--start-time", opts.start_time,
                 "UTC time of 12 MHz counter zero for Beast and AVR '@' timestamps (ISO 8601, e.g. "
                 "2026-01-06T21:56:56Z, or unix seconds). Without it, records from such inputs carry the raw "
                 "counter (counter_12mhz) and no 't': a Beast stream has no absolute time of its own.");
  cmd.add_option("--ref", opts.reference,
                 "Reference position LAT,LON (receiver): needed to decode surface positions of aircraft with no "
                 "recent airborne position.");
  cmd.add_flag("--fix-errors", opts.fix_errors,
               "Correct single-bit errors in DF11/17/18 (default off: a corrupted frame is more often 'repaired' "
               "into a wrong one than a real error fixed when the input has much noise).");
  cmd.add_flag("--all-addresses", opts.all_addresses,
               "Keep DF0/4/5/16/20/21 replies from addresses never heard in DF11/17/18 (default: drop them, as "
               "readsb does: their address is the CRC remainder, so a corrupted frame looks like a new aircraft). "
               "For recordings that hold only such replies.");
  cmd.add_flag("-v,--verbose", opts.verbose, "Report every skipped frame or line on standard error, with its place");
}

bool resolve(InputOptions& opts) {
  const auto format = io::parse_format(opts.format);
  if (!format) {
    fmt::print(stderr, "gnsswatch: unknown --format '{}' (expected {})\n", opts.format, io::format_names());
    return false;
  }
  opts.parsed_format = *format;
  if (!opts.start_time.empty()) {
    const auto t = parse_time(opts.start_time);
    if (!t) {
      fmt::print(stderr, "gnsswatch: --start-time '{}' is not an ISO 8601 time (e.g. 2026-01-06T21:56:56Z) or unix seconds\n",
                 opts.start_time);
      return false;
    }
    opts.read.start_time_s = *t;
  }
  if (!opts.reference.empty()) {
    modes::cpr::LatLon ref{};
    if (!parse_lat_lon(opts.reference, ref)) {
      fmt::print(stderr, "gnsswatch: --ref '{}' is not LAT,LON in degrees (e.g. 60.3196,24.8308)\n", opts.reference);
      return false;
    }
    opts.pipeline.table.receiver = ref;
  }
  opts.pipeline.decode.fix_single_bit_errors = opts.fix_errors;
  opts.pipeline.table.accept_unverified_addresses = opts.all_addresses;
  opts.read.verbose = opts.verbose;
  return true;
}

int read_all(const InputOptions& opts, io::FrameBatchSink& sink, io::InputStats& stats) {
  for (const std::string& path : opts.inputs) {
    try {
      if (path.starts_with(kTcpPrefix)) {
        read_tcp(opts, path.substr(kTcpPrefix.size()), sink, stats);
      } else {
        io::read_input(path, opts.parsed_format, sink, stats, opts.read);
      }
    } catch (const io::InputError& e) {
      fmt::print(stderr, "gnsswatch: {}\n", e.what());
      return kExitInputError;
    }
  }
  return kExitOk;
}

}  // namespace gw::cli
