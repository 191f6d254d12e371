/**
 * The (T, T) masks a repair produces, as data for the engine (trainRun's maskData, engine/ops/
 * maskdata.ts): additive masks applied before the softmax (0 visible, -1e9 hidden), or the 0/1
 * triangle multiplied into the scores. A repair whose masks are both causal needs none: the
 * healthy path is the same mask, bit for bit.
 */
import type { MaskData } from '../engine/ops/maskdata';
import type { MaskKind, RepairMasks } from './repairs';

const HIDDEN = -1e9;

/** Which keys j query i sees under `kind`. */
function visible(kind: MaskKind, i: number, j: number): boolean {
  switch (kind) {
    case 'causal':
    case 'multiply':
      return j <= i;
    case 'none':
      return true;
    case 'transposed':
      return j >= i;
    case 'rowZero':
      return j < i || (i === 0 && j === 0);
    case 'plusOne':
      return j <= i + 1;
  }
}

function spec(kind: MaskKind, T: number) {
  const mask = new Array<number>(T * T);
  for (let i = 0; i < T; i++)
    for (let j = 0; j < T; j++) mask[i * T + j] = kind === 'multiply' ? (visible(kind, i, j) ? 1 : 0) : visible(kind, i, j) ? 0 : HIDDEN;
  return { mask, where: kind === 'multiply' ? ('multiply' as const) : ('pre' as const) };
}

export const isHealthyMasks = (m: RepairMasks) => m.train === 'causal' && m.generate === 'causal';

/** maskData for a run with these masks and context T (undefined: the healthy path as it is). */
export function maskDataOf(m: RepairMasks, T: number): MaskData | undefined {
  if (isHealthyMasks(m)) return undefined;
  return { train: spec(m.train, T), generate: spec(m.generate, T) };
}
