import { type ConsensusLabels, consensusLabels } from '../consensus/consensus-labels.js';
import type { LabelMatrix, ProbMatrix } from '../consensus/label-matrix.js';
import { AssayError } from '../errors.js';
import type { NewIssue, StoredAnnotation } from '../store/project-store.js';
import type { Project } from './project.js';
import { type SpanConsensusPart, spanConsensusPart } from './span-consensus-part.js';

export interface RunConsensusOptions {
  /** A prediction source with class probabilities (`prediction:NAME`): CROWDLAB; without, majority vote. */
  prediction?: string;
  signal?: AbortSignal;
}

export interface AnnotatorSummary {
  annotator: string;
  quality: number;
  agreement_with_consensus: number;
  worst_class: string;
  labeled: number;
  per_class: {
    class: string;
    given: number;
    precision: number | null;
    consensus: number;
    recall: number | null;
  }[];
}

export interface ConsensusRunSummary {
  runId: number;
  method: string;
  quality: string;
  prediction: string | null;
  annotators: AnnotatorSummary[];
  samples: number;
  model_weight: number | null;
  issues: Record<string, number>;
  /** What was left out, and why (never silently). */
  skipped: Record<string, number>;
  consensus: { sample: string; label: string; quality: number; agreement: number; annotations: number }[];
  /** Majority-vote span consensus on text samples, when two or more annotators marked spans. */
  spans?: Omit<SpanConsensusPart, 'issues' | 'consensus'> & { consensus: SpanConsensusPart['consensus'] };
}

export const CONSENSUS_ISSUE_TYPES = ['annotator_disagreement'] as const;

const severityOf = (score: number): NewIssue['severity'] =>
  score >= 0.75 ? 'error' : score >= 0.4 ? 'warning' : 'info';
const orNull = (x: number): number | null => (Number.isNaN(x) ? null : x);

interface Gathered {
  labels: LabelMatrix;
  probs?: ProbMatrix;
  sampleIds: number[];
  annotators: string[];
  skipped: Record<string, number>;
}

async function gather(project: Project, options: RunConsensusOptions, numClasses: number): Promise<Gathered> {
  const { store } = project;
  const sources = await store.listSources();
  const names = sources.filter((s) => s.kind === 'annotator').map((s) => s.name);
  if (names.length < 2)
    throw new AssayError(
      'INVALID_INPUT',
      `A consensus needs two or more annotator sources; the project has ${names.length}.`,
      {
        hint: "Import each annotator's labels with `assay import ... --as annotator:NAME`.",
      },
    );
  if (options.prediction && !sources.some((s) => s.name === options.prediction)) {
    const known = sources.filter((s) => s.kind === 'prediction').map((s) => s.name);
    throw new AssayError('NOT_FOUND', `The project has no label source "${options.prediction}".`, {
      hint: known.length
        ? `Known prediction sources: ${known.join(', ')}.`
        : 'Import predictions with `--as prediction:NAME`.',
    });
  }
  const classIndex = new Map((await store.listClasses()).map((c, i) => [c.name, i]));
  const skipped: Record<string, number> = {};
  const skip = (why: string) => {
    skipped[why] = (skipped[why] ?? 0) + 1;
  };
  const votes = new Map<number, Map<string, number>>();
  const probsOf = new Map<number, number[]>();
  const all = await store.listAnnotations(options.prediction ? [...names, options.prediction] : names);
  for (const a of all.filter((x: StoredAnnotation) => x.kind === 'classification')) {
    if (a.source === options.prediction) {
      if (a.probs?.length === numClasses) probsOf.set(a.sampleId, a.probs);
      continue;
    }
    const label = a.label === undefined ? undefined : classIndex.get(a.label);
    if (label === undefined) {
      skip('annotator label without a class');
      continue;
    }
    const row = votes.get(a.sampleId) ?? new Map<string, number>();
    if (row.has(a.source)) skip('second label of one annotator on one sample (first kept)');
    else row.set(a.source, label);
    votes.set(a.sampleId, row);
  }
  let sampleIds = [...votes.keys()].sort((x, y) => x - y);
  if (options.prediction) {
    const without = sampleIds.filter((id) => !probsOf.has(id));
    if (without.length)
      skipped[`sample without ${numClasses} class probabilities from ${options.prediction}`] = without.length;
    sampleIds = sampleIds.filter((id) => probsOf.has(id));
  }
  const annotators = names.filter((n) => sampleIds.some((id) => votes.get(id)!.has(n)));
  if (sampleIds.length === 0 || annotators.length < 2)
    throw new AssayError(
      'INVALID_INPUT',
      'No samples carry classification labels from two or more annotators.',
      {
        hint: 'Consensus works on classification labels; check `assay info` for the annotator sources.',
      },
    );
  const data = new Float64Array(sampleIds.length * annotators.length).fill(Number.NaN);
  sampleIds.forEach((id, r) => {
    const row = votes.get(id)!;
    annotators.forEach((n, c) => {
      const v = row.get(n);
      if (v !== undefined) data[r * annotators.length + c] = v;
    });
  });
  const labels = { data, rows: sampleIds.length, cols: annotators.length };
  if (!options.prediction) return { labels, sampleIds, annotators, skipped };
  const probs = new Float64Array(sampleIds.length * numClasses);
  sampleIds.forEach((id, r) => {
    probs.set(probsOf.get(id)!, r * numClasses);
  });
  return {
    labels,
    probs: { data: probs, rows: sampleIds.length, cols: numClasses },
    sampleIds,
    annotators,
    skipped,
  };
}

