#!/usr/bin/env bash
# Builds the static site into dist/ from the already-built engine (build/wasm).
# BASE=/sub/path/ builds for a sub-path (GitHub Pages).
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f build/wasm/engine-simd.wasm ]] || { echo "build-site: build/wasm is empty — run tools/build-wasm.sh first" >&2; exit 1; }
npx vite build --logLevel warn
echo "build-site: site written to dist/ (base ${BASE:-/})"
