import { EngineError } from '../module';

/** Reads a numeric argument; the engine validates ranges, here we only refuse non-numbers. */
export function num(args: Record<string, unknown>, key: string, fallback?: number): number {
  const v = args[key] ?? fallback;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new EngineError(`${key} must be a number`);
  return n;
}

export function str(args: Record<string, unknown>, key: string, fallback?: string): string {
  const v = args[key] ?? fallback;
  if (typeof v !== 'string') throw new EngineError(`${key} must be text`);
  return v;
}
