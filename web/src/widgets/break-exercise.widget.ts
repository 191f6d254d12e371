/**
 * `::: widget break-exercise break=post-softmax-mask :::` — a shorter break exercise of the same
 * shape as Break 00 for post-softmax-mask, diag-blocked or no-mask-at-inference.
 */
import { mountExercise } from '../studio/exercise';
import { SPECS } from '../studio/specs';
import { h, takeOver } from '../ui/dom';
import type { WidgetMount } from '../ui/types';

export const mount: WidgetMount = (el, params, ctx) => {
  const spec = SPECS[params.break ?? ''];
  const body = takeOver(el);
  if (!spec || spec.brk === 'no-mask') {
    body.append(h('p', { className: 'widget-error', textContent: ctx.t('studio.unknownBreak', { name: params.break ?? '' }) }));
    return;
  }
  return mountExercise(el, body, params, ctx, spec);
};
