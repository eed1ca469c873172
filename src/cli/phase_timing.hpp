// Wall and CPU time of the phases of `gnsswatch map` (reading, warm-up, merge, each writer), printed on stderr when
// the environment variable GNSSWATCH_TIMING is set: where the time of a split run goes (BENCHMARKS.md, "Session 7:
// the second core"). Costs two clock reads per phase, nothing per message.
#pragma once

#include <time.h>

#include <chrono>
#include <cstdlib>
#include <mutex>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace gw::cli {

class PhaseTiming {
  using Clock = std::chrono::steady_clock;

 public:
  PhaseTiming() : enabled_(std::getenv("GNSSWATCH_TIMING") != nullptr), start_(Clock::now()) {}
  bool enabled() const { return enabled_; }

  // Times one phase on the calling thread: from construction to stop() (or destruction).
  class Scope {
   public:
    Scope(PhaseTiming& timing, std::string name)
        : timing_(timing), name_(std::move(name)), wall_(Clock::now()), cpu_(thread_cpu_s()) {}
    ~Scope() { stop(); }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;
    void stop() {
      if (stopped_ || !timing_.enabled_) {
        stopped_ = true;
        return;
      }
      stopped_ = true;
      const auto now = Clock::now();
      timing_.record(name_, seconds(wall_ - timing_.start_), seconds(now - wall_), thread_cpu_s() - cpu_);
    }

   private:
    PhaseTiming& timing_;
    std::string name_;
    Clock::time_point wall_;
    double cpu_;
    bool stopped_ = false;
  };

  // A line printed after the phases (a count that explains a phase's time).
  void note(std::string line) {
    if (!enabled_) return;
    std::lock_guard lock(mutex_);
    notes_.push_back(std::move(line));
  }

  // One line per phase, in the order they ended: when it began (s since the start), its wall and its thread's CPU.
  void print() const {
    if (!enabled_) return;
    std::lock_guard lock(mutex_);
    for (const auto& p : phases_)
      fmt::print(stderr, "gnsswatch: timing {:<28} begin {:8.3f} s  wall {:8.3f} s  cpu {:8.3f} s\n", p.name,
                 p.begin_s, p.wall_s, p.cpu_s);
    for (const auto& n : notes_) fmt::print(stderr, "gnsswatch: timing {}\n", n);
  }

 private:
  struct Phase {
    std::string name;
    double begin_s, wall_s, cpu_s;
  };
  static double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }
  static double thread_cpu_s() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  }
  void record(const std::string& name, double begin_s, double wall_s, double cpu_s) {
    std::lock_guard lock(mutex_);
    phases_.push_back({name, begin_s, wall_s, cpu_s});
  }

  bool enabled_;
  Clock::time_point start_;
  mutable std::mutex mutex_;
  std::vector<Phase> phases_;
  std::vector<std::string> notes_;
};

}  // namespace gw::cli
