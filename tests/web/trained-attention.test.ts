// The trained-model part of the attention-maps widget, in happy-dom with a stand-in engine that
// answers like the worker's train ops: it trains (with progress), reads every head, shows the head
// the measurements pick, and frees both runs when the page lets go of the widget.
import { describe, expect, test } from 'vitest';
import { t } from '../../web/src/i18n';
import { bestHead, mountTrainedAttention, nextTokenShare, verbToSubject } from '../../web/src/widgets/TrainedAttention';
import type { WidgetContext } from '../../web/src/ui/types';

const T = 5;
const tokens = ['<bos>', 'ellas', 'comen', 'pescado', '<eos>'];
/** A causal map with uniform rows, then row 2 sending `v` to key 1 (the rest to key 2). */
function verbMap(v: number) {
  const w = new Float32Array(T * T);
  for (let i = 0; i < T; i++) for (let j = 0; j <= i; j++) w[i * T + j] = 1 / (i + 1);
  w.fill(0, 2 * T, 3 * T);
  w[2 * T + 1] = v;
  w[2 * T + 2] = 1 - v;
  return w;
}
/** A maskless map where every row but the last puts `v` on the next position and the rest on itself. */
function nextMap(v: number) {
  const w = new Float32Array(T * T);
  for (let i = 0; i < T; i++) {
    if (i < T - 1) (w[i * T + i + 1] = v), (w[i * T + i] = 1 - v);
    else w[i * T + i] = 1;
  }
  return w;
}

describe('measured head choice', () => {
  test('verb-to-subject weight, next-token share and the best head', () => {
    expect(verbToSubject({ T, tokens, w: verbMap(0.7) })).toBeCloseTo(0.7);
    expect(nextTokenShare({ T, tokens, w: nextMap(0.6) })).toBeCloseTo(0.6);
    expect(nextTokenShare({ T, tokens, w: verbMap(0.7) })).toBe(0); // a causal map never looks ahead
    const maps = [0.1, 0.8, 0.3].map((v) => ({ T, tokens, w: verbMap(v) }));
    expect(bestHead(maps, verbToSubject)).toBe(1);
  });
});

describe('trained attention in the page', () => {
  test('trains both models with progress, shows the measured heads, frees the runs', async () => {
    const calls: string[] = [];
    const freed: number[] = [];
    const engine = {
      run: async (op: string, args: Record<string, unknown>, opts: { onProgress?: (d: unknown) => void } = {}) => {
        calls.push(op === 'trainRun' ? `${op}:${args.break}:${args.seed}` : op);
        if (op === 'trainRun') {
          opts.onProgress?.({ kind: 'start', handle: 0, config: { steps: 300, n_layer: 2, n_head: 4 } });
          opts.onProgress?.({ kind: 'steps', steps: Array(300).fill({}) });
          return { handle: args.break === 'healthy' ? 11 : 22, stepsDone: 300, diverged: false };
        }
        if (op === 'trainAttention') {
          const k = Number(args.layer) * 4 + Number(args.head);
          const w = args.handle === 11 ? verbMap(k === 5 ? 0.9 : 0.1) : nextMap(k === 0 ? 0.85 : 0.2);
          return { T, layer: args.layer, head: args.head, tokens, w };
        }
        if (op === 'trainFree') freed.push(Number(args.handle));
        return { ok: true };
      },
    };
    const ctx = { engine, lang: 'en', t: (id: string, v?: Record<string, string | number>) => t(id, v, 'en'), store: { get: () => undefined, set: () => undefined }, lessonId: '05-lab-causality' } as unknown as WidgetContext;
    const { el, dispose } = mountTrainedAttention(ctx);
    document.body.append(el);
    el.querySelector<HTMLButtonElement>('button')!.click();
    for (let i = 0; i < 20 && el.dataset.trained !== '1'; i++) await new Promise((r) => setTimeout(r, 0));
    expect(el.dataset.trained).toBe('1');
    expect(calls.slice(0, 2)).toEqual(['trainRun:healthy:1', 'trainRun:no-mask:1']);
    expect(calls.filter((c) => c === 'trainAttention').length).toBe(16);
    const [healthySel, brokenSel] = el.querySelectorAll('select');
    expect(healthySel.value).toBe('5');
    expect(healthySel.selectedOptions[0].textContent).toBe('layer 1, head 1 (90%)');
    expect(brokenSel.value).toBe('0');
    expect(el.querySelector('.trained-note')!.textContent).toBe('Healthy: from “comen”, 90% of the weight goes to its subject “ellas”. Without the mask: on average 85% of each row goes to the next token, the answer it was trained to read.');
    expect(el.querySelector<HTMLProgressElement>('progress')!.hidden).toBe(true);
    dispose();
    expect(freed.sort()).toEqual([11, 22]);
  });
});