function disagreementIssues(g: Gathered, result: ConsensusLabels, classNames: string[]): NewIssue[] {
  const { rows, cols, data } = g.labels;
  const issues: NewIssue[] = [];
  for (let r = 0; r < rows; r++) {
    if (result.numAnnotations[r]! < 2 || result.agreement[r]! >= 1) continue;
    const given: Record<string, string> = {};
    const quality: Record<string, number> = {};
    for (let c = 0; c < cols; c++) {
      const v = data[r * cols + c]!;
      if (Number.isNaN(v)) continue;
      given[g.annotators[c]!] = classNames[v] ?? String(v);
      quality[g.annotators[c]!] = result.labelQuality[r * cols + c]!;
    }
    const consensus = classNames[result.labels[r]!] ?? String(result.labels[r]);
    const agree = Math.round(result.agreement[r]! * result.numAnnotations[r]!);
    const score = Math.min(1, Math.max(0, 1 - result.qualityScores[r]!));
    const list = Object.entries(given).map(([n, l]) => `${n.replace(/^annotator:/, '')} ${l}`);
    issues.push({
      sampleId: g.sampleIds[r]!,
      type: 'annotator_disagreement',
      severity: severityOf(score),
      score,
      reason:
        `Annotators disagree (${list.join(', ')}); consensus ${consensus} with ${agree} of ` +
        `${result.numAnnotations[r]} agreeing, quality ${result.qualityScores[r]!.toFixed(2)}.`,
      details: {
        consensus_class: consensus,
        consensus_quality: result.qualityScores[r],
        agreement: result.agreement[r],
        labels: given,
        label_quality: quality,
        method: result.method,
      },
    });
  }
  return issues;
}

/**
 * `assay consensus`: a consensus label per sample from the project's `annotator:*` classification
 * labels (CROWDLAB with a prediction source's probabilities, else majority vote), each annotator's
 * quality and per-class agreement, and one `annotator_disagreement` issue per disputed sample; on text
 * samples, also a majority-vote consensus of the annotators' spans (span-consensus-part.ts).
 */
