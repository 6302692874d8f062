import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeCocoBatches } from '../formats/coco/write-batches.js';
import { formatById } from '../formats/index.js';
import { toPosix } from '../formats/paths.js';
import { type ExportKeys, projectBatches } from './export-batches.js';
import { createNodeFormatIO } from './fs-format-io.js';
import { importDataset } from './import-dataset.js';
import { initProject, openProject, type Project } from './project.js';

/** Every file under `dir` (relative path → content). */
function tree(dir: string, rel = '', out = new Map<string, string>()): Map<string, string> {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) tree(p, `${rel}${name}/`, out);
    else out.set(`${rel}${name}`, readFileSync(p, 'utf8'));
  }
  return out;
}

const keys: ExportKeys = {
  key: (_root, key) => key,
  sample(s) {
    const width = s.width ?? s.probe.width;
    const height = s.height ?? s.probe.height;
    return { ...s, ...(width ? { width } : {}), ...(height ? { height } : {}) };
  },
};

// Numbers whose text JSON.stringify writes in its own ways: exponents both sides, binary fractions, -0.
const ODD = [0.30000000000000004, 1e-7, 1e21, -0, 123456789.123, 5e-324, 2 ** 53 + 2, 0.1, 7];

/** A COCO file of `images` images from `firstImage`; boxes only (plain), some with odd numbers. */
function cocoFile(path: string, firstImage: number, images: number, firstAnnotation: number): void {
  const anns: Record<string, unknown>[] = [];
  let id = firstAnnotation;
  for (let i = 0; i < images; i++) {
    for (let k = 0; k < 3; k++) {
      const odd = ODD[(i * 3 + k) % ODD.length]!;
      const a: Record<string, unknown> = {
        id: id++,
        image_id: firstImage + i,
        category_id: 1 + ((i + k) % 3),
        bbox: [odd, 2.5, 10 + k, odd === 0 ? 4 : Math.abs(odd) + 1],
        iscrowd: k === 2 && i % 2 === 0 ? 1 : 0,
      };
      // Some state their area, some leave it to the box.
      if ((i + k) % 2 === 0) a.area = odd === 1e21 ? 1e21 : 40.25 + k;
      anns.push(a);
    }
  }
  const file = {
    images: Array.from({ length: images }, (_, i) => ({
      id: firstImage + i,
      file_name: `img${firstImage + i}.jpg`,
      width: 640,
      height: 480,
    })),
    categories: [
      { id: 1, name: 'cat' },
      { id: 2, name: 'dog' },
      { id: 3, name: 'bird' },
    ],
    annotations: anns,
  };
  writeFileSync(path, JSON.stringify(file));
}

