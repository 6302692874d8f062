import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnnotationState, Edit } from './edit-types.js';
import { parseRuleArgs, parseRuleFile } from './fix-rules.js';
import { type FixInput, type FixIssue, planFixes } from './plan-fixes.js';

const ann = (id: number, patch: Partial<AnnotationState> = {}): AnnotationState => ({
  id,
  sampleId: 1,
  source: 'ground_truth',
  kind: 'bbox',
  label: 'cat',
  bbox: [10, 10, 20, 20],
  ...patch,
});
const input = (annotations: AnnotationState[], issues: FixIssue[]): FixInput => ({
  classes: ['cat', 'dog'],
  annotations,
  imageSizes: new Map([[1, [100, 80]]]),
  issues,
});
const ops = (edits: Edit[]) =>
  edits.map((e) => {
    if (e.op === 'update') return [e.op, e.annotationId, e.set];
    if (e.op === 'delete') return [e.op, e.annotationId];
    if (e.op === 'issue_status') return [e.op, e.id, e.status];
    if (e.op === 'add') return [e.op, e.sampleId, e.kind ?? 'bbox', e.shape];
    return [e.op];
  });

describe('fix rules: apply_suggestions and accept_consensus', () => {
  it("carries out each chosen issue's suggestion and marks it fixed; other types and gone annotations are left", () => {
    const issues: FixIssue[] = [
      { id: 1, type: 'wrong_class', sampleId: 1, annotationId: 1, details: { pred_class: 'dog' } },
      { id: 2, type: 'duplicate_label', sampleId: 1, annotationId: 2, details: {} },
      { id: 3, type: 'out_of_bounds', sampleId: 1, annotationId: 3, details: {} },
      { id: 4, type: 'spurious_label', sampleId: 1, annotationId: 4, details: {} },
      { id: 5, type: 'wrong_class', sampleId: 1, annotationId: 99, details: { pred_class: 'dog' } },
      { id: 6, type: 'label_error', sampleId: 1, annotationId: 1, details: { suggested_class: 'bird' } },
    ];
    const [plan] = planFixes(
      input([ann(1), ann(2), ann(3, { bbox: [90, 70, 20, 20] }), ann(4)], issues),
      parseRuleArgs(['apply_suggestions:types=wrong_class+duplicate_label+out_of_bounds+label_error']),
    );
    assert.deepEqual(ops(plan!.edits), [
      ['update', 1, { label: 'dog' }],
      ['issue_status', 1, 'fixed'],
      ['delete', 2],
      ['issue_status', 2, 'fixed'],
      ['update', 3, { bbox: [90, 70, 10, 10], area: 100 }],
      ['issue_status', 3, 'fixed'],
    ]);
    assert.deepEqual(plan!.skipped.map((s) => s.reason).sort(), [
      'another issue of the same annotation was fixed first',
      'its annotation is gone (deleted or edited by an earlier rule)',
    ]);
  });
  it('accept_consensus sets or adds the ground-truth class label, above a consensus quality', () => {
    const issues: FixIssue[] = [
      {
        id: 1,
        type: 'annotator_disagreement',
        sampleId: 1,
        details: { consensus_class: 'dog', consensus_quality: 0.8 },
      },
      {
        id: 2,
        type: 'annotator_disagreement',
        sampleId: 2,
        details: { consensus_class: 'cat', consensus_quality: 0.9 },
      },
      {
        id: 3,
        type: 'annotator_disagreement',
        sampleId: 3,
        details: { consensus_class: 'cat', consensus_quality: 0.2 },
      },
    ];
    const labels = [ann(1, { kind: 'classification', bbox: undefined })];
    const [plan] = planFixes(
      input(labels, issues),
      parseRuleFile('rules:\n  - accept_consensus: {min_quality: 0.5}\n', 'r.yaml'),
    );
    assert.deepEqual(ops(plan!.edits), [
      ['update', 1, { label: 'dog' }],
      ['issue_status', 1, 'fixed'],
      ['add', 2, 'classification', { label: 'cat' }],
      ['issue_status', 2, 'fixed'],
    ]);
    assert.deepEqual(plan!.skipped, [{ count: 1, reason: 'the consensus quality is under 0.5' }]);
  });
  it('refuses issue types it has no suggestion for', () => {
    assert.throws(() => parseRuleArgs(['apply_suggestions:types=blurry']), /a list of issue types among/);
    assert.throws(() => parseRuleArgs(['apply_suggestions']), /types/);
  });
});
