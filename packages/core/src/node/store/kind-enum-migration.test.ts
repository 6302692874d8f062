import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { CHILD_NODE_OPTIONS, moduleBeside } from '../../test-kit/child-node.js';
import { sharedFixture } from '../../test-kit/fixtures.js';
import { importDataset } from '../import-dataset.js';
import { initProject, openProject } from '../project.js';

const PROJECT_URL = pathToFileURL(moduleBeside(import.meta.url, '../project.js')).href;

const FIXTURES = sharedFixture('');

/** Opens the project in a child process that exits without closing it: DuckDB keeps its WAL. */
function openAndExit(path: string): void {
  const script = `import(${JSON.stringify(PROJECT_URL)}).then(async (m) => {
    await m.openProject(${JSON.stringify(path)}, { command: 'test' });
    process.exit(0);
  })`;
  const child = spawnSync(process.execPath, [...CHILD_NODE_OPTIONS, '--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  assert.equal(child.status, 0, child.stderr);
}

describe('migration 4 (annotation kind as an enum)', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-kind-enum-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('upgrades a version-3 project, and the upgrade survives a process that never closes it', async () => {
    const path = join(dir, 'p');
    await initProject(path);
    const project = await openProject(path, { command: 'test' });
    // Real COCO: polygons and crowd RLE masks (val2014 subset), keypoints.
    await importDataset(project, {
      format: 'coco',
      path: join(FIXTURES, 'coco-val2014-100/instances_val2014_100.json'),
    });
    await importDataset(project, { format: 'coco', path: join(FIXTURES, 'coco-keypoints-139099/gt.json') });
    const expected = await project.store.summary();
    await project.close();
    // What a version-3 database looks like: kind as text, migration 4 not recorded.
    const instance = await DuckDBInstance.create(join(path, '.assay', 'assay.duckdb'));
    const connection = await instance.connect();
    await connection.run(
      'ALTER TABLE annotations ALTER COLUMN kind SET DATA TYPE VARCHAR; DELETE FROM schema_migrations WHERE version = 4',
    );
    connection.closeSync();
    instance.closeSync();

    openAndExit(path);
    const reopened = await openProject(path, { readOnly: true });
    try {
      assert.deepEqual(await reopened.store.summary(), expected);
      const kinds = new Set((await reopened.store.listAnnotationGeometry()).map((a) => a.kind));
      assert.deepEqual([...kinds].sort(), ['keypoints', 'mask', 'polygon']);
    } finally {
      await reopened.close();
    }
  });
});
