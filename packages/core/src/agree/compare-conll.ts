/**
 * Span agreement between two tagged versions of one corpus (gold and a system, or two annotators),
 * aligned by position: sentence i of one is sentence i of the other, token by token, whatever the token
 * text says (re-escaped tokens such as `&gt;` → `gt` are common in submissions).
 */
import { AssayError } from '../errors.js';
import { type Span, type SpanScheme, spansFromTags } from './bio-spans.js';
import type { ConllSentence } from './parse-conll.js';
import { type SpanAgreement, spanAgreement } from './span-agreement.js';

export interface TaggedCorpus {
  /** File name, for messages. */
  file: string;
  sentences: ConllSentence[];
}

export interface ConllComparison {
  sentences: number;
  tokens: number;
  /** Tokens whose whole tag (prefix and type) is the same on both sides. */
  token_accuracy: number;
  /** Spans of the reference (gold) side and of the other side. */
  reference_spans: number;
  predicted_spans: number;
  spans: SpanAgreement;
}

/** Every span of a corpus, token indices counted over the whole corpus. */
export function corpusSpans(corpus: TaggedCorpus, scheme: SpanScheme = 'conlleval'): Span[] {
  const out: Span[] = [];
  let offset = 0;
  for (const s of corpus.sentences) {
    for (const span of spansFromTags(s.tags, scheme, offset)) out.push(span);
    offset += s.tags.length;
  }
  return out;
}

/** Throws INVALID_INPUT naming the first sentence where the two corpora stop lining up. */
export function assertAligned(a: TaggedCorpus, b: TaggedCorpus): void {
  const n = Math.max(a.sentences.length, b.sentences.length);
  for (let i = 0; i < n; i++) {
    const x = a.sentences[i];
    const y = b.sentences[i];
    if (x && y && x.tags.length === y.tags.length) continue;
    const where = (s: ConllSentence | undefined, f: string) =>
      s ? `${f} line ${s.line} has ${s.tags.length} tokens` : `${f} has no sentence ${i + 1}`;
    throw new AssayError(
      'INVALID_INPUT',
      `${a.file} and ${b.file} do not line up at sentence ${i + 1}: ${where(x, a.file)}, ${where(y, b.file)}.`,
      {
        hint: 'Both files must tag the same sentences, in the same order, with the same tokens (one per line).',
      },
    );
  }
}

export function compareConll(
  reference: TaggedCorpus,
  predicted: TaggedCorpus,
  scheme: SpanScheme = 'conlleval',
): ConllComparison {
  assertAligned(reference, predicted);
  let tokens = 0;
  let same = 0;
  reference.sentences.forEach((s, i) => {
    const other = predicted.sentences[i]!;
    s.tags.forEach((tag, j) => {
      tokens++;
      if (tag === other.tags[j]) same++;
    });
  });
  const gold = corpusSpans(reference, scheme);
  const pred = corpusSpans(predicted, scheme);
  return {
    sentences: reference.sentences.length,
    tokens,
    token_accuracy: tokens === 0 ? 0 : same / tokens,
    reference_spans: gold.length,
    predicted_spans: pred.length,
    spans: spanAgreement(gold, pred),
  };
}
