/**
 * The three break exercises of lesson 13 (realmask-break.widget.ts): what each broken program
 * runs, the repair controls that change it, the measured evidence, and the rule that decides
 * from that evidence alone whether the program is repaired. The code shown is the program's;
 * the engine runs the same choices (which mask, which loss, which positions) on the seeded model.
 */
import type { EngineClient } from '../engine/client';
import { h } from '../ui/dom';
import { fmtDiff } from '../ui/format';
import type { DependenceGridData } from './DependenceGrid';

type T = (id: string, vars?: Record<string, string | number>) => string;

/** What one run measured: a grid, the figures shown in words, and the two facts judged. */
export interface Evidence {
  grid: DependenceGridData;
  lines: string[];
  /** The fact the prediction is about (e.g. "real logits changed"). */
  fact: boolean;
  /** Repaired: every measured condition of a correct program holds. */
  fixed: boolean;
}

export interface RepairControls {
  el: HTMLElement;
  /** The program's changed lines, as code. */
  code(): string;
  /** A sentence saying why the repair cannot run as typed, or null. */
  problem?: () => string | null;
  run(engine: EngineClient, t: T): Promise<Evidence>;
}

export interface BreakSpec {
  /** Buggy program: code, with its comment lines in the page's language. */
  code(t: T): string;
  /** Runs the program as written. */
  runBroken(engine: EngineClient, t: T): Promise<Evidence>;
  repair(t: T, onChange: () => void): RepairControls;
}

interface PadOut { T: number; dep: Float32Array; valid: Int32Array; stats: Float32Array }
interface ChunkOut { P: number; Q: number; dep: Float32Array; diff: number }
interface PackedOut { T: number; dep: Float32Array; doc: Int32Array; lossShift: Float32Array; vsAlone: Float32Array }

const select = (label: string, options: [string, string][], onChange: () => void) => {
  const s = h('select', { attrs: { 'aria-label': label } }, ...options.map(([v, text]) => h('option', { value: v, textContent: text })));
  s.addEventListener('change', onChange);
  return { s, el: h('label', { className: 'rmb-repair-line' }, label, ' ', s) };
};

// ---- padding: the key padding mask forgotten, the pads counted in the loss ----
const PAD = { T: 8, n: 5, side: 'left', seed: 0 };
const MASKS: [string, string][] = [
  ['forgotten', 'attn_mask=causal'],
  ['correct', 'attn_mask=causal & attention_mask.bool()[:, None, None, :]'],
  ['inverted', 'attn_mask=causal & ~attention_mask.bool()[:, None, None, :]'],
];
const LOSSES: [string, string][] = [
  ['all', 'F.cross_entropy(logits.flatten(0, 1), targets.flatten())'],
  ['ignore', 'F.cross_entropy(logits.flatten(0, 1), targets.masked_fill(attention_mask == 0, -100).flatten())'],
];

async function runPadding(engine: EngineClient, t: T, variant: string, ignore: boolean): Promise<Evidence> {
  const o = await engine.run<PadOut>('rmPadding', { ...PAD, variant });
  const [ignored, counted, alone, diff] = Array.from(o.stats);
  const loss = ignore ? ignored : counted;
  const valid = Array.from(o.valid, (v) => v === 1);
  return {
    grid: { rows: o.T, cols: o.T, dep: o.dep, expected: (i, j) => j <= i && valid[j], mutedRow: (i) => !valid[i], colLabel: (j) => (valid[j] ? '' : t('rm.pad.padShort')) },
    lines: [t('rmb.padding.diff', { d: fmtDiff(diff) }), t('rmb.padding.loss', { loss: fmtDiff(loss), alone: fmtDiff(alone) })],
    fact: !(diff === 0),
    fixed: diff === 0 && Math.abs(loss - alone) <= 1e-6,
  };
}

const padding: BreakSpec = {
  code: (t) => [
    `# ${t('rmb.padding.comment')}`,
    'causal = torch.ones(T, T, dtype=torch.bool).tril()',
    'out = F.scaled_dot_product_attention(q, k, v, attn_mask=causal)',
    'loss = F.cross_entropy(logits.flatten(0, 1), targets.flatten())',
  ].join('\n'),
  runBroken: (engine, t) => runPadding(engine, t, 'forgotten', false),
  repair(t, onChange) {
    const mask = select(t('rmb.padding.maskLine'), MASKS, onChange);
    const loss = select(t('rmb.padding.lossLine'), LOSSES, onChange);
    return {
      el: h('div', { className: 'rmb-repair' }, mask.el, loss.el),
      code: () => `out = F.scaled_dot_product_attention(q, k, v, ${MASKS.find(([v]) => v === mask.s.value)![1]})\nloss = ${LOSSES.find(([v]) => v === loss.s.value)![1]}`,
      run: (engine, tt) => runPadding(engine, tt, mask.s.value, loss.s.value === 'ignore'),
    };
  },
};

