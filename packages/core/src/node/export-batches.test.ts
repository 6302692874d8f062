import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeCocoBatches } from '../formats/coco/write-batches.js';
import { formatById } from '../formats/index.js';
import { toPosix } from '../formats/paths.js';
import { sharedFixture } from '../test-kit/fixtures.js';
import { type ExportKeys, projectBatches } from './export-batches.js';
import { createNodeFormatIO } from './fs-format-io.js';
import { importDataset } from './import-dataset.js';
import { initProject, openProject, type Project } from './project.js';

/** Every file under `dir` (relative path → content). */
function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string, rel: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p, `${rel}${name}/`);
      else out.set(`${rel}${name}`, readFileSync(p, 'utf8'));
    }
  };
  walk(dir, '');
  return out;
}

/** The format's writer given the whole dataset at once (what export did before it read in batches). */
async function writeWhole(
  project: Project,
  format: string,
  outDir: string,
  sources: string[],
  singleFile = false,
) {
  const { store } = project;
  const samples = (await store.listSamples()).map((s) => {
    const width = s.width ?? s.probe.width;
    const height = s.height ?? s.probe.height;
    return { ...s, ...(width ? { width } : {}), ...(height ? { height } : {}) };
  });
  const roots = [...new Set(samples.map((s) => project.resolveRoot(s.root)))];
  assert.equal(roots.length, 1);
  return formatById(format)!.write!({
    dataset: {
      classes: await store.listClasses(),
      samples,
      annotations: await store.listAnnotations(sources),
    },
    imagesRoot: toPosix(roots[0]!),
    outDir: toPosix(outDir),
    io: createNodeFormatIO(),
    images: 'none',
    ...(singleFile ? { singleFile: true } : {}),
  });
}

/** Export keys of a one-root project: the stored keys, sized as export sizes them. */
const keys: ExportKeys = {
  key: (_root, key) => key,
  sample(s) {
    const width = s.width ?? s.probe.width;
    const height = s.height ?? s.probe.height;
    return { ...s, ...(width ? { width } : {}), ...(height ? { height } : {}) };
  },
};

