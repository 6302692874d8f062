/**
 * Issue 11 end to end: `assay import auto` on folders the named importers read — a Label Studio
 * export folder (claimed through its JSON, which is what is read) and a DOTA folder as Roboflow
 * exports it — and the YOLO export of what was imported, read back by `import auto`.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { callCli } from './test-kit/call-cli.js';
import { json } from './test-kit/run-cli.js';

interface Summary {
  format: string;
  detection: { confidence: number; reason: string };
  annotations: { total: number };
  problems: { severity: string; reason: string }[];
}

async function jpeg(path: string, width: number, height: number): Promise<void> {
  const image = sharp({ create: { width, height, channels: 3, background: { r: 90, g: 120, b: 150 } } });
  await writeFile(path, await image.jpeg().toBuffer());
}

describe('issue 11: import auto on export folders', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-cli-11-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('a Label Studio export folder (label-studio.json + images/) imports through its JSON', async () => {
    const ls = join(dir, 'ls-export');
    await mkdir(join(ls, 'images'), { recursive: true });
    await jpeg(join(ls, 'images', 'a.jpg'), 40, 30);
    const value = { x: 10, y: 20, width: 50, height: 40, rotation: 0, rectanglelabels: ['cat'] };
    const result = [
      {
        id: 'r1',
        type: 'rectanglelabels',
        from_name: 'label',
        to_name: 'image',
        original_width: 40,
        original_height: 30,
        value,
      },
    ];
    await writeFile(
      join(ls, 'label-studio.json'),
      JSON.stringify([{ id: 1, data: { image: 'a.jpg' }, annotations: [{ id: 1, result }] }]),
    );
    const project = join(dir, 'p-ls');
    assert.equal((await callCli(['init', project], dir)).code, 0);
    const run = await callCli(['import', 'auto', ls, '--json'], project);
    assert.equal(run.code, 0, run.stderr);
    const summary = json<Summary>(run);
    assert.equal(summary.format, 'label-studio');
    assert.match(summary.detection.reason, /label-studio\.json/);
    assert.equal(summary.annotations.total, 1);
  });

  it('a DOTA folder imports as oriented boxes; its YOLO export is YOLO OBB and imports again', async () => {
    const dota = join(dir, 'dota');
    await mkdir(join(dota, 'train', 'images'), { recursive: true });
    await mkdir(join(dota, 'train', 'labelTxt'), { recursive: true });
    await jpeg(join(dota, 'train', 'images', 'p.jpg'), 200, 100);
    await writeFile(
      join(dota, 'train', 'labelTxt', 'p.txt'),
      'imagesource:GoogleEarth\ngsd:0.5\n20 30 60 10 80 50 40 70 ship 0\n100 20 140 20 140 60 100 60 plane 1\n',
    );
    const project = join(dir, 'p-dota');
    assert.equal((await callCli(['init', project], dir)).code, 0);
    const run = await callCli(['import', 'auto', dota, '--json'], project);
    assert.equal(run.code, 0, run.stderr);
    const summary = json<Summary>(run);
    assert.equal(summary.format, 'yolo');
    assert.match(summary.detection.reason, /DOTA/);
    assert.equal(summary.annotations.total, 2);
    const out = join(dir, 'obb-out');
    const exported = await callCli(['export', 'yolo', out], project);
    assert.equal(exported.code, 0, exported.stderr);
    const lines = (await readFile(join(out, 'labels', 'train', 'p.txt'), 'utf8')).trim().split('\n');
    assert.deepEqual(
      lines.map((l) => l.split(' ').length),
      [9, 9],
      'YOLO OBB: class and 4 corners',
    );
    const again = join(dir, 'p-again');
    assert.equal((await callCli(['init', again], dir)).code, 0);
    const back = json<Summary>(await callCli(['import', 'auto', out, '--json'], again));
    assert.equal(back.format, 'yolo');
    assert.equal(back.annotations.total, 2);
    assert.deepEqual(
      back.problems.filter((p) => p.severity === 'error'),
      [],
    );
  });
});
