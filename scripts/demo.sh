#!/usr/bin/env bash
# The main job on the built-in sample: installs packages, builds, and runs gnsswatch on build/release/sample.beast.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh release gnsswatch sample
bin=build/release/gnsswatch
sample=build/release/sample.beast
echo "== gnsswatch stats $sample"
"$bin" stats "$sample"
echo
echo "== gnsswatch decode $sample (first 10 records of $("$bin" decode --output ndjson "$sample" | wc -l))"
"$bin" decode --output ndjson "$sample" | head -n 10
