#!/usr/bin/env bash
# Builds everything the site needs: the WASM engine, then the static site into dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/build-wasm.sh
bash tools/build-site.sh
