#include "io/tcp_feed.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "io/avr.hpp"
#include "io/beast.hpp"
#include "io/input_error.hpp"

namespace gw::io {
namespace {

constexpr std::size_t kRecvBytes = 64 * 1024;

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  Fd& operator=(Fd&& o) noexcept {
    if (this != &o) {
      reset();
      fd_ = o.fd_;
      o.fd_ = -1;
    }
    return *this;
  }
  int get() const noexcept { return fd_; }
  void reset() noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

bool stopped(const TcpFeedOptions& opts) { return opts.stop != nullptr && opts.stop->load(std::memory_order_relaxed); }

int poll_ms(const TcpFeedOptions& opts) { return std::max(1, static_cast<int>(opts.poll_interval_s * 1000)); }

void note(const TcpFeedOptions& opts, const std::string& line) {
  if (opts.log != nullptr) *opts.log << line << '\n';
}

// Waits `seconds`, waking up to check the stop flag.
void wait(double seconds, const TcpFeedOptions& opts) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point until =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  while (!stopped(opts)) {
    const Clock::time_point now = Clock::now();
    if (now >= until) return;
    const Clock::duration slice = std::chrono::milliseconds(poll_ms(opts));
    std::this_thread::sleep_for(std::min(Clock::duration(until - now), slice));
  }
}

// Non-blocking connect to each resolved address in turn; an empty Fd and `error` set on failure.
Fd connect_to(const HostPort& hp, const TcpFeedOptions& opts, std::string& error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(hp.port);
  if (const int rc = ::getaddrinfo(hp.host.c_str(), port.c_str(), &hints, &found); rc != 0) {
    error = std::string("cannot resolve host: ") + ::gai_strerror(rc);
    return Fd{};
  }
  struct Free {
    addrinfo* p;
    ~Free() { ::freeaddrinfo(p); }
  } free_found{found};

  for (addrinfo* ai = found; ai != nullptr && !stopped(opts); ai = ai->ai_next) {
    Fd fd(::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol));
    if (fd.get() < 0) {
      error = std::strerror(errno);
      continue;
    }
    if (::connect(fd.get(), ai->ai_addr, ai->ai_addrlen) == 0) return fd;
    if (errno != EINPROGRESS) {
      error = std::strerror(errno);
      continue;
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(opts.connect_timeout_s);
    bool done = false;
    while (!done && !stopped(opts) && std::chrono::steady_clock::now() < deadline) {
      pollfd p{fd.get(), POLLOUT, 0};
      const int rc = ::poll(&p, 1, poll_ms(opts));
      if (rc < 0 && errno != EINTR) break;
      if (rc > 0) done = true;
    }
    if (!done) {
      error = stopped(opts) ? "stopped" : "connection timed out";
      continue;
    }
    int so_error = 0;
    socklen_t len = sizeof so_error;
    ::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &so_error, &len);
    if (so_error == 0) return fd;
    error = std::strerror(so_error);
  }
  return Fd{};
}

// One parser per feed; frames of each received chunk are stamped with the arrival time and flushed.
template <class Parser>
class Session {
 public:
  Session(FrameBatchSink& sink, const TcpFeedOptions& opts)
      : sink_(sink), batch_(std::max<std::size_t>(opts.batch_frames, 1)) {}

  Parser& parser() { return parser_; }

  // Returns frames delivered.
  std::uint64_t on_bytes(std::span<const std::uint8_t> bytes, double now_s) {
    const std::span<modes::RawFrame> all(batch_);
    std::uint64_t delivered = 0;
    while (!bytes.empty()) {
      const auto r = parser_.feed(bytes, all.subspan(filled_));
      for (std::size_t i = filled_; i < filled_ + r.frames; ++i) batch_[i].time_s = now_s;
      filled_ += r.frames;
      bytes = bytes.subspan(r.consumed);
      if (filled_ == batch_.size()) delivered += flush();
    }
    return delivered + flush();
  }

  std::uint64_t on_close() {
    if constexpr (std::is_same_v<Parser, BeastParser>) {
      parser_.finish();
    } else {
      const std::span<modes::RawFrame> all(batch_);
      if (filled_ == batch_.size()) flush();
      const std::size_t n = parser_.finish(all.subspan(filled_));
      filled_ += n;
    }
    return flush();
  }

 private:
  std::uint64_t flush() {
    const std::size_t n = filled_;
    if (n > 0) sink_.on_frames(std::span<const modes::RawFrame>(batch_).first(n));
    filled_ = 0;
    return n;
  }

  FrameBatchSink& sink_;
  Parser parser_;
  std::vector<modes::RawFrame> batch_;
  std::size_t filled_ = 0;
};

double unix_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

