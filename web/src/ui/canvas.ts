/**
 * A canvas renderer for (T, T) heatmaps, used to export figures as real PNG files. Panels are
 * drawn side by side, each with a title, query/key axes and one square per cell; the colour of
 * a cell comes from the caller (grey ramps: readable in print and for colour-blind readers).
 */

export interface Panel {
  title: string;
  T: number;
  /** (T*T) row-major. */
  values: ArrayLike<number>;
  /** CSS colour of one cell. */
  color: (v: number, i: number, j: number) => string;
  /** Optional text drawn inside a cell (kept short: "0", "1"); only when cells are big enough. */
  text?: (v: number, i: number, j: number) => string;
  /** Optional text under the panel (e.g. "rows sum to 1"). */
  note?: string;
}

export interface PanelStyle {
  /** Cell size in CSS pixels (default: fits a 320-pixel panel). */
  cell?: number;
  axisQuery: string;
  axisKey: string;
  scale?: number;
}

const PAD = 16;
const AXIS = 34;
const TITLE = 28;
const NOTE = 24;

/** Draws the panels on a new canvas (device-pixel scale `scale`, default 2 for a crisp PNG). */
export function renderPanels(panels: Panel[], style: PanelStyle): HTMLCanvasElement {
  const scale = style.scale ?? 2;
  const maxT = Math.max(...panels.map((p) => p.T));
  const cell = style.cell ?? Math.max(8, Math.floor(320 / maxT));
  const side = maxT * cell;
  const panelW = AXIS + side + PAD;
  const W = PAD + panels.length * panelW;
  const H = PAD + TITLE + AXIS + side + NOTE + PAD;
  const canvas = document.createElement('canvas');
  canvas.width = W * scale;
  canvas.height = H * scale;
  const g = canvas.getContext('2d');
  if (!g) return canvas;
  g.scale(scale, scale);
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, W, H);
  g.textBaseline = 'middle';
  panels.forEach((p, n) => {
    const x0 = PAD + n * panelW + AXIS;
    const y0 = PAD + TITLE + AXIS;
    const c = side / p.T;
    g.fillStyle = '#111111';
    g.font = 'bold 14px sans-serif';
    g.textAlign = 'left';
    g.fillText(p.title, x0 - AXIS, PAD + TITLE / 2, panelW - PAD);
    g.font = '11px sans-serif';
    g.textAlign = 'center';
    g.fillText(style.axisKey + ' →', x0 + side / 2, PAD + TITLE + 8);
    g.save();
    g.translate(x0 - AXIS + 8, y0 + side / 2);
    g.rotate(Math.PI / 2); // reads top to bottom, so the arrow points the way the rows grow
    g.fillText(style.axisQuery + ' →', 0, 0);
    g.restore();
    const every = p.T > 16 ? 4 : 1;
    for (let k = 0; k < p.T; k += every) {
      g.fillText(String(k), x0 + (k + 0.5) * c, y0 - 9);
      g.textAlign = 'right';
      g.fillText(String(k), x0 - 4, y0 + (k + 0.5) * c);
      g.textAlign = 'center';
    }
    for (let i = 0; i < p.T; i++)
      for (let j = 0; j < p.T; j++) {
        const v = p.values[i * p.T + j];
        g.fillStyle = p.color(v, i, j);
        g.fillRect(x0 + j * c, y0 + i * c, c, c);
        const txt = p.text && c >= 26 ? p.text(v, i, j) : '';
        if (txt) {
          g.fillStyle = luminance(g.fillStyle) < 0.5 ? '#ffffff' : '#111111';
          g.font = '10px sans-serif';
          g.fillText(txt, x0 + (j + 0.5) * c, y0 + (i + 0.5) * c);
        }
      }
    g.strokeStyle = '#555555';
    g.lineWidth = 1;
    g.strokeRect(x0 + 0.5, y0 + 0.5, side - 1, side - 1);
    if (p.note) {
      g.fillStyle = '#111111';
      g.font = '12px sans-serif';
      g.textAlign = 'left';
      g.fillText(p.note, x0 - AXIS, y0 + side + NOTE / 2 + 4, panelW - PAD);
    }
  });
  return canvas;
}

/** Grey ramp: 0 -> white, 1 -> near black. */
export function grey(v: number): string {
  const x = Math.round(255 * (1 - 0.92 * Math.max(0, Math.min(1, v))));
  return `rgb(${x},${x},${x})`;
}

function luminance(css: string | CanvasGradient | CanvasPattern): number {
  if (typeof css !== 'string') return 1;
  const m = css.match(/\d+/g);
  if (css.startsWith('#') && css.length === 7)
    return (parseInt(css.slice(1, 3), 16) + parseInt(css.slice(3, 5), 16) + parseInt(css.slice(5, 7), 16)) / 765;
  return m ? (Number(m[0]) + Number(m[1]) + Number(m[2])) / 765 : 1;
}

export function canvasToPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the browser could not encode the PNG'))), 'image/png'),
  );
}
