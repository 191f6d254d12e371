/**
 * Downloads produced in the page (no server): a Blob behind a temporary object URL and an
 * <a download> click. CSV and JSON helpers build the files the labs ask for.
 */
import { h } from './dom';

export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: filename, attrs: { hidden: '' } });
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke later: some browsers read the URL asynchronously after the click.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** RFC 4180 CSV: fields with a comma, quote or newline are quoted; rows end with CRLF. */
export function toCsv(rows: readonly (readonly (string | number | boolean)[])[]): string {
  const field = (v: string | number | boolean) => {
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

export const csvBlob = (rows: Parameters<typeof toCsv>[0]) => new Blob([toCsv(rows)], { type: 'text/csv' });
export const jsonBlob = (v: unknown) => new Blob([JSON.stringify(v, null, 2) + '\n'], { type: 'application/json' });

/** Today's date as YYYY-MM-DD (local time), the format lab manifests use. */
export function isoDate(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** A button that builds a file when pressed (so it always holds the latest results); a failure
 * goes to `onError` (the widget's StatusLine) instead of the console. */
export function downloadButton(
  label: string,
  filename: string | (() => string),
  make: () => Blob | Promise<Blob>,
  onError?: (e: unknown) => void,
): HTMLButtonElement {
  const b = h('button', { type: 'button', className: 'btn-download', textContent: label });
  b.addEventListener('click', async () => {
    b.disabled = true;
    try {
      downloadBlob(await make(), typeof filename === 'function' ? filename() : filename);
    } catch (e) {
      onError?.(e);
    } finally {
      b.disabled = false;
    }
  });
  return b;
}
