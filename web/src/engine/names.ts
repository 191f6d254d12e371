/**
 * The names that cross the C API, as the page knows them: the engine's breaks (one home:
 * wasm/src/model/config.cpp kBreaks) and the mask modes of the standalone attention (one home:
 * wasm/src/core/mask.cpp kModes). They cross by name, never by position. The page needs them
 * before the engine has loaded (menus, share links), hence this copy; tests/web/capi-names.test.ts
 * asks the real engine (er_names) and fails when the two differ.
 */
export const BREAKS = [
  'healthy',
  'no-mask',
  'post-softmax-mask',
  'diag-blocked',
  'init-x100',
  'no-warmup',
  'no-mask-at-inference',
] as const;
export type BreakName = (typeof BREAKS)[number];

export function isBreak(s: unknown): s is BreakName {
  return typeof s === 'string' && (BREAKS as readonly string[]).includes(s);
}

export const MASK_MODES = ['causal', 'none', 'post_softmax', 'diag_blocked'] as const;
export type MaskMode = (typeof MASK_MODES)[number];

export function isMaskMode(s: unknown): s is MaskMode {
  return typeof s === 'string' && (MASK_MODES as readonly string[]).includes(s);
}
