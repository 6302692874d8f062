/**
 * Issue 10: detection label issues reported every box on a missing or corrupt image as a spurious label
 * (no model saw the image, so nothing matched). Samples whose file scan found missing, corrupt or
 * unreadable are left out of the label analyses, and the count is said.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { callCli } from './test-kit/call-cli.js';
import { json } from './test-kit/run-cli.js';

interface DetectionRun {
  kind: string;
  images: number;
  skipped_images: Record<string, number>;
  issues: Record<string, number>;
}

interface IssuesJson {
  issues: { type: string; sample: string | null }[];
}

describe('issue 10: label analyses skip images scan found missing or corrupt', () => {
  let dir = '';
  let project = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-unusable-'));
    const images = join(dir, 'images');
    await mkdir(images);
    for (const name of ['a.png', 'b.png']) {
      await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 40, b: 40 } } })
        .png()
        .toFile(join(images, name));
    }
    // c.png: PNG signature then garbage; d.png is never written (missing).
    await writeFile(
      join(images, 'c.png'),
      Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64, 7)]),
    );
    const imageList = ['a.png', 'b.png', 'c.png', 'd.png'].map((file_name, i) => ({
      id: i + 1,
      file_name,
      width: 64,
      height: 48,
    }));
    const box = [10, 10, 20, 20];
    const gt = {
      images: imageList,
      categories: [{ id: 1, name: 'thing' }],
      annotations: imageList.map((im) => ({
        id: im.id,
        image_id: im.id,
        category_id: 1,
        bbox: box,
        area: 400,
        iscrowd: 0,
      })),
    };
    // The model saw only the two readable images, and found their box.
    const pred = {
      ...gt,
      annotations: gt.annotations.slice(0, 2).map((a) => ({ ...a, score: 0.95 })),
    };
    await writeFile(join(dir, 'gt.json'), JSON.stringify(gt));
    await writeFile(join(dir, 'pred.json'), JSON.stringify(pred));
    project = join(dir, 'p');
    assert.equal((await callCli(['init', project], dir)).code, 0);
    for (const args of [
      ['import', 'coco', join(dir, 'gt.json'), '--images', images],
      ['import', 'coco', join(dir, 'pred.json'), '--images', images, '--as', 'prediction:m'],
      ['scan'],
    ]) {
      const run = await callCli(args, project);
      assert.equal(run.code, 0, `${args.join(' ')}: ${run.stderr}`);
    }
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('leaves the missing and the corrupt image out, says so, and flags nothing on them', async () => {
    const run = json<DetectionRun>(
      await callCli(['--json', 'label-errors', '--pred', 'prediction:m'], project),
    );
    assert.equal(run.kind, 'detection');
    assert.deepEqual(run.skipped_images, { corrupt: 1, missing: 1 });
    assert.equal(run.images, 2);
    assert.equal(run.issues.spurious_label ?? 0, 0, JSON.stringify(run.issues));
    const issues = json<IssuesJson>(await callCli(['--json', 'issues'], project));
    const labelIssues = issues.issues.filter((i) => ['spurious_label', 'missing_label'].includes(i.type));
    assert.deepEqual(labelIssues, []);
    const human = await callCli(['label-errors', '--pred', 'prediction:m'], project);
    assert.equal(human.code, 0, human.stderr);
    assert.match(
      human.stderr,
      /Skipped 2 images whose file scan found missing, corrupt or unreadable \(1 corrupt, 1 missing\)|Skipped 2 images whose file scan found missing, corrupt or unreadable \(1 missing, 1 corrupt\)/,
    );
  });
});
