import type { Annotation } from '../../model/annotation.js';
import type { WriteInput, WriteResult } from '../define-format.js';
import { groupBySample } from '../group-by-sample.js';
import { joinPath } from '../paths.js';
import { pickWriteSource } from '../pick-write-source.js';
import { bratName, codePointOffset } from './brat-ann.js';

/**
 * A sample key as a file path below the output folder: each `/`-separated part with characters other
 * than letters, digits, `.`, `-`, `_` and `#` as `_`, parts `.`/`..`/empty dropped (a key never climbs
 * out of the folder), `doc` when nothing is left; `_2`, `_3` … when two keys come out the same.
 */
function fileStem(key: string, used: Set<string>): string {
  const parts = key
    .split('/')
    .map((p) => p.replace(/[^\p{L}\p{N}._#-]/gu, '_'))
    .filter((p) => p !== '' && p !== '.' && p !== '..');
  const stem = parts.join('/') || 'doc';
  let out = stem;
  for (let n = 2; used.has(out.toLowerCase()); n++) out = `${stem}_${n}`;
  used.add(out.toLowerCase());
  return out;
}

/** The .ann lines of a document's spans: T lines in order of offset, then their attributes and notes. */
function annLines(text: string, spans: readonly Annotation[]): string[] {
  const lines: string[] = [];
  const extra: string[] = [];
  let attribute = 0;
  let note = 0;
  [...spans]
    .sort((a, b) => a.span!.start - b.span!.start || a.span!.end - b.span!.end)
    .forEach((a, i) => {
      const id = `T${i + 1}`;
      const { start, end } = a.span!;
      const quoted = text.slice(start, end).replace(/[\r\n\t]/g, ' ');
      lines.push(
        `${id}\t${bratName(a.label ?? '')} ${codePointOffset(text, start)} ${codePointOffset(text, end)}\t${quoted}`,
      );
      for (const [k, v] of Object.entries(a.attributes ?? {})) {
        if (k === 'brat_id' || v === false) continue;
        if (k === 'note')
          extra.push(`#${++note}\tAnnotatorNotes ${id}\t${String(v).replace(/[\r\n]/g, ' ')}`);
        else
          extra.push(`A${++attribute}\t${bratName(k)} ${id}${v === true ? '' : ` ${bratName(String(v))}`}`);
      }
    });
  return [...lines, ...extra];
}

/**
 * Writes each text sample as `<key>.txt` (its text) and `<key>.ann` (its spans as text-bound annotations,
 * code point offsets; attributes as `A` lines, notes as AnnotatorNotes), below the output folder.
 */
export async function writeBrat(input: WriteInput): Promise<WriteResult> {
  const { dataset } = input;
  const { source, notes } = pickWriteSource(dataset.annotations);
  const mine = dataset.annotations.filter((a) => a.source === source);
  const spans = mine.filter((a) => a.kind === 'span' && a.span);
  const other = mine.length - spans.length;
  const bySample = groupBySample(spans);
  if (other > 0)
    notes.push(`${other} annotations that are not text spans not written (brat keeps entity spans)`);
  const used = new Set<string>();
  const files: string[] = [];
  let written = 0;
  for (const s of dataset.samples) {
    if (s.kind !== 'text') continue;
    const stem = joinPath(input.outDir, fileStem(s.key, used));
    const text = s.text ?? '';
    const spans = bySample.get(s.key) ?? [];
    const lines = annLines(text, spans);
    await input.io.writeText(`${stem}.txt`, text);
    await input.io.writeText(`${stem}.ann`, lines.length > 0 ? `${lines.join('\n')}\n` : '');
    files.push(`${stem}.txt`, `${stem}.ann`);
    written += spans.length;
  }
  return { files, notes, annotations: written };
}
