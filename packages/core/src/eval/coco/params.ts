import type { CocoEvalParams, CocoIouType } from './types.js';

/** NumPy `np.linspace(start, stop, num)`: `i * step + start`, the last value set to `stop` exactly. */
export function linspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num);
  const step = (stop - start) / (num - 1);
  for (let i = 0; i < num; i++) out[i] = i * step + start;
  if (num > 1) out[num - 1] = stop;
  return out;
}

/** COCO's 17 keypoint sigmas (pycocotools `kpt_oks_sigmas`: the listed values / 10). */
export const COCO_KEYPOINT_SIGMAS: readonly number[] = [
  0.26, 0.25, 0.25, 0.35, 0.35, 0.79, 0.79, 0.72, 0.72, 0.62, 0.62, 1.07, 1.07, 0.87, 0.87, 0.89, 0.89,
].map((s) => s / 10);

/** pycocotools' default `Params(iouType)`; `useCats` defaults to true. */
export function defaultCocoParams(iouType: CocoIouType, useCats = true): CocoEvalParams {
  const iouThrs = linspace(0.5, 0.95, Math.round((0.95 - 0.5) / 0.05) + 1);
  const recThrs = linspace(0, 1, Math.round((1 - 0) / 0.01) + 1);
  const big = 1e5 ** 2;
  if (iouType === 'keypoints') {
    return {
      iouType,
      iouThrs,
      recThrs,
      maxDets: [20],
      areaRanges: [
        [0, big],
        [32 ** 2, 96 ** 2],
        [96 ** 2, big],
      ],
      areaLabels: ['all', 'medium', 'large'],
      useCats,
      kptSigmas: Float64Array.from(COCO_KEYPOINT_SIGMAS),
    };
  }
  return {
    iouType,
    iouThrs,
    recThrs,
    maxDets: [1, 10, 100],
    areaRanges: [
      [0, big],
      [0, 32 ** 2],
      [32 ** 2, 96 ** 2],
      [96 ** 2, big],
    ],
    areaLabels: ['all', 'small', 'medium', 'large'],
    useCats,
    kptSigmas: Float64Array.from(COCO_KEYPOINT_SIGMAS),
  };
}