// Issue 12: the store read in batches while writing; the files and notes must stay those the writers made
// from the whole dataset, whatever the batch size.
describe('export in batches writes what the whole dataset gave', () => {
  let dir = '';
  let project: Project;
  const sources = ['ground_truth', 'annotator:x', 'prediction:fake'];
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-export-batches-'));
    project = await openProject(await initProject(join(dir, 'p')), { command: 'test' });
    const fixture = sharedFixture('coco-val2014-100');
    await importDataset(project, { format: 'coco', path: join(fixture, 'instances_val2014_100.json') });
    await importDataset(project, {
      format: 'coco',
      path: join(fixture, 'instances_val2014_fakebbox100_results.json'),
      source: 'prediction:fake',
    });
    // A second truth source with keypoints, a polyline, an unlabeled box and attributes, on known samples.
    const { store } = project;
    const samples = await store.listSamples();
    const classIds = new Map((await store.listClasses()).map((c) => [c.name, c.id]));
    const sampleIds = new Map(samples.map((s) => [s.key, s.id]));
    const source = await store.ensureSource('annotator:x');
    const keys = samples.map((s) => s.key);
    await store.appendAnnotations(
      [
        {
          sample: keys[3]!,
          source: 'annotator:x',
          kind: 'keypoints',
          label: 'person',
          bbox: [1, 2, 30, 40],
          keypoints: [5, 6, 2, 7, 8, 1, 0, 0, 0, 9, 9, 2],
        },
        {
          sample: keys[3]!,
          source: 'annotator:x',
          kind: 'polyline',
          label: 'dog',
          points: [[1, 1, 5, 5, 9, 2]],
          bbox: [1, 1, 8, 4],
        },
        { sample: keys[50]!, source: 'annotator:x', kind: 'bbox', bbox: [0, 0, 3, 3] },
        {
          sample: keys[7]!,
          source: 'annotator:x',
          kind: 'bbox',
          label: 'cat',
          bbox: [4, 4, 10, 10],
          attributes: { occluded: true },
        },
      ],
      { sampleIds, classIds, sourceIds: new Map([['annotator:x', source.id]]) },
      await store.startRun('import', {}),
    );
  });
  after(async () => {
    await project.close();
    await rm(dir, { recursive: true, force: true });
  });

  // Since the merge with issue 11, `assay export coco` writes one instances file per split and no format
  // writes while reading (writesBatches): the streamed writer is checked against the whole-dataset writer's
  // one-file layout (--single-file), which is the layout it writes.
  it('coco: the streamed writer gives the --single-file files and notes, in batches of 7 rows and of 8,192', async () => {
    const wholeDir = join(dir, 'coco-whole');
    const whole = await writeWhole(project, 'coco', wholeDir, sources, true);
    const expected = tree(wholeDir);
    assert.ok(expected.size > 1);
    for (const batchRows of [7, undefined]) {
      const outDir = join(dir, `coco-${batchRows ?? 'default'}`);
      const { store } = project;
      const written = await writeCocoBatches(
        {
          dataset: { classes: await store.listClasses(), samples: [], annotations: [] },
          imagesRoot: toPosix(join(dir, 'images')),
          outDir: toPosix(outDir),
          io: createNodeFormatIO(),
          images: 'none',
        },
        projectBatches(store, sources, keys, await store.keypointsPerObject(sources), batchRows),
      );
      assert.deepEqual(written.notes, whole.notes);
      assert.equal(written.annotations, whole.annotations);
      assert.equal(written.files.length, whole.files.length);
      const actual = tree(outDir);
      assert.deepEqual([...actual.keys()], [...expected.keys()]);
      for (const [file, text] of expected)
        assert.ok(actual.get(file) === text, `${file} differs (batchRows ${batchRows})`);
    }
  });

  it('yolo: the streamed writer (columns merged by sample) gives the whole-dataset files and notes', async () => {
    const wholeDir = join(dir, 'yolo-whole');
    const whole = await writeWhole(project, 'yolo', wholeDir, sources);
    const expected = tree(wholeDir);
    assert.ok(expected.size > 100);
    const outDir = join(dir, 'yolo-batched');
    const { store } = project;
    const written = await formatById('yolo')!.write!({
      dataset: { classes: await store.listClasses(), samples: [], annotations: [] },
      batches: projectBatches(store, sources, keys, await store.keypointsPerObject(sources)),
      imagesRoot: toPosix(join(dir, 'images')),
      outDir: toPosix(outDir),
      io: createNodeFormatIO(),
      images: 'none',
    });
    assert.deepEqual(written.notes, whole.notes);
    assert.equal(written.annotations, whole.annotations);
    const actual = tree(outDir);
    assert.deepEqual([...actual.keys()], [...expected.keys()]);
    for (const [file, text] of expected) {
      // data.yaml names its own folder.
      const want = file === 'data.yaml' ? text.replace(toPosix(wholeDir), toPosix(outDir)) : text;
      assert.ok(actual.get(file) === want, `${file} differs`);
    }
  });

  it('bySample: every sample in id order with its annotations, as the whole lists give them', async () => {
    const { store } = project;
    const samples = await store.listSamples();
    const annotations = await store.listAnnotations(sources);
    for (const batchRows of [7, undefined]) {
      const got: { key: string; ids: number[] }[] = [];
      const batches = projectBatches(store, sources, keys, 0, batchRows);
      for await (const batch of batches.bySample())
        for (const { sample, annotations: list } of batch)
          got.push({ key: sample.key, ids: list.map((a) => (a as unknown as { id: number }).id) });
      assert.deepEqual(
        got,
        samples.map((s) => ({
          key: s.key,
          ids: annotations.filter((a) => a.sampleId === s.id).map((a) => a.id),
        })),
      );
    }
  });
});
