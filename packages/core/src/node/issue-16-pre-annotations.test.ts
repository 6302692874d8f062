/**
 * Issue 16, pre-annotations out and back: a prediction source exported for Label Studio (as
 * `predictions` with `model_version` and scores) and for CVAT (shapes marked `source="auto"`, score as an
 * attribute), edited there (here: by rewriting the files as a labeller would: one class changed, one
 * object deleted, the prediction accepted as an annotation) and imported back as an annotator or as
 * ground truth lands on the same samples: no sample is added, every annotation names a known sample.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { exportDataset } from './export-dataset.js';
import { importDataset } from './import-dataset.js';
import { initProject, openProject, type Project } from './project.js';

interface LsTask {
  data: { image: string };
  annotations: unknown[];
  predictions: {
    model_version: string;
    score?: number;
    result: { value: { rectanglelabels: string[] }; score?: number }[];
  }[];
}

describe('issue 16: pre-annotations out to Label Studio and CVAT and back', () => {
  let dir = '';
  let project: Project;
  const images = () => join(dir, 'images');
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-pre-annotations-'));
    await mkdir(join(images(), 'sub'), { recursive: true });
    const files = ['a.png', 'b.png', 'sub/c.png'];
    for (const f of files)
      await sharp({ create: { width: 80, height: 60, channels: 3, background: '#888' } })
        .png()
        .toFile(join(images(), f));
    const coco = (scores: boolean) => ({
      images: files.map((f, i) => ({ id: i + 1, file_name: f, width: 80, height: 60 })),
      categories: [
        { id: 1, name: 'cat' },
        { id: 2, name: 'dog' },
      ],
      annotations: files.flatMap((_, i) => [
        {
          id: 2 * i + 1,
          image_id: i + 1,
          category_id: 1,
          bbox: [5, 5, 20, 20],
          ...(scores ? { score: 0.9 } : {}),
        },
        {
          id: 2 * i + 2,
          image_id: i + 1,
          category_id: 2,
          bbox: [40, 20, 30, 30],
          ...(scores ? { score: 0.6 } : {}),
        },
      ]),
    });
    await writeFile(join(dir, 'gt.json'), JSON.stringify(coco(false)));
    await writeFile(join(dir, 'pred.json'), JSON.stringify(coco(true)));
    await initProject(join(dir, 'p'));
    project = await openProject(join(dir, 'p'));
    await importDataset(project, { format: 'coco', path: join(dir, 'gt.json'), images: images() });
    await importDataset(project, {
      format: 'coco',
      path: join(dir, 'pred.json'),
      images: images(),
      source: 'prediction:det',
      sourceGiven: true,
    });
  });
  after(async () => {
    await project.close();
    await rm(dir, { recursive: true, force: true });
  });

  const sampleIds = async () => (await project.store.listSamples()).map((s) => s.id).sort();

  it('Label Studio: predictions with model_version and scores; edited and imported as an annotator', async () => {
    const out = join(dir, 'ls');
    const r = await exportDataset(project, {
      format: 'label-studio',
      outDir: out,
      sources: ['prediction:det'],
      images: 'none',
    });
    assert.equal(r.annotations, 6);
    const tasks = JSON.parse(await readFile(join(out, 'label-studio.json'), 'utf8')) as LsTask[];
    assert.deepEqual(tasks.map((t) => t.data.image).sort(), ['a.png', 'b.png', 'sub/c.png']);
    for (const t of tasks) {
      assert.equal(t.annotations.length, 0);
      assert.equal(t.predictions[0]?.model_version, 'det');
      assert.deepEqual(
        t.predictions[0]?.result.map((x) => x.score),
        [0.9, 0.6],
      );
      assert.ok(
        Math.abs((t.predictions[0]?.score ?? 0) - 0.75) < 1e-9,
        'task score: the mean of its results',
      );
    }
    // The labeller accepts the predictions, turns the dog on b.png into a cat and deletes the cat on a.png.
    const edited = tasks.map((t) => {
      const result = t.predictions[0]!.result.map(({ score: _s, ...x }) => x);
      if (t.data.image === 'b.png') result[1]!.value.rectanglelabels = ['cat'];
      return {
        ...t,
        predictions: [],
        annotations: [
          { id: 1, completed_by: 7, result: t.data.image === 'a.png' ? result.slice(1) : result },
        ],
      };
    });
    await writeFile(join(dir, 'ls-edited.json'), JSON.stringify(edited));
    const before = await sampleIds();
    const back = await importDataset(project, {
      format: 'label-studio',
      path: join(dir, 'ls-edited.json'),
      images: images(),
      source: 'annotator:7',
      sourceGiven: true,
    });
    assert.deepEqual(await sampleIds(), before, 'no sample added');
    assert.equal(back.annotations.total, 5);
    const bob = await project.store.listAnnotations(['annotator:7']);
    const keyOf = new Map((await project.store.listSamples()).map((s) => [s.id, s.key]));
    assert.deepEqual(bob.map((a) => `${keyOf.get(a.sampleId)} ${a.label}`).sort(), [
      'a.png dog',
      'b.png cat',
      'b.png cat',
      'sub/c.png cat',
      'sub/c.png dog',
    ]);
  });

  it('CVAT: shapes marked auto with their score; edited and imported as ground truth of a new source', async () => {
    const out = join(dir, 'cvat');
    const r = await exportDataset(project, {
      format: 'cvat',
      outDir: out,
      sources: ['prediction:det'],
      images: 'none',
    });
    assert.equal(r.annotations, 6);
    const xml = await readFile(join(out, 'annotations.xml'), 'utf8');
    assert.equal(xml.match(/<box [^>]*source="auto"/g)?.length, 6);
    assert.match(xml, /<attribute name="score">0\.9<\/attribute>/);
    const edited = xml.replace(/(<image [^>]*name="sub\/c\.png"[\s\S]*?)label="dog"/, '$1label="cat"');
    assert.notEqual(edited, xml);
    await writeFile(join(dir, 'cvat-edited.xml'), edited);
    const before = await sampleIds();
    await importDataset(project, {
      format: 'cvat',
      path: join(dir, 'cvat-edited.xml'),
      images: images(),
      source: 'annotator:cvat',
      sourceGiven: true,
    });
    assert.deepEqual(await sampleIds(), before, 'no sample added');
    const keyOf = new Map((await project.store.listSamples()).map((s) => [s.id, s.key]));
    const got = (await project.store.listAnnotations(['annotator:cvat'])).map(
      (a) => `${keyOf.get(a.sampleId)} ${a.label}`,
    );
    assert.deepEqual(got.sort(), [
      'a.png cat',
      'a.png dog',
      'b.png cat',
      'b.png dog',
      'sub/c.png cat',
      'sub/c.png cat',
    ]);
  });
});
