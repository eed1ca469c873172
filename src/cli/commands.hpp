// The subcommands of gnsswatch. Each registers itself on the top-level app and returns a runner.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace gw::cli {

using CommandRunner = std::function<int()>;

CommandRunner add_decode_command(CLI::App& app);
CommandRunner add_stats_command(CLI::App& app);
CommandRunner add_map_command(CLI::App& app);
CommandRunner add_simulate_command(CLI::App& app);
CommandRunner add_eval_command(CLI::App& app);

}  // namespace gw::cli