template <class Parser, class Counters>
void run(const HostPort& hp, const std::string& name, FrameBatchSink& sink, InputStats& stats,
         TcpFeedStats& tcp, const TcpFeedOptions& opts, Counters& counters) {
  Session<Parser> session(sink, opts);
  if (opts.verbose && opts.log != nullptr) {
    std::ostream* log = opts.log;
    if constexpr (std::is_same_v<Parser, BeastParser>) {
      session.parser().set_skip_callback([log, &name](const BeastSkip& s) {
        static constexpr const char* kKinds[] = {"bytes outside frames", "bytes of a truncated frame",
                                                 "bytes of an unknown frame type"};
        *log << fmt::format("{}: byte {}: skipped {} {}\n", name, s.position, s.length,
                            kKinds[static_cast<int>(s.kind)]);
      });
    } else {
      session.parser().set_bad_line_callback([log, &name](const BadLine& b) {
        *log << fmt::format("{}: line {}: skipped: {}\n", name, b.line, b.reason);
      });
    }
  }
  std::vector<std::uint8_t> buf(kRecvBytes);
  double backoff = opts.backoff_initial_s;
  std::uint64_t connections = 0;

  while (!stopped(opts)) {
    std::string error;
    Fd fd = connect_to(hp, opts, error);
    if (fd.get() < 0) {
      if (stopped(opts)) break;
      ++tcp.connect_failures;
      note(opts, fmt::format("{}: cannot connect ({}); retrying in {:.1f} s", name, error, backoff));
      wait(backoff, opts);
      backoff = std::min(backoff * 2, opts.backoff_max_s);
      continue;
    }
    ++tcp.connects;
    ++stats.inputs;
    note(opts, fmt::format("{}: connected", name));
    sink.on_input_begin(name, opts.format);
    bool got_data = false;
    std::string why = "closed by peer";
    while (!stopped(opts)) {
      pollfd p{fd.get(), POLLIN, 0};
      const int rc = ::poll(&p, 1, poll_ms(opts));
      if (rc < 0) {
        if (errno == EINTR) continue;
        why = std::strerror(errno);
        break;
      }
      if (rc == 0) continue;
      const ssize_t n = ::recv(fd.get(), buf.data(), buf.size(), 0);
      if (n < 0) {
        if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
        why = std::strerror(errno);
        break;
      }
      if (n == 0) break;
      got_data = true;
      stats.bytes += static_cast<std::uint64_t>(n);
      stats.compressed_bytes += static_cast<std::uint64_t>(n);
      stats.frames += session.on_bytes({buf.data(), static_cast<std::size_t>(n)}, unix_now());
    }
    stats.frames += session.on_close();
    sink.on_input_end(name);
    fd.reset();
    if (stopped(opts)) break;
    ++tcp.disconnects;
    ++connections;
    if (got_data) backoff = opts.backoff_initial_s;
    if (opts.max_connections != 0 && connections >= opts.max_connections) break;
    note(opts, fmt::format("{}: connection lost ({}); reconnecting in {:.1f} s", name, why, backoff));
    wait(backoff, opts);
    if (!got_data) backoff = std::min(backoff * 2, opts.backoff_max_s);
  }
  counters += session.parser().stats();  // the parser lives for the whole feed: its counters are this feed's
}

}  // namespace

std::optional<HostPort> parse_host_port(std::string_view text) {
  HostPort hp;
  std::string_view port;
  if (text.starts_with('[')) {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') return std::nullopt;
    hp.host = std::string(text.substr(1, close - 1));
    port = text.substr(close + 2);
  } else {
    const std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    hp.host = std::string(text.substr(0, colon));
    port = text.substr(colon + 1);
    if (hp.host.find(':') != std::string::npos) return std::nullopt;  // IPv6 needs brackets
  }
  unsigned value = 0;
  auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (hp.host.empty() || port.empty() || ec != std::errc{} || ptr != port.data() + port.size() || value == 0 ||
      value > 65535) {
    return std::nullopt;
  }
  hp.port = static_cast<std::uint16_t>(value);
  return hp;
}

void run_tcp_feed(const std::string& host_port, FrameBatchSink& sink, InputStats& stats, TcpFeedStats& tcp_stats,
                  const TcpFeedOptions& opts) {
  const auto hp = parse_host_port(host_port);
  if (!hp) throw InputError(host_port, "not a host:port address", InputLocation::none(), "e.g. localhost:30005");
  switch (opts.format) {
    case Format::Beast: run<BeastParser>(*hp, host_port, sink, stats, tcp_stats, opts, stats.beast); break;
    case Format::Avr: run<AvrParser>(*hp, host_port, sink, stats, tcp_stats, opts, stats.avr); break;
    default:
      throw InputError(host_port, "network input must be Beast or AVR", InputLocation::none(),
                       std::string("not ") + std::string(format_name(opts.format)));
  }
}

}  // namespace gw::io
