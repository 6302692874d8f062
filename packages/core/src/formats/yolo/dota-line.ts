/**
 * One line of a DOTA `labelTxt` file (DOTA v1.0/v1.5, as Roboflow's "DOTA" export writes it):
 *   `x1 y1 x2 y2 x3 y3 x4 y4 class difficult`   (pixels, the four corners in order; difficult 0/1)
 * optionally after the header lines `imagesource:GoogleEarth` and `gsd:0.146`.
 */
export type DotaLine =
  | { kind: 'box'; points: number[]; label: string; difficult?: boolean }
  | { kind: 'header' }
  | { kind: 'bad'; reason: string };

const HEADER = /^(imagesource|gsd)\s*:/i;

/** Parses one non-empty line into an oriented box, a header line, or the reason it cannot be used. */
export function parseDotaLine(line: string): DotaLine {
  const text = line.trim();
  if (HEADER.test(text)) return { kind: 'header' };
  const tokens = text.split(/\s+/);
  if (tokens.length < 9) {
    return {
      kind: 'bad',
      reason: `${tokens.length} values; a DOTA line is \`x1 y1 x2 y2 x3 y3 x4 y4 class difficult\``,
    };
  }
  const points = tokens.slice(0, 8).map(Number);
  const nan = points.findIndex((v) => !Number.isFinite(v));
  if (nan >= 0) return { kind: 'bad', reason: `corner value ${nan + 1} ("${tokens[nan]}") is not a number` };
  const last = tokens[tokens.length - 1] ?? '';
  const flagged = tokens.length > 9 && /^[01]$/.test(last);
  const label = tokens.slice(8, flagged ? -1 : undefined).join(' ');
  return { kind: 'box', points, label, ...(flagged ? { difficult: last === '1' } : {}) };
}

/** True when one of the first 20 lines of the text is a DOTA box (8 numbers, then a class name). */
export function looksLikeDota(text: string): boolean {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/, 20);
  return lines.some(
    (l) => parseDotaLine(l).kind === 'box' && /[A-Za-z]/.test(l.trim().split(/\s+/)[8] ?? ''),
  );
}
