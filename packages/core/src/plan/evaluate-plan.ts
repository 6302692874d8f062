import type { InspectionEstimate } from '../inspect/accuracy-estimate.js';
import type { AttributeValue } from '../model/annotation.js';
import { type ConformanceSample, measureConformance } from './conformance-criterion.js';
import { overlapRate, toShares } from './overlap-rate.js';
import type {
  CompositionTarget,
  ConformanceTarget,
  InspectionTarget,
  IssueLimit,
  ModelMetric,
  ModelTarget,
  Plan,
} from './plan.js';
import { validatePlanTargets } from './validate-plan-targets.js';

export interface PlanInput {
  samples: ({ id: number; split?: string; metadata?: Record<string, unknown> } & ConformanceSample)[];
  /** Ground-truth annotations. */
  annotations: { sampleId: number; label?: string; attributes?: Record<string, AttributeValue> }[];
  /** Open issues. */
  issues: { type: string; sampleId?: number }[];
  /** Number of classes in the class map (the denominator of class-level issue shares). */
  classes: number;
  /** The class map's names: class targets naming another class are refused (validate-plan-targets.ts). */
  classNames?: string[];
  /** The latest inspection (its estimate at the plan's confidence), or null when none was drawn. */
  inspection?: { id: number; size: number; judged: number; estimate: InspectionEstimate } | null;
  /** The latest evaluation of each prediction source the plan names (absent: never evaluated). */
  evaluations?: Record<string, { run_id: number } & Partial<Record<ModelMetric, number>>>;
}

export interface Criterion {
  /**
   * `composition:<field>`, `limit:<issue type>`, `inspection:accuracy`, `model:<source>:<metric>` or
   * `conformance:samples`.
   */
  name: string;
  kind: 'composition' | 'limit' | 'inspection' | 'model' | 'conformance';
  /** Overlap rate (composition) or share of samples with the issue (limit). */
  value: number;
  /** min_overlap (value must be >= it) or the largest allowed share (value must be <= it). */
  limit: number;
  passed: boolean;
  details: Record<string, unknown>;
}

/** What `assay check --plan --json` prints (with the check summary beside it). */
export interface PlanResult {
  file: string;
  passed: boolean;
  criteria: Criterion[];
}

const bump = (m: Record<string, number>, k: string) => {
  m[k] = (m[k] ?? 0) + 1;
};

/** Counts per value of the target's field, and what was counted. */
function measure(
  t: CompositionTarget,
  input: PlanInput,
): { counts: Record<string, number>; counted: string } {
  const counts: Record<string, number> = {};
  if (t.field === 'split') {
    for (const s of input.samples) bump(counts, s.split ?? 'unassigned');
    return { counts, counted: 'samples per split' };
  }
  const fieldValue =
    t.field === 'class'
      ? (a: PlanInput['annotations'][number]) => a.label
      : (a: PlanInput['annotations'][number]) => {
          const v = a.attributes?.[t.field];
          return v === undefined ? undefined : String(v);
        };
  const perSample = new Map<number, Set<string>>();
  let found = 0;
  for (const a of input.annotations) {
    const v = fieldValue(a);
    if (v === undefined) continue;
    found++;
    if (t.unit === 'annotations') bump(counts, v);
    else {
      let set = perSample.get(a.sampleId);
      if (!set) perSample.set(a.sampleId, (set = new Set()));
      set.add(v);
    }
  }
  for (const set of perSample.values()) for (const v of set) bump(counts, v);
  if (found > 0 || t.field === 'class')
    return {
      counts,
      counted: `ground-truth ${t.unit} per ${t.field === 'class' ? 'class' : `attribute ${t.field}`}`,
    };
  for (const s of input.samples) {
    const v = s.metadata?.[t.field];
    if (v !== undefined && v !== null && typeof v !== 'object') bump(counts, String(v));
  }
  return { counts, counted: `samples per metadata ${t.field}` };
}

function compositionCriterion(t: CompositionTarget, input: PlanInput): Criterion {
  const { counts, counted } = measure(t, input);
  const actual = toShares(counts);
  const value = overlapRate(t.target, actual);
  return {
    name: `composition:${t.field}`,
    kind: 'composition',
    value,
    limit: t.minOverlap,
    passed: value >= t.minOverlap,
    details: { counted, target: t.target, actual, counts },
  };
}

