import { type Histogram, histogram, type Summary, summarize } from './summarize.js';

/** Lengths and languages of a project's text samples (`assay stats`, the report). */
export interface TextStats {
  samples: number;
  /** Characters as Unicode code points. */
  characters: { summary: Summary; histogram: Histogram };
  /** Whitespace-separated tokens. */
  tokens: { summary: Summary; histogram: Histogram };
  /** Samples per stated language (`unknown` when none is stated). */
  languages: Record<string, number>;
}

/** Length summaries and histograms (20 even bins) of texts, and their languages. */
export function computeTextStats(texts: readonly { text?: string; language?: string }[]): TextStats {
  const chars = new Float64Array(texts.length);
  const tokens = new Float64Array(texts.length);
  const languages: Record<string, number> = {};
  texts.forEach((t, i) => {
    const text = t.text ?? '';
    let n = 0;
    for (const _ of text) n++;
    chars[i] = n;
    tokens[i] = text.split(/\s+/u).filter((w) => w !== '').length;
    const language = t.language ?? 'unknown';
    languages[language] = (languages[language] ?? 0) + 1;
  });
  return {
    samples: texts.length,
    characters: { summary: summarize(chars), histogram: histogram(chars) },
    tokens: { summary: summarize(tokens), histogram: histogram(tokens) },
    languages,
  };
}
