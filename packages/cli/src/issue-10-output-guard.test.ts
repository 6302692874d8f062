/**
 * Issue 10 §1: an output never touches source data or the project's .assay folder (after resolving
 * symbolic links, with or without --force), never replaces something that is not a regular file, and
 * media is read only as regular files inside the images folder. The CLI's program called in this process (test-kit/call-cli.ts), real project, real files.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstatSync, readFileSync, statSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, rm, symlink, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { callCli } from './test-kit/call-cli.js';
import { json } from './test-kit/run-cli.js';
import { makeTinyProject, type TinyProject } from './test-kit/tiny-project.js';

interface ErrorJson {
  error: { code: string; message: string; hint?: string };
}

/** Every file below `dir` with its bytes, to prove nothing changed. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of await readdir(dir, { recursive: true })) {
    const path = join(dir, name);
    if (lstatSync(path).isFile()) out.set(name, readFileSync(path).toString('base64'));
  }
  return out;
}

describe('issue 10: outputs never touch sources, .assay or non-regular files', () => {
  let tmp = '';
  let p: TinyProject;
  let data: Map<string, string>;
  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'assay-issue10-guard-'));
    p = await makeTinyProject(join(tmp, 'project'));
    data = await snapshot(join(p.dir, 'data'));
  });
  after(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  const refused = async (args: string[], pattern: RegExp) => {
    const run = await callCli([...args, '--json'], p.dir);
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stdout}${run.stderr}`);
    const { error } = json<ErrorJson>(run);
    assert.match(error.message, pattern);
    assert.ok(error.hint, 'a hint says what to do');
    assert.deepEqual(await snapshot(join(p.dir, 'data')), data, 'the source files are unchanged');
  };

  it('export --force into the images folder, the annotation folder or the project is refused', async () => {
    await refused(['export', 'coco', p.images, '--force'], /images folder/);
    await refused(['export', 'coco', join(p.images, 'sub'), '--force'], /lies inside an images folder/);
    await refused(['export', 'yolo', join(p.dir, 'data', 'annotations'), '--force'], /imported annotations/);
    await refused(['export', 'coco', p.dir, '--force'], /contains the project's \.assay folder/);
  });

  it('export through a symbolic link that resolves to the images folder is refused', async () => {
    const link = join(tmp, 'link-to-images');
    await symlink(p.images, link);
    await refused(['export', 'coco', link, '--force'], new RegExp(`${link}.*${p.images}`));
  });

  it('report --out onto the database, an annotation file or through a link to them is refused', async () => {
    const db = join(p.dir, '.assay', 'assay.duckdb');
    const before = readFileSync(db);
    await refused(['report', '--out', db], /\.assay folder/);
    assert.deepEqual(readFileSync(db), before);
    await refused(['report', '--out', p.annotations], /is imported annotations/);
    const link = join(tmp, 'link-to-annotations.html');
    await symlink(p.annotations, link);
    await refused(['report', '--out', link], /imported annotations/);
    await refused(['report', '--out', join(p.images, 'r.html')], /images folder/);
    const info = await callCli(['info'], p.dir);
    assert.equal(info.code, 0, info.stderr);
  });

  it('report --out never replaces a FIFO or a folder', async () => {
    const fifo = join(tmp, 'pipe');
    execFileSync('mkfifo', [fifo]);
    await refused(['report', '--out', fifo], /named pipe \(FIFO\), not a regular file/);
    assert.ok(statSync(fifo).isFIFO(), 'still a FIFO');
    const folder = join(tmp, 'a-folder');
    await mkdir(folder);
    await refused(['report', '--out', folder], /a folder, not a regular file/);
    assert.ok(statSync(folder).isDirectory());
  });

  it('an output below a file is a clear error naming the file', async () => {
    const below = join(p.annotations.replace('instances.json', ''), '..', '..', 'note.txt');
    await copyFile(p.annotations, below);
    await refused(['report', '--out', join(below, 'r.html')], /note\.txt is a file, not a folder/);
    await unlink(below);
  });

  it('an image reached through a link leading out of the images folder is neither exported nor scanned', async () => {
    const outside = join(tmp, 'outside.png');
    const target = join(p.images, p.files[0]!);
    await copyFile(target, outside);
    const original = readFileSync(target);
    await unlink(target);
    await symlink(outside, target);
    try {
      const exported = await callCli(['export', 'coco', join(tmp, 'escape-out'), '--json'], p.dir);
      assert.equal(exported.code, 2, exported.stderr);
      assert.match(json<ErrorJson>(exported).error.message, /outside\.png, outside the images folder/);
      const annotationsOnly = await callCli(
        ['export', 'coco', join(tmp, 'escape-out2'), '--no-images'],
        p.dir,
      );
      assert.equal(annotationsOnly.code, 0, annotationsOnly.stderr);
      const scan = await callCli(['scan', '--json'], p.dir);
      assert.equal(scan.code, 0, scan.stderr);
      const issues = await callCli(['issues', '--type', 'unreadable_file', '--json'], p.dir);
      assert.match(issues.stdout, /symbolic link to .*outside\.png, outside the images folder/);
    } finally {
      await unlink(target);
      await copyFile(outside, target);
      assert.deepEqual(readFileSync(target), original);
    }
  });

  it('export of a project listing a FIFO as an image stops with an error naming it instead of hanging', {
    timeout: 60_000,
  }, async () => {
    const target = join(p.images, p.files[1]!);
    const keep = join(tmp, 'kept.png');
    await copyFile(target, keep);
    await unlink(target);
    execFileSync('mkfifo', [target]);
    try {
      const scan = await callCli(['scan'], p.dir);
      assert.equal(scan.code, 0, scan.stderr);
      for (const format of ['coco', 'yolo']) {
        const run = await callCli(['export', format, join(tmp, `fifo-${format}`), '--json'], p.dir);
        assert.equal(run.code, 2, run.stderr);
        assert.match(json<ErrorJson>(run).error.message, /b\.png.*named pipe \(FIFO\)/);
      }
    } finally {
      await unlink(target);
      await copyFile(keep, target);
    }
  });
});
