#!/usr/bin/env bash
# The evaluation: simulate + map + eval over the bundled scenarios and N random ones, pooled by `gnsswatch eval`
# (docs/EVALUATION_METHOD.md). Results go to build/evaluation/: runs/<name>/{truth.json,map/,*.log},
# runs.txt (the pairs eval pooled), pooled.json, table.txt, and timing.txt.
#
# Usage: scripts/evaluate.sh [N]        N random scenarios (default 100): seeds 1..N, every 4th random-quiet
# Environment:
#   GNSSWATCH=path   the binary (default build/release/gnsswatch; build it with scripts/build.sh release gnsswatch)
#   JOBS=2           scenarios run in parallel (each simulate and map uses one thread)
#   DURATION=1h      override every scenario's duration (default: each scenario's own, 1-2 h)
#   OUT=dir          output folder (default build/evaluation)
#   KEEP=1           keep the recordings (rec.beast); by default each is deleted once mapped
#   FIRST=101        first random seed (seeds FIRST..FIRST+N-1; default 1), e.g. for a held-out calibration set
#   BUNDLED=0        leave out the bundled scenarios (default 1: include them)
set -euo pipefail
cd "$(dirname "$0")/.."

n=${1:-100}
export GNSSWATCH=${GNSSWATCH:-build/release/gnsswatch}
export OUT=${OUT:-build/evaluation}
export DURATION=${DURATION:-}
export KEEP=${KEEP:-0}
jobs=${JOBS:-2}
first=${FIRST:-1}
bundled=${BUNDLED:-1}
if [ ! -x "$GNSSWATCH" ]; then
  echo "evaluate: $GNSSWATCH not found: scripts/build.sh release gnsswatch" >&2
  exit 2
fi
command -v jq >/dev/null || { echo "evaluate: jq is needed: run scripts/install-deps.sh" >&2; exit 2; }

rm -rf "$OUT"
mkdir -p "$OUT/runs"

# One line per run: NAME SCENARIO SEED.
{
  if [ "$bundled" = 1 ]; then
    "$GNSSWATCH" simulate --list | awk '$1 != "random" && $1 != "random-quiet" {print $1, $1, 1}'
  fi
  for ((i = first; i < first + n; i++)); do
    if ((i % 4 == 0)); then echo "random-quiet-$i random-quiet $i"; else echo "random-$i random $i"; fi
  done
} >"$OUT/jobs.txt"

# simulate -> map for one run; prints "TRUTH DIR" when both succeeded (a failure is logged and reported at the end).
run_one() {
  local name=$1 scenario=$2 seed=$3
  local d="$OUT/runs/$name"
  mkdir -p "$d"
  local duration=()
  [ -n "$DURATION" ] && duration=(--duration "$DURATION")
  local t0=$SECONDS
  if ! "$GNSSWATCH" simulate --scenario "$scenario" --seed "$seed" "${duration[@]}" --out "$d/rec.beast" \
      --truth "$d/truth.json" 2>"$d/simulate.log"; then
    echo "evaluate: simulate failed for $name (see $d/simulate.log)" >&2
    return 0
  fi
  local t1=$SECONDS
  local start
  start=$(jq -r .start "$d/truth.json")
  # One thread per map: the runs themselves are the parallelism, and results do not depend on the split.
  if ! "$GNSSWATCH" map --threads 1 --start-time "$start" --out "$d/map" "$d/rec.beast" >"$d/map.log" 2>&1; then
    echo "evaluate: map failed for $name (see $d/map.log)" >&2
    return 0
  fi
  local t2=$SECONDS
  [ "$KEEP" = 1 ] || rm -f "$d/rec.beast"
  echo "$name simulate $((t1 - t0)) s map $((t2 - t1)) s" >>"$OUT/timing.txt"
  echo "$d/truth.json $d/map"
}
export -f run_one

started=$SECONDS
total=$(wc -l <"$OUT/jobs.txt")
echo "evaluate: $total runs ($n random), $jobs in parallel, into $OUT" >&2
xargs -P "$jobs" -L 1 bash -c 'run_one "$@"' _ <"$OUT/jobs.txt" | sort >"$OUT/runs.txt"
done_runs=$(wc -l <"$OUT/runs.txt")
sim_map_s=$((SECONDS - started))

"$GNSSWATCH" eval --runs "$OUT/runs.txt" --json "$OUT/pooled.json" | tee "$OUT/table.txt"
echo "evaluate: $done_runs of $total runs scored; simulate+map ${sim_map_s} s, total $((SECONDS - started)) s" \
  | tee -a "$OUT/table.txt" >&2
[ "$done_runs" -eq "$total" ]
