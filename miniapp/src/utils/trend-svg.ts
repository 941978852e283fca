import type { TrendPoint } from '@jiankang/shared';
import { beijingDate } from '@jiankang/shared/domain';
import { base64Ascii } from './base64';

export interface TrendChartOptions {
  width?: number;
  height?: number;
  /** The reference range in the chart's unit, drawn as a band. */
  range?: { low?: number; high?: number };
}

/**
 * A line chart of one analyte as an SVG data URL (pure JS: the same on weapp and H5, and the
 * numbers are also listed as text under it). Abnormal points are drawn larger and hollow, so
 * they stand out without colour.
 */
export function trendSvgDataUrl(points: readonly TrendPoint[], opts: TrendChartOptions = {}): string {
  const width = opts.width ?? 640;
  const height = opts.height ?? 320;
  const pad = { left: 56, right: 16, top: 16, bottom: 40 };
  const sorted = [...points].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const values = sorted.map((p) => p.value);
  const bounds = [...values, opts.range?.low, opts.range?.high].filter((v): v is number =>
    Number.isFinite(v),
  );
  let min = Math.min(...bounds);
  let max = Math.max(...bounds);
  if (!Number.isFinite(min) || !Number.isFinite(max)) [min, max] = [0, 1];
  if (max - min < 1e-9) [min, max] = [min - 1, max + 1];
  const span = max - min;
  [min, max] = [min - span * 0.1, max + span * 0.1];
  const t0 = sorted.length ? Date.parse(sorted[0]!.at) : 0;
  const t1 = sorted.length ? Date.parse(sorted.at(-1)!.at) : 1;
  const x = (t: number) =>
    pad.left + (t1 === t0 ? 0.5 : (t - t0) / (t1 - t0)) * (width - pad.left - pad.right);
  const y = (v: number) => pad.top + (1 - (v - min) / (max - min)) * (height - pad.top - pad.bottom);
  const parts: string[] = [`<rect width="${width}" height="${height}" fill="#fff"/>`];
  const { low, high } = opts.range ?? {};
  if (low !== undefined || high !== undefined) {
    const top = y(high ?? max);
    const bottom = y(low ?? min);
    parts.push(
      `<rect x="${pad.left}" y="${top.toFixed(1)}" width="${width - pad.left - pad.right}" height="${(bottom - top).toFixed(1)}" fill="#e6f4f1"/>`,
    );
  }
  parts.push(
    `<line x1="${pad.left}" y1="${height - pad.bottom}" x2="${width - pad.right}" y2="${height - pad.bottom}" stroke="#5b6b68"/>`,
  );
  for (const v of [min, (min + max) / 2, max]) {
    parts.push(
      `<text x="${pad.left - 8}" y="${(y(v) + 5).toFixed(1)}" font-size="14" text-anchor="end" fill="#5b6b68">${round(v)}</text>`,
    );
  }
  if (sorted.length > 0) {
    const path = sorted.map(
      (p, i) => `${i ? 'L' : 'M'}${x(Date.parse(p.at)).toFixed(1)} ${y(p.value).toFixed(1)}`,
    );
    parts.push(`<path d="${path.join('')}" fill="none" stroke="#0b7a6f" stroke-width="2.5"/>`);
    for (const p of sorted) {
      const cx = x(Date.parse(p.at)).toFixed(1);
      const cy = y(p.value).toFixed(1);
      parts.push(
        p.flag === 'H' || p.flag === 'L'
          ? `<circle cx="${cx}" cy="${cy}" r="7" fill="#fff" stroke="#b42318" stroke-width="3"/>`
          : `<circle cx="${cx}" cy="${cy}" r="5" fill="#0b7a6f"/>`,
      );
    }
    const first = beijingDate(sorted[0]!.at);
    const last = beijingDate(sorted.at(-1)!.at);
    parts.push(`<text x="${pad.left}" y="${height - 12}" font-size="14" fill="#5b6b68">${first}</text>`);
    if (last !== first)
      parts.push(
        `<text x="${width - pad.right}" y="${height - 12}" font-size="14" text-anchor="end" fill="#5b6b68">${last}</text>`,
      );
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg>`;
  return `data:image/svg+xml;base64,${base64Ascii(svg)}`;
}

function round(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
}
