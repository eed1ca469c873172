#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for N seconds (default 8) on a corpus seeded from
# ../shared/data when it is there. Usage: scripts/fuzz.sh [seconds-per-target]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-8}
scripts/build.sh fuzz
shopt -s nullglob
targets=(build/fuzz/fuzz_*)
if ((${#targets[@]} == 0)); then echo "no fuzz targets built"; exit 0; fi
for t in "${targets[@]}"; do
  name=$(basename "$t")
  corpus=build/fuzz/corpus/$name
  mkdir -p "$corpus"
  seeds=fuzz/seeds.sh
  [ -x "$seeds" ] && "$seeds" "$name" "$corpus"
  echo "== $name (${seconds}s)"
  "$t" -max_total_time="$seconds" -max_len=4096 -print_final_stats=0 -artifact_prefix=build/fuzz/ "$corpus" 2>&1 | tail -n 2
done
