// Lays a diagram out and draws it as SVG text. The layout is exported so tests can sample the PNG at
// each layer's place. Text is sized by an estimate of DejaVu Sans' advance (the font the renderer
// ships), and clipped with an ellipsis rather than overflowing its box.
import type { BarChart, CardDiagram, Diagram, LegendItem, StackDiagram } from './diagram.ts';

export const FONT_FAMILY = 'DejaVu Sans';
const PAD = 16;
const TITLE_H = 34;
const LEGEND_H = 34;
const INK = '#1f2933';
const LABEL_BG = '#eef1f5';
const HIGHLIGHT = '#111111';

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface StackLayout {
  width: number;
  height: number;
  /** Per row (top first), per column: the owner cell. */
  cells: Rect[][];
  labels: Rect[];
  headers: Rect[];
  legendY: number;
}

export function stackLayout(d: StackDiagram): StackLayout {
  const labelW = 330;
  const colW = d.columns.length <= 4 ? 150 : 116;
  const headerH = 40;
  const rowH = 24;
  const gap = 2;
  const top = PAD + TITLE_H + headerH;
  const x0 = PAD + labelW + gap;
  const cells = d.rows.map((_, i) => d.columns.map((__, j) => ({ x: x0 + j * (colW + gap), y: top + i * (rowH + gap), w: colW, h: rowH })));
  const labels = d.rows.map((_, i) => ({ x: PAD, y: top + i * (rowH + gap), w: labelW, h: rowH }));
  const headers = d.columns.map((_, j) => ({ x: x0 + j * (colW + gap), y: PAD + TITLE_H, w: colW, h: headerH - 4 }));
  const legendY = top + d.rows.length * (rowH + gap) + 8;
  return { width: x0 + d.columns.length * (colW + gap) - gap + PAD, height: legendY + LEGEND_H, cells, labels, headers, legendY };
}

export interface CardLayout {
  width: number;
  height: number;
  /** Per row: the party's name box and its part. */
  names: Rect[];
  parts: Rect[];
  lines: string[][];
  legendY: number;
}

export function cardLayout(d: CardDiagram): CardLayout {
  const width = 640;
  const nameW = 170;
  const partW = width - 2 * PAD - nameW - 4;
  let y = PAD + TITLE_H;
  const names: Rect[] = [];
  const parts: Rect[] = [];
  const lines: string[][] = [];
  for (const row of d.rows) {
    const wrapped = wrap(row.text, partW - 16, 12, 4);
    const h = Math.max(40, wrapped.length * 16 + 14);
    names.push({ x: PAD, y, w: nameW, h });
    parts.push({ x: PAD + nameW + 4, y, w: partW, h });
    lines.push(wrapped);
    y += h + 4;
  }
  return { width, height: y + 4 + LEGEND_H, names, parts, lines, legendY: y + 4 };
}

export interface BarLayout {
  width: number;
  height: number;
  /** Per bar: the full track; the filled part is value × its width. */
  tracks: Rect[];
}

export function barLayout(d: BarChart): BarLayout {
  const width = 640;
  const labelW = 260;
  const tracks = d.bars.map((_, i) => ({ x: PAD + labelW, y: PAD + TITLE_H + i * 28, w: width - 2 * PAD - labelW - 100, h: 20 }));
  return { width, height: PAD + TITLE_H + d.bars.length * 28 + PAD, tracks };
}

export function diagramSvg(d: Diagram): string {
  switch (d.kind) {
    case 'stack':
      return stackSvg(d);
    case 'card':
      return cardSvg(d);
    case 'bars':
      return barsSvg(d);
  }
}

function stackSvg(d: StackDiagram): string {
  const l = stackLayout(d);
  const out: string[] = [title(d.title, l.width)];
  d.columns.forEach((c, j) => {
    const r = l.headers[j]!;
    out.push(text(r.x + r.w / 2, r.y + 14, c.title, { size: 12, bold: true, anchor: 'middle', max: r.w - 4 }));
    if (c.subtitle) out.push(text(r.x + r.w / 2, r.y + 30, c.subtitle, { size: 10, anchor: 'middle', max: r.w - 4, color: '#52606d' }));
  });
  d.rows.forEach((row, i) => {
    const lit = row.id === d.highlight;
    const lr = l.labels[i]!;
    out.push(rect(lr, lit ? '#fff4c2' : LABEL_BG));
    out.push(text(lr.x + 8, lr.y + 16, row.label, { size: 12, bold: lit, max: lr.w - 16 }));
    row.cells.forEach((cell, j) => {
      const r = l.cells[i]![j]!;
      out.push(rect(r, cell.color));
      out.push(text(r.x + r.w / 2, r.y + 16, cell.name, { size: 11, anchor: 'middle', max: r.w - 10, color: inkOn(cell.color), bold: lit }));
    });
    if (lit) {
      const last = l.cells[i]![row.cells.length - 1]!;
      out.push(`<rect x="${lr.x - 1.5}" y="${lr.y - 1.5}" width="${last.x + last.w - lr.x + 3}" height="${lr.h + 3}" fill="none" stroke="${HIGHLIGHT}" stroke-width="3"/>`);
    }
  });
  out.push(legend(d.legend, l.legendY, l.width));
  return svg(l.width, l.height, out);
}

