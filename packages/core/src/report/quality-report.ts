import type { PlanResult } from '../plan/evaluate-plan.js';

/**
 * The quality characteristics of Korea's AI training-data quality guideline (v3.0) that Assay can
 * measure, each with its measured value and the plan's target (null: the plan sets none).
 */
export interface QualityCharacteristic {
  id:
    | 'criteria_conformance'
    | 'technical_fit'
    | 'statistical_diversity'
    | 'syntactic_accuracy'
    | 'semantic_accuracy'
    | 'validity';
  /** The guideline's name (Korean) and its English gloss. */
  name_ko: string;
  name_en: string;
  /** What the value measures. */
  measure: string;
  /** 0..1, or null when nothing could be measured (e.g. no inspection yet). */
  value: number | null;
  target: number | null;
  /** null when there is no target (or no value). */
  passed: boolean | null;
  details: Record<string, unknown>;
}

export interface QualityInput {
  samples: number;
  /** Samples with an open scan issue of each kind (missing_file, corrupt_file, size_mismatch, ...). */
  scanIssueSamples: Record<string, number>;
  /** Ground-truth annotations, and those with an open schema/geometry issue. */
  annotations: number;
  annotationsWithSyntaxIssues: number;
  syntaxIssueTypes: string[];
  plan: PlanResult | null;
  inspection: {
    id: number;
    judged: number;
    size: number;
    accuracy: number | null;
    low: number | null;
    high: number | null;
    method: string;
    confidence: number;
  } | null;
}

const TECHNICAL = ['missing_file', 'corrupt_file', 'unreadable_file', 'unsupported_format'];
const CONFORMANCE = ['too_large', 'size_mismatch'];

function share(bad: number, total: number): number | null {
  return total === 0 ? null : 1 - bad / total;
}

function sumOf(r: Record<string, number>, keys: string[]): number {
  return keys.reduce((n, k) => n + (r[k] ?? 0), 0);
}

/** The six characteristics from what the project holds. */
export function qualityReport(input: QualityInput): QualityCharacteristic[] {
  const criteria = input.plan?.criteria ?? [];
  const compositions = criteria.filter((c) => c.kind === 'composition');
  const inspectionGate = criteria.find((c) => c.kind === 'inspection');
  const models = criteria.filter((c) => c.kind === 'model');
  const planned = criteria.find((c) => c.kind === 'conformance');
  const minOf = (xs: number[]) => (xs.length === 0 ? null : Math.min(...xs));
  const diversity = minOf(compositions.map((c) => c.value));
  const conformance = share(sumOf(input.scanIssueSamples, CONFORMANCE), input.samples);
  const technical = share(sumOf(input.scanIssueSamples, TECHNICAL), input.samples);
  const validity = minOf(models.map((c) => c.value));
  return [
    planned
      ? {
          id: 'criteria_conformance',
          name_ko: '기준 적합성',
          name_en: 'criteria conformance',
          measure: "share of samples meeting the plan's requirements on resolution, format and file size",
          value: planned.value,
          target: planned.limit,
          passed: planned.passed,
          details: { ...planned.details, issues: pick(input.scanIssueSamples, CONFORMANCE) },
        }
      : {
          id: 'criteria_conformance',
          name_ko: '기준 적합성',
          name_en: 'criteria conformance',
          measure: 'share of samples within the size limits whose declared size matches the file',
          value: conformance,
          target: null,
          passed: null,
          details: { samples: input.samples, issues: pick(input.scanIssueSamples, CONFORMANCE) },
        },
    {
      id: 'technical_fit',
      name_ko: '기술 적합성',
      name_en: 'technical fit',
      measure: 'share of samples that are present, readable, uncorrupted and in a decodable format',
      value: technical,
      target: null,
      passed: null,
      details: { samples: input.samples, issues: pick(input.scanIssueSamples, TECHNICAL) },
    },
    {
      id: 'statistical_diversity',
      name_ko: '통계적 다양성',
      name_en: 'statistical diversity',
      measure: "lowest composition overlap rate of the plan's targets",
      value: diversity,
      target: minOf(compositions.map((c) => c.limit)),
      passed: compositions.length === 0 ? null : compositions.every((c) => c.passed),
      details: { criteria: compositions.map((c) => ({ name: c.name, value: c.value, limit: c.limit })) },
    },
    {
      id: 'syntactic_accuracy',
      name_ko: '구문 정확성',
      name_en: 'syntactic accuracy',
      measure: 'share of ground-truth annotations passing the schema and geometry checks',
      value: share(input.annotationsWithSyntaxIssues, input.annotations),
      target: null,
      passed: null,
      details: {
        annotations: input.annotations,
        with_issues: input.annotationsWithSyntaxIssues,
        checks: input.syntaxIssueTypes,
      },
    },
    {
      id: 'semantic_accuracy',
      name_ko: '의미 정확성',
      name_en: 'semantic accuracy',
      measure: 'label accuracy by sampled inspection (the lower bound of its interval against the target)',
      value: input.inspection?.accuracy ?? null,
      target: inspectionGate?.limit ?? null,
      passed: inspectionGate ? inspectionGate.passed : null,
      details: input.inspection
        ? { ...input.inspection }
        : { reason: 'no inspection: `assay inspect start`, then judge the items' },
    },
    {
      id: 'validity',
      name_ko: '유효성',
      name_en: 'validity',
      measure: "the plan's model evaluations against their targets (lowest value)",
      value: validity,
      target: minOf(models.map((c) => c.limit)),
      passed: models.length === 0 ? null : models.every((c) => c.passed),
      details: {
        criteria: models.map((c) => ({ name: c.name, value: c.value, limit: c.limit, ...c.details })),
      },
    },
  ];
}

function pick(r: Record<string, number>, keys: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) if (r[k]) out[k] = r[k];
  return out;
}

const pct = (v: number | null) => (v === null ? '–' : `${(100 * v).toFixed(1)}%`);

/** The quality report as Markdown: one row per characteristic, then the inspection's interval. */
export function renderQualityMarkdown(release: string, items: readonly QualityCharacteristic[]): string {
  const lines = [
    `# Quality report — ${release}`,
    '',
    "Along the quality characteristics of Korea's AI training-data quality guideline (v3.0). Values Assay",
    'measured; targets from the quality plan given to `assay release --plan` (– where it sets none).',
    '',
    '| characteristic | measure | value | target | result |',
    '| --- | --- | --- | --- | --- |',
    ...items.map(
      (c) =>
        `| ${c.name_ko} (${c.name_en}) | ${c.measure} | ${pct(c.value)} | ${pct(c.target)} | ${
          c.passed === null ? '–' : c.passed ? 'pass' : 'FAIL'
        } |`,
    ),
  ];
  const semantic = items.find((c) => c.id === 'semantic_accuracy');
  const d = semantic?.details as QualityInput['inspection'] | { reason: string } | undefined;
  lines.push('');
  if (d && 'judged' in d && d)
    lines.push(
      `Semantic accuracy: inspection ${d.id}, ${d.judged} of ${d.size} drawn annotations judged; accuracy ${pct(d.accuracy)}, ${d.method} ${(100 * d.confidence).toFixed(0)}% interval ${pct(d.low)} – ${pct(d.high)}.`,
    );
  else lines.push('Semantic accuracy: no sampled inspection yet (`assay inspect start`).');
  return `${lines.join('\n')}\n`;
}
