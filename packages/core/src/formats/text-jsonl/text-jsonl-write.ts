import type { WriteInput, WriteResult } from '../define-format.js';
import { joinPath } from '../paths.js';
import { pickWriteSource } from '../pick-write-source.js';

/**
 * Writes `text.jsonl`: one object per text sample, `{"id", "text", "label" | "labels", "spans":
 * [{start, end, label}], "probs", "language", "split"}` (fields present when the sample has them).
 */
export async function writeTextJsonl(input: WriteInput): Promise<WriteResult> {
  const { dataset } = input;
  const { source, notes } = pickWriteSource(dataset.annotations);
  const classes = dataset.classes.map((c) => c.name);
  const bySample = new Map<string, typeof dataset.annotations>();
  let other = 0;
  for (const a of dataset.annotations) {
    if (a.source !== source) continue;
    if ((a.kind !== 'classification' && a.kind !== 'span') || (a.kind === 'span' && !a.span)) {
      other++;
      continue;
    }
    const list = bySample.get(a.sample) ?? [];
    list.push(a);
    bySample.set(a.sample, list);
  }
  if (other > 0) notes.push(`${other} annotations that are neither class labels nor text spans not written`);
  let written = 0;
  const lines: string[] = [];
  for (const s of dataset.samples) {
    if (s.kind !== 'text') continue;
    const list = bySample.get(s.key) ?? [];
    const labels = list.filter((a) => a.kind === 'classification').map((a) => a.label ?? '');
    const spans = list.filter((a) => a.kind === 'span');
    const o: Record<string, unknown> = { id: s.key, text: s.text ?? '' };
    if (labels.length === 1) o.label = labels[0];
    else if (labels.length > 1) o.labels = labels;
    if (spans.length > 0)
      o.spans = spans.map((a) => ({
        start: a.span?.start,
        end: a.span?.end,
        label: a.label,
        ...(a.score === undefined ? {} : { score: a.score }),
      }));
    const probs = list.find((a) => a.probs)?.probs;
    if (probs) o.probs = Object.fromEntries(classes.map((c, i) => [c, probs[i] ?? 0]));
    if (s.language !== undefined) o.language = s.language;
    if (s.split !== undefined) o.split = s.split;
    written += labels.length + spans.length;
    lines.push(JSON.stringify(o));
  }
  const file = joinPath(input.outDir, 'text.jsonl');
  await input.io.writeText(file, lines.length > 0 ? `${lines.join('\n')}\n` : '');
  return { files: [file], notes, annotations: written };
}
