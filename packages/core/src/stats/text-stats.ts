import { type Histogram, histogram, type Summary, summarize } from './summarize.js';

/** Lengths and languages of a project's text samples (`assay stats`, the report). */
export interface TextStats {
  samples: number;
  /** Characters as Unicode code points. */
  characters: { summary: Summary; histogram: Histogram };
  /** Whitespace-separated tokens. */
  tokens: { summary: Summary; histogram: Histogram };
  /** Samples per language: stated, else reliably detected by `assay check`, else `unknown`. */
  languages: Record<string, number>;
  /** Samples per dominant script (`assay check` detects it), when any was detected. */
  scripts?: Record<string, number>;
}

/** One text as the statistics read it: its text, stated language, and what `assay check` detected. */
export interface TextStatsInput {
  text?: string;
  language?: string;
  detectedLanguage?: string;
  script?: string;
}

/** Length summaries and histograms (20 even bins) of texts, and their languages. */
export function computeTextStats(texts: readonly TextStatsInput[]): TextStats {
  const chars = new Float64Array(texts.length);
  const tokens = new Float64Array(texts.length);
  const languages: Record<string, number> = {};
  const scripts: Record<string, number> = {};
  texts.forEach((t, i) => {
    const text = t.text ?? '';
    let n = 0;
    for (const _ of text) n++;
    chars[i] = n;
    tokens[i] = text.split(/\s+/u).filter((w) => w !== '').length;
    const language = t.language ?? t.detectedLanguage ?? 'unknown';
    languages[language] = (languages[language] ?? 0) + 1;
    if (t.script !== undefined) scripts[t.script] = (scripts[t.script] ?? 0) + 1;
  });
  return {
    samples: texts.length,
    characters: { summary: summarize(chars), histogram: histogram(chars) },
    tokens: { summary: summarize(tokens), histogram: histogram(tokens) },
    languages,
    ...(Object.keys(scripts).length > 0 ? { scripts } : {}),
  };
}
