#!/usr/bin/env bash
# Native build: tools/build-native.sh [release|debug|sanitize] -> build/native, build/native-debug,
# build/sanitize. Release holds the examrule CLI (build/native/examrule) and the Catch2 suite.
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-release}" in
  release) preset=native-release ;;
  debug) preset=native-debug ;;
  sanitize) preset=sanitize ;;
  *) echo "usage: $0 [release|debug|sanitize]" >&2; exit 2 ;;
esac
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j"$(nproc)"