// ---- the KV-cache chunk: the triangle built as if the chunk were the whole sequence ----
const CH = { P: 5, Q: 3, seed: 0 };

async function runChunk(engine: EngineClient, t: T, offset: number): Promise<Evidence> {
  const o = await engine.run<ChunkOut>('rmChunk', { ...CH, offset });
  return {
    grid: { rows: o.Q, cols: o.P + o.Q, dep: o.dep, expected: (r, j) => j <= o.P + r, rowNumber: (r) => o.P + r, colLabel: (j) => (j < o.P ? t('rm.chunk.cache') : t('rm.chunk.new')) },
    lines: [t('rmb.chunk.diff', { d: fmtDiff(o.diff) })],
    fact: o.diff > 1e-5,
    fixed: o.diff <= 1e-5,
  };
}

const chunk: BreakSpec = {
  code: (t) => [
    `# ${t('rmb.chunk.comment', { P: CH.P, Q: CH.Q })}`,
    'k_all, v_all = cache.append(k_new, v_new)  # P + Q',
    'mask = torch.ones(Q, P + Q, dtype=torch.bool).tril(diagonal=0)',
    'out = F.scaled_dot_product_attention(q_new, k_all, v_all, attn_mask=mask)',
  ].join('\n'),
  runBroken: (engine, t) => runChunk(engine, t, 0),
  repair(t, onChange) {
    const input = h('input', { type: 'number', min: '0', max: String(CH.P + CH.Q - 1), value: '0', className: 'num-short', attrs: { 'aria-label': t('rmb.chunk.offset') } });
    input.addEventListener('input', onChange);
    const offset = () => {
      const k = Number(input.value);
      return Number.isInteger(k) ? k : NaN;
    };
    return {
      el: h('div', { className: 'rmb-repair' }, h('label', { className: 'rmb-repair-line' }, t('rmb.chunk.offset'), ' ', input)),
      code: () => `mask = torch.ones(Q, P + Q, dtype=torch.bool).tril(diagonal=${input.value})`,
      problem: () => (offset() >= 0 && offset() <= CH.P + CH.Q - 1 ? null : t('rmb.chunk.badOffset', { max: CH.P + CH.Q - 1 })),
      run: (engine, tt) => runChunk(engine, tt, offset()),
    };
  },
};

// ---- packed documents: no document mask, positions running on ----
const PK = { T: 12, lengths: [4, 5, 3], seed: 0 };

async function runPacked(engine: EngineClient, t: T, docMask: boolean, restart: boolean): Promise<Evidence> {
  const o = await engine.run<PackedOut>('rmPacked', { ...PK, docMask, restart });
  const shift = Math.max(...Array.from(o.lossShift));
  return {
    grid: { rows: o.T, cols: o.T, dep: o.dep, expected: (i, j) => j <= i && o.doc[i] === o.doc[j], colLabel: (j) => String(o.doc[j]) },
    lines: Array.from(o.lossShift, (s, k) => t('rmb.packed.shift', { k, s: fmtDiff(s) })),
    fact: shift > 0,
    fixed: shift === 0 && Array.from(o.dep).every((d, c) => d === 0 || o.doc[Math.floor(c / o.T)] === o.doc[c % o.T]),
  };
}

const packed: BreakSpec = {
  code: (t) => [
    `# ${t('rmb.packed.comment', { lengths: PK.lengths.join(', '), T: PK.T })}`,
    'mask = torch.ones(T, T, dtype=torch.bool).tril()',
    'pos = torch.arange(T)',
  ].join('\n'),
  runBroken: (engine, t) => runPacked(engine, t, false, false),
  repair(t, onChange) {
    const box = (label: string) => {
      const b = h('input', { type: 'checkbox' });
      b.addEventListener('change', onChange);
      return { b, el: h('label', { className: 'rmb-repair-line' }, b, ' ', label) };
    };
    const mask = box(t('rmb.packed.maskLine'));
    const pos = box(t('rmb.packed.posLine'));
    return {
      el: h('div', { className: 'rmb-repair' }, mask.el, pos.el),
      code: () => ['mask = torch.ones(T, T, dtype=torch.bool).tril()', ...(mask.b.checked ? ['mask &= doc[:, None] == doc[None, :]'] : []),
        pos.b.checked ? 'pos = torch.arange(T) - start_of_doc[doc]' : 'pos = torch.arange(T)'].join('\n'),
      run: (engine, tt) => runPacked(engine, tt, mask.b.checked, pos.b.checked),
    };
  },
};

export const BREAKS: Record<string, BreakSpec> = { padding, chunk, packed };
