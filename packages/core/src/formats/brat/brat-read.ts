import type { Annotation } from '../../model/annotation.js';
import { counted } from '../counted.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { baseName, dirName, extName, relativeInside, stripExt } from '../paths.js';
import { ProblemList } from '../problems.js';
import { readUtf8Text } from '../text-check.js';
import { type TextRecord, textDataset } from '../text-records.js';
import { splitOfName } from '../text-split-files.js';
import { BRAT_FRAGMENTS, type BratAnn, parseAnn, utf16Offsets } from './brat-ann.js';
import { bratPairs } from './brat-format.js';
import { BRAT_LINES } from './brat-links.js';

/** What each kind of line kept on an entity is, singular and plural. */
const KINDS: Record<string, [string, string]> = {
  R: ['relation', 'relations'],
  E: ['event', 'events'],
  N: ['normalization', 'normalizations'],
  '*': ['equivalence', 'equivalences'],
  A: ['attribute of an event or relation', 'attributes of events or relations'],
  M: ['modifier of an event', 'modifiers of events'],
  '#': ['note', 'notes'],
};

/** A document's annotations: its .ann, or BioNLP's .a1 (given entities) and .a2 (events, triggers) together. */
async function annotationsOf(annPath: string, io: FormatIO): Promise<string> {
  if (extName(annPath) !== '.a1') return readUtf8Text(io, annPath);
  const a2 = `${stripExt(annPath)}.a2`;
  const a1 = await readUtf8Text(io, annPath);
  return (await io.exists(a2)) ? `${a1}\n${await readUtf8Text(io, a2)}` : a1;
}

/** The record of one document: its text and its entities as spans (UTF-16 offsets), bad ones as problems. */
function documentRecord(
  key: string,
  text: string,
  ann: BratAnn,
  file: string,
  problems: ProblemList,
  counts: { discontinuous: number; mismatched: number },
): TextRecord {
  const at = utf16Offsets(text);
  const length = at ? at.length - 1 : text.length;
  const spans: NonNullable<TextRecord['spans']> = [];
  for (const b of ann.bad) problems.warn(file, `line ${b.line}`, `${b.reason}; left out`);
  for (const e of ann.entities) {
    const start = Math.min(...e.fragments.map((f) => f[0]));
    const end = Math.max(...e.fragments.map((f) => f[1]));
    if (end > length) {
      problems.warn(
        file,
        `line ${e.line}`,
        `${e.id} (${e.type}) ends at ${end}, past the text's ${length} characters; left out`,
      );
      continue;
    }
    if (e.fragments.length > 1) counts.discontinuous++;
    const span = { start: at ? at[start]! : start, end: at ? at[end]! : end };
    const covered = text.slice(span.start, span.end);
    // brat writes a fragment's line breaks as spaces, and a discontinuous entity's fragments joined by one.
    if (
      e.fragments.length === 1 &&
      e.text !== '' &&
      covered.replace(/\s/g, ' ') !== e.text.replace(/\s/g, ' ')
    )
      counts.mismatched++;
    const attributes: Annotation['attributes'] = { ...e.attributes, brat_id: e.id };
    spans.push({ span, label: e.type, attributes });
  }
  return { key, text, origin: file, labels: [], spans };
}

/**
 * Reads brat standoff documents: a folder's `<doc>.txt` files with their `<doc>.ann` (or `.a1`/`.a2`),
 * those of its train/dev/test folders too (the folder names the split), or one .ann file and its .txt.
 * Each document is a text sample keyed by its path below the folder without extension (`train/PMID-1`);
 * each text-bound annotation a span (code point offsets converted to UTF-16), its attributes and notes
 * as attributes, its id kept (`brat_id`) for the way back. Relations, events, normalizations and
 * equivalences are kept verbatim on an entity they name (`brat_lines`), a discontinuous entity's
 * fragments in `brat_fragments`, both written back by the brat export.
 */
export async function readBrat(input: ReadInput): Promise<ReadResult> {
  const { path, io } = input;
  const folder = await io.isDirectory(path);
  const root = folder ? path : dirName(path);
  const files = folder ? await bratPairs(path, io, Number.POSITIVE_INFINITY) : [path];
  const problems = new ProblemList();
  const records: TextRecord[] = [];
  const kept = new Map<string, number>();
  const counts = { discontinuous: 0, mismatched: 0 };
  for (const annPath of files) {
    const relative = relativeInside(root, annPath) ?? baseName(annPath);
    const key = `${input.keyPrefix ? `${input.keyPrefix}/` : ''}${stripExt(relative)}`;
    const text = await readUtf8Text(io, `${stripExt(annPath)}.txt`);
    const ann = parseAnn(await annotationsOf(annPath, io));
    for (const [kind, n] of ann.kept) kept.set(kind, (kept.get(kind) ?? 0) + n);
    const record = documentRecord(key, text, ann, relative, problems, counts);
    const split = folder ? splitOfName(relative) : undefined;
    if (split !== undefined) record.split = split;
    records.push(record);
  }
  const result = textDataset(path, records, input.source, problems.items);
  const spans = records.reduce((n, r) => n + (r.spans?.length ?? 0), 0);
  result.notes = [
    `${counted(records.length, 'document')}, ${counted(spans, 'entity', 'entities')} (brat standoff)`,
  ];
  if (counts.discontinuous > 0)
    result.notes.push(
      `${counted(counts.discontinuous, 'discontinuous entity', 'discontinuous entities')} read as the span from their first fragment to their last (the fragments kept in ${BRAT_FRAGMENTS} for the brat export)`,
    );
  if (counts.mismatched > 0)
    result.notes.push(
      `${counted(counts.mismatched, 'entity', 'entities')} whose quoted text is not the document's at their offsets (offsets counted another way?)`,
    );
  const other = [...kept].map(([k, n]) => counted(n, ...(KINDS[k] ?? [k, k])));
  if (other.length > 0)
    result.notes.push(
      `kept verbatim on the entity they name (attribute ${BRAT_LINES}), written back by the brat export: ${other.join(', ')}`,
    );
  return result;
}
