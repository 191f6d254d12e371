// The dashboard component in a DOM (happy-dom, with a do-nothing 2D canvas so uPlot can run).
// No engine under valid settings has been seen to diverge, so the divergence display is checked
// here with a hand-written metrics sequence: the run is marked as diverged at its step, every
// panel says so in words, non-finite values become gaps (not NaN points), and the summaries
// and exports keep working. This checks the component, not what a learner is shown.
import { beforeAll, describe, expect, test } from 'vitest';
import { Dashboard } from '../../web/src/studio/dashboard';
import { appendSteps, parseStep, type RunRecord } from '../../web/src/studio/metrics';
import { PANELS } from '../../web/src/studio/summaries';

beforeAll(() => {
  // A 2D context whose every method is a no-op (measureText returns a width).
  const ctx = new Proxy({} as Record<string | symbol, unknown>, {
    get: (target, k) => (k in target ? target[k] : k === 'measureText' ? () => ({ width: 10 }) : () => undefined),
    set: (target, k, v) => ((target[k] = v), true),
  });
  HTMLCanvasElement.prototype.getContext = (() => ctx) as never;
  // uPlot builds its paths as Path2D objects; any method is a no-op here.
  (globalThis as Record<string, unknown>).Path2D ??= class {
    constructor() {
      return new Proxy(this, { get: (o, k) => (k in o ? (o as never)[k] : () => undefined) });
    }
  };
});

const t = (id: string, v?: Record<string, string | number>) => `${id}${v ? JSON.stringify(v) : ''}`;

function line(step: number, o: object = {}) {
  return parseStep({
    step, lr: 0.001, loss: 3 - 0.1 * step, grad_norm_pre_clip: 2, grad_norm_post_clip: 1,
    act_rms: [0.5, 0.8, 1], spectral: { 'transformer.wte.weight': 2 }, dead_heads: 1, diverged: false, ...o,
  });
}

function record(id: string, label: string): RunRecord {
  return { id, label, brk: 'init-x100', seed: 3, steps: 10, config: { grad_clip: 1, n_layer: 2, n_head: 4 }, metrics: [], status: 'running' };
}

/** Adds a finished run of `steps` healthy steps to `dash`. */
function addDoneRun(dash: Dashboard, id: string, label: string, steps: number): RunRecord {
  const r = record(id, label);
  appendSteps(r, Array.from({ length: steps }, (_, s) => line(s)));
  dash.addRun(r);
  r.status = 'done';
  dash.finish(r);
  return r;
}

