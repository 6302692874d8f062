/**
 * `assay simulate-al` end to end (the CLI's program called in this process, test-kit/call-cli.ts; a real project): a labelled set of
 * sharp-rendered images imported from a class CSV, embeddings stored in the project (three separated
 * Gaussian blobs, one per class), then the simulation writes learning curves (JSON and SVG) in which
 * every strategy learns the blobs and random is always the baseline.
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

interface CurvesJson {
  n: number;
  labels: number[];
  target_accuracy: number;
  curves: {
    strategy: string;
    mean: number[];
    runs: number[][];
    labels_to_target: number | null;
    labels_saved: number | null;
  }[];
}

describe('assay simulate-al', () => {
  let dir = '';
  const cli = (...args: string[]) => callCli(args, dir);
  const ok = (run: CliRun) => {
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    return run;
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-simulate-'));
    const data = await makeLabelledImages(dir, { n: 150, classes: ['a'], prevalence: [0] });
    const csv = ['path,label', ...data.files.map((f, i) => `${f.file},${['red', 'green', 'blue'][i % 3]}`)];
    await writeFile(join(dir, 'labels.csv'), `${csv.join('\n')}\n`);
    ok(await cli('init', '.'));
    ok(await cli('import', 'class-csv', join(dir, 'labels.csv'), '--images', data.images));
    const project = await openProject(dir, { command: 'test' });
    try {
      const rows = await storeDb(project.store).all<{ id: number; key: string }>(
        'SELECT id, key FROM samples ORDER BY id',
      );
      const rnd = mulberry32(5);
      const dim = 4;
      const vec = new Float32Array(rows.length * dim);
      for (const [r, s] of rows.entries()) {
        const c = Number(/img(\d+)\.png$/.exec(s.key)![1]) % 3;
        for (let j = 0; j < dim; j++) vec[r * dim + j] = (j === c ? 4 : 0) + (rnd() - 0.5);
      }
      await storeEmbeddings(
        project,
        { model: 'blobs', dim },
        rows.map((s) => s.id),
        vec,
      );
    } finally {
      await project.close();
    }
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('writes learning curves where every strategy learns separated blobs', async () => {
    const out = join(dir, 'curves.json');
    const plot = join(dir, 'curves.svg');
    const run = ok(
      await cli(
        'simulate-al',
        '--strategies',
        'entropy,kcenter',
        '--rounds',
        '3',
        '--budget',
        '6',
        '--initial',
        '3',
        '--seeds',
        '2',
        '--out',
        out,
        '--plot',
        plot,
      ),
    );
    assert.match(run.stdout, /Active learning on 150 samples \(3 classes, blobs 4-d\)/);
    const curves = JSON.parse(readFileSync(out, 'utf8')) as CurvesJson;
    assert.ok(curves.target_accuracy > 0.5);
    assert.deepEqual(curves.labels, [3, 9, 15, 21]);
    assert.deepEqual(
      curves.curves.map((c) => c.strategy),
      ['random', 'entropy', 'kcenter'],
    );
    for (const c of curves.curves) {
      assert.equal(c.runs.length, 2);
      assert.ok(c.mean[3]! >= 0.9, `${c.strategy} ends at ${c.mean[3]}`);
    }
    const svg = readFileSync(plot, 'utf8');
    assert.equal(svg.match(/<polyline/g)?.length, 3);
    const bad = await runCli(['--json', 'simulate-al', '--rounds', '50', '--budget', '50'], dir);
    assert.equal(bad.code, 2);
    assert.match(json<{ error: { message: string } }>(bad).error.message, /exceed the \d+ training samples/);
  });
});
