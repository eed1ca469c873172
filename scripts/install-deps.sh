#!/usr/bin/env bash
# Installs every Debian package gnsswatch needs to build, test, benchmark and fuzz.
# Non-interactive and idempotent: packages already present are left alone.
set -euo pipefail

packages=(
  build-essential g++ cmake ninja-build ccache pkg-config
  clang libclang-rt-14-dev          # libFuzzer targets (clang 14)
  libcli11-dev libfmt-dev libsimdjson-dev
  zlib1g-dev libzstd-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3                           # helper scripts in tests/ and bench/
  jq                                # scripts/evaluate.sh reads truth.json and eval output
  chromium                          # tests/output/report_test.cpp opens report.html in a real (headless) browser
)

# The H3 reference run by tests/geo/h3_test.cpp is h3-js on node, and the build bundles report.html's front end
# (web/) with esbuild on node; Debian's nodejs and npm are enough.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# h3-js itself, at the version pinned by tests/geo/h3-reference/package-lock.json.
h3_reference="$(cd "$(dirname "$0")/.." && pwd)/tests/geo/h3-reference"
if [ ! -d "$h3_reference/node_modules/h3-js" ]; then
  (cd "$h3_reference" && npm ci --no-audit --no-fund)
fi

# report.html's front end (web/): esbuild, d3-geo, topojson-client and the Natural Earth basemap (world-atlas), at
# the versions pinned by web/package-lock.json. The build runs the same `npm ci` when web/node_modules is missing.
web="$(cd "$(dirname "$0")/.." && pwd)/web"
if [ ! -d "$web/node_modules/esbuild" ]; then
  (cd "$web" && npm ci --no-audit --no-fund)
fi
