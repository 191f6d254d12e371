#!/usr/bin/env bash
# Fuzzes the engine's parsers of outside input (JSON, safetensors, progress files) with
# libFuzzer + ASan + UBSan, each for a bounded time. Exits non-zero on any crash, leak,
# sanitizer report, timeout or out-of-memory; the reproducer is kept in $BUILD/artifacts/.
#   FUZZ_SECONDS    seconds per target (default 60)
#   FUZZ_TARGETS    which targets (default "json safetensors progress")
#   FUZZ_BUILD_DIR  build directory (default build/fuzz)
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_EACH="${FUZZ_SECONDS:-60}"
TARGETS="${FUZZ_TARGETS:-json safetensors progress}"
BUILD="${FUZZ_BUILD_DIR:-build/fuzz}"
JOBS="${JOBS:-2}"

if ! command -v clang++ >/dev/null; then
  echo "fuzz: clang++ is required (apt-get install clang libclang-rt-14-dev)" >&2
  exit 1
fi

CC=clang CXX=clang++ cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DER_FUZZ=ON >/dev/null
cmake --build "$BUILD" -j"$JOBS" --target $(for t in $TARGETS; do printf 'fuzz_%s ' "$t"; done)

status=0
for t in $TARGETS; do
  seeds="tests/fuzz/corpus/$t"
  found="$BUILD/corpus/$t"       # new inputs land here; the committed seeds stay untouched
  artifacts="$BUILD/artifacts/$t/"
  mkdir -p "$found" "$artifacts"
  echo "== fuzz_$t: ${SECONDS_EACH}s"
  if ! "$BUILD/fuzz_$t" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -dict=tests/fuzz/json.dict -artifact_prefix="$artifacts" \
      -print_final_stats=1 "$found" "$seeds" 2>"$BUILD/fuzz_$t.log"; then
    echo "fuzz_$t FAILED: see $BUILD/fuzz_$t.log and $artifacts" >&2
    grep -E "ERROR|SUMMARY|runtime error|Test unit written" "$BUILD/fuzz_$t.log" | head -20 >&2 || true
    status=1
  else
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb|DONE" "$BUILD/fuzz_$t.log" | tail -3
  fi
done
exit $status
