/**
 * `::: widget causality-sweep T=8 ks=all :::` / `::: widget causality-sweep T=32 ks=1,8,16,31 :::`
 * The whole-model perturbation sweep, live: the engine's mini-GPT (seeded, untrained: causality
 * is structural) runs on seeded tokens and, for each k, on the same tokens with position k
 * changed; the table says whether the logits of every earlier position stayed bit-identical and
 * whether some later one moved, with the largest earlier change. A switch runs the same weights
 * with the causal mask disabled in every block (the counterfactual). CSV and manifest.json
 * downloads hold the real results.
 */
import type { EngineInfo } from '../engine/protocol';
import { csvBlob, downloadButton, isoDate, jsonBlob } from '../ui/download';
import { h, takeOver, titledTable } from '../ui/dom';
import { fmtDiff } from '../ui/format';
import { StatusLine, onSeedChange } from '../ui/status';
import type { WidgetMount } from '../ui/types';
import '../ui/widgets.css';

export interface SweepRow {
  k: number;
  prefix_identical: boolean;
  suffix_differs: boolean;
  max_prefix_diff: number;
}
export interface SweepOut {
  T: number;
  rows: SweepRow[];
  pass: boolean;
  /** The model's shape, for the manifest. */
  dims: Record<string, number>;
}

/** `ks=all` (or nothing) -> every k in 1..T-1; `ks=1,8,16,31` -> those, checked and sorted. */
export function parseKs(raw: string | undefined, T: number): number[] | null {
  if (!raw || raw === 'all') return Array.from({ length: T - 1 }, (_, i) => i + 1);
  const ks = raw.split(',').map((s) => Number(s.trim()));
  if (ks.some((k) => !Number.isInteger(k) || k < 1 || k > T - 1)) return null;
  return [...new Set(ks)].sort((a, b) => a - b);
}

export function sweepCsv(out: SweepOut, masked: boolean) {
  return csvBlob([
    ['k', 'positions_before_k_identical', 'positions_from_k_differ', 'max_prefix_diff', 'mask'],
    ...out.rows.map((r) => [r.k, r.prefix_identical, r.suffix_differs, r.max_prefix_diff, masked ? 'causal' : 'disabled']),
  ]);
}

