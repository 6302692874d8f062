import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ANNOTATION_KINDS, type AnnotationKind } from '../model/annotation.js';
import { mulberry32 } from '../random/mulberry32.js';
import { type AnnotationColumns, allocAnnotationColumns } from '../store/annotation-columns.js';
import type { EvalMatchRow } from '../store/project-store.js';
import type { ProjectObject } from './annotations-to-coco.js';
import { evaluateProjectDetectionColumns, evaluateProjectDetections } from './project-detection.js';

/**
 * Issue 12: project-mode box evaluation from typed columns (columnsToCoco) must give exactly what the
 * object path gives (annotationsToCoco + the COCO loaders), including the objects it leaves out, the
 * areas it fills in, its warnings and every stored match row.
 */
const classes = [
  { id: 1, name: 'cat', cocoId: 17 },
  { id: 2, name: 'dog', cocoId: 18 },
  { id: 3, name: 'bird', cocoId: 16 },
];
const samples = Array.from({ length: 40 }, (_, i) => ({
  id: i + 1,
  cocoId: 1000 - 7 * i,
  key: `img${i}.jpg`,
  ...(i % 9 === 4 ? {} : { width: 640, height: 480 }),
}));

interface Made {
  objects: ProjectObject[];
  columns: AnnotationColumns;
}

/** Seeded annotations of one source with every case the conversion treats apart. */
function make(seed: number, prediction: boolean, firstId: number): Made {
  const random = mulberry32(seed);
  const n = 400;
  const objects: ProjectObject[] = [];
  const c = allocAnnotationColumns(n);
  for (let i = 0; i < n; i++) {
    const r = random();
    const kind: AnnotationKind =
      r < 0.05 ? 'classification' : r < 0.1 ? 'keypoints' : r < 0.3 ? 'polygon' : 'bbox';
    const classId = random() < 0.04 ? -1 : random() < 0.03 ? 99 : 1 + Math.floor(random() * 3);
    const hasBox = random() > 0.03;
    const box = [random() * 500, random() * 400, 1 + random() * 120, 1 + random() * 90];
    const area = random() < 0.1 ? undefined : random() < 0.05 ? Number.NaN : box[2]! * box[3]! * 0.8;
    const crowd = !prediction && random() < 0.03;
    const score = !prediction ? undefined : random() < 0.03 ? undefined : Math.round(random() * 1000) / 1000;
    const sampleId = 1 + Math.floor(random() * samples.length);
    const id = firstId + i * 3;
    const o: ProjectObject = { id, sampleId, kind, source: prediction ? 'prediction:m' : 'ground_truth' };
    if (classId >= 0) o.label = classes.find((k) => k.id === classId)?.name ?? `class ${classId}`;
    if (hasBox) o.bbox = box as [number, number, number, number];
    if (area !== undefined) o.area = area;
    if (crowd) o.iscrowd = true;
    if (score !== undefined) o.score = score;
    objects.push(o);
    c.id[i] = id;
    c.sampleId[i] = sampleId;
    c.classId[i] = classId;
    c.kind[i] = ANNOTATION_KINDS.indexOf(kind) + 1;
    const [x, y, w, h] = hasBox ? box : [Number.NaN, Number.NaN, Number.NaN, Number.NaN];
    c.x[i] = x!;
    c.y[i] = y!;
    c.w[i] = w!;
    c.h[i] = h!;
    c.hasBox[i] = hasBox ? 1 : 0;
    c.area[i] = area ?? Number.NaN;
    c.hasArea[i] = area === undefined ? 0 : 1;
    c.iscrowd[i] = crowd ? 1 : 0;
    c.score[i] = score ?? Number.NaN;
  }
  return { objects, columns: c };
}

describe('issue 12: box evaluation from typed columns', () => {
  for (const seed of [1, 2, 3]) {
    it(`equals the object path (seed ${seed})`, () => {
      const gt = make(seed, false, 1);
      const pred = make(seed + 100, true, 5000);
      const common = { samples, classes, iou: 0.5 };
      const a = evaluateProjectDetections({ ...common, gt: gt.objects, pred: pred.objects, iouType: 'bbox' });
      const b = evaluateProjectDetectionColumns({
        ...common,
        columns: { gt: gt.columns, pred: pred.columns },
      });
      assert.deepEqual(b.summary, a.summary);
      assert.deepEqual(b.skipped, a.skipped);
      assert.deepEqual(b.warnings, a.warnings);
      assert.deepEqual(b.samples, a.samples);
      assert.deepEqual(b.totals, a.totals);
      const rows = (m: Iterable<EvalMatchRow>) => [...m];
      const left = rows(a.matches);
      assert.ok(left.length > 300, `${left.length} match rows`);
      assert.deepEqual(rows(b.matches), left);
      assert.ok(a.skipped.length >= 3, 'the seeds exercise the skip reasons');
    });
  }

  it('refuses a stored non-finite box as the loader does', () => {
    const gt = make(4, false, 1);
    const pred = make(5, true, 5000);
    const i = [...gt.columns.kind].findIndex(
      (k, j) => k === 2 && gt.columns.hasBox[j] && gt.columns.classId[j]! > 0 && gt.columns.classId[j]! < 4,
    );
    gt.columns.w[i] = Number.NaN;
    gt.objects[i]!.bbox![2] = Number.NaN;
    const common = { samples, classes, iou: 0.5 };
    const message = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return (error as Error).message;
      }
      return 'no error';
    };
    const expected = message(() =>
      evaluateProjectDetections({ ...common, gt: gt.objects, pred: pred.objects, iouType: 'bbox' }),
    );
    assert.match(expected, /no valid "bbox"/);
    assert.equal(
      message(() =>
        evaluateProjectDetectionColumns({ ...common, columns: { gt: gt.columns, pred: pred.columns } }),
      ),
      expected,
    );
  });
});
