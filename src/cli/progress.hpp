// A progress line on standard error for long runs: bytes and frames done, rate, time left. Shown only when
// standard error is a terminal (quiet in pipes, logs and CI), redrawn at most 10 times a second. Thread-safe:
// workers reading different inputs may report at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "io/input.hpp"

namespace gw::cli {

class ProgressBar {
 public:
  // `inputs`: the paths about to be read (their sizes on disk give the total; stdin and feeds have none).
  explicit ProgressBar(const std::vector<std::string>& inputs);
  ~ProgressBar();

  // Installs the callback into `opts` (no-op when not on a terminal).
  void attach(io::ReadOptions& opts);
  // Clears the line (call before printing a summary).
  void finish();

 private:
  void update(const io::ReadProgress& p);
  void draw(bool force);

  bool enabled_ = false;
  std::uint64_t total_bytes_ = 0;  // sum of input file sizes (compressed)
  struct Done {
    std::uint64_t bytes = 0;  // compressed bytes consumed
    std::uint64_t frames = 0;
  };
  std::mutex mutex_;
  std::map<std::string, Done> done_;  // by input name
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  bool drawn_ = false;
};

}  // namespace gw::cli
