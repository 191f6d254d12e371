/**
 * Ops that let tests (and curious maintainers) exercise fault handling in the real worker:
 * heap usage for leak checks, a deliberate trap (crash -> the client replaces the worker) and a
 * busy spin (a hung worker -> the client's watchdog replaces it).
 */
import { num } from './args';
import type { OpTable } from './types';

export const debugOps: OpTable = {
  heapUsed(_args, { M }) {
    return { heapUsed: M._er_heap_used(), heapTotal: M.HEAPU8.length };
  },
  debugTrap(_args, { M }) {
    M._er_debug_trap();
    return null;
  },
  debugSpin(args) {
    const until = Date.now() + num(args, 'ms', 1000);
    while (Date.now() < until) {
      /* deliberately blocking */
    }
    return null;
  },
};
