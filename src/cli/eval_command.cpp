// gnsswatch eval: score `map` output directories against the truth files of simulated scenarios
// (docs/EVALUATION_METHOD.md), print the results and write them as JSON.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/input_options.hpp"  // exit codes
#include "eval/report.hpp"
#include "output/atomic_file.hpp"

namespace gw::cli {
namespace {

struct EvalCommandOptions {
  std::vector<std::string> truths;
  std::vector<std::string> dirs;
  std::string runs_file;
  std::string json_path;
  bool details = false;
  eval::EvalOptions eval;
};

// "TRUTH DIR" per line; blank lines and lines starting with '#' are skipped.
bool read_runs_file(const std::string& path, std::vector<std::string>& truths, std::vector<std::string>& dirs) {
  std::ifstream in(path);
  if (!in) {
    fmt::print(stderr, "gnsswatch eval: {}: cannot read the runs file\n", path);
    return false;
  }
  std::string line;
  for (std::size_t line_no = 1; std::getline(in, line); ++line_no) {
    std::istringstream fields(line);
    std::string truth, dir, extra;
    if (!(fields >> truth) || truth[0] == '#') continue;
    if (!(fields >> dir) || (fields >> extra)) {
      fmt::print(stderr, "gnsswatch eval: {}: line {}: expected \"TRUTH.json DIR\"\n", path, line_no);
      return false;
    }
    truths.push_back(truth);
    dirs.push_back(dir);
  }
  return true;
}

void write_json(const std::string& path, const std::string& text) {
  output::AtomicFile file(path);
  file.write(text);
  file.commit();
}

int run_eval(EvalCommandOptions& o) {
  if (o.truths.size() != o.dirs.size()) {
    fmt::print(stderr, "gnsswatch eval: {} --truth file(s) but {} map directories: give one --truth before each DIR\n",
               o.truths.size(), o.dirs.size());
    return kExitUsage;
  }
  if (!o.runs_file.empty() && !read_runs_file(o.runs_file, o.truths, o.dirs)) return kExitInputError;
  if (o.dirs.empty()) {
    fmt::print(stderr, "gnsswatch eval: nothing to score: give --truth TRUTH.json DIR (or --runs FILE)\n");
    return kExitUsage;
  }
  std::vector<eval::RunScore> runs;
  try {
    for (std::size_t i = 0; i < o.dirs.size(); ++i) {
      const eval::Truth truth = eval::load_truth(o.truths[i]);
      const eval::MapOutput map = eval::load_map_output(o.dirs[i]);
      if (const auto why = eval::mismatch_warning(truth, map)) fmt::print(stderr, "gnsswatch eval: warning: {}\n", *why);
      runs.push_back(eval::score_run(truth, map, o.eval));
    }
  } catch (const eval::EvalError& e) {
    fmt::print(stderr, "gnsswatch eval: {}\n", e.what());
    return kExitInputError;
  }

  const eval::PooledScore pooled = eval::pool(runs);
  if (runs.size() == 1 || o.details) {
    for (const eval::RunScore& r : runs) fmt::print("{}\n", eval::run_table_text(r));
  }
  if (runs.size() > 1) fmt::print("{}\n", eval::runs_summary_text(runs));
  fmt::print("{}", eval::metrics_table_text(eval::metrics(pooled), pooled));

  try {
    if (!o.json_path.empty()) {
      write_json(o.json_path, eval::eval_json_text(runs, o.eval));
      fmt::print("written: {}\n", o.json_path);
    } else {
      for (const eval::RunScore& r : runs) {
        const std::string path = (std::filesystem::path(r.dir) / "eval.json").string();
        write_json(path, eval::eval_json_text(std::span(&r, 1), o.eval));
        if (runs.size() == 1) fmt::print("written: {}\n", path);
      }
      if (runs.size() > 1) fmt::print("written: eval.json in each of the {} directories (pooled: use --json FILE)\n", runs.size());
    }
  } catch (const std::runtime_error& e) {
    fmt::print(stderr, "gnsswatch eval: {}\n", e.what());
    return kExitInputError;
  }
  return kExitOk;
}

}  // namespace

CommandRunner add_eval_command(CLI::App& app) {
  auto o = std::make_shared<EvalCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "eval",
      "Score map output directories against the truth of simulated scenarios (gnsswatch simulate --truth): event "
      "recall and precision, onset and end latency, localisation error and 95% region containment, false events per "
      "1,000 cell-hours, spoofing recall and precision, each against the project's goals. Several runs are pooled: "
      "--truth T1 DIR1 --truth T2 DIR2 ... or --runs FILE. Method: docs/EVALUATION_METHOD.md.");
  cmd->add_option("--truth", o->truths, "truth.json of a run (repeat: one before each DIR)")->allow_extra_args(false);
  cmd->add_option("dirs", o->dirs, "map --out directories (cells.csv, events.json, spoofing.json)");
  cmd->add_option("--runs", o->runs_file, "A file of runs, one \"TRUTH.json DIR\" per line ('#' comments)");
  cmd->add_option("--json", o->json_path,
                  "Write the results (per run and pooled) to this file; default: DIR/eval.json for each run");
  cmd->add_flag("--details", o->details, "Print each run's event table also when several runs are pooled");
  cmd->add_option("--min-affected", o->eval.min_affected, "Truth events count for recall with at least this many heard aircraft")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--min-located-aircraft", o->eval.min_located_aircraft,
                  "Matched events count for localisation with at least this many aircraft")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--match-slack", o->eval.match_slack_s,
                  "Seconds by which a detected loss and a truth interval may miss each other and still match")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  return [o]() { return run_eval(*o); };
}

}  // namespace gw::cli
