#!/usr/bin/env bash
# Seeds a fuzz target's corpus from ../shared/data when it is present (never copied into the repository).
# Usage: fuzz/seeds.sh TARGET CORPUS_DIR
set -euo pipefail
target=$1 corpus=$2
data="$(dirname "$0")/../../shared/data/adsb"
[ -d "$data" ] || exit 0
[ -n "$(ls -A "$corpus" 2>/dev/null)" ] && exit 0
case "$target" in
  fuzz_beast_parser|fuzz_byte_source)
    head -c 4000 "$data/helsinki-2026-01/raw_adsb_20260107_004234.bin" >"$corpus/helsinki_head"
    head -c 4000 "$data/dump1090/sample_dump1090.bin" >"$corpus/dump1090_head"
    gzip -c "$corpus/helsinki_head" >"$corpus/helsinki_head.gz" ;;
  fuzz_csv_hex_parser|fuzz_avr_parser)
    head -c 4000 "$data/pymodes/sample_data_adsb.csv" >"$corpus/pymodes_head"
    head -c 4000 "$data/rs1090/short_flights.csv" >"$corpus/rs1090_head"
    head -c 4000 "$data/pymodes/sample_data_adsb.csv" | cut -d, -f2 | tr -d '"' | sed 's/^/*/; s/$/;/' >"$corpus/avr" ;;
  fuzz_decode_frame)
    head -c 4000 "$data/rs1090/short_flights.csv" | cut -d, -f2 | head -50 | while read -r hex; do
      python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(sys.argv[1]))' "$hex" >"$corpus/$hex" 2>/dev/null || true
    done ;;
  fuzz_readsb_json)
    head -c 4000 "$data/readsb-json/aircraft_1.json" >"$corpus/aircraft_head"
    head -c 4000 "$data/readsb-json/trace_full_ac671b.json" >"$corpus/trace_head" ;;
esac
