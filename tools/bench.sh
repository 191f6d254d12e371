#!/usr/bin/env bash
# npm run bench: builds what it needs, then measures in one run
#   - GEMM GFLOPS for the model's shapes (N = 512): hand-written WASM SIMD, Eigen compiled to
#     WASM with -msimd128, native Eigen — in Chromium, Node and natively;
#   - ms per training step (default config, B=16, T=32): native, WASM SIMD and scalar under
#     Node, WASM SIMD and scalar in headless Chromium inside the real worker, PyTorch CPU
#     one thread (python3-torch for /usr/bin/python3, installed by apt when run as root), with the system's
#     default BLAS and, if libopenblas0-serial is installed, with OpenBLAS; the comparison
#     uses the faster of the two;
#   - the site: first widget ready, JS + WASM shipped for a lesson, main-thread stalls;
#   - the studio with the engine's default recipe (batch 16, 300 steps) on one worker, on all
#     workers and under 4x CPU throttling; ms per step with 1, 2 and 4 workers; where a studio
#     run's time goes beyond the engine's steps (tools/bench/chromium_studio.mjs).
# Writes build/bench/results.json, prints a table; the LAST line printed is that JSON.
#
# Environment (all optional):
#   BENCH_REPS=7                repetitions per figure (median reported)
#   BENCH_SITE_DIR=dist         the production site to measure; built with tools/build.sh
#                               unless BENCH_SKIP_SITE_BUILD=1
#   BENCH_OWN_SITE=1            instead, build the engine modules in BENCH_WASM_DIR and the
#                               site (production config, tools/bench/vite.bench.config.mjs) into
#                               build/bench/site: leaves dist/ and build/wasm alone
#   BENCH_NATIVE_DIR=build/bench-native  BENCH_WASM_DIR=build/bench-wasm   build folders
#   BENCH_JOBS=2                parallel compile jobs
#   BENCH_STUDIO_RUNS=2         studio sessions per figure of chromium_studio.mjs (median)
#   BENCH_TILES=1               also run the register-tile experiment (wasm/bench/tiles.cpp)
#   BENCH_NO_APT=1              do not apt-get install python3-torch when it is missing
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs  # emscripten 3.1.6 needs Debian's acorn (TOOLCHAIN.md)

OUT=build/bench
REPS=${BENCH_REPS:-7}
JOBS=${BENCH_JOBS:-2}
SITE=${BENCH_SITE_DIR:-dist}
[[ "${BENCH_OWN_SITE:-0}" == 1 ]] && SITE=$OUT/site
NATIVE=${BENCH_NATIVE_DIR:-build/bench-native}
WASM=${BENCH_WASM_DIR:-build/bench-wasm}
mkdir -p "$OUT"
rm -f "$OUT"/{native,node,node_scalar,chromium_gemm,chromium_site,chromium_studio,cpu_scaling,torch,torch_openblas,notes,load,tiles}.json
say() { echo "[bench] $*" >&2; }
last_line() { tail -n 1; }

# ---- build --------------------------------------------------------------------------------
if [[ "${BENCH_OWN_SITE:-0}" != 1 && "${BENCH_SKIP_SITE_BUILD:-0}" != 1 ]]; then
  say "building the site (tools/build.sh)"
  bash tools/build.sh >&2
fi
say "building the native bench in $NATIVE"
cmake -S . -B "$NATIVE" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$NATIVE" -j"$JOBS" --target examrule_bench >/dev/null
say "building the wasm benches in $WASM"
emcmake cmake -S . -B "$WASM" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$WASM" -j"$JOBS" --target examrule_bench examrule_bench_scalar examrule_bench_web >/dev/null
if [[ "${BENCH_OWN_SITE:-0}" == 1 ]]; then
  say "building the site into $SITE against $WASM"
  cmake --build "$WASM" -j"$JOBS" --target engine-simd engine-scalar >/dev/null
  ER_ENGINE_DIR="$WASM" ER_OUT_DIR="$SITE" npx vite build --config tools/bench/vite.bench.config.mjs --logLevel warn >&2
