/**
 * The report's charts as inline SVG, drawn here (no script, no fonts to load, crisp in the PDF):
 * a line with an area, vertical bars, stacked bars and horizontal bars. Every label is escaped.
 */
import { html, type SafeHtml } from "../notify/email.js";

const font = `font-family="Helvetica, Arial, sans-serif"`;
const grid = "#e4e7ec";
const ink = "#667085";

/** A round axis maximum (1, 2, 2.5, 5 × 10ⁿ) above the largest value. */
export function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

type Axis = { min: number; max: number };

function yAxis(axis: Axis, w: number, h: number, left: number, top: number, label: (v: number) => string): SafeHtml {
  const ticks = [0, 1, 2, 3, 4].map((i) => axis.min + ((axis.max - axis.min) * i) / 4);
  return html`${ticks.map((t) => {
    const y = top + h - ((t - axis.min) / (axis.max - axis.min)) * h;
    return html`<line x1="${left}" x2="${left + w}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="${grid}" stroke-width="1"/><text x="${left - 6}" y="${(y + 3).toFixed(1)}" text-anchor="end" font-size="9" fill="${ink}" ${raw(font)}>${label(t)}</text>`;
  })}`;
}

const raw = (s: string): SafeHtml => html([s] as unknown as TemplateStringsArray);

function xLabels(labels: string[], x: (i: number) => number, y: number): SafeHtml {
  const every = Math.max(1, Math.ceil(labels.length / 8));
  return html`${labels.map((l, i) => (i % every === 0 || i === labels.length - 1 ? html`<text x="${x(i).toFixed(1)}" y="${y}" text-anchor="middle" font-size="9" fill="${ink}" ${raw(font)}>${l}</text>` : null))}`;
}

export type LineOpts = { labels: string[]; values: (number | null)[]; color: string; width?: number; height?: number; format: (v: number) => string; zeroBased?: boolean };

/** A line (gaps where a value is null) over a soft area. */
export function lineChart(o: LineOpts): SafeHtml {
  const width = o.width ?? 680;
  const height = o.height ?? 200;
  const left = 48;
  const top = 10;
  const w = width - left - 24;
  const h = height - top - 26;
  const known = o.values.filter((v): v is number => v !== null);
  if (known.length === 0) return html``;
  let min = o.zeroBased ? 0 : Math.min(...known);
  let max = Math.max(...known);
  if (!o.zeroBased) {
    const step = niceMax(Math.max(1, (max - min) * 1.3) / 4);
    min = Math.max(0, Math.floor(min / step) * step - (min === max ? step : 0));
    max = min + step * 4 < max ? Math.ceil(max / step) * step : min + step * 4;
  } else max = niceMax(max);
  if (max === min) max = min + 1;
  const x = (i: number) => left + (o.values.length === 1 ? w / 2 : (i * w) / (o.values.length - 1));
  const y = (v: number) => top + h - ((v - min) / (max - min)) * h;
  let d = "";
  let pen = false;
  o.values.forEach((v, i) => {
    if (v === null) {
      pen = false;
      return;
    }
    d += `${pen ? "L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
    pen = true;
  });
  const firstI = o.values.findIndex((v) => v !== null);
  const lastI = o.values.length - 1 - [...o.values].reverse().findIndex((v) => v !== null);
  const area = `${d}L${x(lastI).toFixed(1)},${(top + h).toFixed(1)}L${x(firstI).toFixed(1)},${(top + h).toFixed(1)}Z`;
  return html`<svg class="chart" viewBox="0 0 ${width} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg" role="img">
${yAxis({ min, max }, w, h, left, top, o.format)}
<path d="${d.includes("L") ? area : ""}" fill="${o.color}" fill-opacity="0.10" stroke="none"/>
<path d="${d}" fill="none" stroke="${o.color}" stroke-width="2.2" stroke-linejoin="round" stroke-linecap="round"/>
${o.values.map((v, i) => (v !== null && (i === lastI || o.values.length <= 14) ? html`<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.6" fill="#fff" stroke="${o.color}" stroke-width="1.6"/>` : null))}
${xLabels(o.labels, x, height - 8)}
</svg>`;
}

export type BarOpts = { labels: string[]; series: { values: number[]; color: string }[]; width?: number; height?: number; format: (v: number) => string; /** Small figures printed above each bar. */ annotations?: string[] };

/** Vertical bars; several series stack. Negative values of one series go below the zero line. */
export function barChart(o: BarOpts): SafeHtml {
  const width = o.width ?? 680;
  const height = o.height ?? 180;
  const left = 48;
  const top = o.annotations ? 20 : 10;
  const w = width - left - 10;
  const h = height - top - 26;
  const n = o.labels.length;
  if (n === 0) return html``;
  const pos = o.labels.map((_, i) => o.series.reduce((s, se) => s + Math.max(0, se.values[i] ?? 0), 0));
  const neg = o.labels.map((_, i) => o.series.reduce((s, se) => s + Math.min(0, se.values[i] ?? 0), 0));
  const max = niceMax(Math.max(...pos, 0));
  const min = Math.min(...neg) < 0 ? -niceMax(-Math.min(...neg)) : 0;
  const y = (v: number) => top + h - ((v - min) / (max - min)) * h;
  const slot = w / n;
  const bw = Math.max(2, Math.min(28, slot * 0.62));
  const x = (i: number) => left + slot * i + slot / 2;
  const bars: SafeHtml[] = [];
  o.labels.forEach((_, i) => {
    let up = 0;
    let down = 0;
    for (const se of o.series) {
      const v = se.values[i] ?? 0;
      if (v === 0) continue;
      const from = v > 0 ? up : down;
      const to = from + v;
      if (v > 0) up = to;
      else down = to;
      const y1 = y(Math.max(from, to));
      const y2 = y(Math.min(from, to));
      bars.push(html`<rect x="${(x(i) - bw / 2).toFixed(1)}" y="${y1.toFixed(1)}" width="${bw.toFixed(1)}" height="${Math.max(0.5, y2 - y1).toFixed(1)}" rx="1.5" fill="${se.color}"/>`);
    }
  });
  return html`<svg class="chart" viewBox="0 0 ${width} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg" role="img">
