#!/usr/bin/env bash
# WASM build (Emscripten, Release): the web modules engine-simd / engine-scalar and the Node test
# runner, in build/wasm. Then proves the SIMD module really contains v128 instructions and the
# scalar one contains none.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs   # emscripten 3.1.6 needs Debian's acorn (see TOOLCHAIN.md)
cmake --preset wasm >/dev/null
cmake --build --preset wasm -j"$(nproc)"
bash tools/check-simd.sh build/wasm/engine-simd.wasm build/wasm/engine-scalar.wasm
