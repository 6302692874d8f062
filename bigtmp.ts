import { kittiResultsFor, syntheticKittiLabels } from './packages/core/src/eval/kitti/_kitti-eval-test-kit.ts';
import { evaluateTexts } from './packages/core/src/eval/kitti/_devkit-reference-kit.ts';
const gt = syntheticKittiLabels(1500, 7);
const res = gt.map((t, i) => kittiResultsFor(t, i));
const t0 = performance.now();
const e = evaluateTexts(gt, res);
console.log(`${(performance.now() - t0).toFixed(0)} ms`, e.classes[0]!.metrics['3d']!.apR40);
