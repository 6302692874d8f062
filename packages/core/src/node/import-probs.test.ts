import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { importDataset } from './import-dataset.js';
import { initProject, openProject } from './project.js';

describe('import puts prediction probs into the project class order', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-probs-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('maps CSV probability columns named in another order, and fills classes the file lacks with 0', async () => {
    await initProject(join(dir, 'p'));
    // Ground truth first: its class map is (ant, bee, cat).
    await writeFile(join(dir, 'gt.csv'), 'path,label\na.jpg,ant\nb.jpg,bee\nc.jpg,cat\n');
    // The model's columns are (cat, ant): bee is not among them.
    await writeFile(join(dir, 'pred.csv'), 'path,cat,ant\na.jpg,0.3,0.7\nc.jpg,0.9,0.1\n');
    const project = await openProject(join(dir, 'p'));
    try {
      await importDataset(project, { format: 'class-csv', path: join(dir, 'gt.csv') });
      const summary = await importDataset(project, {
        format: 'class-csv',
        path: join(dir, 'pred.csv'),
        source: 'prediction:m',
      });
      assert.deepEqual(summary.problems, []);
      assert.deepEqual(
        (await project.store.listClasses()).map((c) => c.name),
        ['ant', 'bee', 'cat'],
      );
      const preds = await project.store.listAnnotations(['prediction:m']);
      assert.deepEqual(
        preds.map((a) => [a.sample, a.label, a.probs]),
        [
          ['a.jpg', 'ant', [0.7, 0, 0.3]],
          ['c.jpg', 'cat', [0.1, 0, 0.9]],
        ],
      );
    } finally {
      await project.close();
    }
  });

  it('keeps COCO probs in category order when the project has the same classes in another order', async () => {
    await initProject(join(dir, 'q'));
    const coco = (categories: { id: number; name: string }[], annotations: unknown[]) =>
      JSON.stringify({
        images: [{ id: 1, file_name: 'x.jpg', width: 10, height: 10 }],
        categories,
        annotations,
      });
    await writeFile(
      join(dir, 'gt.json'),
      coco(
        [
          { id: 1, name: 'dog' },
          { id: 2, name: 'cat' },
        ],
        [{ id: 1, image_id: 1, category_id: 1, bbox: [0, 0, 5, 5], area: 25, iscrowd: 0 }],
      ),
    );
    await writeFile(
      join(dir, 'pred.json'),
      coco(
        [
          { id: 5, name: 'cat' },
          { id: 6, name: 'dog' },
        ],
        [
          {
            id: 1,
            image_id: 1,
            category_id: 6,
            bbox: [0, 0, 5, 5],
            area: 25,
            iscrowd: 0,
            score: 0.8,
            probs: [0.2, 0.8],
          },
        ],
      ),
    );
    const project = await openProject(join(dir, 'q'));
    try {
      await importDataset(project, { format: 'coco', path: join(dir, 'gt.json') });
      await importDataset(project, { format: 'coco', path: join(dir, 'pred.json'), source: 'prediction:m' });
      const [pred] = await project.store.listAnnotations(['prediction:m']);
      // Project order is (dog, cat): the file's (cat 0.2, dog 0.8) becomes (0.8, 0.2).
      assert.deepEqual([pred?.label, pred?.probs], ['dog', [0.8, 0.2]]);
    } finally {
      await project.close();
    }
  });
});
