/**
 * Issue 12: COCO's survey of the annotations (labels missing from the class map, sources, ground-truth and
 * polyline counts, whether own ids are kept) is counted by DuckDB (store/annotation-survey.ts) instead of a
 * pass over every annotation. The files and notes must be those the pass gave (writeCocoBatches without
 * DatasetBatches.annotationSurvey), on projects whose ids are kept, repeated, or not integers.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeCocoBatches } from '../formats/coco/write-batches.js';
import type { DatasetBatches } from '../formats/define-format.js';
import { toPosix } from '../formats/paths.js';
import type { Annotation } from '../model/annotation.js';
import { sharedFixture } from '../test-kit/fixtures.js';
import { type ExportKeys, projectBatches } from './export-batches.js';
import { createNodeFormatIO } from './fs-format-io.js';
import { importDataset } from './import-dataset.js';
import { initProject, openProject, type Project } from './project.js';

const keys: ExportKeys = {
  key: (_root, key) => key,
  sample(s) {
    const width = s.width ?? s.probe.width;
    const height = s.height ?? s.probe.height;
    return { ...s, ...(width ? { width } : {}), ...(height ? { height } : {}) };
  },
};

describe('issue 12: the COCO survey counted by DuckDB gives what the pass gave', () => {
  let dir = '';
  let project: Project;
  const sources = ['ground_truth', 'annotator:x', 'prediction:fake'];
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-issue12-survey-'));
    project = await openProject(await initProject(join(dir, 'p')), { command: 'test' });
    const fixture = sharedFixture('coco-val2014-100');
    await importDataset(project, { format: 'coco', path: join(fixture, 'instances_val2014_100.json') });
    await importDataset(project, {
      format: 'coco',
      path: join(fixture, 'instances_val2014_fakebbox100_results.json'),
      source: 'prediction:fake',
    });
  });
  after(async () => {
    await project.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** writeCocoBatches with the store's survey and with the pass; both outputs' files and notes. */
  async function both(name: string, classes: string[] | undefined) {
    const { store } = project;
    const all = await store.listClasses();
    const listed = classes ? all.filter((c) => classes.includes(c.name)) : all;
    const outputs = [];
    for (const counted of [true, false]) {
      const batches = projectBatches(store, sources, keys, await store.keypointsPerObject(sources));
      const given: DatasetBatches = counted ? batches : { ...batches, annotationSurvey: undefined };
      const outDir = join(dir, `${name}-${counted ? 'counted' : 'pass'}`);
      const result = await writeCocoBatches(
        {
          dataset: { classes: listed, samples: [], annotations: [] },
          imagesRoot: toPosix(join(dir, 'images')),
          outDir: toPosix(outDir),
          io: createNodeFormatIO(),
          images: 'none',
        },
        given,
      );
      const files = readdirSync(outDir)
        .sort()
        .map((f) => [f, readFileSync(join(outDir, f), 'utf8')]);
      outputs.push({ result, files });
    }
    const [counted, pass] = outputs;
    assert.deepEqual(counted!.result.notes, pass!.result.notes);
    assert.equal(counted!.result.annotations, pass!.result.annotations);
    assert.equal(counted!.files.length, pass!.files.length);
    for (let f = 0; f < pass!.files.length; f++)
      assert.ok(counted!.files[f]![1] === pass!.files[f]![1], `${pass!.files[f]![0]} differs`);
    return { counted: counted!, text: counted!.files.map(([, t]) => t).join('\n') };
  }

  async function append(annotations: Annotation[]) {
    const { store } = project;
    const samples = await store.listSamples();
    const classIds = new Map((await store.listClasses()).map((c) => [c.name, c.id]));
    const source = await store.ensureSource('annotator:x');
    await store.appendAnnotations(
      annotations,
      {
        sampleIds: new Map(samples.map((s) => [s.key, s.id])),
        classIds,
        sourceIds: new Map([['annotator:x', source.id]]),
      },
      await store.startRun('import', {}),
    );
  }

  it("keeps the fixture's own ids (instances_val2014_100.json: every id an integer, none repeated)", async () => {
    const { text } = await both('kept', undefined);
    // The first annotation of the fixture keeps its id (instances_val2014_100.json, annotation 1 of image 391895).
    assert.match(text, /"annotations":\[\{"id":\d{3,}/);
  });

  it('adds labels missing from the class map as categories, first seen first', async () => {
    const { counted } = await both('extra', ['person', 'car']);
    assert.match(
      counted.result.notes.join('\n'),
      /labels? missing from the class map (was|were) added as categories/,
    );
  });

  it('renumbers ids when two repeat, and counts unlabelled and polyline annotations', async () => {
    const keysOf = (await project.store.listSamples()).map((s) => s.key);
    const gt = (await project.store.listAnnotations(['ground_truth']))[0]!;
    await append([
      // The same own id as a ground-truth annotation: ids are no longer kept.
      {
        sample: keysOf[2]!,
        source: 'annotator:x',
        kind: 'bbox',
        label: 'cat',
        bbox: [1, 1, 4, 4],
        originalId: gt.originalId!,
      },
      { sample: keysOf[4]!, source: 'annotator:x', kind: 'bbox', bbox: [0, 0, 3, 3], originalId: 77 },
      {
        sample: keysOf[5]!,
        source: 'annotator:x',
        kind: 'polyline',
        label: 'dog',
        points: [[1, 1, 5, 5, 9, 2]],
        bbox: [1, 1, 8, 4],
        originalId: 78,
      },
    ]);
    const { counted, text } = await both('repeated', undefined);
    assert.match(text, /"annotations":\[\{"id":1,/);
    const notes = counted.result.notes.join('\n');
    assert.match(notes, /annotations of 2 sources were merged/);
    assert.match(notes, /1 annotation without a label or a listed sample left out/);
    assert.match(notes, /1 polyline without a COCO form written as its box/);
  });

  it('renumbers ids when one is not an integer', async () => {
    // annotator:x's annotations (the repeated id among them) replaced by one whose id is a string.
    const source = await project.store.ensureSource('annotator:x');
    await project.store.deleteAnnotations(source.id);
    const keysOf = (await project.store.listSamples()).map((s) => s.key);
    await append([
      {
        sample: keysOf[6]!,
        source: 'annotator:x',
        kind: 'bbox',
        label: 'cat',
        bbox: [2, 2, 4, 4],
        originalId: 'x-1',
      },
    ]);
    const { text } = await both('string-id', undefined);
    assert.match(text, /"annotations":\[\{"id":1,/);
  });
});
