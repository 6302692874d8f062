/**
 * The full conversion matrix (issue 11, "Done when"): a generated dataset with boxes, polygons,
 * keypoints with named points, image-level labels, three splits and attributes is written with every
 * format that writes (A) and read back, then written with every format (B) and read back again. What
 * comes back equals what A and B both hold (HOLDS in _cross-format-matrix-kit.ts: counts, sample files,
 * splits, attributes, boxes and keypoints within 0.5 px, 1 px for VOC's integer pixels), and whatever B
 * cannot hold is stated in its writer's notes; the count B's writer reports is what it wrote.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Annotation } from '../model/annotation.js';
import { createNodeFormatIO } from '../node/fs-format-io.js';
import { formatOf, locateWritten } from './_cross-format-kit.js';
import { carry, fileOf, HOLDS, type Holds, matrixDataset, rows } from './_cross-format-matrix-kit.js';
import { emptyLookup, renderImage } from './conformance.js';
import type { Dataset, ReadResult } from './dataset.js';
import { formats } from './index.js';
import { toPosix } from './paths.js';

const io = createNodeFormatIO();
// Image formats: text formats (no HOLDS row) keep texts, which this image dataset has none of.
const WRITERS = formats.filter((f) => f.write && HOLDS[f.id]).map((f) => f.id);
const tolerance = (id: string) => (id === 'voc' ? 1 : 0.5);

interface Step {
  back: ReadResult;
  notes: string[];
  written: number;
}

async function step(id: string, dataset: Dataset, imagesRoot: string, outDir: string): Promise<Step> {
  const format = formatOf(id);
  assert.ok(format.write);
  const out = toPosix(outDir);
  const w = await format.write({ dataset, imagesRoot: toPosix(imagesRoot), outDir: out, io });
  if (w.annotations === 0)
    return { back: { ...dataset, annotations: [], imagesRoot, problems: [] }, notes: w.notes, written: 0 };
  const back = await format.read({
    path: locateWritten(id, out),
    source: 'ground_truth',
    io,
    lookup: emptyLookup,
  });
  return { back, notes: w.notes, written: w.annotations };
}

function near(a: readonly number[] | undefined, b: readonly number[] | undefined, tol: number): boolean {
  if (!a || !b || a.length !== b.length) return false;
  return a.every((v, i) => Math.abs(v - (b[i] ?? Number.NaN)) <= tol);
}

/** Visible keypoint coordinates, by the class's point names (names may be fewer after a format). */
function placed(a: Annotation, names: string[] | undefined): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  const kp = a.keypoints ?? [];
  for (let i = 0; i + 2 < kp.length; i += 3)
    if ((kp[i + 2] ?? 0) > 0) out.set(names?.[i / 3] ?? String(i / 3), [kp[i] ?? 0, kp[i + 1] ?? 0]);
  return out;
}

function assertSame(got: ReadResult, want: Dataset, tol: number, what: string): void {
  assert.deepEqual(
    got.samples.map((s) => fileOf(s.key)).sort(),
    want.samples.map((s) => fileOf(s.key)).sort(),
    `${what}: sample files`,
  );
  const splits = new Map(got.samples.map((s) => [fileOf(s.key), s.split]));
  for (const s of want.samples)
    if (s.split) assert.equal(splits.get(fileOf(s.key)), s.split, `${what}: split of ${s.key}`);
  const g = rows(got.annotations);
  const e = rows(want.annotations);
  assert.deepEqual([...g.keys()].sort(), [...e.keys()].sort(), `${what}: sample | label | kind`);
  const namesOf = (d: { classes: { name: string; keypoints?: string[] }[] }, label?: string) =>
    d.classes.find((c) => c.name === label)?.keypoints;
  for (const [key, list] of e) {
    const back = g.get(key) ?? [];
    assert.equal(back.length, list.length, `${what}: count of ${key}`);
    list.forEach((x, i) => {
      const y = back[i] as Annotation;
      if (x.bbox) assert.ok(near(y.bbox, x.bbox, tol), `${what}: ${key} box [${y.bbox}] vs [${x.bbox}]`);
      if (x.points) assert.ok(near(y.points?.flat(), x.points.flat(), tol), `${what}: ${key} points`);
      if (x.keypoints) {
        const a = placed(x, namesOf(want, x.label));
        const b = placed(y, namesOf(got, y.label));
        assert.deepEqual([...b.keys()], [...a.keys()], `${what}: ${key} point names`);
        for (const [n, p] of a) assert.ok(near(b.get(n), p, tol), `${what}: ${key} point ${n}`);
      }
      for (const [k, v] of Object.entries(x.attributes ?? {}))
        assert.equal(String(y.attributes?.[k]), String(v), `${what}: ${key} attribute ${k}`);
    });
  }
}

