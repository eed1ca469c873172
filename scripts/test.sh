#!/usr/bin/env bash
# Every test: installs packages, builds release and ASan+UBSan, runs the unit tests in both, then runs each
# libFuzzer target briefly. Usage: scripts/test.sh [--no-fuzz]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
jobs=$(nproc)
for config in release asan; do
  echo "== build $config"
  scripts/build.sh "$config"
  echo "== test $config"
  ctest --test-dir "build/$config" --output-on-failure -j "$jobs"
done
if [ "${1:-}" != "--no-fuzz" ]; then
  scripts/fuzz.sh 8
fi
