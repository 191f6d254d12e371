/**
 * Loads the engine module inside the worker: the SIMD build when the browser validates a
 * SIMD instruction, else the scalar build. `prefer` ('scalar') forces the fallback (tests,
 * benchmarks). Both builds come from build/wasm via the @engine alias.
 */
import type { EngineModule } from './module';
import type { EngineInfo } from './protocol';

// A minimal module whose only function uses v128 (i32.const 0; i8x16.splat; i8x16.popcnt).
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

export function simdSupported(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

type Factory = (opts: { locateFile: (p: string) => string }) => Promise<EngineModule>;

async function instantiate(kind: 'simd' | 'scalar'): Promise<EngineModule> {
  const [{ default: create }, { default: wasmUrl }] =
    kind === 'simd'
      ? await Promise.all([import('@engine/engine-simd.mjs'), import('@engine/engine-simd.wasm?url')])
      : await Promise.all([import('@engine/engine-scalar.mjs'), import('@engine/engine-scalar.wasm?url')]);
  return (create as Factory)({ locateFile: () => wasmUrl as string });
}

export async function loadEngine(prefer: string): Promise<{ M: EngineModule; info: EngineInfo }> {
  if (typeof WebAssembly !== 'object') throw new Error('This browser has no WebAssembly support.');
  let kind: 'simd' | 'scalar' = prefer !== 'scalar' && simdSupported() ? 'simd' : 'scalar';
  let M: EngineModule;
  try {
    M = await instantiate(kind);
  } catch (e) {
    if (kind === 'scalar') throw e;
    kind = 'scalar'; // SIMD validated but failed to compile: fall back rather than fail
    M = await instantiate(kind);
  }
  return {
    M,
    info: { version: M.UTF8ToString(M._er_version()), backend: M.UTF8ToString(M._er_backend()), simd: kind === 'simd' },
  };
}
