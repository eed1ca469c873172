// A progress line on standard error for long runs: bytes and frames done, rate, time left. Shown only when
// standard error is a terminal (quiet in pipes, logs and CI), redrawn at most 10 times a second.
#pragma once

#include <chrono>
#include <cstdint>
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
  std::uint64_t total_bytes_ = 0;       // sum of input file sizes (compressed)
  std::uint64_t done_before_ = 0;       // compressed bytes of inputs already finished
  std::uint64_t current_done_ = 0;      // compressed bytes of the current input
  std::uint64_t frames_before_ = 0;
  std::uint64_t current_frames_ = 0;
  std::string current_name_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  bool drawn_ = false;
};

}  // namespace gw::cli
