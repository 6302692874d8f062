import type { Span } from '../../agree/bio-spans.js';
import type { Annotation } from '../../model/annotation.js';
import type { Sample } from '../../model/sample.js';
import type { WriteInput, WriteResult } from '../define-format.js';
import { groupBySample } from '../group-by-sample.js';
import { joinPath } from '../paths.js';
import { pickWriteSource } from '../pick-write-source.js';
import type { ConllMeta } from './conll-read.js';
import { spansToTags, tagSpans } from './conll-scheme.js';
import { withMiscValue } from './conllu-misc.js';

/** Tokens of a text without CoNLL metadata: its whitespace-separated words and their character offsets. */
function wordsOf(text: string): { tokens: string[]; starts: number[] } {
  const tokens: string[] = [];
  const starts: number[] = [];
  for (const m of text.matchAll(/\S+/g)) {
    tokens.push(m[0]);
    starts.push(m.index);
  }
  return { tokens, starts };
}

/** Character offsets of the tokens in the sample's text (a document's sentences are joined by a line break). */
function tokenStarts(meta: ConllMeta): number[] {
  const starts: number[] = [];
  const firsts = new Set<number>();
  let base = 0;
  for (const s of meta.sentences ?? []) {
    firsts.add(base);
    base += s.tokens;
  }
  const glued = new Set(meta.glued);
  let at = 0;
  meta.tokens.forEach((t, i) => {
    if (i > 0) at += firsts.has(i) ? 1 : glued.has(i - 1) ? 0 : meta.joiner.length;
    starts.push(at);
    at += t.length;
  });
  return starts;
}

/** Token spans of a sample's span annotations: their token offsets, else the tokens their characters cover. */
function tokenSpans(
  spans: readonly Annotation[],
  starts: readonly number[],
  tokens: readonly string[],
): Span[] {
  return spans.flatMap((a) => {
    const s = a.span;
    if (!s || a.label === undefined) return [];
    if (s.tokenStart !== undefined && s.tokenEnd !== undefined)
      return [{ type: a.label, start: s.tokenStart, end: s.tokenEnd }];
    let first = -1;
    let last = -1;
    starts.forEach((st, i) => {
      const end = st + (tokens[i]?.length ?? 0);
      if (end > s.start && st < s.end) {
        if (first < 0) first = i;
        last = i;
      }
    });
    return first < 0 ? [] : [{ type: a.label, start: first, end: last + 1 }];
  });
}

const order = (x: Span, y: Span) =>
  x.start - y.start || x.end - y.end || (x.type < y.type ? -1 : x.type > y.type ? 1 : 0);
const same = (a: readonly Span[], b: readonly Span[]) => {
  const sb = [...b].sort(order);
  return (
    a.length === b.length &&
    [...a].sort(order).every((x, i) => {
      const y = sb[i]!;
      return x.start === y.start && x.end === y.end && x.type === y.type;
    })
  );
};

/**
 * A CoNLL-U word's MISC cell with its tag under the file's key (`NER` for a file that had none): as read
 * when the tag is the one read; a word no mention touches any more loses its Entity value.
 */
function miscCell(meta: ConllMeta, cell: string, tag: string, own: string): string {
  if (tag === own) return cell;
  return withMiscValue(
    cell,
    meta.misc?.key ?? 'NER',
    meta.scheme === 'corefud' && tag === '' ? undefined : tag,
  );
}

/**
 * The token lines of tokens [from, to) of a sample read from CoNLL: the file's own tags when they still
 * say the same spans (so a file is written back byte for byte, invalid sequences included), else the
 * spans in the file's scheme. Spans crossing the range's edges are counted in `cut`.
 */
