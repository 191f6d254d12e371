/** Number formatting shared by the widgets (the same in both languages: these are code-like values). */

/** Fixed decimals for ordinary values; scientific notation for tiny or huge ones; exact 0 stays "0". */
export function fmt(v: number, digits = 4): string {
  if (v === 0) return Object.is(v, -0) ? '0' : '0';
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1e5 || a < 10 ** -digits) return v.toExponential(2).replace('e+', 'e');
  return v.toFixed(digits);
}

/** A max-difference value: exact 0 stays "0"; from 0.01 up three significant digits; smaller
 * values in scientific notation (5.27e-3), so tiny leaks never round to 0. */
export function fmtDiff(v: number): string {
  if (v === 0) return '0';
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 0.01 ? String(Number(v.toPrecision(3))) : v.toExponential(2).replace('e+', 'e');
}
