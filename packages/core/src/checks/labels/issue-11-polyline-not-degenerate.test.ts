import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LabelCheckInput } from './label-check-input.js';
import { labelChecks } from './label-checks.js';

describe('issue 11: degenerate_polygon concerns polygons, not polylines', () => {
  it('a two-point polyline (no area by definition) is not flagged; the same points as a polygon are', () => {
    const line = [10, 10, 60, 60];
    const input: LabelCheckInput = {
      classes: ['lane'],
      samples: [{ id: 1, key: 'road.jpg', width: 100, height: 100 }],
      annotations: [
        { id: 1, sampleId: 1, kind: 'polyline', label: 'lane', bbox: [10, 10, 50, 50], points: [line] },
        { id: 2, sampleId: 1, kind: 'polygon', label: 'lane', bbox: [10, 10, 50, 50], points: [line] },
      ],
    };
    const { issues } = labelChecks(input, { minSamplesPerClass: 1, only: new Set(['degenerate_polygon']) });
    assert.deepEqual(
      issues.filter((i) => i.type === 'degenerate_polygon').map((i) => i.annotationId),
      [2],
    );
  });
});