function cardSvg(d: CardDiagram): string {
  const l = cardLayout(d);
  const out: string[] = [title(d.title, l.width)];
  d.rows.forEach((row, i) => {
    const n = l.names[i]!;
    const p = l.parts[i]!;
    const lit = row.party === d.highlight;
    out.push(rect(n, row.color));
    out.push(text(n.x + 10, n.y + n.h / 2 + 5, row.name, { size: 13, bold: true, max: n.w - 20, color: inkOn(row.color) }));
    out.push(rect(p, lit ? '#fff4c2' : LABEL_BG));
    l.lines[i]!.forEach((line, k) => out.push(text(p.x + 8, p.y + 20 + k * 16, line, { size: 12 })));
    if (lit) out.push(`<rect x="${n.x - 1.5}" y="${n.y - 1.5}" width="${p.x + p.w - n.x + 3}" height="${n.h + 3}" fill="none" stroke="${HIGHLIGHT}" stroke-width="3"/>`);
  });
  out.push(legend(d.legend, l.legendY, l.width));
  return svg(l.width, l.height, out);
}

function barsSvg(d: BarChart): string {
  const l = barLayout(d);
  const out: string[] = [title(d.title, l.width)];
  d.bars.forEach((bar, i) => {
    const t = l.tracks[i]!;
    const v = Math.max(0, Math.min(1, bar.value));
    out.push(text(PAD, t.y + 15, bar.label, { size: 12, max: t.x - PAD - 8 }));
    out.push(rect(t, LABEL_BG));
    if (v > 0) out.push(rect({ ...t, w: Math.max(1, Math.round(t.w * v)) }, barColor(v)));
    out.push(text(t.x + t.w + 8, t.y + 15, bar.note ?? `${Math.round(v * 100)}%`, { size: 12, max: 92 }));
  });
  return svg(l.width, l.height, out);
}

/** Mastery colours: red below half, amber below 80%, green above. */
export function barColor(v: number): string {
  return v < 0.5 ? '#c0392b' : v < 0.8 ? '#e67e22' : '#27ae60';
}

function legend(items: readonly LegendItem[], y: number, width: number): string {
  const parts: string[] = [];
  let x = PAD;
  for (const item of items) {
    const label = clipText(item.name, 160, 12);
    if (x + 24 + estimate(label, 12) > width - PAD) break;
    parts.push(rect({ x, y: y + 6, w: 16, h: 16 }, item.color));
    parts.push(text(x + 22, y + 19, label, { size: 12 }));
    x += 22 + estimate(label, 12) + 20;
  }
  return parts.join('');
}

function title(t: string, width: number): string {
  return text(PAD, PAD + 18, t, { size: 17, bold: true, max: width - 2 * PAD });
}

function svg(width: number, height: number, body: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}"><rect width="${width}" height="${height}" fill="#ffffff"/>${body.join('')}</svg>`;
}

function rect(r: Rect, fill: string): string {
  return `<rect x="${r.x}" y="${r.y}" width="${r.w}" height="${r.h}" fill="${fill}"/>`;
}

interface TextOptions {
  size: number;
  bold?: boolean;
  anchor?: 'start' | 'middle';
  max?: number;
  color?: string;
}

function text(x: number, y: number, t: string, o: TextOptions): string {
  const shown = o.max ? clipText(t, o.max, o.size, o.bold) : t;
  return `<text x="${x}" y="${y}" font-size="${o.size}"${o.bold ? ' font-weight="bold"' : ''}${o.anchor === 'middle' ? ' text-anchor="middle"' : ''} fill="${o.color ?? INK}">${escapeXml(shown)}</text>`;
}

/** Dark text on light fills, white on dark ones. */
export function inkOn(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  const lum = (0.299 * ((n >> 16) & 255) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255)) / 255;
  return lum > 0.6 ? INK : '#ffffff';
}

/** DejaVu Sans is wide: about 0.62 em a character on average, 0.68 in bold. */
function estimate(t: string, size: number, bold = false): number {
  return t.length * size * (bold ? 0.68 : 0.62);
}

function clipText(t: string, max: number, size: number, bold = false): string {
  if (estimate(t, size, bold) <= max) return t;
  const fit = Math.max(1, Math.floor(max / (size * (bold ? 0.68 : 0.62))) - 1);
  return `${t.slice(0, fit).trimEnd()}…`;
}

/** Words into lines of at most `max` pixels; past `maxLines` the last line ends in an ellipsis. */
function wrap(t: string, max: number, size: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of t.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (estimate(next, size) <= max || !line) line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines.map((x) => clipText(x, max, size));
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = clipText(`${kept[maxLines - 1]} ${lines[maxLines]}`, max - size, size).replace(/…?$/, '…');
  return kept.map((x) => clipText(x, max, size));
}

export function escapeXml(t: string): string {
  return t.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}