fi

# ---- measure ------------------------------------------------------------------------------
say "machine load before measuring: $(cut -d' ' -f1-3 /proc/loadavg) (figures are noisy when it is high)"
echo "{\"load_avg_1m_before\": $(cut -d' ' -f1 /proc/loadavg)}" >"$OUT/load.json"
say "native"
"$NATIVE/examrule_bench" --reps "$REPS" | tee /dev/stderr | last_line >"$OUT/native.json"
say "Node, WASM SIMD"
node "$WASM/examrule_bench.cjs" --reps "$REPS" | tee /dev/stderr | last_line >"$OUT/node.json"
say "Node, WASM scalar"
node "$WASM/examrule_bench_scalar.cjs" --reps "$REPS" --quick | tee /dev/stderr | last_line >"$OUT/node_scalar.json"
V=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).V)' "$OUT/native.json")
say "Chromium: GEMM page (hand SIMD vs Eigen -msimd128)"
node tools/bench/chromium_gemm.mjs "$WASM" "$V" "$REPS" | last_line >"$OUT/chromium_gemm.json"
say "Chromium: the site ($SITE) through the real worker"
node tools/bench/chromium_site.mjs "$SITE" --V "$V" --reps "$REPS" | last_line >"$OUT/chromium_site.json"
say "Chromium: the studio, default recipe, 1 / all workers / throttled; scaling; overhead"
node tools/bench/chromium_studio.mjs "$SITE" --runs "${BENCH_STUDIO_RUNS:-2}" | last_line >"$OUT/chromium_studio.json"
say "Chromium: CPU time per step by worker thread, 1 / 2 / 4 workers (traced)"
node tools/bench/cpu_scaling.mjs "$SITE" | last_line >"$OUT/cpu_scaling.json"
if [[ "${BENCH_TILES:-0}" == 1 ]]; then
  say "Chromium: register-tile experiment"
  cmake --build "$WASM" -j"$JOBS" --target examrule_bench_tiles >/dev/null
  node tools/bench/chromium_tiles.mjs "$WASM" | last_line >"$OUT/tiles.json"
fi
OPENBLAS=/usr/lib/x86_64-linux-gnu/openblas-serial
# The PyTorch of the issue's reference point is Debian's python3-torch as it installs; fetch it
# when missing (as root, unless BENCH_NO_APT=1). libopenblas0-serial is not installed here:
# installing it would switch the system's default BLAS (see docs/performance.md).
if ! /usr/bin/python3 -c 'import torch' 2>/dev/null && [[ $(id -u) -eq 0 && "${BENCH_NO_APT:-0}" != 1 ]] \
    && command -v apt-get >/dev/null; then
  say "installing python3-torch for the PyTorch comparison (apt-get; BENCH_NO_APT=1 skips this)"
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends python3-torch >/dev/null; } \
    || say "could not install python3-torch; the PyTorch comparison will be skipped"
fi
if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  say "PyTorch CPU, one thread, with the system's default BLAS"
  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tools/torch_reference.py --V "$V" | last_line >"$OUT/torch.json"
  if [[ -f $OPENBLAS/libblas.so.3 ]]; then
    say "PyTorch CPU, one thread, with OpenBLAS (serial)"
    LD_LIBRARY_PATH=$OPENBLAS OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tools/torch_reference.py --V "$V" \
      | last_line >"$OUT/torch_openblas.json"
  else
    say "PyTorch with OpenBLAS skipped: libopenblas0-serial is not installed (the default BLAS may be the slow reference one)"
  fi
else
  say "PyTorch comparison skipped: python3-torch is not installed (apt-get install python3-torch)"
  echo '{"torch":"skipped: python3-torch not installed for /usr/bin/python3"}' >"$OUT/notes.json"
fi

node tools/bench/report.mjs "$OUT"
