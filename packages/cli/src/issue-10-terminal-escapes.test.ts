/**
 * Issue 10: control characters and ANSI escapes in file names, class names and attributes were printed
 * raw in human output (terminal injection, forged lines). They are shown escaped everywhere people read
 * (tables, problem lists, notes, errors); --json keeps them exact.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { type CliRun, json, runCli } from './test-kit/run-cli.js';
import { terminalSafe } from './ui/terminal-safe.js';

const RED_CLASS = 'cat\x1b[31mRED\x1b[0m';
const FORGED_CLASS = 'dog\r✔ plan passed';
const NEWLINE_FILE = 'bad\n✔ imported 1000 samples.png';
const BIDI_FILE = 'x\u202egnp.exe.png';

function assertNoRawControls(run: CliRun, what: string): void {
  const text = `${run.stdout}${run.stderr}`;
  // Only the newlines that end lines remain: none inside a name.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for raw control characters is the point
  assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/, `${what}: raw control`);
  assert.doesNotMatch(text, /^✔ (plan passed|imported 1000)/m, `${what}: a forged line`);
}

describe('issue 10: hostile names in human output', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-ansi-'));
    await mkdir(join(dir, 'images'));
    const png = await sharp({
      create: { width: 32, height: 24, channels: 3, background: { r: 90, g: 120, b: 60 } },
    })
      .png()
      .toBuffer();
    await writeFile(join(dir, 'images', 'ok.png'), png);
    await writeFile(join(dir, 'images', BIDI_FILE), png);
    const coco = {
      images: [
        { id: 1, file_name: 'ok.png', width: 32, height: 24 },
        { id: 2, file_name: NEWLINE_FILE, width: 32, height: 24 },
        { id: 3, file_name: BIDI_FILE, width: 32, height: 24 },
      ],
      categories: [
        { id: 1, name: RED_CLASS },
        { id: 2, name: FORGED_CLASS },
      ],
      annotations: [
        { id: 1, image_id: 1, category_id: 1, bbox: [1, 1, 10, 10], area: 100, iscrowd: 0 },
        { id: 2, image_id: 1, category_id: 2, bbox: [2, 2, 10, 10], area: 100, iscrowd: 0 },
        { id: 3, image_id: 2, category_id: 2, bbox: [2, 2, 10, 10], area: 100, iscrowd: 0 },
        { id: 4, image_id: 3, category_id: 1, bbox: [2, 2, 10, 10], area: 100, iscrowd: 0 },
        // A record the reader skips, so the problem list names a hostile class id.
        { id: 5, image_id: 3, category_id: 99, bbox: [2, 2, 10, 10], area: 100, iscrowd: 0 },
      ],
    };
    await writeFile(join(dir, 'gt.json'), JSON.stringify(coco));
    assert.equal((await runCli(['init', 'p'], dir)).code, 0);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('escapes every control character in one place', () => {
    assert.equal(terminalSafe('a\x1b[31mb'), 'a\\x1b[31mb');
    assert.equal(terminalSafe('a\r\nb\tc'), 'a\\r\\nb\\tc');
    assert.equal(terminalSafe('a\nb', { keepNewlines: true }), 'a\nb');
    assert.equal(terminalSafe('x\u202egnp'), 'x\\u202egnp');
    assert.equal(terminalSafe('\u009b31m'), '\\x9b31m');
    assert.equal(terminalSafe('plain — ünïcode ✔'), 'plain — ünïcode ✔');
  });

  it('import, scan, check, info, stats and issues print names escaped; --json keeps them exact', async () => {
    const p = join(dir, 'p');
    const imported = await runCli(
      ['import', 'coco', join(dir, 'gt.json'), '--images', join(dir, 'images')],
      p,
    );
    assert.equal(imported.code, 0, imported.stderr);
    assertNoRawControls(imported, 'import');
    for (const args of [['scan'], ['check'], ['info'], ['stats'], ['issues']]) {
      const run = await runCli(args, p);
      assert.equal(run.code, 0, `${args[0]}: ${run.stderr}`);
      assertNoRawControls(run, args[0]!);
    }
    const info = await runCli(['info'], p);
    assert.ok(info.stdout.includes('cat\\x1b[31mRED\\x1b[0m'), info.stdout);
    assert.ok(info.stdout.includes('dog\\r✔ plan passed'), info.stdout);
    const issues = await runCli(['issues', '--limit', '100'], p);
    assert.ok(issues.stdout.includes('bad\\n✔ imported 1000 samples.png'), issues.stdout);
    const exact = json<{ classes: { name: string }[] }>(await runCli(['--json', 'info'], p));
    assert.deepEqual(exact.classes.map((c) => c.name).sort(), [RED_CLASS, FORGED_CLASS].sort());
  });

  it('an error naming a hostile path is escaped', async () => {
    const run = await runCli(['import', 'coco', join(dir, 'no\x1b[2Jsuch.json')], join(dir, 'p'));
    assert.equal(run.code, 2, run.stderr);
    assert.ok(run.stderr.includes('no\\x1b[2Jsuch.json'), run.stderr);
    assertNoRawControls(run, 'error');
  });
});
