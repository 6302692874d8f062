/**
 * Images per second of each bundled model (issue 16) on the five photos of fixtures/photos-skimage,
 * decode and letterbox included, after one warm-up image; and, on the same photos, the face detector's
 * recall and false positives against fixtures/photos-skimage/faces.json (IoU ≥ 0.5, score ≥ 0.5).
 * The baseline is the decode alone (sharp, to the model's input size), measured in the same run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openFaceDetector } from '../packages/core/src/node/models/face-detector.js';
import { decodeLetterboxed } from '../packages/core/src/node/models/onnx-detector.js';
import { openDetector } from '../packages/core/src/node/models/open-detector.js';
import { projectFixture } from '../packages/core/src/test-kit/fixtures.js';

const DIR = projectFixture('photos-skimage');
const FILES = ['astronaut.jpg', 'chelsea.jpg', 'coffee.jpg', 'camera.jpg', 'rocket.jpg'];
const images = FILES.map((f) => new Uint8Array(readFileSync(join(DIR, f))));
const ROUNDS = Number(process.env.ROUNDS ?? 3);

async function rate(label: string, once: (bytes: Uint8Array) => Promise<unknown>): Promise<number> {
  await once(images[0]!);
  const started = performance.now();
  for (let r = 0; r < ROUNDS; r++) for (const bytes of images) await once(bytes);
  const perSecond = (ROUNDS * images.length) / ((performance.now() - started) / 1000);
  console.log(`${label.padEnd(28)} ${perSecond.toFixed(2).padStart(7)} images/s`);
  return perSecond;
}

const decode = await rate('decode only (512×512)', (b) => decodeLetterboxed(b, 512, 512, 'fill', 1e8));
for (const name of ['centernet', 'movenet']) {
  const detector = await openDetector(name);
  const r = await rate(name, (b) => detector.detect([b], { minScore: 0.25, iou: 0.7, maxDetections: 100 }));
  console.log(`  ${(decode / r).toFixed(1)}× the decode time`);
  await detector.close();
}
const faces = await openFaceDetector();
await rate('blazeface', (b) => faces.detect(b, { minScore: 0.5 }));

const truth = JSON.parse(readFileSync(join(DIR, 'faces.json'), 'utf8')) as {
  images: { id: number; file_name: string }[];
  annotations: { image_id: number; bbox: number[] }[];
};
const iou = (a: number[], b: number[]) => {
  const w = Math.min(a[0]! + a[2]!, b[0]! + b[2]!) - Math.max(a[0]!, b[0]!);
  const h = Math.min(a[1]! + a[3]!, b[1]! + b[3]!) - Math.max(a[1]!, b[1]!);
  const i = w > 0 && h > 0 ? w * h : 0;
  return i / (a[2]! * a[3]! + b[2]! * b[3]! - i);
};
let found = 0;
let falsePositives = 0;
for (const [i, file] of FILES.entries()) {
  const id = truth.images.find((x) => x.file_name === file)!.id;
  const gt = truth.annotations.filter((a) => a.image_id === id).map((a) => a.bbox);
  const got = await faces.detect(images[i]!, { minScore: 0.5 });
  if (typeof got === 'string') throw new Error(got);
  const matched = new Set<number>();
  for (const f of got) {
    const best = gt.findIndex((g, k) => !matched.has(k) && iou(f.bbox, g) >= 0.5);
    if (best >= 0) matched.add(best);
    else falsePositives++;
    console.log(
      `  ${file}: face ${f.bbox.map(Math.round).join(',')} score ${f.score.toFixed(2)} ${best >= 0 ? `TP (IoU ${iou(f.bbox, gt[best]!).toFixed(2)})` : 'FP'}`,
    );
  }
  found += matched.size;
}
const total = truth.annotations.length;
console.log(
  `blazeface recall ${found}/${total}, false positives ${falsePositives} on ${FILES.length} photos`,
);
await faces.close();
