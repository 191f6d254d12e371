/**
 * `::: widget softmax-slice tokens=yo|como|pan|<eos> seed=0 :::`
 * One query's softmax written out for a toy sequence of 4 tokens: raw scores, the mask row,
 * the max shift, exp, the sum and the weights, first without the mask (the weight on the next
 * token — the one this query must predict — is marked) and then with the causal mask. The raw
 * scores come from head 0 of the engine's seeded multi-head attention; the learner may edit
 * them and recompute. Every number shown is computed by the engine.
 */
import { h, takeOver, titledTable } from '../ui/dom';
import { fmt } from '../ui/format';
import { StatusLine, onSeedChange } from '../ui/status';
import { parseTokens } from './grid-common';
import type { WidgetMount } from '../ui/types';
import '../ui/widgets.css';

const N = 4;

interface SliceOut {
  n: number;
  query: number;
  causal: boolean;
  scores: Float32Array;
  masked: Float32Array;
  shifted: Float32Array;
  exps: Float32Array;
  weights: Float32Array;
  sum: number;
}

export const mount: WidgetMount = (el, params, ctx) => {
  const { t } = ctx;
  const body = takeOver(el);
  const status = new StatusLine(ctx);
  const fromParam = parseTokens(params.tokens);
  const tokens = (fromParam.length === N ? fromParam : parseTokens(t('slice.defaultTokens'))).slice(0, N);
  const name = (j: number) => `${j} ${tokens[j] ?? ''}`.trim();
  const quoted = (j: number) => (tokens[j] ? t('slice.posName', { j, tok: tokens[j] }) : String(j));
  const state = { query: 0, seed: Number.isInteger(Number(params.seed)) ? Number(params.seed) >>> 0 : 0 };

  const querySel = h('select', { attrs: { 'aria-label': t('slice.query') } },
    ...[0, 1, 2].map((q) => h('option', { value: String(q), textContent: name(q), selected: q === state.query })));
  const seedIn = h('input', { type: 'number', min: '0', max: '99999', value: String(state.seed), className: 'num-short', attrs: { 'aria-label': t('slice.seed') } });
  const fromEngine = h('button', { type: 'button', className: 'btn-small', textContent: t('slice.fromEngine') });
  const scoreIns = Array.from({ length: N }, (_, j) =>
    h('input', { type: 'number', step: '0.1', className: 'num-score', attrs: { 'aria-label': t('slice.scoreOf', { key: name(j) }), 'data-key': String(j) } }));
  const recompute = h('button', { type: 'button', className: 'btn', textContent: t('slice.recompute') });
  const story = h('p', { className: 'slice-story', attrs: { 'aria-live': 'polite' } });
  const tables = h('div', { className: 'slice-tables' });

  body.append(
    h('p', { className: 'widget-desc', textContent: t('slice.desc') }),
    h('div', { className: 'widget-controls' },
      h('label', {}, t('slice.query'), ' ', querySel),
      h('label', {}, t('slice.seed'), ' ', seedIn),
      fromEngine),
    h('fieldset', { className: 'slice-scores' },
      h('legend', { textContent: t('slice.rawScores') }),
      ...scoreIns.map((inp, j) => h('label', {}, h('span', { textContent: name(j) }), inp)),
      recompute),
    status.el,
    story,
    tables,
  );

  const table = (o: SliceOut, title: string, target: number) => {
    const head = h('tr', {}, h('th', { attrs: { scope: 'col' }, textContent: t('slice.step') }));
    for (let j = 0; j < o.n; j++)
      head.append(h('th', { attrs: { scope: 'col' }, className: j === target ? 'is-target' : '', textContent: name(j) + (j === target ? ' ★' : '') }));
    const row = (label: string, cls: string, vals: ArrayLike<number>) => {
      const tr = h('tr', { className: cls }, h('th', { attrs: { scope: 'row' }, textContent: label }));
      for (let j = 0; j < o.n; j++) {
        const future = j > o.query;
        tr.append(h('td', {
          textContent: fmt(vals[j]),
          className: [j === target ? 'is-target' : '', o.causal && future ? 'is-masked' : ''].join(' ').trim(),
          attrs: { 'data-key': String(j), 'data-v': String(vals[j]) },
        }));
      }
      return tr;
    };
    const rows = [
      row(t('slice.rowScores'), 'r-scores', o.scores),
      ...(o.causal ? [row(t('slice.rowMasked'), 'r-masked', o.masked)] : []),
      row(t('slice.rowShifted'), 'r-shifted', o.shifted),
      row(t('slice.rowExp'), 'r-exp', o.exps),
      row(t('slice.rowWeights'), 'r-weights', o.weights),
    ];
    const sumRow = h('tr', { className: 'r-sum' },
      h('th', { attrs: { scope: 'row' }, textContent: t('slice.rowSum') }),
      h('td', { attrs: { colspan: String(o.n), 'data-v': String(o.sum) }, textContent: `${fmt(o.sum)}  (${t('slice.max')} = ${fmt(Math.max(...o.masked))})` }));
    const tbl = h('table', { className: 'slice-table', attrs: { 'data-causal': o.causal ? '1' : '0' } }, h('tbody', {}, head, ...rows, sumRow));
    return h('div', { className: 'slice-box' }, ...titledTable(title, tbl));
  };

  const compute = async (scores: number[]) => {
    const q = state.query;
    const out = await status.run(() => Promise.all([
      ctx.engine.run<SliceOut>('softmaxSlice', { scores, query: q, causal: false }),
      ctx.engine.run<SliceOut>('softmaxSlice', { scores, query: q, causal: true }),
    ]), () => void compute(scores));
    if (!out) return;
    const [open, masked] = out;
    const target = q + 1;
    let leak = 0;
    for (let j = q + 1; j < N; j++) leak += open.weights[j];
    story.textContent = t('slice.story', {
      q: quoted(q), target: quoted(target),
      w: fmt(open.weights[target]), leak: fmt(leak), pct: Math.round(leak * 100),
      keep: fmt(masked.weights.slice(0, q + 1).reduce((a, b) => a + b, 0)),
    });
    tables.replaceChildren(
      table(open, t('slice.noMask', { q: quoted(q) }), target),
      table(masked, t('slice.withMask', { q: quoted(q) }), target),
    );
    el.dataset.ready = '1';
  };

  const loadFromEngine = async () => {
    const out = await status.run(() => ctx.engine.run<{ T: number; scores: Float32Array }>('mhaScores', { T: N, d_model: 16, n_heads: 2, seed: state.seed, head: 0 }), () => void loadFromEngine());
    if (!out) return;
    const row = Array.from(out.scores.subarray(state.query * N, state.query * N + N));
    // Shown rounded to 3 decimals so the learner can read and edit them; the tables use these values.
    scoreIns.forEach((inp, j) => (inp.value = row[j].toFixed(3)));
    await compute(scoreIns.map((inp) => Number(inp.value)));
  };

  const fromInputs = () => {
    const vals = scoreIns.map((inp) => inp.value.trim());
    const bad = vals.findIndex((v) => v === '' || !Number.isFinite(Number(v)));
    if (bad >= 0) {
      status.show(t('slice.badScore', { key: name(bad) }));
      status.el.classList.add('is-error');
      return;
    }
    void compute(vals.map(Number));
  };

  querySel.addEventListener('change', () => {
    state.query = Number(querySel.value);
    void loadFromEngine();
  });
  onSeedChange(seedIn, status, t, (seed) => {
    state.seed = seed;
    void loadFromEngine();
  });
  fromEngine.addEventListener('click', () => void loadFromEngine());
  recompute.addEventListener('click', fromInputs);
  for (const inp of scoreIns) inp.addEventListener('keydown', (e) => e.key === 'Enter' && fromInputs());
  void loadFromEngine();
};
