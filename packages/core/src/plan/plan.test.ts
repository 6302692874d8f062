import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AssayError } from '../errors.js';
import { evaluatePlan } from './evaluate-plan.js';
import { overlapRate } from './overlap-rate.js';
import { parsePlan } from './parse-plan.js';

const KNOWN = new Set(['near_duplicate', 'split_leakage', 'class_imbalance']);

function planError(text: string, pattern: RegExp): void {
  assert.throws(
    () => parsePlan(text, 'plan.yaml', KNOWN),
    (e: unknown) => e instanceof AssayError && e.message.startsWith('plan.yaml') && pattern.test(e.message),
  );
}

describe('overlapRate', () => {
  it("reproduces the guideline's worked example: targets 40%/60%, results 50%/50% -> 81.8%", () => {
    // Korea AI training-data quality guideline (NIA), composition overlap example: 0.9 / 1.1 = 0.8181...
    const r = overlapRate({ cat: 0.4, dog: 0.6 }, { cat: 0.5, dog: 0.5 });
    assert.ok(Math.abs(r - 0.9 / 1.1) < 1e-12);
    assert.equal(Math.round(r * 1000) / 10, 81.8);
  });

  it('counts values missing from either side as 0 there', () => {
    // min: 0.5 + 0 + 0 = 0.5; max: 0.5 + 0.5 + 0.5 = 1.5 -> 1/3
    assert.ok(Math.abs(overlapRate({ cat: 0.5, dog: 0.5 }, { cat: 0.5, bird: 0.5 }) - 1 / 3) < 1e-12);
    assert.equal(overlapRate({ a: 1 }, { a: 1 }), 1);
  });
});

describe('parsePlan', () => {
  it('reads the YAML shape of the issue, and JSON', () => {
    const yaml = `composition:\n  - field: class\n    target: {cat: 0.4, dog: 0.6}\n    min_overlap: 0.9\nlimits:\n  near_duplicate: 0.01\n  split_leakage: 0\n`;
    const plan = parsePlan(yaml, 'plan.yaml', KNOWN);
    assert.deepEqual(plan.composition, [
      { field: 'class', target: { cat: 0.4, dog: 0.6 }, minOverlap: 0.9, unit: 'annotations' },
    ]);
    assert.deepEqual(plan.limits, [
      { type: 'near_duplicate', maxShare: 0.01 },
      { type: 'split_leakage', maxShare: 0 },
    ]);
    const json = parsePlan('{"limits": {"split_leakage": 0}}', 'plan.json', KNOWN);
    assert.deepEqual(json.composition, []);
  });

  it('names the file and key of every mistake', () => {
    planError('composition: [field: class', /not valid YAML or JSON/);
    planError('- 1', /\(top level\) must be a mapping/);
    planError('limits: {near_dupe: 0.1}', /limits\.near_dupe is not an issue type/);
    planError('limits: {near_duplicate: 5}', /limits\.near_duplicate must be a number from 0 to 1, got 5/);
    planError('composition:\n  - target: {a: 1}', /composition\[0\]\.field must name/);
    planError(
      'composition:\n  - field: class\n    target: {cat: 40, dog: 60}',
      /composition\[0\]\.target\.cat must be a number from 0 to 1/,
    );
    planError(
      'composition:\n  - field: class\n    target: {cat: 0.4, dog: 0.5}',
      /composition\[0\]\.target shares sum to 0\.9/,
    );
    planError(
      'composition:\n  - field: class\n    target: {a: 1}\n    min_overlap: 2',
      /composition\[0\]\.min_overlap/,
    );
    planError(
      'composition:\n  - field: class\n    target: {a: 1}\n    unit: images',
      /composition\[0\]\.unit/,
    );
    planError('limit: {split_leakage: 0}', /limit is not a plan key/);
    planError('{}', /has no criteria/);
  });
});

describe('evaluatePlan', () => {
  const samples = [1, 2, 3, 4].map((id) => ({ id, split: id === 4 ? 'test' : 'train' }));
  // 5 cats, 5 dogs: shares 0.5/0.5, the worked example's results
  const annotations = [1, 1, 2, 3, 3, 1, 2, 2, 4, 4].map((sampleId, k) => ({
    sampleId,
    label: k < 5 ? 'cat' : 'dog',
    attributes: { occluded: k % 2 === 0 },
  }));
  const issues = [
    { type: 'near_duplicate', sampleId: 2 },
    { type: 'near_duplicate', sampleId: 2 },
    { type: 'class_imbalance' },
  ];
  const input = { samples, annotations, issues, classes: 2 };

  it('passes and fails composition targets by the overlap rate', () => {
    const plan = parsePlan(
      'composition:\n  - field: class\n    target: {cat: 0.4, dog: 0.6}\n    min_overlap: 0.8',
      'p.yaml',
    );
    const r = evaluatePlan(plan, input);
    assert.ok(Math.abs(r.criteria[0]!.value - 0.9 / 1.1) < 1e-12);
    assert.equal(r.passed, true);
    const strict = evaluatePlan(
      parsePlan('composition:\n  - field: class\n    target: {cat: 0.4, dog: 0.6}', 'p.yaml'),
      input,
    );
    assert.equal(strict.passed, false, 'default min_overlap 0.9 > 0.818');
  });

  it('measures splits, attributes and per-sample shares', () => {
    const plan = parsePlan(
      'composition:\n  - {field: split, target: {train: 0.75, test: 0.25}, min_overlap: 1}\n  - {field: occluded, target: {"true": 0.5, "false": 0.5}, min_overlap: 1}\n  - {field: class, unit: samples, target: {cat: 0.5, dog: 0.5}, min_overlap: 0.5}',
      'p.yaml',
    );
    const r = evaluatePlan(plan, input);
    assert.equal(r.criteria[0]!.value, 1);
    assert.equal(r.criteria[1]!.value, 1);
    // cat in samples 1,2,3 and dog in 1,2,4 -> 3/3 -> shares 0.5/0.5
    assert.equal(r.criteria[2]!.value, 1);
  });

  it('limits the share of flagged samples (or classes for class-level types)', () => {
    const plan = parsePlan(
      'limits: {near_duplicate: 0.25, split_leakage: 0, class_imbalance: 0.4}',
      'p.yaml',
      KNOWN,
    );
    const r = evaluatePlan(plan, input);
    assert.deepEqual(
      r.criteria.map((c) => [c.name, c.value, c.passed]),
      [
        ['limit:near_duplicate', 0.25, true], // 1 distinct sample of 4
        ['limit:split_leakage', 0, true],
        ['limit:class_imbalance', 0.5, false], // 1 class of 2
      ],
    );
    assert.equal(r.passed, false);
  });
});
