// Live input: a TCP client for a receiver's Beast (readsb/dump1090 port 30005) or AVR (port 30002) output,
// feeding the same parsers as files. Frames get time_s = the arrival time (system clock) of the bytes that
// completed them; the receiver's 12 MHz counter is kept in RawFrame::counter.
//
// The connection is retried for as long as the feed runs: after a failed attempt or a closed connection the
// client waits, starting at backoff_initial_s and doubling up to backoff_max_s; a connection that delivered data
// resets the wait. run_tcp_feed returns when *stop becomes true (set it from a signal handler: the client
// checks it at least every poll_interval_s), or after max_connections connections when that is set.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "io/format.hpp"
#include "io/input.hpp"

namespace gw::io {

struct HostPort {
  std::string host;
  std::uint16_t port = 0;
};

// "host:port", "1.2.3.4:30005" or "[::1]:30005"; nullopt when malformed.
std::optional<HostPort> parse_host_port(std::string_view text);

struct TcpFeedOptions {
  Format format = Format::Beast;  // Beast or Avr
  double backoff_initial_s = 0.5;
  double backoff_max_s = 30.0;
  double connect_timeout_s = 5.0;
  double poll_interval_s = 0.2;   // longest time between two checks of *stop
  const std::atomic<bool>* stop = nullptr;
  std::uint64_t max_connections = 0;  // 0: unlimited; else return after this many connections have ended
  std::size_t batch_frames = 4096;
  std::ostream* log = nullptr;    // connection events (connected, closed, retrying); nullptr: silent
  bool verbose = false;           // also one line per counted skip, on `log`
};

struct TcpFeedStats {
  std::uint64_t connects = 0;          // connections established
  std::uint64_t disconnects = 0;       // connections closed by the peer or lost
  std::uint64_t connect_failures = 0;  // attempts that did not connect (refused, timeout, unresolvable)
};

// Runs until stopped (see above). Frames go to sink.on_frames in batches, flushed after every read so latency
// stays low; the parsers' counters and the bytes received go into `stats` (stats.inputs counts connections).
// Throws InputError for what retrying cannot fix: a malformed host:port or a format other than Beast/AVR.
void run_tcp_feed(const std::string& host_port, FrameBatchSink& sink, InputStats& stats, TcpFeedStats& tcp_stats,
                  const TcpFeedOptions& opts);

}  // namespace gw::io
