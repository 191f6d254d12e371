/**
 * `::: widget dashboard break=no-mask steps=120 compare=1 :::`
 * The studio's free lab: train any engine path with any seed in the worker and read the six
 * live panels; runs overlay (a healthy baseline with the same seed in grey); share links and
 * downloads per run. A share link in the page URL pre-fills the controls.
 */
import { mountLab } from '../studio/lab';
import { takeOver } from '../ui/dom';
import type { WidgetMount } from '../ui/types';

export const mount: WidgetMount = (el, params, ctx) => mountLab(el, takeOver(el), params, ctx);