function limitCriterion(l: IssueLimit, input: PlanInput): Criterion {
  const flagged = new Set<number>();
  let withoutSample = 0;
  for (const i of input.issues) {
    if (i.type !== l.type) continue;
    if (i.sampleId === undefined) withoutSample++;
    else flagged.add(i.sampleId);
  }
  const perClass = flagged.size === 0 && withoutSample > 0;
  const denominator = perClass ? input.classes : input.samples.length;
  const count = perClass ? withoutSample : flagged.size;
  const value = denominator === 0 ? 0 : count / denominator;
  return {
    name: `limit:${l.type}`,
    kind: 'limit',
    value,
    limit: l.maxShare,
    passed: value <= l.maxShare,
    details: perClass
      ? { classes: count, of_classes: denominator }
      : { samples: count, of_samples: denominator },
  };
}

/**
 * Label accuracy by sampled inspection: the lower bound of the chosen interval (of the stratified estimate
 * when the inspection was stratified, else of all judged items) must reach the target. No inspection, or
 * one with unjudged items while `require_complete` holds, fails: the gate cannot be shown to pass.
 */
function inspectionCriterion(t: InspectionTarget, input: PlanInput): Criterion {
  const name = 'inspection:accuracy';
  const i = input.inspection;
  if (!i)
    return {
      name,
      kind: 'inspection',
      value: 0,
      limit: t.minAccuracy,
      passed: false,
      details: { reason: 'no inspection: draw one with `assay inspect start`' },
    };
  const e = i.estimate.stratified ?? i.estimate.overall;
  const interval = t.method === 'wilson' ? e.wilson : e.clopper_pearson;
  const value = interval?.low ?? 0;
  const complete = i.judged === i.size;
  const passed = value >= t.minAccuracy && (complete || !t.requireComplete);
  return {
    name,
    kind: 'inspection',
    value,
    limit: t.minAccuracy,
    passed,
    details: {
      inspection: i.id,
      estimate: i.estimate.stratified ? 'stratified' : 'overall',
      method: t.method,
      confidence: i.estimate.confidence,
      accuracy: e.accuracy,
      interval,
      judged: i.judged,
      drawn: i.size,
      ...(complete || !t.requireComplete
        ? {}
        : { reason: `${i.size - i.judged} drawn items are not judged yet` }),
    },
  };
}

function modelCriterion(t: ModelTarget, input: PlanInput): Criterion {
  const name = `model:${t.prediction}:${t.metric}`;
  const run = input.evaluations?.[t.prediction];
  const value = run?.[t.metric];
  return {
    name,
    kind: 'model',
    value: value ?? 0,
    limit: t.min,
    passed: value !== undefined && value >= t.min,
    details: run
      ? {
          run_id: run.run_id,
          metric: t.metric,
          ...(value === undefined ? { reason: `the run has no ${t.metric}` } : {}),
        }
      : { reason: `${t.prediction} has no evaluation: run \`assay eval --pred ${t.prediction}\`` },
  };
}

/** Criteria conformance: the share of samples meeting the plan's resolution, format and size requirements. */
function conformanceCriterion(t: ConformanceTarget, input: PlanInput): Criterion {
  const { value, meeting, misses } = measureConformance(t, input.samples);
  const { minShare, ...requirements } = t;
  return {
    name: 'conformance:samples',
    kind: 'conformance',
    value,
    limit: minShare,
    passed: input.samples.length > 0 && value >= minShare,
    details: {
      samples: input.samples.length,
      meeting,
      missing_by_reason: misses,
      requirements,
      ...(input.samples.length === 0 ? { reason: 'the project has no samples' } : {}),
    },
  };
}

/**
 * Evaluates a plan on measured data. Composition: the overlap rate (overlapRate) of the target shares
 * and the measured shares must reach min_overlap. Limits: the share of samples with at least one open
 * issue of the type must not exceed the limit; for issue types about classes rather than samples
 * (class_imbalance, unused_class, too_few_samples) the share is of the classes in the class map.
 * A target naming no existing field or class is an INVALID_INPUT error naming the plan file and key.
 */
export function evaluatePlan(plan: Plan, input: PlanInput): PlanResult {
  validatePlanTargets(plan, input);
  const criteria = [
    ...plan.composition.map((t) => compositionCriterion(t, input)),
    ...plan.limits.map((l) => limitCriterion(l, input)),
    ...(plan.inspection ? [inspectionCriterion(plan.inspection, input)] : []),
    ...plan.models.map((m) => modelCriterion(m, input)),
    ...(plan.conformance ? [conformanceCriterion(plan.conformance, input)] : []),
  ];
  return { file: plan.file, passed: criteria.every((c) => c.passed), criteria };
}