describe('dashboard', () => {
  test('a diverged run is drawn up to its step and labelled, with gaps instead of NaN', () => {
    const dash = new Dashboard({ t, lang: 'en' });
    document.body.append(dash.el);
    const healthy = record('h', 'healthy');
    appendSteps(healthy, [0, 1, 2, 3, 4, 5].map((s) => line(s, s === 5 ? { val_loss: 2.5, val_loss_ar: 2.5, entropy_floor: 1.26 } : {})));
    healthy.status = 'done';
    const bad = record('b', '01');
    appendSteps(bad, [line(0), line(1, { loss: 1e30 }), line(2, { loss: null, grad_norm_pre_clip: null, grad_norm_post_clip: null, diverged: true })]);
    dash.addRun(healthy);
    dash.addRun(bad);
    dash.finish(bad);

    expect(bad.status).toBe('diverged');
    expect(bad.divergedAt).toBe(2);
    const runs = (dash.el as HTMLElement & { runs: RunRecord[] }).runs;
    expect(runs.map((r) => r.id)).toEqual(['h', 'b']);
    // Every panel names the divergence in words, at its step.
    const labels = [...dash.el.querySelectorAll<HTMLElement>('.dash-diverged')];
    expect(labels).toHaveLength(PANELS.length);
    for (const l of labels) expect(l.dataset.step).toBe('2');
    // The run table says it too, and the summaries end with it.
    expect(dash.el.querySelector('tr[data-run="b"]')?.getAttribute('data-status')).toBe('diverged');
    for (const p of dash.el.querySelectorAll('.dash-summary')) expect(p.textContent).toContain('studio.sum.diverged');
    expect(dash.el.dataset.state).toBe('done');
    // What uPlot draws: no NaN anywhere (a NaN would break the path), a gap where the run died.
    const panels = (dash as unknown as { panels: { key: string; plot: { data: (number | null)[][] } }[] }).panels;
    for (const p of panels) for (const col of p.plot.data) expect(col.some((v) => typeof v === 'number' && Number.isNaN(v))).toBe(false);
    const loss = panels.find((p) => p.key === 'loss')!.plot.data;
    const badTrain = loss[4]; // x, healthy train/val/valAr, then run b's train series
    expect(badTrain.slice(0, 3)).toEqual([3, 1e30, null]);
  });

  test('keyboard read-out: arrow keys move along the steps and read every series', () => {
    const dash = new Dashboard({ t, lang: 'en' });
    document.body.append(dash.el);
    addDoneRun(dash, 'k', 'k1', 3);
    const chart = dash.el.querySelector<HTMLElement>('[data-panel="lr"] .dash-chart')!;
    const readout = dash.el.querySelector<HTMLElement>('[data-panel="lr"] .dash-readout')!;
    chart.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    expect(readout.textContent).toMatch(/^studio\.step 2: k1 · studio\.series\.lr/);
    chart.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    expect(readout.textContent).toMatch(/^studio\.step 1:/);
  });

  test('the x axis spans the planned steps: before a run, and while one grows (later steps are gaps)', async () => {
    type Plots = { panels: { key: string; plot?: { data: (number | null)[][]; scales: { y: { min?: number | null } } } }[] };
    const dash = new Dashboard({ t, lang: 'en', steps: 200 });
    document.body.append(dash.el);
    (dash as unknown as { draw(all: boolean): void }).draw(true); // the empty charts, now
    const panels = (dash as unknown as Plots).panels;
    for (const p of panels) expect(p.plot?.data[0]).toHaveLength(200);
    await new Promise((ok) => setTimeout(ok, 50)); // uPlot commits scale changes in a microtask; the mount's own redraw too
    // an empty log chart still has a y range, so its axis is labelled
    expect(panels.find((p) => p.key === 'loss')!.plot!.scales.y.min).toBeCloseTo(0.1);

    const r = record('g', 'g1'); // planned for 10 steps
    appendSteps(r, [0, 1, 2].map((s) => line(s)));
    dash.addRun(r);
    dash.finish(r);
    const loss = panels.find((p) => p.key === 'loss')!.plot!.data;
    expect(loss[0]).toHaveLength(10);
    expect(loss[1].slice(0, 4)).toEqual([3, 2.9, 2.8, null]);
    // the keyboard stops at the last step reached, not at the end of the axis
    const chart = dash.el.querySelector<HTMLElement>('[data-panel="loss"] .dash-chart')!;
    chart.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    expect(dash.el.querySelector('[data-panel="loss"] .dash-readout')!.textContent).toMatch(/^studio\.step 2:/);
  });

  test('a second run joins the existing charts (same canvas, its series added) and the run table follows the reveal', async () => {
    let hidden = true;
    const dash = new Dashboard({ t, lang: 'en', hideBreak: () => hidden });
    document.body.append(dash.el);
    addDoneRun(dash, 'a', 'A', 3);
    const canvas = () => dash.el.querySelector('[data-panel="loss"] canvas');
    const before = canvas();
    expect(before).not.toBeNull();
    expect(dash.el.querySelector('tr[data-run="a"]')?.textContent).toContain('studio.hidden');

    addDoneRun(dash, 'b', 'B', 2);
    expect(canvas()).toBe(before);
    const panels = (dash as unknown as { panels: { key: string; plot: { series: { label?: string }[] } }[] }).panels;
    const labels = panels.find((p) => p.key === 'lr')!.plot.series.slice(1).map((s) => s.label);
    expect(labels).toEqual(['A · studio.series.lr', 'B · studio.series.lr']);
    expect(dash.el.querySelector('tr[data-run="b"] td:nth-of-type(3)')?.textContent).toBe('2 / 10');

    // While steps only advance, the table keeps its rows; a change of what may be shown rebuilds it.
    hidden = false;
    dash.update();
    await new Promise((ok) => setTimeout(ok, 50));
    expect(dash.el.querySelector('tr[data-run="a"]')?.textContent).toContain('studio.path{"name":"init-x100"}');
  });
});
