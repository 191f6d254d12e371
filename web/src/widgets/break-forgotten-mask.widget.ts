/**
 * `::: widget break-forgotten-mask :::` — Break 00, the forgotten mask: the real code with the
 * bug, a saved prediction, a broken run, the evidence, three hints, the repair and its proof.
 */
import { mountExercise } from '../studio/exercise';
import { SPECS } from '../studio/specs';
import { takeOver } from '../ui/dom';
import type { WidgetMount } from '../ui/types';

export const mount: WidgetMount = (el, params, ctx) => mountExercise(el, takeOver(el), params, ctx, SPECS['no-mask']);
