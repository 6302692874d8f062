import type { Annotation } from '../../model/annotation.js';
import type { WriteInput, WriteResult } from '../define-format.js';
import { groupBySample } from '../group-by-sample.js';
import { joinPath } from '../paths.js';
import { pickWriteSource } from '../pick-write-source.js';
import { BRAT_FRAGMENTS, bratName, codePointOffset } from './brat-ann.js';
import { BRAT_LINES, writeLinks } from './brat-links.js';

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

/** Attributes that are brat's own bookkeeping, not `A` lines. */
const OWN = new Set(['brat_id', BRAT_FRAGMENTS, BRAT_LINES]);

/**
 * A span's fragments as `start end;start end` code point offsets and its quoted text: those read from
 * a discontinuous entity (`brat_fragments`) when they still run from the span's start to its end
 * within the text, else the span's one extent.
 */
function fragmentsOf(text: string, a: Annotation): [string, string] {
  const start = codePointOffset(text, a.span!.start);
  const end = codePointOffset(text, a.span!.end);
  const kept = a.attributes?.[BRAT_FRAGMENTS];
  const cps = typeof kept === 'string' && /^\d+ \d+(;\d+ \d+)+$/.test(kept) ? kept : undefined;
  const fragments = cps?.split(';').map((f) => f.split(' ').map(Number) as [number, number]);
  const quote = (s: number, e: number) => text.slice(s, e).replace(/[\r\n\t]/g, ' ');
  if (
    fragments === undefined ||
    fragments[0]![0] !== start ||
    fragments.at(-1)![1] !== end ||
    fragments.some(([s, e]) => e < s)
  )
    return [`${start} ${end}`, quote(a.span!.start, a.span!.end)];
  const chars = [...text];
  return [
    cps!,
    fragments
      .map(([s, e]) =>
        chars
          .slice(s, e)
          .join('')
          .replace(/[\r\n\t]/g, ' '),
      )
      .join(' '),
  ];
}

/**
 * The .ann lines of a document's spans: T lines in order of offset, then their attributes and notes,
 * then the standoff lines kept on them (relations, events, …) with the T ids of this file.
 */
function annLines(text: string, spans: readonly Annotation[]): { lines: string[]; dropped: number } {
  const lines: string[] = [];
  const extra: string[] = [];
  const next = { A: 0, M: 0, '#': 0 };
  const ids = new Map<string, string>();
  const kept: string[] = [];
  [...spans]
    .sort((a, b) => a.span!.start - b.span!.start || a.span!.end - b.span!.end)
    .forEach((a, i) => {
      const id = `T${i + 1}`;
      const [fragments, quoted] = fragmentsOf(text, a);
      lines.push(`${id}\t${bratName(a.label ?? '')} ${fragments}\t${quoted}`);
      const attributes = a.attributes ?? {};
      const own = attributes.brat_id;
      if (typeof own === 'string' && !ids.has(own)) ids.set(own, id);
      const links = attributes[BRAT_LINES];
      if (typeof links === 'string') kept.push(...links.split('\n'));
      for (const [k, v] of Object.entries(attributes)) {
        if (OWN.has(k) || v === false) continue;
        if (k === 'note')
          extra.push(`#${++next['#']}\tAnnotatorNotes ${id}\t${String(v).replace(/[\r\n]/g, ' ')}`);
        else extra.push(`A${++next.A}\t${bratName(k)} ${id}${v === true ? '' : ` ${bratName(String(v))}`}`);
      }
    });
  const links = writeLinks(kept, (old) => ids.get(old), next);
  return { lines: [...lines, ...extra, ...links.lines], dropped: links.dropped };
}

/**
 * Writes each text sample as `<key>.txt` (its text) and `<key>.ann` (its spans as text-bound annotations,
 * code point offsets, a discontinuous entity's fragments again; attributes as `A` lines, notes as
 * AnnotatorNotes, relations, events and the other kept lines again), below the output folder.
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
  let dropped = 0;
  for (const s of dataset.samples) {
    if (s.kind !== 'text') continue;
    const stem = joinPath(input.outDir, fileStem(s.key, used));
    const text = s.text ?? '';
    const spans = bySample.get(s.key) ?? [];
    const { lines, dropped: lost } = annLines(text, spans);
    dropped += lost;
    await input.io.writeText(`${stem}.txt`, text);
    await input.io.writeText(`${stem}.ann`, lines.length > 0 ? `${lines.join('\n')}\n` : '');
    files.push(`${stem}.txt`, `${stem}.ann`);
    written += spans.length;
  }
  if (dropped > 0)
    notes.push(
      `${dropped} relation, event or other kept brat lines not written: they name entities not written`,
    );
  return { files, notes, annotations: written };
}
