#!/usr/bin/env bash
# check-simd.sh SIMD.wasm SCALAR.wasm: fails unless the first module contains v128 (SIMD)
# instructions and the second contains none (the fallback must run without SIMD support).
set -euo pipefail
count() { wasm-objdump -d "$1" | grep -cE '\b(v128|[if](8x16|16x8|32x4|64x2))\.' || true; }
simd=$(count "$1"); scalar=$(count "$2")
if (( simd == 0 )); then echo "check-simd: $1 has no SIMD instructions" >&2; exit 1; fi
if (( scalar != 0 )); then echo "check-simd: $2 has $scalar SIMD instructions (must be 0)" >&2; exit 1; fi
echo "check-simd: $1 has $simd SIMD instructions; $2 has none."
