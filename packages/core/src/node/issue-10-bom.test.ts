/**
 * Issue 10 §2: a JSON file that starts with a UTF-8 byte-order mark (written by many Windows tools) is
 * accepted everywhere: COCO read whole and streamed (above 4 MiB), COCO results, Label Studio,
 * `import auto`, plan files (JSON and YAML) and `eval coco` file mode. Real files, real databases.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { loadPlan } from './check-plan.js';
import { evaluateCocoFiles } from './eval/evaluate-coco-files.js';
import { exportDataset } from './export-dataset.js';
import { importDataset } from './import-dataset.js';
import { initProject, openProject, type Project } from './project.js';

const BOM = '\uFEFF';

function coco(images: number, perImage: number): string {
  const imgs = Array.from({ length: images }, (_, i) => ({
    id: i + 1,
    file_name: `img_${i + 1}.png`,
    width: 40,
    height: 30,
  }));
  const anns = [];
  for (let k = 0; k < images * perImage; k++) {
    anns.push({
      id: k + 1,
      image_id: 1 + (k % images),
      category_id: 1,
      bbox: [2, 3, 10 + (k % 20), 8],
      area: 80,
      iscrowd: 0,
    });
  }
  return JSON.stringify({ images: imgs, annotations: anns, categories: [{ id: 1, name: 'thing' }] });
}

describe('issue 10: JSON files with a byte-order mark', () => {
  let dir = '';
  let images = '';
  const projects: Project[] = [];
  const project = async (name: string) => {
    const p = await openProject(await initProject(join(dir, name)));
    projects.push(p);
    return p;
  };
  const withBom = async (name: string, text: string) => {
    const path = join(dir, name);
    await writeFile(path, BOM + text);
    return path;
  };
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-issue10-bom-'));
    images = join(dir, 'images');
    await mkdir(images);
    for (let i = 1; i <= 3; i++) {
      await sharp({ create: { width: 40, height: 30, channels: 3, background: '#357' } })
        .png()
        .toFile(join(images, `img_${i}.png`));
    }
  });
  after(async () => {
    for (const p of projects) await p.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('COCO read whole, detected by import auto, and COCO results', async () => {
    const p = await project('whole');
    const gt = await withBom('gt.json', coco(3, 2));
    assert.equal((await importDataset(p, { format: 'coco', path: gt, images })).annotations.total, 6);
    const auto = await importDataset(p, { format: 'auto', path: gt, images, source: 'annotator:a' });
    assert.equal(auto.format, 'coco');
    assert.equal(auto.annotations.total, 6);
    const results = await withBom(
      'results.json',
      JSON.stringify(
        [1, 2, 3].map((image_id) => ({ image_id, category_id: 1, bbox: [2, 3, 10, 8], score: 0.9 })),
      ),
    );
    const dt = await importDataset(p, { format: 'coco', path: results, source: 'prediction:m' });
    assert.equal(dt.annotations.total, 3);
  });

  it('COCO streamed (a file above 4 MiB)', async () => {
    const p = await project('streamed');
    const text = coco(3, 26_000);
    assert.ok(text.length > 4 * 1024 * 1024);
    const gt = await withBom('big.json', text);
    assert.equal((await importDataset(p, { format: 'coco', path: gt, images })).annotations.total, 78_000);
  });

  it('Label Studio, named and detected', async () => {
    const source = await project('ls-source');
    await importDataset(source, { format: 'coco', path: await withBom('gt2.json', coco(3, 1)), images });
    const out = join(dir, 'ls-out');
    await exportDataset(source, { format: 'label-studio', outDir: out, images: 'none' });
    const file = join(out, 'label-studio.json');
    await writeFile(file, BOM + (await readFile(file, 'utf8')));
    const p = await project('ls');
    const named = await importDataset(p, { format: 'label-studio', path: file, images });
    assert.equal(named.annotations.total, 3);
    const q = await project('ls-auto');
    const auto = await importDataset(q, { format: 'auto', path: file, images });
    assert.equal(auto.format, 'label-studio');
    assert.equal(auto.annotations.total, 3);
  });

  it('plan files, JSON and YAML', async () => {
    const json = await loadPlan(await withBom('plan.json', '{"limits": {"split_leakage": 0}}'));
    assert.deepEqual(json.limits, [{ type: 'split_leakage', maxShare: 0 }]);
    const yaml = await loadPlan(await withBom('plan.yaml', 'limits:\n  near_duplicate: 0.01\n'));
    assert.deepEqual(yaml.limits, [{ type: 'near_duplicate', maxShare: 0.01 }]);
  });

  it('eval coco file mode', async () => {
    const gt = await withBom('eval-gt.json', coco(3, 1));
    const dt = await withBom(
      'eval-dt.json',
      JSON.stringify(
        [1, 2, 3].map((image_id) => ({
          image_id,
          category_id: 1,
          bbox: [2, 3, 10 + image_id - 1, 8],
          score: 0.9,
        })),
      ),
    );
    const evaluation = await evaluateCocoFiles({ gt, dt });
    // every detection equals its ground-truth box: AP 1 at every IoU threshold (COCO's definition)
    assert.ok(Math.abs((evaluation.summary.stats[0] ?? 0) - 1) < 1e-9, `AP ${evaluation.summary.stats[0]}`);
  });
});
