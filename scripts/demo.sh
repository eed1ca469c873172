#!/usr/bin/env bash
# The main job: installs packages, builds, simulates a bundled scenario (default: a jammer north of the Korean
# DMZ affecting the Incheon and Gimpo approaches), maps it, locates the source and scores the result against the
# simulator's truth. Writes build/demo/ (report.html opens offline).
# Usage: scripts/demo.sh [SCENARIO]   (korea-dmz, baltic-kaliningrad, east-med, spoofing, intermittent, quiet)
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-korea-dmz}
scripts/install-deps.sh
scripts/build.sh release gnsswatch
bin=build/release/gnsswatch
out=build/demo
mkdir -p "$out"
rm -f "$out"/*.beast
echo "== gnsswatch simulate --scenario $scenario --out $out/$scenario.beast --truth $out/truth.json"
"$bin" simulate --scenario "$scenario" --out "$out/$scenario.beast" --truth "$out/truth.json"
# A Beast recording carries only the receiver's 12 MHz counter: anchor it at the scenario's start (README, "Times").
start=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["start"])' "$out/truth.json")
echo
echo "== gnsswatch map --start-time $start --out $out $out/$scenario.beast"
"$bin" map --start-time "$start" --out "$out" "$out/$scenario.beast"
echo
echo "== gnsswatch eval --truth $out/truth.json $out"
"$bin" eval --truth "$out/truth.json" "$out"
echo
echo "Open $out/report.html in a browser (it works offline)."
