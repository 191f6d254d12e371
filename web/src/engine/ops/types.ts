import type { EngineModule } from '../module';

/** What an op receives besides its arguments. */
export interface OpContext {
  M: EngineModule;
  /** Posts a PROGRESS message for this request. */
  progress(data: unknown): void;
  /** True once the page has sent CANCEL for this request. */
  cancelled(): boolean;
  /** Yields to the worker's event loop so CANCEL messages can arrive (use between chunks). */
  yieldNow(): Promise<void>;
}

export type Op = (args: Record<string, unknown>, ctx: OpContext) => unknown | Promise<unknown>;
/** Transferable results: ops return plain data; Float32Arrays are transferred, not copied. */
export type OpTable = Record<string, Op>;
