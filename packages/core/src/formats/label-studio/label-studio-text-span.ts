import type { TextSpan } from '../../model/annotation.js';

/** Code point offset → UTF-16 offset in `text` (undefined past its end). */
function unitOffset(text: string, codePoints: number): number | undefined {
  let units = 0;
  let n = 0;
  for (const ch of text) {
    if (n === codePoints) return units;
    units += ch.length;
    n++;
  }
  return n === codePoints ? units : undefined;
}

export type SpanRead = { span: TextSpan; converted: boolean; mismatch?: string } | { refused: string };

/**
 * A Label Studio `labels` value's offsets as a span of `text`. Label Studio counts UTF-16 units (as
 * JavaScript strings index); pre-annotations made in Python count code points, which differ past any
 * character outside the Basic Multilingual Plane (emoji). When the value's `text` disagrees with the
 * unit offsets and agrees with the code point ones, those are taken (`converted`); when it agrees with
 * neither, the offsets are kept and the disagreement is told (`mismatch`).
 */
export function labelStudioSpan(text: string, value: Record<string, unknown>): SpanRead {
  const { start, end } = value;
  if (
    typeof start !== 'number' ||
    typeof end !== 'number' ||
    !Number.isInteger(start) ||
    !Number.isInteger(end)
  )
    return { refused: 'a labels result needs whole-number start and end offsets' };
  const quoted = typeof value.text === 'string' ? value.text : undefined;
  const fits = start >= 0 && end >= start && end <= text.length;
  if (quoted === undefined || (fits && text.slice(start, end) === quoted)) {
    if (!fits) return { refused: `offsets ${start}–${end} lie outside the text (${text.length} characters)` };
    return { span: { start, end }, converted: false };
  }
  const [s, e] = [unitOffset(text, start), unitOffset(text, end)];
  if (s !== undefined && e !== undefined && e >= s && text.slice(s, e) === quoted)
    return { span: { start: s, end: e }, converted: s !== start || e !== end };
  if (!fits) return { refused: `offsets ${start}–${end} lie outside the text (${text.length} characters)` };
  return {
    span: { start, end },
    converted: false,
    mismatch: `the text at ${start}–${end} is "${text.slice(start, end)}", the result says "${quoted}"; the offsets are kept`,
  };
}
