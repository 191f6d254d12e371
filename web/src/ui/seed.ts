/** A seed the engine accepts: a whole number in [0, 2^32), typed as digits; otherwise null (a
 * larger number is refused, never wrapped, so the seed shown is the seed run). The one seed
 * parser of the page: widgets (ui/status.ts onSeedChange) and share links use it. */
export function parseSeed(s: string | null | undefined): number | null {
  if (s === null || s === undefined || !/^\d{1,10}$/.test(s.trim())) return null;
  const n = Number(s);
  return n <= 0xffffffff ? n : null;
}
