import type { SimulateAlResult } from './simulate-al.js';

const COLOURS = [
  '#555555',
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
];

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Learning curves (mean test accuracy against labels, one line per strategy) as a standalone SVG. */
export function learningCurveSvg(result: SimulateAlResult, title = 'Active-learning simulation'): string {
  const W = 640;
  const H = 400;
  const L = 56;
  const R = 190;
  const T = 36;
  const B = 44;
  const xs = result.labels;
  const all = result.curves.flatMap((c) => c.mean);
  const lo = Math.max(0, Math.floor(Math.min(...all) * 20) / 20);
  const hi = Math.min(1, Math.ceil(Math.max(...all) * 20) / 20);
  const x = (v: number) => L + ((v - xs[0]!) / Math.max(1, xs[xs.length - 1]! - xs[0]!)) * (W - L - R);
  const y = (v: number) => T + (1 - (v - lo) / Math.max(1e-9, hi - lo)) * (H - T - B);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${L}" y="20" font-size="14">${esc(title)}</text>`,
    `<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="#000"/>`,
    `<line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="#000"/>`,
    `<text x="${(L + W - R) / 2}" y="${H - 8}" text-anchor="middle">labels</text>`,
    `<text x="14" y="${(T + H - B) / 2}" transform="rotate(-90 14 ${(T + H - B) / 2})" text-anchor="middle">test accuracy</text>`,
  ];
  for (let t = 0; t <= 4; t++) {
    const v = lo + ((hi - lo) * t) / 4;
    parts.push(`<text x="${L - 6}" y="${y(v) + 4}" text-anchor="end">${v.toFixed(2)}</text>`);
    parts.push(`<line x1="${L}" y1="${y(v)}" x2="${W - R}" y2="${y(v)}" stroke="#eee"/>`);
  }
  for (const v of [xs[0]!, xs[Math.floor(xs.length / 2)]!, xs[xs.length - 1]!])
    parts.push(`<text x="${x(v)}" y="${H - B + 16}" text-anchor="middle">${v}</text>`);
  parts.push(
    `<line x1="${L}" y1="${y(result.targetAccuracy)}" x2="${W - R}" y2="${y(result.targetAccuracy)}" stroke="#999" stroke-dasharray="4 3"/>`,
  );
  for (const [i, c] of result.curves.entries()) {
    const colour = COLOURS[i % COLOURS.length]!;
    const points = c.mean.map((m, r) => `${x(xs[r]!).toFixed(1)},${y(m).toFixed(1)}`).join(' ');
    parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points}"/>`);
    parts.push(`<rect x="${W - R + 12}" y="${T + i * 18}" width="12" height="3" fill="${colour}"/>`);
    parts.push(`<text x="${W - R + 30}" y="${T + i * 18 + 5}">${esc(c.strategy)}</text>`);
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