function tokenLines(
  meta: ConllMeta,
  wanted: readonly Span[],
  from: number,
  to: number,
  cut: { n: number },
): string[] {
  const inside = wanted
    .filter((w) => w.start >= from && w.end <= to)
    .map((w) => ({ ...w, start: w.start - from, end: w.end - from }));
  cut.n += wanted.filter((w) => w.start < to && w.end > from && (w.start < from || w.end > to)).length;
  const own = meta.tags.slice(from, to);
  const tags = same(tagSpans(own, meta.scheme), inside) ? own : spansToTags(to - from, inside, meta.scheme);
  const extra = (meta.extra ?? []).filter(
    ([at]) => at >= from && (at < to || (at === to && to === meta.tokens.length)),
  );
  const lines = meta.tokens
    .slice(from, to)
    .map((t, i) =>
      meta.misc
        ? [
            ...(meta.lead?.[from + i] ?? []),
            t,
            ...(meta.middle?.[from + i] ?? []),
            miscCell(meta, meta.trail?.[from + i]?.[0] ?? '_', tags[i]!, own[i]!),
          ].join(meta.sep)
        : (meta.tagFirst
            ? [tags[i], t, ...(meta.trail?.[from + i] ?? [])]
            : [
                ...(meta.lead?.[from + i] ?? []),
                t,
                ...(meta.middle?.[from + i] ?? []),
                tags[i],
                ...(meta.trail?.[from + i] ?? []),
              ]
          ).join(meta.sep),
    );
  // CoNLL-U's multiword-token and empty-node lines, back before their words (the last ones: after them).
  for (const [at, line] of [...extra].reverse()) lines.splice(at - from, 0, line);
  return lines;
}

/** The lines of one sample: what stood before each sentence, its token lines, its blank lines. */
function sentenceLines(sample: Sample, spans: readonly Annotation[], cut: { n: number }): string[] {
  const meta = (sample.metadata?.conll as ConllMeta | undefined) ?? undefined;
  if (!meta) {
    const { tokens, starts } = wordsOf(sample.text ?? '');
    const tags = spansToTags(tokens.length, tokenSpans(spans, starts, tokens), 'iob2');
    return [...tokens.map((t, i) => `${t}\t${tags[i]}`), ''];
  }
  const wanted = tokenSpans(spans, tokenStarts(meta), meta.tokens);
  const layout = meta.sentences ?? [{ tokens: meta.tokens.length, blank: meta.blank, before: meta.before }];
  const lines: string[] = [];
  let from = 0;
  for (const s of layout) {
    lines.push(...(s.before ?? []), ...tokenLines(meta, wanted, from, from + s.tokens, cut));
    for (let i = 0; i < s.blank; i++) lines.push('');
    from += s.tokens;
  }
  lines.push(...(meta.after ?? []));
  return lines;
}

/**
 * Writes `<split>.conll` per split (`data.conll` without splits): each text sample a sentence (a
 * document read from -DOCSTART- files: its sentences), its spans as tags. A sentence read from CoNLL is written as it was read (comments, -DOCSTART- lines,
 * middle columns, separator, line ends, tag scheme); others are split at whitespace, tagged IOB2.
 */
export async function writeConll(input: WriteInput): Promise<WriteResult> {
  const { dataset } = input;
  const { source, notes } = pickWriteSource(dataset.annotations);
  const mine = dataset.annotations.filter((a) => a.source === source);
  const bySample = groupBySample(mine.filter((a) => a.kind === 'span'));
  const other = mine.filter((a) => a.kind !== 'span').length;
  if (other > 0) notes.push(`${other} annotations that are not text spans not written`);
  const files = new Map<string, string[]>();
  let crlf = false;
  let written = 0;
  const cut = { n: 0 };
  for (const s of dataset.samples) {
    if (s.kind !== 'text') continue;
    const name = `${s.split ?? 'data'}.conll`;
    const lines = files.get(name) ?? [];
    const spans = bySample.get(s.key) ?? [];
    written += spans.length;
    lines.push(...sentenceLines(s, spans, cut));
    files.set(name, lines);
    if ((s.metadata?.conll as ConllMeta | undefined)?.crlf) crlf = true;
  }
  if (cut.n > 0)
    notes.push(
      `${cut.n} spans crossing a sentence boundary not written (a CoNLL chunk lies in one sentence)`,
    );
  const eol = crlf ? '\r\n' : '\n';
  const out: string[] = [];
  for (const [name, lines] of files) {
    const file = joinPath(input.outDir, name);
    await input.io.writeText(file, lines.map((l) => l + eol).join(''));
    out.push(file);
  }
  return { files: out, notes, annotations: written };
}