export const mount: WidgetMount = (el, params, ctx) => {
  const { t } = ctx;
  const body = takeOver(el);
  const status = new StatusLine(ctx);
  const T0 = Number(params.t ?? 8);
  const T = Number.isInteger(T0) ? Math.max(2, Math.min(32, T0)) : 8;
  const ks = parseKs(params.ks, T);
  const state = { masked: true, seed: 0 };
  let last: { out: SweepOut; masked: boolean; seed: number } | null = null;

  const maskBtn = h('button', { type: 'button', className: 'btn-toggle', attrs: { 'aria-pressed': 'true' } });
  const paintMask = () => {
    maskBtn.setAttribute('aria-pressed', String(state.masked));
    maskBtn.textContent = state.masked ? t('sweep.maskOn') : t('sweep.maskOff');
  };
  paintMask();
  const seedIn = h('input', { type: 'number', min: '0', max: '99999', value: '0', className: 'num-short', attrs: { 'aria-label': t('slice.seed') } });
  const summary = h('p', { className: 'sweep-summary', attrs: { 'aria-live': 'polite' } });
  const tableBox = h('div', { className: 'table-scroll' });
  const name = () => `causality_sweep_T${T}_${last?.masked === false ? 'mask-disabled' : 'mask-on'}`;
  const onErr = (e: unknown) => status.showError(e);
  const csv = downloadButton(t('sweep.csv'), () => `${name()}.csv`, () => {
    if (!last) throw new Error('no results yet');
    return sweepCsv(last.out, last.masked);
  }, onErr);
  const manifest = downloadButton(t('perturb.manifest'), () => `${name()}_manifest.json`, async () => {
    if (!last) throw new Error('no results yet');
    const info = await ctx.engine.ready.catch((): EngineInfo => ({ version: 'unknown', backend: 'unknown', simd: false }));
    return jsonBlob(sweepManifest(last, info));
  }, onErr);
  csv.disabled = manifest.disabled = true;

  body.append(h('p', { className: 'widget-desc', textContent: t('sweep.desc', { T, ks: ks ? ks.join(', ') : '?' }) }));
  if (!ks) {
    status.show(t('sweep.badKs', { T }));
    status.el.classList.add('is-error');
    body.append(status.el);
    return;
  }
  body.append(
    h('div', { className: 'widget-controls' },
      h('span', { className: 'toggle-label', textContent: t('sweep.mask') }), maskBtn,
      h('label', {}, t('slice.seed'), ' ', seedIn),
      csv, manifest),
    status.el,
    summary,
    tableBox,
  );

  const refresh = async () => {
    const { masked, seed } = state;
    const out = await status.run(() => ctx.engine.run<SweepOut>('modelCausality', { T, ks, masked, seed }), () => void refresh());
    if (!out) return;
    last = { out, masked, seed };
    const leaks = out.rows.filter((r) => !r.prefix_identical).map((r) => r.k);
    const blind = out.rows.filter((r) => !r.suffix_differs).map((r) => r.k);
    summary.className = 'sweep-summary ' + (out.pass ? 'is-pass' : 'is-fail');
    summary.textContent = out.pass
      ? t('sweep.allPass', { n: out.rows.length })
      : [leaks.length ? t('sweep.leaks', { ks: leaks.join(', '), n: leaks.length, total: out.rows.length }) : '',
         blind.length ? t('sweep.blind', { ks: blind.join(', ') }) : ''].filter(Boolean).join(' ');
    const yes = (ok: boolean) => h('td', { className: ok ? 'is-pass' : 'is-fail', attrs: { 'data-ok': ok ? '1' : '0' }, textContent: ok ? '✓' : '✕' });
    const head = h('tr', {},
      h('th', { attrs: { scope: 'col' }, textContent: t('sweep.k') }),
      h('th', { attrs: { scope: 'col' }, textContent: t('sweep.prefix') }),
      h('th', { attrs: { scope: 'col' }, textContent: t('sweep.suffix') }),
      h('th', { attrs: { scope: 'col' }, textContent: t('sweep.maxDiff') }));
    const rows = out.rows.map((r) => h('tr', { attrs: { 'data-k': String(r.k) } },
      h('th', { attrs: { scope: 'row' }, textContent: String(r.k) }),
      yes(r.prefix_identical),
      yes(r.suffix_differs),
      h('td', { className: 'num', textContent: fmtDiff(r.max_prefix_diff), attrs: { 'data-v': String(r.max_prefix_diff) } })));
    tableBox.replaceChildren(...titledTable(
      t(masked ? 'sweep.captionOn' : 'sweep.captionOff', { T }),
      h('table', { className: 'sweep-table' }, h('tbody', {}, head, ...rows))));
    csv.disabled = manifest.disabled = false;
    el.dataset.masked = masked ? '1' : '0';
    el.dataset.pass = out.pass ? '1' : '0';
    el.dataset.ready = '1';
  };

  maskBtn.addEventListener('click', () => {
    state.masked = !state.masked;
    paintMask();
    void refresh();
  });
  onSeedChange(seedIn, status, t, (seed) => {
    state.seed = seed;
    void refresh();
  });
  void refresh();
};

function sweepManifest(r: { out: SweepOut; masked: boolean; seed: number }, info: EngineInfo) {
  const { out } = r;
  return {
    experiment: 'causality-sweep',
    date: isoDate(),
    seed: r.seed,
    config: { T: out.T, ks: out.rows.map((x) => x.k), mask: r.masked ? 'causal' : 'disabled', model: out.dims, trained: false },
    engine: { version: info.version, backend: info.backend },
    results_summary: {
      all_rows_pass: out.pass,
      rows: out.rows.length,
      rows_prefix_identical: out.rows.filter((x) => x.prefix_identical).length,
      rows_suffix_differs: out.rows.filter((x) => x.suffix_differs).length,
      leaking_ks: out.rows.filter((x) => !x.prefix_identical).map((x) => x.k),
      max_prefix_diff: Math.max(0, ...out.rows.map((x) => x.max_prefix_diff)),
    },
    rows: out.rows,
  };
}
