#!/usr/bin/env bash
# The main job on the built-in sample: installs packages, builds, and maps GNSS interference in
# build/release/sample.beast (ten minutes of ten aircraft near Helsinki, one demo jammer) into build/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh release gnsswatch sample
bin=build/release/gnsswatch
sample=build/release/sample.beast
# The sample's 12 MHz counter has no epoch of its own: anchor it (see README, "Times").
start=2026-01-07T03:00:00Z
echo "== gnsswatch stats $sample"
"$bin" stats "$sample" | sed -n '1,3p;/^Mode S frames/,/^  DF17/p;/^distinct/p'
echo
echo "== gnsswatch map --start-time $start --out build/demo $sample"
"$bin" map --start-time "$start" --out build/demo "$sample"
echo
echo "== events (build/demo/events.json)"
python3 - build/demo/events.json <<'PY'
import json, sys
for e in json.load(open(sys.argv[1]))["events"]:
    print(f"event {e['id']}: {e['start']} - {e['end']}, {e['affected_aircraft']} aircraft lost GNSS, "
          f"{e['unaffected_aircraft']} unaffected, severity {e['severity_label']}")
PY
echo
echo "Open build/demo/report.html in a browser (it works offline)."
