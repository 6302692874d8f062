import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { estimateAccuracy } from '../inspect/accuracy-estimate.js';
import { evaluatePlan, type PlanInput } from './evaluate-plan.js';
import { parsePlan } from './parse-plan.js';

const base: PlanInput = { samples: [{ id: 1 }], annotations: [], issues: [], classes: 1 };

describe('issue 14: plan gates on inspection accuracy and model mAP', () => {
  test('the lower bound of the chosen interval against min_accuracy; an unjudged item fails by default', () => {
    const plan = parsePlan('inspection: {min_accuracy: 0.68, method: wilson}\n', 'p.yaml');
    // 18 of 20: Wilson 95% low 0.6989663547715128 (R binom.confint, as statsmodels' results_proportion.py records).
    const estimate = estimateAccuracy([{ name: 'all', population: 500, judged: 20, correct: 18 }]);
    const done = evaluatePlan(plan, { ...base, inspection: { id: 1, size: 20, judged: 20, estimate } });
    assert.equal(done.passed, true);
    assert.ok(Math.abs(done.criteria[0]!.value - 0.6989663547715128) < 1e-9);
    const cp = evaluatePlan(parsePlan('inspection: {min_accuracy: 0.69}\n', 'p.yaml'), {
      ...base,
      inspection: { id: 1, size: 20, judged: 20, estimate },
    });
    assert.equal(cp.passed, false, 'Clopper–Pearson low 0.6830 < 0.69');
    const partial = evaluatePlan(plan, { ...base, inspection: { id: 1, size: 25, judged: 20, estimate } });
    assert.equal(partial.passed, false);
    assert.match(String(partial.criteria[0]!.details.reason), /5 drawn items are not judged/);
    assert.equal(evaluatePlan(plan, { ...base, inspection: null }).passed, false);
  });
  test('a prediction source must reach its metric in its latest evaluation', () => {
    const plan = parsePlan(
      'models:\n  - {prediction: "prediction:a", min_map: 0.5, metric: map50}\n',
      'p.yaml',
    );
    const ok = evaluatePlan(plan, {
      ...base,
      evaluations: { 'prediction:a': { run_id: 3, map: 0.4, map50: 0.61 } },
    });
    assert.deepEqual(
      ok.criteria.map((c) => [c.name, c.value, c.passed]),
      [['model:prediction:a:map50', 0.61, true]],
    );
    assert.equal(evaluatePlan(plan, { ...base, evaluations: {} }).passed, false);
  });
  test('bad gate keys name the file and key', () => {
    assert.throws(
      () => parsePlan('inspection: {min_acc: 0.9}\n', 'q.yaml'),
      /q\.yaml: inspection\.min_acc is not a plan key/,
    );
    assert.throws(
      () => parsePlan('inspection: {min_accuracy: 0.9, method: exact}\n', 'q.yaml'),
      /inspection\.method/,
    );
    assert.throws(
      () => parsePlan('models: [{prediction: a, min_map: 0.5}]\n', 'q.yaml'),
      /models\[0\]\.prediction/,
    );
    assert.throws(
      () => parsePlan('models: [{prediction: "prediction:a", min_map: 50}]\n', 'q.yaml'),
      /from 0 to 1/,
    );
  });
});
