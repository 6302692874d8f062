/**
 * Issue 10 (LiDAR logs nobody here made): an Argoverse 2 log (av2-api's layout: `<log>/sensors/lidar/
 * <timestamp_ns>.feather`, Apache Arrow tables), which Assay does not read, was "Could not tell which
 * format" with no word on what it is. Now a weak guess naming the pandas one-liner that writes each sweep
 * as a binary PCD (checked by hand with pandas 3.0 and pyarrow 25 on float16 x, y, z as av2 writes them:
 * the PCDs import, x values as written) and the import that follows. A PandaSet sequence (devkit layout:
 * `<seq>/lidar/NN.pkl.gz` pickled DataFrames of x, y, z, i, t, d, with poses.json) likewise (its one-liner
 * written from the devkit's column names, not run here).
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../../node/fs-format-io.js';
import { rankFormats } from '../detect-format.js';
import { formats } from '../index.js';
import { toPosix } from '../paths.js';

describe('issue 10: Argoverse 2 sweeps', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-av2-')));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a log folder, its sensors/lidar/ and one .feather sweep: a weak guess with the conversion to PCD', async () => {
    const lidar = `${dir}/log/sensors/lidar`;
    await mkdir(lidar, { recursive: true });
    await writeFile(`${lidar}/315966265659927216.feather`, 'ARROW1\0\0');
    await writeFile(`${dir}/log/annotations.feather`, 'ARROW1\0\0');
    const io = createNodeFormatIO();
    for (const path of [`${dir}/log`, lidar, `${lidar}/315966265659927216.feather`]) {
      const [best] = await rankFormats(formats, path, io);
      assert.equal(best?.format.id, 'pcd', path);
      assert.ok(best!.detection.confidence < 0.5);
      assert.match(best!.detection.reason, /^Argoverse 2 sweeps/);
      assert.ok(best!.detection.reason.includes(`glob.glob('${lidar}/*.feather')`), path);
      assert.ok(best!.detection.reason.endsWith(`then assay import pcd ${lidar}`));
    }
  });

  it('PandaSet: a sequence, its lidar/ and one .pkl.gz sweep: a weak guess with the conversion to PCD', async () => {
    const lidar = `${dir}/pandaset/002/lidar`;
    await mkdir(lidar, { recursive: true });
    for (const f of ['00.pkl.gz', '01.pkl.gz'])
      await writeFile(`${lidar}/${f}`, new Uint8Array([0x1f, 0x8b]));
    await writeFile(`${lidar}/poses.json`, '[]');
    const io = createNodeFormatIO();
    for (const path of [`${dir}/pandaset/002`, lidar, `${lidar}/00.pkl.gz`]) {
      const [best] = await rankFormats(formats, path, io);
      assert.equal(best?.format.id, 'pcd', path);
      assert.ok(best!.detection.confidence < 0.5);
      assert.match(best!.detection.reason, /^PandaSet sweeps .*pd\.read_pickle\(f\)\[\['x','y','z','i'\]\]/);
      assert.ok(best!.detection.reason.includes(`then assay import pcd ${lidar} `), path);
    }
  });
});
