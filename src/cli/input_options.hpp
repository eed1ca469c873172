// Options every command that reads recordings shares (--format, --start-time, --ref, --fix-errors, --verbose),
// and the loop that feeds each input through a sink with clear errors and exit codes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "io/input.hpp"
#include "track/message_pipeline.hpp"

namespace gw::cli {

// Exit codes, the same for every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitInputError = 1;  // an input could not be read (missing, corrupt, unknown format)
inline constexpr int kExitUsage = 2;       // the command line is wrong

struct InputOptions {
  std::vector<std::string> inputs;
  std::string format = "auto";
  std::string start_time;
  std::string reference;  // "LAT,LON"
  bool fix_errors = false;
  bool all_addresses = false;
  bool verbose = false;

  // Parsed from the strings above by resolve():
  io::Format parsed_format = io::Format::Auto;
  io::ReadOptions read;
  track::PipelineOptions pipeline;
};

// Adds the shared options and the INPUT... positional to `cmd`.
void add_input_options(CLI::App& cmd, InputOptions& opts);

// Checks and converts the option strings. On a usage error prints it and returns false.
bool resolve(InputOptions& opts);

// Reads every input in order into `sink`. Returns kExitOk, or kExitInputError after printing the error (the
// inputs before the bad one have been processed; the rest are skipped).
int read_all(const InputOptions& opts, io::FrameBatchSink& sink, io::InputStats& stats);

}  // namespace gw::cli
