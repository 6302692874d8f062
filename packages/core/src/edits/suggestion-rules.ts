import { boxClip, ringClip } from '../geometry/clip.js';
import { polygonBbox, polygonsArea } from '../geometry/polygon.js';
import type { Edit } from './edit-types.js';
import type { FixRule } from './fix-rules.js';
import type { FixInput, FixIssue, RulePlan, Working } from './plan-fixes.js';

/** Issue types whose suggested fix `apply_suggestions` knows, and what it does. */
export const SUGGESTION_TYPES: Record<string, string> = {
  wrong_class: "re-class the box to the model's class (pred_class)",
  bad_location: "move the box to the model's box (pred_bbox)",
  missing_label: "add the model's box with its class",
  spurious_label: 'delete the box no prediction supports',
  duplicate_label: 'delete the repeating label (the issue names the later one)',
  out_of_bounds: 'clip the box (and polygon) to the image',
  label_error: 'set the class label to the suggested class (suggested_class)',
  annotator_disagreement: "set the sample's ground-truth class label to the consensus (consensus_class)",
};

type Skips = Map<string, number>;
const skip = (s: Skips, why: string) => s.set(why, (s.get(why) ?? 0) + 1);
const isBox = (v: unknown): v is [number, number, number, number] =>
  Array.isArray(v) && v.length === 4 && v.every((x) => typeof x === 'number' && Number.isFinite(x));

/** The edit that carries out one issue's suggestion (without the status edit), or why not. */
function suggestion(
  rule: FixRule,
  issue: FixIssue,
  w: Working,
  classes: Set<string>,
  sizes: FixInput['imageSizes'],
): Edit | string {
  const d = issue.details ?? {};
  const reason = `${rule.name}: ${issue.type} (issue ${issue.id})`;
  const a = issue.annotationId === undefined ? undefined : w.get(issue.annotationId);
  const needsAnnotation = !['missing_label', 'annotator_disagreement'].includes(issue.type);
  if (needsAnnotation && !a) return 'its annotation is gone (deleted or edited by an earlier rule)';
  if (a && a.source !== rule.source) return `its annotation is not in ${rule.source}`;
  const classNamed = (key: string): string | undefined => {
    const c = d[key];
    return typeof c === 'string' && classes.has(c) ? c : undefined;
  };
  switch (issue.type) {
    case 'wrong_class':
    case 'label_error': {
      const to = classNamed(issue.type === 'wrong_class' ? 'pred_class' : 'suggested_class');
      if (!to) return 'the suggested class is missing or not in the class map';
      return { op: 'update', annotationId: a!.id, set: { label: to }, issueId: issue.id, reason };
    }
    case 'bad_location': {
      if (!isBox(d.pred_bbox)) return 'the issue names no predicted box';
      if (a!.points) return 'a polygon is not moved to a box';
      const b = d.pred_bbox;
      return {
        op: 'update',
        annotationId: a!.id,
        set: { bbox: b, area: b[2] * b[3] },
        issueId: issue.id,
        reason,
      };
    }
    case 'missing_label': {
      const to = classNamed('pred_class');
      if (!to || !isBox(d.pred_bbox) || issue.sampleId === undefined)
        return 'the issue names no predicted class and box';
      const b = d.pred_bbox;
      return {
        op: 'add',
        sampleId: issue.sampleId,
        source: rule.source,
        shape: { label: to, bbox: b, area: b[2] * b[3] },
        issueId: issue.id,
        reason,
      };
    }
    case 'spurious_label':
    case 'duplicate_label':
      return { op: 'delete', annotationId: a!.id, issueId: issue.id, reason };
    case 'out_of_bounds': {
      const size = issue.sampleId === undefined ? undefined : sizes.get(issue.sampleId);
      if (!size || !a!.bbox) return 'the image size is unknown';
      const [W, H] = size;
      const rings = a!.points?.map((r) => ringClip(r, W, H)).filter((r) => r.length > 0);
      const box = rings ? boxClip(polygonBbox(rings) ?? a!.bbox, W, H) : boxClip(a!.bbox, W, H);
      if (!box || (rings && rings.length === 0))
        return { op: 'delete', annotationId: a!.id, issueId: issue.id, reason };
      return {
        op: 'update',
        annotationId: a!.id,
        set: rings
          ? { points: rings, bbox: box, area: polygonsArea(rings) }
          : { bbox: box, area: box[2] * box[3] },
        issueId: issue.id,
        reason,
      };
    }
    case 'annotator_disagreement': {
      const to = classNamed('consensus_class');
      if (!to || issue.sampleId === undefined)
        return 'the consensus class is missing or not in the class map';
      const minQuality = (rule.params.min_quality as number | undefined) ?? 0;
      if (Number(d.consensus_quality ?? 0) < minQuality)
        return `the consensus quality is under ${minQuality}`;
      const labels = [...w.values()].filter(
        (x) => x.sampleId === issue.sampleId && x.source === rule.source && x.kind === 'classification',
      );
      if (labels.length > 1) return `the sample has ${labels.length} class labels in ${rule.source}`;
      if (labels[0]?.label === to) return 'the label is the consensus already';
      if (labels[0])
        return { op: 'update', annotationId: labels[0].id, set: { label: to }, issueId: issue.id, reason };
      return {
        op: 'add',
        sampleId: issue.sampleId,
        source: rule.source,
        kind: 'classification',
        shape: { label: to },
        issueId: issue.id,
        reason,
      };
    }
    default:
      return `no suggested fix for ${issue.type}`;
  }
}

function planSuggestions(
  rule: FixRule,
  types: readonly string[],
  w: Working,
  input: FixInput,
  classes: Set<string>,
): RulePlan {
  const edits: Edit[] = [];
  const skips: Skips = new Map();
  const touched = new Set<number>();
  for (const issue of input.issues ?? []) {
    if (!types.includes(issue.type)) continue;
    if (issue.annotationId !== undefined && touched.has(issue.annotationId)) {
      skip(skips, 'another issue of the same annotation was fixed first');
      continue;
    }
    const e = suggestion(rule, issue, w, classes, input.imageSizes);
    if (typeof e === 'string') {
      skip(skips, e);
      continue;
    }
    if (issue.annotationId !== undefined) touched.add(issue.annotationId);
    edits.push(e, { op: 'issue_status', id: issue.id, status: 'fixed', reason: e.reason ?? rule.name });
  }
  return { rule, newClasses: [], edits, skipped: [...skips].map(([reason, count]) => ({ count, reason })) };
}

/** `apply_suggestions: {types: [...]}`: each open issue of those types fixed as it suggests, marked fixed. */
export function applySuggestions(rule: FixRule, w: Working, input: FixInput, classes: Set<string>): RulePlan {
  return planSuggestions(rule, rule.params.types as string[], w, input, classes);
}

/** `accept_consensus: {min_quality}`: the consensus class of each sample annotators disagree on, as ground truth. */
export function acceptConsensus(rule: FixRule, w: Working, input: FixInput, classes: Set<string>): RulePlan {
  return planSuggestions(rule, ['annotator_disagreement'], w, input, classes);
}
