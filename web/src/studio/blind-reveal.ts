/**
 * What the blind lab shows after the reveal: the score, each run's cause explained with the
 * learner's own numbers (against the healthy run of the same seed), a table of the signatures
 * measured on their four runs, and the three bugs in the engine's code.
 */
import { h } from '../ui/dom';
import { BLIND_CAUSES, BLIND_LABELS } from './blind';
import { breakSnippet } from './code';
import { snippetView } from './codeview';
import { fmt, signature, SMOOTH, type RunRecord, type Signature } from './metrics';
import type { Translate } from './summaries';

export interface Reveal {
  at: string;
  seed: number;
  truth: string[];
  picks: (string | undefined)[];
  score: number;
}

export interface RevealContext {
  t: Translate;
  lang: string;
  labSeed: number;
  steps: number;
  healthy: RunRecord | undefined;
  /** The run named `label` (01, 02, 03), if it is trained in this visit. */
  runOf: (label: string) => RunRecord | undefined;
}

function explain(c: RevealContext, cause: string, s: Signature, hs: Signature | null): string {
  const { t, lang } = c;
  const f = (x: number | null | undefined) => fmt(x, lang);
  const ratio = (a: number | null, b: number | null | undefined) => (a !== null && b ? fmt(a / b, lang) : '—');
  switch (cause) {
    case 'init-x100':
      return t('studio.blind.why.init', {
        act: f(s.actRms0), actH: f(hs?.actRms0), x: ratio(s.actRms0, hs?.actRms0),
        grad: f(s.maxGradPre), gradH: f(hs?.maxGradPre), loss: f(s.minLossAvg), lossH: f(hs?.minLossAvg),
      });
    case 'no-warmup':
      return t('studio.blind.why.warmup', {
        lr: f(s.lr0), lrH: f(hs?.lr0), grad: f(s.maxGradPre), gradH: f(hs?.maxGradPre), loss: f(s.minLossAvg), lossH: f(hs?.minLossAvg),
      });
    default:
      return t('studio.blind.why.mask', {
        min: f(s.minLossAvg), floor: f(s.floor), tf: f(s.valLoss), ar: f(s.valLossAr), lossH: f(hs?.minLossAvg),
      });
  }
}

export function revealView(c: RevealContext, rv: Reveal): (HTMLElement | string)[] {
  const { t } = c;
  const hs = c.healthy && c.healthy.metrics.length ? signature(c.healthy) : null;
  const items = BLIND_LABELS.map((label, i) => {
    const cause = rv.truth[i];
    const pick = rv.picks[i];
    const run = c.runOf(label);
    const ok = pick === cause;
    const li = h('li', { attrs: { 'data-run': label, 'data-ok': ok ? '1' : '0' } },
      h('strong', { textContent: t('studio.blind.wasCause', { run: label, cause: t(`studio.cause.${cause}`) }) }), ' ',
      t(ok ? 'studio.blind.youRight' : 'studio.blind.youWrong', { pick: pick ? t(`studio.cause.${pick}`) : '—' }));
    if (run && run.brk === cause && run.metrics.length) li.append(h('p', { textContent: explain(c, cause, signature(run), hs) }));
    return li;
  });
  const parts: (HTMLElement | string)[] = [
    h('p', { className: 'st-score', tabIndex: -1, attrs: { 'data-score': String(rv.score) }, textContent: t('studio.blind.score', { score: rv.score }) }),
    h('p', { textContent: t(`studio.blind.scoreNote.${rv.score}`) }),
    h('ul', { className: 'st-evidence' }, ...items),
  ];
  const cols = [c.healthy, ...BLIND_LABELS.map((l) => c.runOf(l))];
  if (cols.every((r) => r && r.metrics.length > 0)) parts.push(signatureTable(c, rv, cols as RunRecord[]));
  else parts.push(h('p', { className: 'st-note', textContent: t('studio.blind.retrainForTable') }));
  const code = h('details', {}, h('summary', { textContent: t('studio.blind.codeSummary') }));
  for (const cause of BLIND_CAUSES) code.append(h('h4', { textContent: t(`studio.cause.${cause}`) }), snippetView(breakSnippet(cause), t));
  parts.push(code);
  return parts;
}

function signatureTable(c: RevealContext, rv: Reveal, cols: RunRecord[]): HTMLElement {
  const { t, lang } = c;
  const f = (x: number | null | undefined) => fmt(x, lang);
  const sigs = cols.map((r) => signature(r));
  const head = h('tr', {}, h('th', { attrs: { scope: 'col' }, textContent: t('studio.sig.measure') }),
    ...cols.map((r, i) => h('th', { attrs: { scope: 'col' }, textContent: i === 0 ? r.label : `${r.label} · ${t(`studio.cause.${rv.truth[i - 1]}`)}` })));
  const row = (label: string, cell: (s: Signature) => string) =>
    h('tr', {}, h('th', { attrs: { scope: 'row' }, textContent: label }), ...sigs.map((s) => h('td', { textContent: cell(s) })));
  const at = (x: number | null, step: number | null) => (x === null ? '—' : t('studio.sig.at', { x: f(x), step: step ?? '—' }));
  return h('div', { className: 'st-table-box' }, h('table', { className: 'st-table st-signatures' },
    h('caption', { textContent: t('studio.sig.caption', { seed: c.labSeed, steps: c.steps }) }),
    h('thead', {}, head),
    h('tbody', {},
      row(t('studio.sig.act0'), (s) => f(s.actRms0)),
      row(t('studio.sig.lr0'), (s) => f(s.lr0)),
      row(t('studio.sig.gradMax'), (s) => at(s.maxGradPre, s.maxGradPreStep)),
      row(t('studio.sig.spectral0'), (s) => f(s.spectral0)),
      row(t('studio.sig.minLoss', { w: SMOOTH }), (s) => f(s.minLossAvg)),
      row(t('studio.sig.floor'), (s) => f(s.floor)),
      row(t('studio.sig.val'), (s) => `${f(s.valLoss)} / ${f(s.valLossAr)}`),
      row(t('studio.sig.dead'), (s) => `${s.dead0 ?? '—'} → ${s.deadLast ?? '—'}`),
      row(t('studio.sig.diverged'), (s) => (s.divergedAt === null ? t('studio.sig.no') : String(s.divergedAt))))));
}
