// gnsswatch: detect, map and locate GNSS interference from ADS-B. Command-line entry point.
#include <cstdio>
#include <map>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/input_options.hpp"

int main(int argc, char** argv) {
  CLI::App app{
      "gnsswatch: detect, map and locate GNSS jamming and spoofing from ADS-B (Mode S, 1090 MHz) recordings.\n"
      "Reads Beast binary, AVR text, CSV of hex, readsb aircraft.json and globe_history traces, and OpenSky\n"
      "state vectors, from files (gzip/zstd transparently) or standard input."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "gnsswatch 0.1.0");
  std::map<std::string, gw::cli::CommandRunner> runners;
  runners["decode"] = gw::cli::add_decode_command(app);
  runners["stats"] = gw::cli::add_stats_command(app);
  runners["map"] = gw::cli::add_map_command(app);
  runners["simulate"] = gw::cli::add_simulate_command(app);
  runners["eval"] = gw::cli::add_eval_command(app);
  app.footer("Run 'gnsswatch COMMAND --help' for a command's options. Exit status: 0 success, 1 unreadable input, "
             "2 usage error.");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return gw::cli::kExitUsage;
  }
  for (const auto& [name, run] : runners) {
    if (app.got_subcommand(name)) return run();
  }
  return gw::cli::kExitUsage;
}
