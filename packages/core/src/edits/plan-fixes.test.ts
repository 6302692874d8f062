import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AssayError } from '../errors.js';
import type { AnnotationState } from './edit-types.js';
import { parseRuleArgs, parseRuleFile } from './fix-rules.js';
import { type FixInput, planFixes } from './plan-fixes.js';

const box = (
  id: number,
  label: string,
  bbox: [number, number, number, number],
  extra: Partial<AnnotationState> = {},
): AnnotationState => ({ id, sampleId: 1, source: 'ground_truth', kind: 'bbox', label, bbox, ...extra });

const input = (annotations: AnnotationState[], extra: Partial<FixInput> = {}): FixInput => ({
  classes: ['cat', 'dog', 'bird'],
  annotations,
  imageSizes: new Map([[1, [100, 80]]]),
  ...extra,
});

const fails = (fn: () => unknown, pattern: RegExp) =>
  assert.throws(
    fn,
    (e: unknown) => e instanceof AssayError && e.code === 'INVALID_INPUT' && pattern.test(e.message),
  );

describe('fix rules: parsing', () => {
  it('reads the rule file shape of issue 14 and command-line rules', () => {
    const rules = parseRuleFile(
      'rules:\n  - rename_class: {from: hexagon, to: hex}\n  - remove_duplicate_labels: {iou: 0.9}\n  - clip_boxes: {}\n',
      'r.yaml',
    );
    assert.deepEqual(
      rules.map((r) => [r.name, r.params, r.where]),
      [
        ['rename_class', { from: 'hexagon', to: 'hex' }, 'r.yaml, rule 1'],
        ['remove_duplicate_labels', { iou: 0.9 }, 'r.yaml, rule 2'],
        ['clip_boxes', {}, 'r.yaml, rule 3'],
      ],
    );
    const args = parseRuleArgs([
      'merge_classes:from=a+b,to=c',
      'remap_classes:map=a>b;b>a',
      'remove_duplicate_labels',
    ]);
    assert.deepEqual(args[0]!.params, { from: ['a', 'b'], to: 'c' });
    assert.deepEqual(args[1]!.params, { map: { a: 'b', b: 'a' } });
    assert.deepEqual(args[2]!.params, { iou: 0.9 });
  });

  it('names file, rule and key for an unknown rule, key or a bad value', () => {
    fails(
      () => parseRuleFile('rules:\n  - clip_boxes: {}\n  - frobnicate: {}\n', 'r.yaml'),
      /^r\.yaml, rule 2, key "frobnicate": unknown rule/,
    );
    fails(
      () => parseRuleFile('rules:\n  - rename_class: {from: a}\n', 'r.yaml'),
      /rule 1, key "to": rename_class needs "to"/,
    );
    fails(() => parseRuleFile('rules:\n  - clip_boxes: {margin: 2}\n', 'r.yaml'), /key "margin"/);
    fails(
      () => parseRuleFile('rules:\n  - drop_small_boxes: {min_area: -1}\n', 'r.yaml'),
      /key "min_area": expects a number >= 0/,
    );
    fails(() => parseRuleFile('rules: []\n', 'r.yaml'), /non-empty `rules:` list/);
  });
});

