/** Every op the worker can run, by name. One module per area; add yours to the spread. */
import { benchOps } from './bench';
import { debugOps } from './debug';
import { lessonOps } from './lesson';
import { maskOps } from './mask';
import { maskDataOps } from './maskdata';
import { probeOps } from './probes';
import { progressOps } from './progress';
import { trainOps } from './train';
import type { OpTable } from './types';

export const ops: OpTable = {
  ...maskOps,
  ...lessonOps,
  ...probeOps,
  ...debugOps,
  ...benchOps,
  ...progressOps,
  ...trainOps,
  ...maskDataOps,
};