${yAxis({ min, max }, w, h, left, top, o.format)}
${min < 0 ? html`<line x1="${left}" x2="${left + w}" y1="${y(0).toFixed(1)}" y2="${y(0).toFixed(1)}" stroke="${ink}" stroke-width="1"/>` : null}
${bars}
${o.annotations ? o.annotations.map((a, i) => html`<text x="${x(i).toFixed(1)}" y="${(y(pos[i] ?? 0) - 4).toFixed(1)}" text-anchor="middle" font-size="9" font-weight="600" fill="#475467" ${raw(font)}>${a}</text>`) : null}
${xLabels(o.labels, x, height - 8)}
</svg>`;
}

export type HBarRow = { label: string; value: number; display: string };

/** Horizontal bars with the label on the left and the figure on the right. */
export function hBars(rows: HBarRow[], color: string, width = 330): SafeHtml {
  if (rows.length === 0) return html``;
  const rowH = 22;
  const labelW = Math.round(width * 0.36);
  const valueW = 58;
  const barW = width - labelW - valueW - 8;
  const max = Math.max(...rows.map((r) => r.value), 0) || 1;
  const height = rows.length * rowH + 4;
  const clip = (s: string) => (s.length > 22 ? `${s.slice(0, 21)}…` : s);
  return html`<svg class="chart" viewBox="0 0 ${width} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg" role="img">
${rows.map((r, i) => {
  const yy = i * rowH + 4;
  const len = Math.max(1, (Math.max(0, r.value) / max) * barW);
  return html`<text x="0" y="${yy + 12}" font-size="10" fill="#344054" ${raw(font)}>${clip(r.label)}</text>
<rect x="${labelW}" y="${yy + 2}" width="${barW}" height="13" rx="3" fill="#f2f4f7"/>
<rect x="${labelW}" y="${yy + 2}" width="${len.toFixed(1)}" height="13" rx="3" fill="${color}"/>
<text x="${width}" y="${yy + 12}" text-anchor="end" font-size="10" font-weight="600" fill="#101828" ${raw(font)}>${r.display}</text>`;
})}
</svg>`;
}
