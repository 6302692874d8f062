/**
 * Issue 15: query by committee over detection sources. Two detectors (COCO files imported as
 * prediction:a and prediction:b) agree on most images; on some b calls the object another class, on
 * others b misses it. `assay select --strategy vote-entropy|mean-kl` over the two picks exactly those.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { callCli } from './test-kit/call-cli.js';
import { makeLabelledImages } from './test-kit/labelled-images.js';
import { json } from './test-kit/run-cli.js';

describe('issue 15: committee selection over detection sources', () => {
  let dir = '';
  const disagree = new Set<string>();
  const cli = async (...args: string[]) => {
    const run = await callCli(args, dir);
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    return run;
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-det-committee-'));
    const data = await makeLabelledImages(dir, { n: 20, classes: ['car', 'person'], prevalence: [0.6, 0.5] });
    const coco = JSON.parse(await readFile(data.coco, 'utf8')) as {
      images: { id: number; file_name: string }[];
      categories: { id: number; name: string }[];
    };
    const car = coco.categories.find((c) => c.name === 'car')!.id;
    const person = coco.categories.find((c) => c.name === 'person')!.id;
    const a: object[] = [];
    const b: object[] = [];
    for (const [i, image] of coco.images.entries()) {
      const box = { image_id: image.id, bbox: [2, 2, 8, 6], iscrowd: 0, area: 48 };
      a.push({ ...box, id: a.length + 1, category_id: car, score: 0.9 });
      if (i % 5 === 2) b.push({ ...box, id: b.length + 1, category_id: person, score: 0.85 });
      else if (i % 5 !== 4)
        b.push({ ...box, bbox: [2.5, 2, 8, 6], id: b.length + 1, category_id: car, score: 0.8 });
      if (i % 5 === 2 || i % 5 === 4) disagree.add(image.file_name);
    }
    for (const [name, annotations] of [
      ['a', a],
      ['b', b],
    ] as const)
      await writeFile(join(dir, `${name}.json`), JSON.stringify({ ...coco, annotations }));
    await cli('init', '.');
    await cli('import', 'coco', data.coco, '--images', data.images);
    for (const name of ['a', 'b'])
      await cli(
        'import',
        'coco',
        join(dir, `${name}.json`),
        '--images',
        data.images,
        '--as',
        `prediction:${name}`,
      );
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('vote entropy and mean KL over matched boxes pick the images the detectors disagree on', async () => {
    for (const strategy of ['vote-entropy', 'mean-kl']) {
      const run = await cli(
        '--json',
        'select',
        '--budget',
        String(disagree.size),
        '--strategy',
        strategy,
        '--pred',
        'prediction:a',
        'prediction:b',
        '--dry-run',
      );
      const picked = json<{ selected: { key: string; score: number }[] }>(run).selected;
      assert.deepEqual(
        new Set(picked.map((s) => s.key.split('/').pop())),
        new Set([...disagree].map((f) => f.split('/').pop())),
        strategy,
      );
      assert.ok(
        picked.every((s) => s.score > 0),
        strategy,
      );
    }
  });
});
