// eval's outputs: the JSON document (eval.json) and the tables printed on the terminal.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "eval/score.hpp"

namespace gw::eval {

// {"format":"gnsswatch-eval/1", "options", "runs":[...per run: truth events, detected events, spoofing, metrics],
//  "pooled":{"runs", "metrics"}} (docs/EVALUATION_METHOD.md).
std::string eval_json_text(std::span<const RunScore> runs, const EvalOptions& options);

// One run in detail: each detected event with its match and located source vs the true source, the truth
// events missed, spoofing findings vs truth.
std::string run_table_text(const RunScore& run);

// One line per run (for several runs).
std::string runs_summary_text(std::span<const RunScore> runs);

// The metrics with their counts and goals ("met" / "MISSED by X").
std::string metrics_table_text(const std::vector<Metric>& metrics, const PooledScore& pooled);

}  // namespace gw::eval
