/**
 * Issue 16 part 3: `assay demo --models` shows model-assisted review end to end with the bundled
 * detector. Beside the shapes demo it makes DIR/photos from the repository's real photos
 * (fixtures/photos-skimage, two of them mirrored) with planted label errors, runs `assay predict
 * --model centernet --review`, and prints what the review found and the commands to look at it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { json, runCli } from './test-kit/run-cli.js';

interface Issue {
  type: string;
  sample: string;
  score: number;
}

describe('issue 16: assay demo --models reviews real photos with the bundled detector', () => {
  let dir = '';
  let stdout = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-demo-models-'));
    // Without `assay` on PATH: the printed commands are `node /abs/bin/assay.js ...`.
    const run = await runCli(['demo', 'd', '--images', '20', '--models'], dir, {
      path: dirname(process.execPath),
    });
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    stdout = run.stdout;
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds every planted label error with an issue of its type on its photo', async () => {
    const photos = join(dir, 'd', 'photos');
    const planted = JSON.parse(await readFile(join(photos, 'planted.json'), 'utf8')) as {
      model: string;
      planted: { type: string; image: string }[];
    };
    assert.equal(planted.model, 'centernet');
    assert.deepEqual(planted.planted.map((p) => `${p.image} ${p.type}`).sort(), [
      'astronaut.jpg wrong_class',
      'camera-mirrored.jpg bad_location',
      'camera.jpg missing_label',
    ]);
    const issues = json<{ issues: Issue[] }>(await runCli(['issues', '--json'], photos)).issues;
    // Measured with @vladmandic/human 3.3.6's centernet: persons at 0.63 (astronaut), 0.64 (camera),
    // 0.62 (camera mirrored), all above the review's confident score 0.5.
    for (const p of planted.planted)
      assert.ok(
        issues.some((i) => i.type === p.type && i.sample === p.image),
        `${p.image} ${p.type} not found in ${JSON.stringify(issues)}`,
      );
    // The correctly labelled photos raise nothing but, at most, the model's own dog over the cat (0.50).
    const others = issues.filter(
      (i) => !planted.planted.some((p) => p.type === i.type && p.image === i.sample),
    );
    for (const i of others) assert.deepEqual([i.sample, i.type], ['chelsea.jpg', 'wrong_class']);
    for (const line of ['astronaut.jpg', 'camera.jpg', 'camera-mirrored.jpg'])
      assert.match(stdout, new RegExp(`^${line.replace('.', '\\.')} .* found \\(score`, 'm'));
    assert.doesNotMatch(stdout, /not found/);
  });

  it('prints commands that run as printed', async () => {
    const look = /^Look at them: (.+)$/m.exec(stdout)?.[1];
    const serve = /^ {2}in the browser: (.+)$/m.exec(stdout)?.[1];
    assert.ok(look && serve, stdout);
    assert.match(serve, /^cd \S+ && node \S+assay\.js serve$/);
    const r = spawnSync('/bin/sh', ['-c', look], {
      cwd: tmpdir(),
      encoding: 'utf8',
      env: { ...process.env, PATH: dirname(process.execPath) },
    });
    assert.equal(r.status, 0, `${look}\n${r.stderr}`);
    for (const name of ['astronaut.jpg', 'camera.jpg', 'camera-mirrored.jpg'])
      assert.match(r.stdout, new RegExp(name));
  });
});
