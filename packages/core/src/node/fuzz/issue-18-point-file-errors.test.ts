/**
 * Truncated and mistyped point files (PCD, PLY, KITTI velodyne .bin, SemanticKITTI .label) give errors
 * that name the file: either the import goes on and lists the file among its problems, or it stops with
 * a user error (not INTERNAL) whose message or hint names it. Each point file of point-seeds.ts is cut
 * inside its points, cut to no whole point, and given one of the header lies of mutate-points.ts.
 */
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError } from '../../errors.js';
import { mulberry32 } from '../../random/mulberry32.js';
import { importDataset } from '../import-dataset.js';
import { initProject, openProject } from '../project.js';
import type { FuzzSeed } from './fuzz-seeds.js';
import { headerLies, mutatePointFile } from './mutate-points.js';
import { pointSeeds } from './point-seeds.js';

/** Imports `path` with `format` into a fresh project; the text a user sees about what went wrong. */
async function importText(dir: string, format: string, path: string): Promise<{ ok: boolean; text: string }> {
  const projectDir = join(dir, 'project');
  await initProject(projectDir);
  const project = await openProject(projectDir);
  try {
    const summary = await importDataset(project, { format, path });
    return { ok: true, text: summary.problems.map((p) => `${p.file}: ${p.reason}`).join('\n') };
  } catch (error) {
    if (!(error instanceof AssayError) || error.code === 'INTERNAL') throw error;
    return { ok: false, text: `${error.message}\n${error.hint ?? ''}` };
  } finally {
    await project.close();
    await rm(projectDir, { recursive: true, force: true });
  }
}

describe('point files cut short or mistyped name the file (issue 18)', () => {
  let root = '';
  let seeds: FuzzSeed[] = [];
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-point-errors-'));
    seeds = await pointSeeds(join(root, 'seeds'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('every point seed, cut in its data, cut to no whole point, and with lying headers: a problem or a user error naming the file', async () => {
    assert.equal(seeds.length, 7);
    const seen = new Set<string>();
    let n = 0;
    let files = 0;
    for (const seed of seeds) {
      for (const file of seed.mutable) {
        const original = await readFile(join(seed.dir, file));
        const random = mulberry32(n + 1);
        // One of the file's header lies (a different one for each file), and the two cuts.
        const lie = headerLies(original)[(2 * files) % Math.max(1, headerLies(original).length)];
        files++;
        const mutations = [
          mutatePointFile(original, random, 'cut-data'),
          mutatePointFile(original, random, 'odd-length'),
          ...(lie === undefined ? [] : [lie]),
        ];
        for (const mutation of mutations) {
          const dir = join(root, `case-${n++}`);
          await cp(seed.dir, dir, { recursive: true });
          await writeFile(join(dir, file), mutation.bytes);
          const { ok, text } = await importText(dir, seed.format, join(dir, seed.path));
          assert.ok(
            text.includes(basename(file)),
            `${seed.name}, ${mutation.what}: ${ok ? 'imported' : 'refused'} without naming ${basename(file)}:\n${text}`,
          );
          seen.add(mutation.what.replace(/\d+/g, 'N'));
          await rm(dir, { recursive: true, force: true });
        }
      }
    }
    for (const kind of [
      'truncated in the point data',
      'no whole point',
      'POINTS larger',
      'vertex count larger',
      'TYPE of x unknown',
    ])
      assert.ok(
        [...seen].some((s) => s.includes(kind)),
        `no case of "${kind}" among ${[...seen].join(' | ')}`,
      );
  });
});
