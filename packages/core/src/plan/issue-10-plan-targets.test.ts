/**
 * Issue 10: plan targets naming no existing class or field were counted as values without data and
 * silently lowered the overlap. They are errors naming the plan file, the key and the value, with the
 * close names as a hint.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AssayError } from '../errors.js';
import { closeNames, editDistance } from './close-names.js';
import { evaluatePlan, type PlanInput } from './evaluate-plan.js';
import { parsePlan } from './parse-plan.js';

const input: PlanInput = {
  samples: [
    { id: 1, split: 'train', metadata: { camera: 'a' } },
    { id: 2, split: 'val', metadata: { camera: 'b' } },
  ],
  annotations: [
    { sampleId: 1, label: 'person', attributes: { weather: 'sunny' } },
    { sampleId: 2, label: 'bicycle', attributes: { weather: 'rainy' } },
  ],
  issues: [],
  classes: 3,
  classNames: ['person', 'bicycle', 'motorcycle'],
};

function planOf(yaml: string) {
  return parsePlan(yaml, 'plan.yaml', new Set<string>());
}

function refused(yaml: string, message: RegExp, hint: RegExp): void {
  assert.throws(
    () => evaluatePlan(planOf(yaml), input),
    (e: unknown) =>
      e instanceof AssayError &&
      e.code === 'INVALID_INPUT' &&
      message.test(e.message) &&
      hint.test(e.hint ?? '') &&
      e.message.startsWith('plan.yaml: '),
  );
}

describe('issue 10: plan targets must name what exists', () => {
  it('a misspelt class is an error with the close class names', () => {
    refused(
      'composition:\n  - field: class\n    target: {persn: 0.5, bicycle: 0.5}\n',
      /composition\[0\]\.target names the class "persn"/,
      /Did you mean "person"\?/,
    );
  });

  it('an unknown field is an error listing close fields (attributes, metadata, class, split)', () => {
    refused(
      'composition:\n  - field: wether\n    target: {sunny: 1}\n',
      /composition\[0\]\.field names the field "wether"/,
      /"weather"/,
    );
    refused('composition:\n  - field: zzzzzz\n    target: {x: 1}\n', /"zzzzzz"/, /Known fields: .*"camera"/);
  });

  it('known names pass; a wanted attribute value the data lacks still only lowers the overlap', () => {
    const r = evaluatePlan(
      planOf(
        'composition:\n  - field: class\n    target: {person: 0.5, motorcycle: 0.5}\n    min_overlap: 0\n' +
          '  - field: weather\n    target: {sunny: 0.5, snowy: 0.5}\n    min_overlap: 0\n' +
          '  - field: camera\n    target: {a: 1}\n    min_overlap: 0\n',
      ),
      input,
    );
    assert.equal(r.criteria.length, 3);
    // person 0.5 of the measured, target 0.5 → min 0.5; max: 0.5 (person) + 0.5 (bicycle) + 0.5 (motorcycle) → 1/3.
    assert.ok(Math.abs(r.criteria[0]!.value - 1 / 3) < 1e-12);
  });

  it('a YAML syntax error is told whole: line, column, the reason and the quoted line', () => {
    assert.throws(
      () => parsePlan('composition:\n  - field: class\n    target: {a: 0.5, b: 0.5\n', 'plan.yaml'),
      (e: unknown) =>
        e instanceof AssayError &&
        /^plan\.yaml, line \d+, column \d+ is not valid YAML or JSON: Flow map .*\.\n {4}.*target: \{a: 0\.5, b: 0\.5\n/.test(
          e.message,
        ) &&
        !/:$/.test(e.message.split('\n')[0]!),
    );
  });

  it('close names: edit distance within a third of the name, case-insensitive', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.deepEqual(closeNames('Persn', ['person', 'bicycle', 'persons']), ['person', 'persons']);
    assert.deepEqual(closeNames('xyz', ['person']), []);
  });
});