/** Every kind B drops or turns into a box, and a split B cannot hold, is in B's notes. */
function assertStated(input: Dataset, holds: Holds, notes: string[], what: string): void {
  const kinds = new Set(input.annotations.map((a) => a.kind));
  for (const kind of kinds) {
    if (holds.kinds.includes(kind)) continue;
    const note = holds.noted[kind];
    assert.ok(note, `${what}: HOLDS names the note for ${kind}`);
    assert.ok(
      notes.some((n) => note.test(n)),
      `${what}: ${kind} loss stated (${note}) in ${JSON.stringify(notes)}`,
    );
  }
  if (holds.keypointExtent && kinds.has('keypoints')) {
    const note = holds.noted.keypointBox;
    assert.ok(
      note && notes.some((n) => note.test(n)),
      `${what}: keypoint boxes stated in ${JSON.stringify(notes)}`,
    );
  }
  if (!holds.splits && input.samples.some((s) => s.split)) {
    const note = holds.noted.split;
    assert.ok(
      note && notes.some((n) => note.test(n)),
      `${what}: lost splits stated in ${JSON.stringify(notes)}`,
    );
  }
}

describe('cross-format matrix: every writer → every reader', () => {
  let dir = '';
  let images = '';
  const source = matrixDataset();
  const first = new Map<string, Step>();

  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-matrix-')));
    images = `${dir}/source`;
    for (const [i, s] of source.samples.entries())
      await renderImage(`${images}/${s.key}`, s.width ?? 32, s.height ?? 32, i + 1);
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('the dataset has every kind, three splits and attributes', () => {
    assert.deepEqual([...new Set(source.annotations.map((a) => a.kind))].sort(), [
      'bbox',
      'classification',
      'keypoints',
      'polygon',
    ]);
    assert.deepEqual([...new Set(source.samples.map((s) => s.split))], ['train', 'val', 'test']);
    assert.deepEqual(WRITERS.sort(), Object.keys(HOLDS).sort(), 'HOLDS covers every format that writes');
  });

  for (const a of WRITERS) {
    const holdsA = HOLDS[a] as Holds;
    it(`${a}: write → read holds ${holdsA.why}`, async () => {
      const s = await step(a, source, images, `${dir}/${a}`);
      first.set(a, s);
      const want = carry(source, holdsA);
      assert.equal(s.written, want.annotations.length, `${a}: the count written`);
      assert.deepEqual(
        s.back.problems.filter((p) => p.severity === 'error'),
        [],
        `${a} reads its own output`,
      );
      assertSame(s.back, want, tolerance(a), a);
      assertStated(source, holdsA, s.notes, a);
    });
    for (const b of WRITERS) {
      const holdsB = HOLDS[b] as Holds;
      it(`${a} → ${b}`, async () => {
        const fromA = first.get(a) ?? (await step(a, source, images, `${dir}/${a}-again`));
        const input = fromA.back;
        const s = await step(b, input, input.imagesRoot, `${dir}/${a} to ${b}`);
        const want = carry(carry(source, holdsA), holdsB);
        assert.equal(s.written, want.annotations.length, `${a} → ${b}: the count written`);
        if (s.written === 0) {
          assert.ok(s.notes.length > 0, `${a} → ${b}: writing nothing is explained`);
          return;
        }
        assert.deepEqual(
          s.back.problems.filter((p) => p.severity === 'error'),
          [],
          `${a} → ${b} reads back`,
        );
        assertSame(s.back, want, Math.max(tolerance(a), tolerance(b)), `${a} → ${b}`);
        assertStated(input, holdsB, s.notes, `${a} → ${b}`);
      });
    }
  }
});
