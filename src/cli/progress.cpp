#include "cli/progress.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

namespace gw::cli {
namespace {

std::string human_bytes(double b) {
  const char* units[] = {"B", "kB", "MB", "GB", "TB"};
  int u = 0;
  while (b >= 1000 && u < 4) {
    b /= 1000;
    ++u;
  }
  return fmt::format("{:.1f} {}", b, units[u]);
}

std::string human_duration(double s) {
  if (!(s >= 0) || s > 360000) return "--:--";
  const auto total = static_cast<long>(s + 0.5);
  return total >= 3600 ? fmt::format("{}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60)
                       : fmt::format("{}:{:02}", total / 60, total % 60);
}

}  // namespace

ProgressBar::ProgressBar(const std::vector<std::string>& inputs) {
  enabled_ = ::isatty(STDERR_FILENO) == 1;
  for (const auto& path : inputs) {
    std::error_code ec;
    if (path != "-" && std::filesystem::is_regular_file(path, ec)) total_bytes_ += std::filesystem::file_size(path, ec);
  }
  start_ = last_draw_ = std::chrono::steady_clock::now();
}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::attach(io::ReadOptions& opts) {
  if (!enabled_) return;
  opts.progress = [this](const io::ReadProgress& p) { update(p); };
}

void ProgressBar::update(const io::ReadProgress& p) {
  std::lock_guard lock(mutex_);
  done_[p.name] = {p.compressed_bytes, p.frames};
  draw(false);
}

void ProgressBar::draw(bool force) {
  const auto now = std::chrono::steady_clock::now();
  if (!force && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  double done = 0, frames = 0;
  for (const auto& [name, d] : done_) {
    done += static_cast<double>(d.bytes);
    frames += static_cast<double>(d.frames);
  }
  const double rate = elapsed > 0 ? done / elapsed : 0;
  std::string line;
  if (total_bytes_ > 0) {
    const double frac = std::min(1.0, done / static_cast<double>(total_bytes_));
    constexpr int kWidth = 24;
    const int filled = static_cast<int>(frac * kWidth);
    line = fmt::format("[{}{}] {:3.0f}% ", std::string(filled, '#'), std::string(kWidth - filled, '.'), frac * 100);
    const double left = rate > 0 ? (static_cast<double>(total_bytes_) - done) / rate : -1;
    line += fmt::format("{} of {}, {:.2f} M frames, {}/s, {} left", human_bytes(done),
                        human_bytes(static_cast<double>(total_bytes_)), frames / 1e6, human_bytes(rate),
                        human_duration(left));
  } else {
    line = fmt::format("{} read, {:.2f} M frames, {}/s", human_bytes(done), frames / 1e6, human_bytes(rate));
  }
  fmt::print(stderr, "\r{:<100.100}", line);
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::finish() {
  std::lock_guard lock(mutex_);
  if (!enabled_ || !drawn_) return;
  fmt::print(stderr, "\r{:<100}\r", "");
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace gw::cli