describe('fix rules: planning', () => {
  it('remove_duplicate_labels keeps the best of a group: highest score, then area, then lowest id', () => {
    const anns = [
      box(1, 'cat', [10, 10, 20, 20]),
      box(2, 'cat', [10, 10, 20, 20]),
      box(3, 'cat', [10, 10, 20, 20.5]),
      box(4, 'dog', [10, 10, 20, 20]),
      box(5, 'cat', [60, 10, 20, 20]),
    ];
    const [plan] = planFixes(input(anns), parseRuleArgs(['remove_duplicate_labels']));
    // 3 is the largest cat there (IoU with 1 and 2: 400/410 = 0.976 >= 0.9); the dog and the far cat stay.
    assert.deepEqual(
      plan!.edits.map((e) => [e.op, (e as { annotationId: number }).annotationId]),
      [
        ['delete', 1],
        ['delete', 2],
      ],
    );
    const scored = planFixes(
      input([
        box(1, 'cat', [10, 10, 20, 20], { score: 0.2 }),
        box(2, 'cat', [10, 10, 20, 20], { score: 0.9 }),
      ]),
      parseRuleArgs(['remove_duplicate_labels']),
    );
    assert.deepEqual(
      scored[0]!.edits.map((e) => (e as { annotationId: number }).annotationId),
      [1],
    );
  });

  it('clip_boxes clips to the image, deletes what lies outside, and skips samples of unknown size', () => {
    const anns = [
      box(1, 'cat', [90, 70, 20, 20]),
      box(2, 'cat', [120, 10, 5, 5]),
      box(3, 'cat', [10, 10, 5, 5]),
      { ...box(4, 'cat', [0, 0, 5, 5]), sampleId: 2 },
    ];
    const [plan] = planFixes(input(anns), parseRuleArgs(['clip_boxes']));
    assert.deepEqual(plan!.edits[0], {
      op: 'update',
      annotationId: 1,
      set: { bbox: [90, 70, 10, 10] },
      reason: 'clip_boxes: clipped to the 100×80 image',
    });
    assert.equal(plan!.edits[1]!.op, 'delete');
    assert.equal(plan!.edits.length, 2);
    assert.deepEqual(plan!.skipped, [{ count: 1, reason: 'no image size (run `assay scan`)' }]);
  });

  it('class rules: unknown classes fail, new ones are created, remap swaps, later rules see earlier ones', () => {
    fails(
      () => planFixes(input([]), parseRuleArgs(['rename_class:from=cow,to=ox'])),
      /argument 1 .*key "from": the project has no class "cow"/,
    );
    const anns = [box(1, 'cat', [0, 0, 5, 5]), box(2, 'dog', [10, 0, 5, 5]), box(3, 'bird', [20, 0, 5, 5])];
    const plans = planFixes(
      input(anns),
      parseRuleArgs(['remap_classes:map=cat>dog;dog>cat', 'rename_class:from=cat,to=feline']),
    );
    assert.deepEqual(
      plans[0]!.edits.map((e) => [
        (e as { annotationId: number }).annotationId,
        (e as { set: { label: string } }).set.label,
      ]),
      [
        [1, 'dog'],
        [2, 'cat'],
      ],
    );
    // After the swap only annotation 2 is a cat.
    assert.deepEqual(plans[1]!.newClasses, ['feline']);
    assert.deepEqual(
      plans[1]!.edits.map((e) => (e as { annotationId: number }).annotationId),
      [2],
    );
  });

  it('drop_small_boxes and accept_predictions', () => {
    const [drop] = planFixes(
      input([box(1, 'cat', [0, 0, 2, 50]), box(2, 'cat', [0, 0, 10, 10])]),
      parseRuleArgs(['drop_small_boxes:min_side=3']),
    );
    assert.deepEqual(
      drop!.edits.map((e) => (e as { annotationId: number }).annotationId),
      [1],
    );
    const issues = [
      {
        id: 7,
        type: 'missing_label',
        sampleId: 1,
        details: {
          pred_score: 0.9,
          pred_bbox: [1, 2, 3, 4],
          pred_class: 'dog',
          prediction_source: 'prediction:m',
        },
      },
      {
        id: 8,
        type: 'missing_label',
        sampleId: 1,
        details: {
          pred_score: 0.3,
          pred_bbox: [1, 2, 3, 4],
          pred_class: 'dog',
          prediction_source: 'prediction:m',
        },
      },
    ];
    const [accept] = planFixes(input([], { issues }), parseRuleArgs(['accept_predictions:min_score=0.5']));
    assert.deepEqual(
      accept!.edits.map((e) => e.op),
      ['add', 'issue_status'],
    );
    assert.deepEqual((accept!.edits[0] as { shape: unknown }).shape, {
      label: 'dog',
      bbox: [1, 2, 3, 4],
      area: 12,
    });
  });

  it('remove_exact_duplicate_samples keeps the copy with the most labels, then the majority split; exclude_missing_files', () => {
    const samples = [
      { id: 1, key: 'a.jpg', split: 'train', status: 'ok', sha256: 'h1' },
      { id: 2, key: 'b.jpg', split: 'test', status: 'ok', sha256: 'h1' },
      { id: 3, key: 'c.jpg', split: 'test', status: 'ok', sha256: 'h2' },
      { id: 4, key: 'd.jpg', split: 'train', status: 'ok', sha256: 'h2' },
      { id: 5, key: 'e.jpg', split: 'train', status: 'ok', sha256: 'h2' },
      { id: 6, key: 'f.jpg', split: 'train', status: 'corrupt', sha256: null },
    ];
    // b.jpg has a label and a.jpg none: b stays. Of c, d, e (no labels), train is the majority: d stays.
    const plans = planFixes(
      input([{ ...box(1, 'cat', [0, 0, 5, 5]), sampleId: 2 }], { samples }),
      parseRuleArgs(['remove_exact_duplicate_samples', 'exclude_missing_files']),
    );
    assert.deepEqual(
      plans[0]!.edits.map((e) => (e as { sampleId: number }).sampleId),
      [1, 3, 5],
    );
    assert.deepEqual(
      plans[1]!.edits.map((e) => [e.op, (e as { sampleId: number }).sampleId]),
      [['exclude', 6]],
    );
  });
});
