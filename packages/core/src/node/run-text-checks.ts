import type { CheckIssue, CheckSkip } from '../checks/check-types.js';
import {
  type LanguageDetector,
  type LanguageGuess,
  loadEldDetector,
} from '../checks/text/language-detector.js';
import { singleAnnotatorClasses } from '../checks/text/single-annotator-class.js';
import { TextChecker } from '../checks/text/text-checker.js';
import type { TextCheckSample } from '../checks/text/text-checks.js';
import { type CheckedSpan, spanIssues } from '../checks/text/text-sample-checks.js';
import { dominantScript } from '../checks/text/text-script.js';
import type { TextLanguageRow } from '../store/project-store.js';
import type { Project } from './project.js';

export interface TextCheckRunOptions {
  /** Label source whose classification labels and spans are checked. */
  source: string;
  only: ReadonlySet<string>;
  languages?: string[];
  /** Keep `{id, key}` of every text sample (for the label checks). */
  keepSamples?: boolean;
  /** Rows per batch read from the store (default 8,192; small in tests, so a sample's spans cross batches). */
  batchSize?: number;
  /** Called between batches; throws to stop. */
  checkpoint?: () => void;
  onStage?: (stage: string) => void;
}

export interface TextCheckRun {
  issues: CheckIssue[];
  skipped: CheckSkip[];
  /** Text samples seen. */
  count: number;
  /** `{id, key}` of each text sample in id order, with `keepSamples`. */
  samples: { id: number; key: string }[];
}

/**
 * The text checks of `assay check` over the store in batches: texts stream from DuckDB with their
 * classification labels into a TextChecker (columns, no object per sample kept); each batch's languages
 * are detected (eld) and saved to text_languages as it goes; spans stream by sample after. Memory grows
 * with the typed columns and the sample keys, not with the texts.
 */
export async function runTextChecks(project: Project, options: TextCheckRunOptions): Promise<TextCheckRun> {
  const { store } = project;
  const { only } = options;
  const checker = new TextChecker({ only, ...(options.languages ? { languages: options.languages } : {}) });
  const samples: { id: number; key: string }[] = [];
  // The detector loads (and the stage shows) only once there is a text: image projects pay nothing.
  let detect: LanguageDetector | undefined;
  let saved = false;
  for await (const batch of store.textCheckBatches(options.source, options.batchSize)) {
    if (checker.count === 0) {
      if (only.has('unexpected_language')) detect = await loadEldDetector();
      options.onStage?.(detect ? 'text checks (with language detection)' : 'text checks');
    }
    const languages: TextLanguageRow[] = [];
    for (const row of batch) {
      const sample: TextCheckSample = row;
      if (detect) {
        const guess: LanguageGuess = detect(row.text);
        sample.detected = guess;
        const script = dominantScript(row.text);
        languages.push({
          sampleId: row.id,
          reliable: guess.reliable,
          ...(guess.language === undefined ? {} : { language: guess.language }),
          ...(script === undefined ? {} : { script }),
        });
      }
      checker.add(sample, row.labels);
      if (options.keepSamples) samples.push({ id: row.id, key: row.key });
    }
    if (detect) {
      await store.saveTextLanguages(languages, { append: saved });
      saved = true;
    }
    options.checkpoint?.();
  }
  if (checker.count === 0) return { issues: [], skipped: [], count: 0, samples };
  if (only.has('overlapping_spans') || only.has('span_boundary')) {
    options.onStage?.('span checks');
    await checkSpans(project, options, checker.issues);
  }
  const { issues, skipped } = checker.finish();
  if (only.has('single_annotator_class')) await annotatorClassIssues(project, issues);
  return { issues, skipped, count: checker.count, samples };
}

/** Span checks, one text at a time (its spans arrive together, by sample, possibly across two batches). */
async function checkSpans(project: Project, options: TextCheckRunOptions, out: CheckIssue[]): Promise<void> {
  const { only, checkpoint } = options;
  let current: { id: number; key: string; text: string } | undefined;
  let spans: CheckedSpan[] = [];
  const flush = () => {
    if (current && spans.length > 0) spanIssues(current, spans, only, out);
    spans = [];
  };
  for await (const batch of project.store.spanCheckBatches(options.source, options.batchSize)) {
    for (const row of batch) {
      if (current?.id !== row.sampleId) {
        flush();
        current = { id: row.sampleId, key: row.key, text: row.text };
      }
      const span: CheckedSpan['span'] = { start: row.start, end: row.end };
      if (row.tokenStart !== undefined) span.tokenStart = row.tokenStart;
      if (row.tokenEnd !== undefined) span.tokenEnd = row.tokenEnd;
      spans.push({ id: row.id, span, ...(row.label === undefined ? {} : { label: row.label }) });
    }
    checkpoint?.();
  }
  flush();
}

/** single_annotator_class over the annotator:* sources' spans. */
async function annotatorClassIssues(project: Project, issues: CheckIssue[]): Promise<void> {
  const names = (await project.store.listSources()).filter((s) => s.kind === 'annotator').map((s) => s.name);
  if (names.length < 2) return;
  const spans = (await project.store.listAnnotations(names)).flatMap((a) =>
    a.kind === 'span' && a.label !== undefined
      ? [{ id: a.id, sampleId: a.sampleId, sampleKey: a.sample, source: a.source, label: a.label }]
      : [],
  );
  singleAnnotatorClasses(spans, issues);
}
