/**
 * One PNG of the dashboard: a legend of the runs on top, then the six chart canvases (titles
 * included) two per row, as drawn on screen (divergence markers too).
 */
import uPlot from 'uplot';
import type { RunRecord } from './metrics';

export interface PngPanel {
  title: string;
  canvas: HTMLCanvasElement;
}

/** `describe(run)` is the legend line of a run (a blind run's path stays hidden there too). */
export async function dashboardPng(panels: PngPanel[], runs: RunRecord[], colors: string[], describe: (r: RunRecord) => string): Promise<Blob | null> {
  if (panels.length === 0) return null;
  const px = uPlot.pxRatio;
  const cw = Math.max(...panels.map((p) => p.canvas.width));
  const ch = Math.max(...panels.map((p) => p.canvas.height));
  const titleH = 22 * px;
  const legendH = (18 * runs.length + 10) * px;
  const cols = 2;
  const rows = Math.ceil(panels.length / cols);
  const canvas = document.createElement('canvas');
  canvas.width = cols * cw;
  canvas.height = legendH + rows * (ch + titleH);
  const c = canvas.getContext('2d');
  if (!c) return null;
  c.fillStyle = '#fff';
  c.fillRect(0, 0, canvas.width, canvas.height);
  c.font = `${12 * px}px system-ui, sans-serif`;
  runs.forEach((r, i) => {
    c.fillStyle = colors[i];
    c.fillRect(8 * px, (8 + 18 * i) * px, 12 * px, 12 * px);
    c.fillStyle = '#000';
    c.fillText(describe(r), 26 * px, (18 + 18 * i) * px);
  });
  panels.forEach((p, i) => {
    const x = (i % cols) * cw;
    const y = legendH + Math.floor(i / cols) * (ch + titleH);
    c.fillStyle = '#000';
    c.font = `bold ${13 * px}px system-ui, sans-serif`;
    c.fillText(p.title, x + 8 * px, y + 16 * px);
    c.drawImage(p.canvas, x, y + titleH);
  });
  return new Promise((ok) => canvas.toBlob((b) => ok(b), 'image/png'));
}
