/**
 * End-to-end: the real CLI in child processes, on real files and a real project database.
 * The demo dataset (rendered with sharp) gives real images with planted problems.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runDemo } from './test-kit/demo-project.js';
import { type CliRun, json, runCli } from './test-kit/run-cli.js';

interface Info {
  samples: number;
  annotations: {
    total: number;
    by_source: Record<string, { total: number; by_kind: Record<string, number> }>;
  };
  sources: { name: string; kind: string; annotations: number }[];
  classes: { name: string; original_ids: Record<string, number>; counts: Record<string, number> }[];
  splits: Record<string, number>;
  scan: Record<string, number>;
  issues: { total: number; by_type: Record<string, number> };
}

function treeHash(dir: string): string {
  const hash = createHash('sha256');
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else hash.update(p).update(readFileSync(p));
    }
  };
  walk(dir);
  return hash.digest('hex');
}

function assertUserError(run: CliRun, pattern: RegExp): void {
  assert.equal(run.code, 2, `exit code 2 expected:\n${run.stderr}`);
  assert.match(run.stderr, /^✖ /m);
  assert.match(run.stderr, pattern);
  assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace for a user mistake');
}

describe('assay CLI end to end', () => {
  let dir = '';
  let demo = '';
  const MANIFEST_KINDS = ['corrupt_file', 'exact_duplicate'];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-cli-'));
    demo = join(dir, 'demo');
    const run = await runDemo(demo, ['--images', '40', '--seed', '3'], dir);
    assert.equal(run.code, 0, run.stderr);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('demo: imports ground truth in two splits and two prediction sources, scans, and reports corrupt files', async () => {
    const info = json<Info>(await runCli(['info', '--json'], demo));
    const manifest = JSON.parse(readFileSync(join(demo, 'data', 'manifest.json'), 'utf8')) as {
      images: number;
      planted: { kind: string; samples: string[] }[];
    };
    assert.equal(info.samples, manifest.images);
    assert.deepEqual(Object.keys(info.splits).sort(), ['test', 'train']);
    assert.deepEqual(info.sources.map((s) => s.name).sort(), [
      'ground_truth',
      'prediction:model-a',
      'prediction:model-b',
    ]);
    assert.ok(info.annotations.by_source.ground_truth!.total > 40);
    assert.equal(info.scan.pending, 0);
    const corrupt = manifest.planted.filter((p) => p.kind === 'corrupt_file').length;
    assert.ok(corrupt > 0 && MANIFEST_KINDS.includes('corrupt_file'));
    assert.equal(info.issues.by_type.corrupt_file, corrupt, 'every planted corrupt file is an issue');
    assert.equal(info.scan.corrupt, corrupt);
    // Non-contiguous category ids of the demo (1, 2, 4, 7, 9) are kept as the COCO original ids.
    assert.deepEqual(
      info.classes.map((c) => c.original_ids.coco),
      [1, 2, 4, 7, 9],
    );
    for (const c of info.classes) assert.ok((c.counts.ground_truth ?? 0) > 0, `${c.name} has ground truth`);
  });

  it('info prints a human table', async () => {
    const run = await runCli(['info'], demo);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /samples · .* annotations · 5 classes/);
    assert.match(run.stdout, /prediction:model-a/);
  });

  it('scan is incremental and can be forced, and never writes the source data', async () => {
    const source = treeHash(join(demo, 'data'));
    const again = json<{ skipped: number; done: number }>(await runCli(['scan', '--json'], demo));
    assert.equal(
      again.skipped,
      again.done - json<Info>(await runCli(['info', '--json'], demo)).scan.corrupt!,
    );
    const forced = json<{ skipped: number }>(await runCli(['scan', '--force', '--json'], demo));
    assert.equal(forced.skipped, 0);
    assert.equal(treeHash(join(demo, 'data')), source, 'source data unchanged by scan');
  });

  it('export yolo, then import it into a new project with auto detection: same boxes, same classes', async () => {
    const before = treeHash(join(demo, 'data'));
    const out = join(dir, 'yolo-out');
    const exported = await runCli(['export', 'yolo', out, '--json'], demo);
    assert.equal(exported.code, 0, exported.stderr);
    assert.equal(treeHash(join(demo, 'data')), before, 'source data unchanged by export');
    const fresh = join(dir, 'fresh');
    assert.equal((await runCli(['init', fresh], dir)).code, 0);
    const imported = await runCli(['import', 'auto', out, '--json'], fresh);
    assert.equal(imported.code, 0, imported.stderr);
    const summary = json<{ format: string; detection: { confidence: number }; skipped: number }>(imported);
    assert.equal(summary.format, 'yolo');
    assert.ok(summary.detection.confidence >= 0.5);
    const a = json<Info>(await runCli(['info', '--json'], demo));
    const b = json<Info>(await runCli(['info', '--json'], fresh));
    assert.deepEqual(
      b.classes.map((c) => c.name),
      a.classes.map((c) => c.name),
    );
    // YOLO needs each image's real size: a label file whose image cannot be sized is skipped and
    // reported. Nothing else may go missing. (The demo's truncated JPEGs keep a readable header.)
    const gt = a.annotations.by_source.ground_truth!.total;
    if (summary.skipped === 0) assert.equal(b.annotations.total, gt);
    else assert.ok(b.annotations.total < gt);
    // People are told what was detected and how sure.
    const human = join(dir, 'fresh-human');
    assert.equal((await runCli(['init', human], dir)).code, 0);
    assert.match((await runCli(['import', 'auto', out], human)).stdout, /Detected yolo \(\d+% sure: .+\)/);
  });

  it('export refuses a non-empty folder and a folder inside the source images', async () => {
    const full = join(dir, 'full');
    await mkdir(full, { recursive: true });
    await writeFile(join(full, 'keep.txt'), 'x');
    assertUserError(await runCli(['export', 'coco', full], demo), /not empty/);
    assertUserError(
      await runCli(['export', 'coco', join(demo, 'data', 'images', 'new'), '--force'], demo),
      /lies inside an images folder/,
    );
  });

  it('importing the same ground truth twice is refused; --replace replaces it', async () => {
    const train = join(demo, 'data', 'annotations', 'train.json');
    assertUserError(
      await runCli(['import', 'coco', train], demo),
      /already have annotations from ground_truth/,
    );
    const before = json<Info>(await runCli(['info', '--json'], demo)).annotations.total;
    const run = await runCli(
      ['import', 'coco', train, '--images', join(demo, 'data', 'images'), '--replace', '--json'],
      demo,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.ok(json<{ replaced: number }>(run).replaced > 0);
    assert.equal(json<Info>(await runCli(['info', '--json'], demo)).annotations.total, before);
  });
});

describe('assay CLI errors', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-cli-err-'));
    await runCli(['init', 'p'], dir);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('outside a project: NOT_A_PROJECT with a hint to run init', async () => {
    assertUserError(await runCli(['info'], dir), /No Assay project/);
  });

  it('bad usage exits 2', async () => {
    const run = await runCli(['frobnicate'], dir);
    assert.equal(run.code, 2);
    const bad = await runCli(['import', 'nosuchformat', 'x.json'], join(dir, 'p'));
    assert.equal(bad.code, 2);
  });

  it('a missing file names the path', async () => {
    assertUserError(
      await runCli(['import', 'coco', 'nope.json'], join(dir, 'p')),
      /nope\.json does not exist/,
    );
  });

  it('truncated JSON: a parse error naming the file, no stack; --json gives the error as JSON', async () => {
    const file = join(dir, 'broken.json');
    await writeFile(file, '{"images": [{"id": 1, "file_name": "a.jpg", "width": 10');
    assertUserError(await runCli(['import', 'coco', file], join(dir, 'p')), /broken\.json/);
    const run = await runCli(['import', 'coco', file, '--json'], join(dir, 'p'));
    assert.equal(run.code, 2);
    assert.equal(json<{ error: { code: string } }>(run).error.code, 'PARSE_ERROR');
  });

  it('bad records are skipped and listed (file, record, reason); paths escaping the images folder are refused', async () => {
    const file = join(dir, 'bad-records.json');
    await writeFile(
      file,
      JSON.stringify({
        images: [
          { id: 1, file_name: 'ok.jpg', width: 10, height: 10 },
          { id: 2, file_name: '../../etc/passwd', width: 10, height: 10 },
          { id: 3, file_name: '/abs/x.jpg', width: 10, height: 10 },
        ],
        categories: [{ id: 5, name: 'cat' }],
        annotations: [
          { id: 1, image_id: 1, category_id: 5, bbox: [1, 1, 2, 2] },
          { id: 2, image_id: 1, category_id: 99, bbox: [1, 1, 2, 2] },
          { id: 3, image_id: 1, category_id: 5, bbox: [1, 1, 'x', 2] },
        ],
      }),
    );
    const run = await runCli(['import', 'coco', file], join(dir, 'p'));
    assert.equal(run.code, 0, run.stderr);
    // '/abs/x.jpg' is read as x.jpg (an absolute path from another machine, with a warning).
    assert.match(run.stdout, /Imported 1 annotation on 2 samples /);
    assert.match(run.stdout, /Skipped \d+ records/);
    assert.match(run.stdout, /"\/abs\/x\.jpg" → x\.jpg/);
    assert.match(run.stdout, /bad-records\.json .*\.\./);
    assert.match(run.stdout, /99/);
  });

  it('a project held by another process: PROJECT_LOCKED naming the command', async () => {
    const { openProject } = await import('@assay/core/node/project');
    const project = await openProject(join(dir, 'p'), { command: 'assay scan' });
    try {
      assertUserError(
        await runCli(['import', 'coco', 'x.json'], join(dir, 'p')),
        /in use by `assay scan` \(pid \d+/,
      );
    } finally {
      await project.close();
    }
  });

  it('init into an existing project is refused', async () => {
    await mkdir(join(dir, 'q'));
    assert.equal((await runCli(['init', 'q'], dir)).code, 0);
    assertUserError(await runCli(['init', 'q'], dir), /already an Assay project/);
  });
});
