// gnsswatch simulate: writes a synthetic recording (Beast or AVR) of a scenario's traffic as receivers would hear
// it, under simulated GNSS jamming/spoofing, and optionally the truth (truth.json) to score `map` against.
// The simulator only writes files; nothing is transmitted.
#include <chrono>
#include <ctime>
#include <cstdio>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/input_options.hpp"
#include "sim/engine.hpp"
#include "sim/frame_writer.hpp"
#include "sim/scenario.hpp"

namespace gw::cli {
namespace {

struct SimulateOptions {
  std::string scenario;
  std::string out;
  std::string truth;
  std::uint64_t seed = 1;
  std::string format = "beast";
  std::string duration;
  std::size_t aircraft = 0;
  bool print_scenario = false;
  bool list = false;
};

std::string bundled_list() {
  std::string names;
  for (std::string_view n : sim::bundled_scenario_names()) names += (names.empty() ? "" : ", ") + std::string(n);
  return names;
}

int run_simulate(const SimulateOptions& o) {
  if (o.list) {
    for (std::string_view n : sim::bundled_scenario_names()) {
      const sim::Scenario s = sim::parse_scenario(sim::bundled_scenario_json(n), std::string(n));
      fmt::print("{:<20} {}\n", n, s.description);
    }
    fmt::print("{:<20} {}\n", "random", "a random region, receivers and jammer drawn from --seed");
    fmt::print("{:<20} {}\n", "random-quiet", "the same without any interferer");
    return kExitOk;
  }
  if (o.scenario.empty()) {
    fmt::print(stderr, "simulate: --scenario is required (bundled: {}, random, random-quiet, or a JSON file)\n",
               bundled_list());
    return kExitUsage;
  }
  if (o.print_scenario) {
    const std::string_view json = sim::bundled_scenario_json(o.scenario);
    if (json.empty()) {
      fmt::print(stderr, "simulate: --print-scenario: \"{}\" is not a bundled scenario ({})\n", o.scenario,
                 bundled_list());
      return kExitUsage;
    }
    fmt::print("{}", json);
    return kExitOk;
  }
  if (o.out.empty()) {
    fmt::print(stderr, "simulate: --out is required (a file, - for standard output, /dev/null to measure)\n");
    return kExitUsage;
  }
  sim::OutputFormat format;
  if (o.format == "beast") {
    format = sim::OutputFormat::Beast;
  } else if (o.format == "avr") {
    format = sim::OutputFormat::Avr;
  } else {
    fmt::print(stderr, "simulate: --format must be beast or avr, not \"{}\"\n", o.format);
    return kExitUsage;
  }
  sim::EngineOptions engine_options;
  engine_options.seed = o.seed;
  engine_options.aircraft = o.aircraft;
  if (!o.duration.empty() && (!sim::parse_duration(o.duration, engine_options.duration_s) ||
                              !(engine_options.duration_s > 0))) {
    fmt::print(stderr, "simulate: --duration: \"{}\" is not a duration (seconds, or 90s, 30m, 1.5h)\n", o.duration);
    return kExitUsage;
  }

  sim::Scenario scenario;
  try {
    scenario = sim::load_scenario(o.scenario, o.seed);
  } catch (const sim::ScenarioError& e) {
    fmt::print(stderr, "simulate: {}\n", e.what());
    // A name that is neither bundled nor a file is a usage error; a file that is not a scenario, an input error.
    return std::string_view(e.what()).starts_with("unknown scenario") ? kExitUsage : kExitInputError;
  }

  const auto started = std::chrono::steady_clock::now();
  const std::clock_t cpu_started = std::clock();
  try {
    sim::Engine engine(scenario, engine_options);
    sim::FrameFileWriter writer(o.out, format);
    engine.run(writer);
    writer.close();
    if (!o.truth.empty()) engine.truth().write(o.truth, engine.environment());
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const double cpu = static_cast<double>(std::clock() - cpu_started) / CLOCKS_PER_SEC;
    const auto rate = [&](double seconds) {
      return seconds > 0 ? static_cast<double>(writer.frames_written()) / seconds / 1e6 : 0.0;
    };

    const sim::EngineStats& st = engine.stats();
    fmt::print(stderr,
               "simulate: scenario {} (seed {}): {} aircraft ({} heard), {:.0f} s from {}\n"
               "  {} frames written to {} ({} transmitted); {:.1f} s, {:.1f} M frames/s ({:.1f} s CPU, {:.1f} M "
               "frames/s per core)\n",
               scenario.name, o.seed, st.aircraft, st.aircraft_heard, engine.duration_s(),
               sim::format_utc(engine.start_s()), writer.frames_written(), o.out, st.frames_transmitted, elapsed,
               rate(elapsed), cpu, rate(cpu));
    fmt::print(stderr,
               "  interference: {} interferer(s); {} aircraft affected, {} of them heard while affected "
               "({} aircraft-seconds)\n",
               scenario.interferers.size(), st.aircraft_affected, st.aircraft_affected_heard,
               st.aircraft_seconds_affected);
    if (!o.truth.empty()) fmt::print(stderr, "  truth written to {}\n", o.truth);
    fmt::print(stderr, "map with: gnsswatch map --start-time {} --out DIR {}\n", sim::format_utc(engine.start_s()),
               o.out == "-" ? "-" : o.out);
  } catch (const std::exception& e) {
    fmt::print(stderr, "simulate: {}\n", e.what());
    return kExitInputError;
  }
  return kExitOk;
}

}  // namespace

CommandRunner add_simulate_command(CLI::App& app) {
  auto o = std::make_shared<SimulateOptions>();
  CLI::App* cmd = app.add_subcommand(
      "simulate",
      "Write a synthetic recording of a scenario: flights between real airports (taxi, climb, cruise, descent, "
      "overflights) with a realistic mix of ADS-B versions and equipage, every DO-260B squitter at its rate plus "
      "Mode S radar replies, heard by the scenario's receivers (radio horizon, range, range-dependent loss, "
      "signal level) and merged into one stream, while simulated jammers/spoofers (docs/INTERFERENCE_MODEL.md) "
      "degrade the aircraft's GNSS. Beast/AVR carry only a 12 MHz counter from the scenario start: pass the "
      "printed --start-time to `gnsswatch map`. Deterministic for a seed. Scenario format and bundled scenarios: "
      "docs/SIMULATOR.md. Only files are written; nothing is transmitted.");
  cmd->add_option("--scenario", o->scenario,
                  "A bundled scenario (" + bundled_list() +
                      "), random or random-quiet (drawn from --seed), or a path to a scenario JSON file");
  cmd->add_option("--out", o->out, "Output recording: a file, - for standard output, /dev/null to measure");
  cmd->add_option("--truth", o->truth, "Also write what really happened (docs/TRUTH.md) to this JSON file");
  cmd->add_option("--seed", o->seed, "Random seed: the same seed gives the same bytes")->capture_default_str();
  cmd->add_option("--format", o->format, "beast (binary) or avr ('@' lines with the 12 MHz counter)")
      ->capture_default_str();
  cmd->add_option("--duration", o->duration, "Override the scenario's duration: seconds, or 90s, 30m, 1.5h");
  cmd->add_option("--aircraft", o->aircraft, "Override the scenario's number of airframes (traffic scale)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{10'000'000}));  // 24-bit addresses must stay unique
  cmd->add_flag("--list", o->list, "List the bundled scenarios and exit");
  cmd->add_flag("--print-scenario", o->print_scenario,
                "Print the bundled scenario's JSON (a starting point for your own) and exit");
  cmd->footer(
      "Example:\n"
      "  gnsswatch simulate --scenario korea-dmz --out korea.beast --truth truth.json\n"
      "  gnsswatch map --start-time 2026-01-07T03:00:00Z --out korea-map korea.beast   (simulate prints this line)\n"
      "Exit status: 0 success, 1 invalid scenario file or output not writable, 2 usage error (unknown scenario, "
      "missing --out, ...).");
  return [o]() { return run_simulate(*o); };
}

}  // namespace gw::cli
