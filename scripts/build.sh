#!/usr/bin/env bash
# Configures and builds one configuration: release (default) or asan (ASan + UBSan) or fuzz (clang + libFuzzer).
# Usage: scripts/build.sh [release|asan|fuzz] [extra ninja targets...]
set -euo pipefail
cd "$(dirname "$0")/.."
config=${1:-release}; shift || true
# Let ccache hit across checkouts in different folders (CI builds a fresh clone each time).
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
case "$config" in
  release) flags=(-DCMAKE_BUILD_TYPE=Release) ;;
  asan)    flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DGNSSWATCH_SANITIZE=ON -DGNSSWATCH_BENCH=OFF) ;;
  fuzz)    flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DGNSSWATCH_FUZZ=ON -DGNSSWATCH_TESTS=OFF -DGNSSWATCH_BENCH=OFF
                  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++) ;;
  *) echo "usage: scripts/build.sh [release|asan|fuzz]" >&2; exit 2 ;;
esac
dir=build/$config
if [ ! -f "$dir/build.ninja" ]; then
  cmake -S . -B "$dir" -G Ninja "${flags[@]}" >/dev/null
fi
cmake --build "$dir" -- "$@"
