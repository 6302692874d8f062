/**
 * Issue 10: classification label errors leave out samples whose image scan found missing or corrupt,
 * counted as a skip reason (the detection side is tested end to end in the CLI).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoredAnnotation } from '../store/project-store.js';
import { collectLabelExamples } from './label-examples.js';
import { usableSamples } from './run-detection-issues.js';

function label(
  id: number,
  sampleId: number,
  source: string,
  name: string,
  probs?: number[],
): StoredAnnotation {
  return {
    id,
    sampleId,
    source,
    kind: 'classification',
    label: name,
    ...(probs ? { probs } : {}),
  } as StoredAnnotation;
}

describe('issue 10: unusable images in label analyses', () => {
  it('collectLabelExamples skips samples scan found missing or corrupt, by reason', () => {
    const annotations = [1, 2, 3].flatMap((s) => [
      label(s * 10, s, 'ground_truth', 'cat'),
      label(s * 10 + 1, s, 'prediction:m', 'cat', [0.9, 0.1]),
    ]);
    const examples = collectLabelExamples(annotations, {
      labels: 'ground_truth',
      prediction: 'prediction:m',
      classes: ['cat', 'dog'],
      unusable: new Map([[2, 'corrupt']]),
    });
    assert.deepEqual(examples.sampleIds, [1, 3]);
    assert.deepEqual(examples.skipped, { 'image corrupt (assay scan)': 1 });
  });

  it('usableSamples counts what it leaves out by scan status', () => {
    const samples = ['ok', 'missing', 'corrupt', 'too_large', 'missing', 'pending'].map((status, id) => ({
      id,
      probe: { status },
    }));
    const { usable, skipped } = usableSamples(samples);
    assert.deepEqual(
      usable.map((s) => s.id),
      [0, 3, 5],
    );
    assert.deepEqual(skipped, { missing: 2, corrupt: 1 });
  });
});
