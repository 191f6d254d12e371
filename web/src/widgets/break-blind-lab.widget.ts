/**
 * `::: widget break-blind-lab :::` — three engineered failures, blind: runs 01, 02, 03 carry
 * bad init, no warmup and a missing mask in an order drawn from the learner's lab seed.
 */
import { mountBlindLab } from '../studio/blindlab';
import { takeOver } from '../ui/dom';
import type { WidgetMount } from '../ui/types';

export const mount: WidgetMount = (el, params, ctx) => mountBlindLab(el, takeOver(el), params, ctx);
