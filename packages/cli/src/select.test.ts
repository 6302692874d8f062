/**
 * `assay select` end to end (the CLI's program called in this process, test-kit/call-cli.ts; sharp-rendered images, a real project with two
 * prediction sources imported from class-csv files and embeddings stored in it): entropy picks the
 * samples whose probabilities are flattest, vote entropy those the two models disagree on, k-center
 * the planted outliers; the selection is a tag (an edit, undone by `assay undo`) and `assay export
 * --tag` writes just the selection.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { storeEmbeddings } from '@assay/core/node/embeddings/embedding-store';
import { openProject } from '@assay/core/node/project';
import { storeDb } from '@assay/core/node/store/duckdb-store';
import { mulberry32 } from '@assay/core/random/mulberry32';
import { callCli } from './test-kit/call-cli.js';
import { makeLabelledImages } from './test-kit/labelled-images.js';
import { type CliRun, json, runCli } from './test-kit/run-cli.js';

interface SelectJson {
  budget: number;
  pool: number;
  batch: number | null;
  selected: { id: number; key: string; score: number | null }[];
}

const CLASSES = ['car', 'person', 'bike'];

describe('assay select', () => {
  let dir = '';
  let files: string[] = [];
  const flat = new Set<string>(); // planted: model a unsure
  const disagree = new Set<string>(); // planted: models a and b disagree
  const outliers = new Set<string>(); // planted: far from the rest in embedding space
  const cli = (...args: string[]) => callCli(args, dir);
  const ok = (run: CliRun) => {
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    return run;
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-select-'));
    const data = await makeLabelledImages(dir, { n: 60, classes: CLASSES, prevalence: [0.5, 0.4, 0.3] });
    files = data.files.map((f) => f.file);
    const rnd = mulberry32(11);
    const rowsA: string[] = ['path,car,person,bike'];
    const rowsB: string[] = ['path,car,person,bike'];
    for (const [i, file] of files.entries()) {
      const sure = [0.9 - rnd() * 0.05, 0.05, 0.05];
      sure[2] = 1 - sure[0]! - sure[1]!;
      let a = sure;
      let b = sure;
      if (i % 10 === 3) {
        a = [0.36, 0.33, 0.31];
        b = [0.36, 0.33, 0.31];
        flat.add(file);
      }
      if (i % 10 === 7) {
        b = [0.05, 0.9, 0.05];
        disagree.add(file);
      }
      rowsA.push(`${file},${a.join(',')}`);
      rowsB.push(`${file},${b.join(',')}`);
    }
    await writeFile(join(dir, 'a.csv'), `${rowsA.join('\n')}\n`);
    await writeFile(join(dir, 'b.csv'), `${rowsB.join('\n')}\n`);
    ok(await cli('init', '.'));
    ok(await cli('import', 'coco', data.coco, '--images', data.images));
    ok(await cli('import', 'class-csv', join(dir, 'a.csv'), '--images', data.images, '--as', 'prediction:a'));
    ok(await cli('import', 'class-csv', join(dir, 'b.csv'), '--images', data.images, '--as', 'prediction:b'));
    const project = await openProject(dir, { command: 'test' });
    try {
      const rows = await storeDb(project.store).all<{ id: number; key: string }>(
        'SELECT id, key FROM samples ORDER BY id',
      );
      const dim = 8;
      const vec = new Float32Array(rows.length * dim);
      for (const [r, s] of rows.entries()) {
        const far = r % 12 === 5;
        if (far) outliers.add(s.key);
        for (let j = 0; j < dim; j++) vec[r * dim + j] = far ? (j === r % dim ? 40 + r : -20) : rnd();
      }
      await storeEmbeddings(
        project,
        { model: 'test-vectors', dim },
        rows.map((s) => s.id),
        vec,
      );
    } finally {
      await project.close();
    }
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('entropy picks the flat predictions, and the tag is exported alone and undone', async () => {
    const s = json<SelectJson>(
      ok(
        await cli(
          '--json',
          'select',
          '--budget',
          String(flat.size),
          '--strategy',
          'entropy',
          '--pred',
          'prediction:a',
          '--tag',
          'r1',
        ),
      ),
    );
    assert.deepEqual(new Set(s.selected.map((x) => x.key)), flat);
    // entropy of [0.36, 0.33, 0.31] / ln 3 (numpy 2.4.6: -(p*np.log(p)).sum()/np.log(3) = 0.9982774185050796)
    assert.ok(Math.abs(s.selected[0]!.score! - 0.9982774185050796) < 1e-9, String(s.selected[0]!.score));
    ok(await cli('export', 'coco', join(dir, 'out'), '--tag', 'r1', '--single-file', '--no-images'));
    const coco = JSON.parse(readFileSync(join(dir, 'out', 'annotations.json'), 'utf8')) as {
      images: { file_name: string }[];
    };
    assert.deepEqual(new Set(coco.images.map((i) => i.file_name)), flat);
    ok(await cli('undo', '--batch', String(s.batch)));
    const again = await cli('export', 'coco', join(dir, 'out2'), '--tag', 'r1');
    assert.equal(again.code, 2);
    assert.match(again.stderr, /No sample has the tag "r1"/);
  });

  it('vote entropy over two sources finds where they disagree; k-center finds the outliers', async () => {
    const v = json<SelectJson>(
      ok(
        await cli(
          '--json',
          'select',
          '--budget',
          String(disagree.size),
          '--strategy',
          'vote-entropy',
          '--dry-run',
        ),
      ),
    );
    assert.deepEqual(new Set(v.selected.map((x) => x.key)), disagree);
    const k = json<SelectJson>(
      ok(
        await cli(
          '--json',
          'select',
          '--budget',
          String(outliers.size + 1),
          '--strategy',
          'kcenter',
          '--dry-run',
        ),
      ),
    );
    const got = new Set(k.selected.map((x) => x.key));
    for (const o of outliers) assert.ok(got.has(o), `${o} not selected`);
  });

  it('--where keeps only the pool samples passing a threshold', async () => {
    // model a's top probability is 0.36 on the planted flat rows and ≥ 0.85 elsewhere
    const w = json<SelectJson>(
      ok(
        await cli(
          '--json',
          'select',
          '--budget',
          '50',
          '--strategy',
          'random',
          '--pred',
          'prediction:a',
          '--where',
          'max-score<0.5',
          '--dry-run',
        ),
      ),
    );
    assert.equal(w.pool, flat.size);
    assert.deepEqual(new Set(w.selected.map((x) => x.key)), flat);
  });

  it('refuses a bad budget', async () => {
    const bad = await runCli(['select', '--budget', '5x', '--strategy', 'entropy'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--budget takes a whole number of samples or a percentage/);
  });
});
