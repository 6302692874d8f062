/** The byte reader on real COCO files (val2014, 100 images, and its fake box results): the loaders' result. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { sharedFixture } from '../../test-kit/fixtures.js';
import { loadCocoDetections } from './load-detections.js';
import { loadCocoGroundTruth } from './load-ground-truth.js';
import { readCocoDetectionsBytes, readCocoGroundTruthBytes } from './read-coco-bytes.js';

describe('read-coco-bytes on COCO val2014', () => {
  it('reads the ground truth and results as JSON.parse and the loaders', () => {
    const gtBytes = readFileSync(sharedFixture('coco-val2014-100/instances_val2014_100.json'));
    const dtBytes = readFileSync(
      sharedFixture('coco-val2014-100/instances_val2014_fakebbox100_results.json'),
    );
    const slowGt = loadCocoGroundTruth(JSON.parse(gtBytes.toString('utf8')), { iouType: 'bbox' });
    const slowDt = loadCocoDetections(JSON.parse(dtBytes.toString('utf8')), slowGt, { iouType: 'bbox' });
    const fastGt = readCocoGroundTruthBytes(gtBytes);
    assert.ok(fastGt, 'the real ground truth takes the byte reader');
    assert.deepStrictEqual(fastGt, slowGt);
    const fastDt = readCocoDetectionsBytes(dtBytes, fastGt);
    assert.ok(fastDt, 'the real results take the byte reader');
    assert.deepStrictEqual(fastDt, slowDt);
  });
});
