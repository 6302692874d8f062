/**
 * Compares an Assay KITTI evaluation with the devkit's recorded outputs
 * (fixtures/kitti-eval-reference/devkit-reference.json; tool, commit and script in that folder's README).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { projectFixture } from '../../test-kit/fixtures.js';
import { evaluateKitti, type KittiEvaluation } from './evaluate-kitti.js';
import { kittiObjectsFromFrames } from './kitti-objects.js';
import type { KittiMetric } from './kitti-overlap.js';
import { parseKittiEvalLabels } from './parse-kitti-eval-labels.js';

export interface DevkitCase {
  name: string;
  gt: string;
  results: string;
  gt_sha256?: string[];
  results_sha256?: string[];
  /** The devkit's stats files: `car_detection` (image), `car_orientation` (AOS), `_ground` (BEV), `_3d`. */
  stats: Record<string, number[][]>;
  ap: Record<string, { r40: number[]; r11: number[] }>;
}

export interface SyntheticInputs {
  frames: number;
  gt: string[];
  results: Record<string, string[]>;
}

const readJson = (rel: string): unknown =>
  JSON.parse(readFileSync(projectFixture(`kitti-eval-reference/${rel}`), 'utf8'));

export const devkitCases = (): DevkitCase[] =>
  (readJson('devkit-reference.json') as { cases: DevkitCase[] }).cases;
export const syntheticInputs = (): SyntheticInputs => readJson('synthetic-inputs.json') as SyntheticInputs;

/** Evaluates label texts (one per frame) as the devkit read them. */
export function evaluateTexts(gt: readonly string[], results: readonly string[]): KittiEvaluation {
  const g = kittiObjectsFromFrames(
    gt.map((t, i) => parseKittiEvalLabels(t, { path: `gt/${i}`, role: 'ground truth' })),
  );
  const d = kittiObjectsFromFrames(
    results.map((t, i) => parseKittiEvalLabels(t, { path: `dt/${i}`, role: 'results' })),
  );
  return evaluateKitti(g, d);
}

const SUFFIX: Record<KittiMetric, string> = {
  image: 'detection',
  bev: 'detection_ground',
  '3d': 'detection_3d',
};

/**
 * Asserts every devkit stats file has its Assay curve within `tolerance` (the devkit prints 6 decimals),
 * the APs too, and that Assay evaluates exactly the class/metric pairs the devkit wrote. Returns the
 * largest absolute difference seen.
 */
export function assertMatchesDevkit(evaluation: KittiEvaluation, ref: DevkitCase, tolerance = 1e-4): number {
  let worst = 0;
  const close = (actual: number, expected: number, what: string) => {
    const diff = Math.abs(actual - expected);
    worst = Math.max(worst, diff);
    assert.ok(diff <= tolerance, `${ref.name} ${what}: Assay ${actual}, devkit ${expected}`);
  };
  const seen = new Set<string>();
  for (const cls of evaluation.classes) {
    const lower = cls.name.toLowerCase();
    for (const metric of ['image', 'bev', '3d'] as const) {
      const result = cls.metrics[metric];
      const curves: [string, 'precision' | 'aos'][] = [[`${lower}_${SUFFIX[metric]}`, 'precision']];
      if (metric === 'image') curves.push([`${lower}_orientation`, 'aos']);
      for (const [key, field] of curves) {
        const rows = ref.stats[key];
        const computed = field === 'aos' ? result?.curves[0].aos : result?.curves[0].precision;
        assert.equal(computed != null, rows !== undefined, `${ref.name} ${key}: evaluated by one side only`);
        if (!rows || !result) continue;
        seen.add(key);
        rows.forEach((row, d) => {
          const curve = result.curves[d]?.[field] as Float64Array;
          row.forEach((v, i) => {
            close(curve[i] as number, v, `${key} difficulty ${d} sample ${i}`);
          });
          const ap = ref.ap[key] as { r40: number[]; r11: number[] };
          const r40 = field === 'aos' ? result.aosR40 : result.apR40;
          const r11 = field === 'aos' ? result.aosR11 : result.apR11;
          close(r40?.[d] as number, ap.r40[d] as number, `${key} difficulty ${d} R40`);
          close(r11?.[d] as number, ap.r11[d] as number, `${key} difficulty ${d} R11`);
        });
      }
    }
  }
  assert.deepEqual([...seen].sort(), Object.keys(ref.stats).sort());
  return worst;
}
