#include "io/tcp_feed.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <sstream>
#include <thread>
#include <vector>

#include "io/input_error.hpp"
#include "io_test_util.hpp"

namespace gw::io {
namespace {

using namespace std::chrono_literals;

// A listening socket on 127.0.0.1 (port 0: the kernel picks one) that serves byte strings to clients.
class Listener {
 public:
  explicit Listener(std::uint16_t port = 0) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    ok_ = ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 && ::listen(fd_, 4) == 0;
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~Listener() { close(); }
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  bool ok() const { return ok_; }
  std::uint16_t port() const { return port_; }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  // Accepts one client (waiting up to 5 s), sends `bytes` in pieces of `piece` bytes, then closes it.
  bool serve(const std::vector<std::uint8_t>& bytes, std::size_t piece = 100) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 5000) != 1) return false;
    const int c = ::accept(fd_, nullptr, nullptr);
    if (c < 0) return false;
    for (std::size_t at = 0; at < bytes.size(); at += piece) {
      const std::size_t n = std::min(piece, bytes.size() - at);
      if (::send(c, bytes.data() + at, n, MSG_NOSIGNAL) != static_cast<ssize_t>(n)) break;
      if (at % (piece * 8) == 0) std::this_thread::sleep_for(1ms);  // let frames straddle reads
    }
    ::close(c);
    return true;
  }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
  bool ok_ = false;
};

struct CountingSink : FrameBatchSink {
  std::vector<modes::RawFrame> frames;
  int begun = 0;
  void on_frames(std::span<const modes::RawFrame> f) override { frames.insert(frames.end(), f.begin(), f.end()); }
  void on_input_begin(const std::string&, Format) override { ++begun; }
};

// A real recording when the shared data is there, else hand-made frames.
std::vector<std::uint8_t> beast_bytes(std::uint64_t& frames) {
  const auto path = test::shared_data("adsb/dump1090/sample_dump1090.bin");
  if (std::filesystem::exists(path)) {
    frames = 239;
    return test::read_file(path);
  }
  std::vector<std::uint8_t> bytes;
  for (int i = 0; i < 100; ++i) {
    test::append(bytes, test::beast_frame('3', 0x1a1a00 + i, 0x1a, test::from_hex("8D4840D6202CC371C32CE0576098")));
  }
  frames = 100;
  return bytes;
}

double unix_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

TEST(TcpFeed, ParsesHostPort) {
  auto a = parse_host_port("localhost:30005");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->host, "localhost");
  EXPECT_EQ(a->port, 30005);
  auto b = parse_host_port("[::1]:30002");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->host, "::1");
  EXPECT_EQ(b->port, 30002);
  EXPECT_FALSE(parse_host_port("localhost"));
  EXPECT_FALSE(parse_host_port("localhost:"));
  EXPECT_FALSE(parse_host_port(":30005"));
  EXPECT_FALSE(parse_host_port("host:70000"));
  EXPECT_FALSE(parse_host_port("host:30x"));
  EXPECT_FALSE(parse_host_port("::1:30005"));
}

TEST(TcpFeed, MalformedAddressOrFormatIsAnInputError) {
  CountingSink sink;
  InputStats stats;
  TcpFeedStats tcp;
  EXPECT_THROW(run_tcp_feed("nohostport", sink, stats, tcp, {}), InputError);
  TcpFeedOptions opts;
  opts.format = Format::CsvHex;
  EXPECT_THROW(run_tcp_feed("127.0.0.1:1", sink, stats, tcp, opts), InputError);
}

