// Page-side steps shared by every engine. Each function is sent to the page as source by the
// driver (drivers.mjs), so it must be self-contained: no closures over module variables.

/** One lesson page per widget kind, and what in the widget shows its result once it is ready. */
export const WIDGET_PAGES = {
  '01-exam-rule': { 'exam-grid': 'td[data-visible]' },
  '02-opening-failure': { 'softmax-slice': 'table[data-causal] td[data-key]', 'grid-quiz': 'td[data-i][data-j]' },
  '04-lab-mask': { 'mha-perturbation': '.perturb-summary p[data-verdict]', 'mask-heatmap': '.heatmap td.hm-cell' },
  '05-lab-causality': { 'causality-sweep': 'tr[data-k] td[data-v]', 'grad-causality': '.grad-summary.is-pass', 'attention-maps': 'canvas, .heatmap td' },
  '10-break-forgotten-mask': { 'break-forgotten-mask': '.st-code .ln.is-bug', dashboard: '.dash-chart canvas' },
  '11-break-three-failures': { 'break-blind-lab': '.dash-chart canvas' },
  '12-break-more': { 'break-exercise': '.st-code .ln.is-bug' },
};

/** Every widget placeholder has been mounted or has failed. */
export const widgetsSettled = () => [...document.querySelectorAll('[data-widget]')].every((el) => el.dataset.state);

/** What a learner would see go wrong on the page: widgets in an error state, error lines. */
export const visibleFailures = () => [
  ...[...document.querySelectorAll('[data-widget][data-state="error"]')].map((el) => `widget ${el.dataset.widget} failed: ${el.textContent.trim().slice(0, 200)}`),
  ...[...document.querySelectorAll('.widget-status.is-error, .widget-error')].map((el) => `error shown: ${el.textContent.trim().slice(0, 200)}`),
];

/** The engine's start-up answer, and whether this engine compiles the shipped SIMD module. */
export const engineInfo = async (simdUrl) => {
  const info = await window.__examrule.engine.ready;
  const bytes = await (await fetch(simdUrl)).arrayBuffer();
  return { ...info, simdCompiles: WebAssembly.validate(bytes) };
};

/** For each widget kind in `kinds` ({ name: resultSelector }): ready and showing its result? */
export const widgetResults = (kinds) =>
  Object.entries(kinds).map(([name, sel]) => {
    const el = document.querySelector(`[data-widget="${name}"]`);
    return { name, state: el?.dataset.state, ready: el?.dataset.ready === '1', result: !!el?.querySelector(sel) };
  });

/** Break 00: answer every prediction question, save, train the broken model (seed from the page). */
export const startBreak00 = ({ save, run }) => {
  const w = document.querySelector('[data-widget="break-forgotten-mask"]');
  for (const fs of w.querySelectorAll('fieldset')) fs.querySelector('input[type=radio]')?.click();
  const button = (text) => [...w.querySelectorAll('button')].find((b) => b.textContent.trim() === text);
  button(save).click();
  const runBtn = button(run);
  if (runBtn.disabled) throw new Error('the run button stayed locked after saving a prediction');
  runBtn.click();
  return true;
};

/** The broken run's evidence is on the page (the engine answered every question). */
export const break00Done = () => !!document.querySelector('[data-widget="break-forgotten-mask"] .st-ev-sweep');

/** The metrics the page received, every number (nested ones too) as the hex of its float64 bits. */
export const break00Bits = () => {
  const f = new Float64Array(1);
  const u = new Uint32Array(f.buffer);
  const bits = (x) => {
    if (typeof x === 'number') {
      f[0] = x;
      return u[1].toString(16).padStart(8, '0') + u[0].toString(16).padStart(8, '0');
    }
    if (Array.isArray(x)) return `[${x.map(bits).join(',')}]`;
    if (x && typeof x === 'object') return `{${Object.keys(x).sort().map((k) => `${k}:${bits(x[k])}`).join(',')}}`;
    return JSON.stringify(x);
  };
  const [run] = document.querySelector('[data-widget="break-forgotten-mask"]').runs;
  return {
    brk: run.brk, seed: run.seed, status: run.status, steps: run.steps,
    entropyFloor: bits(run.entropyFloor),
    metrics: run.metrics.map(bits),
    sweepOk: document.querySelector('[data-widget="break-forgotten-mask"] .st-ev-sweep').getAttribute('data-all-ok'),
  };
};