// Issue 12: plain boxes are written from typed columns (plain-box-text.ts), not objects; the files must stay
// those the whole-dataset writer makes, byte for byte, for every number, split, source mix and id case.
describe('COCO export of plain boxes from columns', () => {
  let dir = '';
  let project: Project;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-export-columns-'));
    project = await openProject(await initProject(join(dir, 'p')), { command: 'test' });
    cocoFile(join(dir, 'a.json'), 1, 12, 1);
    // The second truth source repeats annotation ids 1..: merged, the ids are not kept.
    cocoFile(join(dir, 'b.json'), 100, 5, 1);
    await importDataset(project, { format: 'coco', path: join(dir, 'a.json'), split: 'train' });
    await importDataset(project, {
      format: 'coco',
      path: join(dir, 'b.json'),
      source: 'annotator:b',
      split: 'val',
    });
    const results = ODD.map((odd, i) => ({
      image_id: 1 + (i % 12),
      category_id: 1 + (i % 3),
      bbox: [odd, 1, 2, 3],
      score: i % 3 === 0 ? 0.95 : odd === 0 ? 0.5 : Math.abs(odd) / 2e21,
    }));
    writeFileSync(join(dir, 'r.json'), JSON.stringify(results));
    await importDataset(project, { format: 'coco', path: join(dir, 'r.json'), source: 'prediction:m' });
  });
  after(async () => {
    await project.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('yolo: label lines of plain boxes (clipped ones too) as the whole-dataset writer writes them', async () => {
    const { store } = project;
    const sources = ['ground_truth', 'annotator:b', 'prediction:m'];
    const samples = (await store.listSamples()).map((s) => keys.sample(s));
    const common = {
      imagesRoot: toPosix(join(dir, 'images')),
      io: createNodeFormatIO(),
      images: 'none' as const,
    };
    const wholeDir = join(dir, 'yolo-whole');
    const whole = await formatById('yolo')!.write!({
      ...common,
      dataset: {
        classes: await store.listClasses(),
        samples,
        annotations: await store.listAnnotations(sources),
      },
      outDir: toPosix(wholeDir),
    });
    const outDir = join(dir, 'yolo-columns');
    const written = await formatById('yolo')!.write!({
      ...common,
      dataset: { classes: await store.listClasses(), samples: [], annotations: [] },
      batches: projectBatches(store, sources, keys, 0),
      outDir: toPosix(outDir),
    });
    assert.ok(whole.notes.some((n) => n.includes('clipped')));
    assert.deepEqual(written.notes, whole.notes);
    assert.equal(written.annotations, whole.annotations);
    const expected = tree(wholeDir);
    const actual = tree(outDir);
    assert.deepEqual([...actual.keys()], [...expected.keys()]);
    for (const [file, text] of expected) {
      const want = file === 'data.yaml' ? text.replace(toPosix(wholeDir), toPosix(outDir)) : text;
      assert.ok(actual.get(file) === want, `${file} differs`);
    }
  });

  it('yolo: an oriented box anywhere makes every line OBB, as the whole-dataset writer does', async () => {
    const { store } = project;
    assert.equal(await store.orientedBoxes(['ground_truth', 'annotator:b']), false);
    const samples = await store.listSamples();
    const source = await store.ensureSource('annotator:o');
    await store.appendAnnotations(
      [
        {
          sample: samples[0]!.key,
          source: 'annotator:o',
          kind: 'bbox',
          label: 'cat',
          bbox: [10, 20, 30, 40],
          attributes: { oriented: true },
        },
      ],
      {
        sampleIds: new Map(samples.map((s) => [s.key, s.id])),
        classIds: new Map((await store.listClasses()).map((c) => [c.name, c.id])),
        sourceIds: new Map([['annotator:o', source.id]]),
      },
      await store.startRun('import', {}),
    );
    const sources = ['ground_truth', 'annotator:o'];
    assert.equal(await store.orientedBoxes(sources), true);
    const common = {
      imagesRoot: toPosix(join(dir, 'images')),
      io: createNodeFormatIO(),
      images: 'none' as const,
    };
    const wholeDir = join(dir, 'obb-whole');
    const whole = await formatById('yolo')!.write!({
      ...common,
      dataset: {
        classes: await store.listClasses(),
        samples: samples.map((s) => keys.sample(s)),
        annotations: await store.listAnnotations(sources),
      },
      outDir: toPosix(wholeDir),
    });
    const outDir = join(dir, 'obb-columns');
    const written = await formatById('yolo')!.write!({
      ...common,
      dataset: { classes: await store.listClasses(), samples: [], annotations: [] },
      batches: projectBatches(store, sources, keys, 0, undefined, await store.orientedBoxes(sources)),
      outDir: toPosix(outDir),
    });
    assert.ok(whole.notes.some((n) => n.includes('YOLO OBB')));
    assert.deepEqual(written.notes, whole.notes);
    const expected = tree(wholeDir);
    const actual = tree(outDir);
    for (const [file, text] of expected) {
      const want = file === 'data.yaml' ? text.replace(toPosix(wholeDir), toPosix(outDir)) : text;
      assert.ok(actual.get(file) === want, `${file} differs`);
    }
  });

  for (const [name, sources] of [
    ['ids kept', ['ground_truth', 'prediction:m']],
    ['ids renumbered (two truth sources)', ['ground_truth', 'annotator:b', 'prediction:m']],
  ] as const) {
    for (const singleFile of [false, true]) {
      it(`${name}, ${singleFile ? 'one file' : 'a file per split'}: the whole-dataset writer's files`, async () => {
        const { store } = project;
        const samples = (await store.listSamples()).map((s) => keys.sample(s));
        const roots = [
          ...new Set(samples.map((s) => project.resolveRoot((s as unknown as { root: string }).root))),
        ];
        const common = {
          imagesRoot: toPosix(roots[0]!),
          io: createNodeFormatIO(),
          images: 'none' as const,
          ...(singleFile ? { singleFile: true } : {}),
        };
        const wholeDir = join(dir, `whole-${name}-${singleFile}`);
        const whole = await formatById('coco')!.write!({
          ...common,
          dataset: {
            classes: await store.listClasses(),
            samples,
            annotations: await store.listAnnotations([...sources]),
          },
          outDir: toPosix(wholeDir),
        });
        const outDir = join(dir, `columns-${name}-${singleFile}`);
        const batches = projectBatches(store, [...sources], keys, 0);
        assert.ok(batches.annotationColumns, 'the project gives annotation columns');
        const written = await writeCocoBatches(
          {
            ...common,
            dataset: { classes: await store.listClasses(), samples: [], annotations: [] },
            outDir,
          },
          batches,
        );
        assert.deepEqual(written.notes, whole.notes);
        assert.equal(written.annotations, whole.annotations);
        const expected = tree(wholeDir);
        const actual = tree(outDir);
        assert.deepEqual([...actual.keys()], [...expected.keys()]);
        assert.equal(actual.size, singleFile ? 2 : 3);
        for (const [file, text] of expected) assert.ok(actual.get(file) === text, `${file} differs`);
        // The odd numbers are in the files as JSON.stringify writes them.
        const all = [...actual.values()].join('\n');
        for (const odd of ODD) assert.ok(all.includes(JSON.stringify(odd)), `${odd} written`);
      });
    }
  }
});