// Serves a real Beast recording, closes, refuses connections for a while, then serves it again: the client
// gets every frame twice, reconnecting after failed attempts.
TEST(TcpFeed, BeastFramesAcrossAReconnect) {
  std::uint64_t per_connection = 0;
  const auto bytes = beast_bytes(per_connection);
  auto first = std::make_unique<Listener>();
  ASSERT_TRUE(first->ok());
  const std::uint16_t port = first->port();

  std::atomic<bool> served{true};
  std::thread server([&] {
    served = served && first->serve(bytes, 97);
    first->close();
    std::this_thread::sleep_for(300ms);  // the client's attempts are refused meanwhile
    Listener second(port);
    served = served && second.ok() && second.serve(bytes, 1000);
  });

  std::atomic<bool> stop{false};
  std::thread watchdog([&] {
    for (int i = 0; i < 200 && !stop; ++i) std::this_thread::sleep_for(50ms);
    stop = true;
  });

  CountingSink sink;
  InputStats stats;
  TcpFeedStats tcp;
  TcpFeedOptions opts;
  opts.format = Format::Beast;
  opts.backoff_initial_s = 0.02;
  opts.backoff_max_s = 0.1;
  opts.poll_interval_s = 0.02;
  opts.max_connections = 2;
  opts.stop = &stop;
  std::ostringstream log;
  opts.log = &log;
  const double t0 = unix_now();
  run_tcp_feed("127.0.0.1:" + std::to_string(port), sink, stats, tcp, opts);
  const double t1 = unix_now();
  server.join();
  stop = true;
  watchdog.join();

  EXPECT_TRUE(served);
  EXPECT_EQ(tcp.connects, 2u) << log.str();
  EXPECT_GE(tcp.connect_failures, 1u) << log.str();
  EXPECT_EQ(sink.begun, 2);
  ASSERT_EQ(sink.frames.size(), 2 * per_connection);
  EXPECT_EQ(stats.frames, 2 * per_connection);
  EXPECT_EQ(stats.beast.frames(), 2 * per_connection);
  EXPECT_EQ(stats.beast.truncated_frames, 0u);
  EXPECT_EQ(stats.bytes, 2 * bytes.size());
  for (std::uint64_t i = 0; i < per_connection; ++i) {
    EXPECT_EQ(sink.frames[i].bytes, sink.frames[i + per_connection].bytes);
    EXPECT_EQ(sink.frames[i].counter, sink.frames[i + per_connection].counter);
  }
  for (const auto& f : sink.frames) {
    EXPECT_GE(f.time_s, t0);
    EXPECT_LE(f.time_s, t1);
  }
  EXPECT_NE(log.str().find("cannot connect"), std::string::npos) << log.str();
}

TEST(TcpFeed, AvrLines) {
  Listener l;
  ASSERT_TRUE(l.ok());
  const std::string text = "*8D4840D6202CC371C32CE0576098;\r\n@0000015BE1A020000CA8F70AA7;\r\nnoise\r\n";
  std::thread server([&] { l.serve(std::vector<std::uint8_t>(text.begin(), text.end()), 7); });
  CountingSink sink;
  InputStats stats;
  TcpFeedStats tcp;
  TcpFeedOptions opts;
  opts.format = Format::Avr;
  opts.max_connections = 1;
  opts.poll_interval_s = 0.02;
  run_tcp_feed("127.0.0.1:" + std::to_string(l.port()), sink, stats, tcp, opts);
  server.join();
  ASSERT_EQ(sink.frames.size(), 2u);
  EXPECT_EQ(test::to_hex(sink.frames[0]), "8D4840D6202CC371C32CE0576098");
  EXPECT_TRUE(sink.frames[1].has_counter);
  EXPECT_EQ(stats.avr.bad_lines, 1u);
}

TEST(TcpFeed, StopFlagEndsAnIdleConnection) {
  Listener l;
  ASSERT_TRUE(l.ok());
  // The client connects through the listen backlog; nothing is ever sent.
  std::atomic<bool> stop{false};
  std::thread stopper([&] {
    std::this_thread::sleep_for(200ms);
    stop = true;
  });
  CountingSink sink;
  InputStats stats;
  TcpFeedStats tcp;
  TcpFeedOptions opts;
  opts.poll_interval_s = 0.02;
  opts.stop = &stop;
  const auto t0 = std::chrono::steady_clock::now();
  run_tcp_feed("127.0.0.1:" + std::to_string(l.port()), sink, stats, tcp, opts);  // connects (backlog), idles
  const auto waited = std::chrono::steady_clock::now() - t0;
  stopper.join();
  EXPECT_EQ(tcp.connects, 1u);
  EXPECT_TRUE(sink.frames.empty());
  EXPECT_LT(waited, 5s);
}

TEST(TcpFeed, RefusedConnectionsBackOffUntilStopped) {
  std::uint16_t port = 0;
  {
    Listener l;  // find a free port, then close it: connections are refused
    port = l.port();
  }
  std::atomic<bool> stop{false};
  std::thread stopper([&] {
    std::this_thread::sleep_for(300ms);
    stop = true;
  });
  CountingSink sink;
  InputStats stats;
  TcpFeedStats tcp;
  TcpFeedOptions opts;
  opts.backoff_initial_s = 0.01;
  opts.backoff_max_s = 0.08;
  opts.poll_interval_s = 0.01;
  opts.stop = &stop;
  run_tcp_feed("127.0.0.1:" + std::to_string(port), sink, stats, tcp, opts);
  stopper.join();
  EXPECT_EQ(tcp.connects, 0u);
  // 10 + 20 + 40 + 80 + 80 ... ms: a handful of attempts in 300 ms, not hundreds.
  EXPECT_GE(tcp.connect_failures, 3u);
  EXPECT_LE(tcp.connect_failures, 10u);
}

}  // namespace
}  // namespace gw::io