export async function runConsensus(
  project: Project,
  options: RunConsensusOptions = {},
): Promise<ConsensusRunSummary> {
  const { store } = project;
  const classNames = (await store.listClasses()).map((c) => c.name);
  const spanPart = await spanConsensusPart(project);
  let gathered: Gathered | undefined;
  try {
    gathered = await gather(project, options, classNames.length);
  } catch (error) {
    // Span-only text projects: no classification labels to vote on, the span consensus alone.
    if (!(spanPart && error instanceof AssayError && error.code === 'INVALID_INPUT')) throw error;
  }
  options.signal?.throwIfAborted();
  if (gathered === undefined) return spanOnly(project, spanPart!);
  const runId = await store.startRun('consensus', { prediction: options.prediction ?? null });
  try {
    const result = consensusLabels(gathered.labels, {
      numClasses: classNames.length,
      ...(gathered.probs ? { probs: gathered.probs } : {}),
    });
    const issues = [...disagreementIssues(gathered, result, classNames), ...(spanPart?.issues ?? [])];
    await store.replaceIssues(runId, [...CONSENSUS_ISSUE_TYPES], issues);
    const keyOf = new Map((await store.listSamples()).map((s) => [s.id, s.key]));
    const name = (i: number) => classNames[i] ?? String(i);
    const summary: ConsensusRunSummary = {
      runId,
      method: result.method,
      quality: result.quality,
      prediction: options.prediction ?? null,
      samples: gathered.labels.rows,
      model_weight: result.modelWeight ?? null,
      annotators: result.annotators.map((a) => ({
        annotator: gathered.annotators[a.annotator]!,
        quality: a.quality,
        agreement_with_consensus: a.agreementWithConsensus,
        worst_class: name(a.worstClass),
        labeled: a.labeled,
        per_class: a.perClass
          .filter((c) => c.given > 0 || c.consensus > 0)
          .map((c) => ({
            class: name(c.class),
            given: c.given,
            precision: orNull(c.precision),
            consensus: c.consensus,
            recall: orNull(c.recall),
          })),
      })),
      issues: { annotator_disagreement: issues.length },
      skipped: gathered.skipped,
      consensus: gathered.sampleIds.map((id, r) => ({
        sample: keyOf.get(id) ?? String(id),
        label: name(result.labels[r]!),
        quality: result.qualityScores[r]!,
        agreement: result.agreement[r]!,
        annotations: result.numAnnotations[r]!,
      })),
      ...(spanPart ? { spans: spanSummary(spanPart) } : {}),
    };
    const { consensus: _c, spans, ...rest } = summary;
    const brief = spans ? { ...rest, spans: { ...spans, consensus: undefined } } : rest;
    await store.finishRun(runId, 'ok', brief, gathered.labels.rows);
    return summary;
  } catch (error) {
    await store.finishRun(runId, 'failed', { error: String(error) });
    throw error;
  }
}

const spanSummary = (p: SpanConsensusPart): NonNullable<ConsensusRunSummary['spans']> => ({
  samples: p.samples,
  annotators: p.annotators,
  consensus: p.consensus,
});

/** A consensus run over annotators' spans only (text projects without classification labels). */
async function spanOnly(project: Project, part: SpanConsensusPart): Promise<ConsensusRunSummary> {
  const { store } = project;
  const runId = await store.startRun('consensus', { prediction: null, spans: true });
  try {
    await store.replaceIssues(runId, [...CONSENSUS_ISSUE_TYPES], part.issues);
    const summary: ConsensusRunSummary = {
      runId,
      method: 'span-majority',
      quality: 'span F1 against the majority',
      prediction: null,
      samples: part.samples,
      model_weight: null,
      annotators: part.annotators.map((a) => ({
        annotator: a.annotator,
        quality: a.f1,
        agreement_with_consensus: a.f1,
        worst_class: '',
        labeled: a.samples,
        per_class: [],
      })),
      issues: { annotator_disagreement: part.issues.length },
      skipped: {},
      consensus: [],
      spans: spanSummary(part),
    };
    const { consensus: _c, spans: _s, ...brief } = summary;
    await store.finishRun(
      runId,
      'ok',
      { ...brief, spans: { samples: part.samples, annotators: part.annotators } },
      part.samples,
    );
    return summary;
  } catch (error) {
    await store.finishRun(runId, 'failed', { error: String(error) });
    throw error;
  }
}
