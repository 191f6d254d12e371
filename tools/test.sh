#!/usr/bin/env bash
# Every test, in order of speed of feedback. Any failure makes the whole run fail (non-zero).
#   1. native build + Catch2 suite (ctest)
#   2. the same Catch2 suite compiled to WASM (SIMD kernels) and run under Node
#   3. the native suite again under AddressSanitizer + UndefinedBehaviorSanitizer
#   4. front-end unit tests (Vitest)
#   5. production build under a sub-path, then browser tests in headless Chromium
#   6. the same build in Firefox and WebKit (smoke suites, Break 00 bit-identical to Chromium)
# SKIP_SANITIZE=1 skips step 3 locally (CI never sets it).
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n==== %s ====\n' "$*"; }

step "native build + Catch2 (ctest)"
bash tools/build-native.sh release
ctest --test-dir build/native --output-on-failure -j2

step "WASM build + Catch2 under Node"
bash tools/build-wasm.sh
node build/wasm/examrule_tests.cjs --use-colour no > build/wasm/tests.log 2>&1 || { tail -n 60 build/wasm/tests.log; exit 1; }
tail -n 2 build/wasm/tests.log

if [[ "${SKIP_SANITIZE:-}" != 1 ]]; then
  step "native suite under ASan + UBSan"
  bash tools/build-native.sh sanitize
  ctest --test-dir build/sanitize --output-on-failure -j2
fi

step "web unit tests (Vitest)"
npx vitest run

step "production build under /exam-rule/ + browser tests (Chromium)"
BASE=/exam-rule/ bash tools/build-site.sh
node --test --test-concurrency=1 tests/browser/

step "Firefox + WebKit smoke suites (docs/browsers.md)"
node --test --test-concurrency=1 tests/engines/
