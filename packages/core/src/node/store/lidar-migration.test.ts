import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { migrations, SCHEMA_VERSION } from '../../store/migrations.js';
import { initProject, openProject } from '../project.js';
import { storeDb } from './duckdb-store.js';

describe('migration 8 (point clouds, sensors, frames, cuboids)', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-lidar-migration-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('upgrades a version-6 database and keeps its annotation kinds', async () => {
    const path = join(dir, 'p');
    await initProject(path);
    const file = join(path, '.assay', 'assay.duckdb');
    await rm(file, { force: true });
    // A database as Assay with migrations 1–6 wrote it, with one span and one bbox annotation.
    const instance = await DuckDBInstance.create(file);
    const c = await instance.connect();
    await c.run(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)',
    );
    for (const m of migrations.filter((m) => m.version <= 6)) {
      await c.run(m.sql);
      await c.run(`INSERT INTO schema_migrations VALUES (${m.version}, '${m.name}', now())`);
    }
    await c.run(`INSERT INTO project_meta VALUES ('name', 'p')`);
    await c.run(
      `INSERT INTO annotations (id, sample_id, source_id, kind) VALUES (1, 1, 1, 'span'), (2, 1, 1, 'bbox')`,
    );
    c.closeSync();
    instance.closeSync();

    const project = await openProject(path, { command: 'test' });
    try {
      const db = storeDb(project.store);
      const kinds = await db.all<{ kind: string }>(
        'SELECT kind::VARCHAR AS kind FROM annotations ORDER BY id',
      );
      assert.deepEqual(
        kinds.map((k) => k.kind),
        ['span', 'bbox'],
      );
      await db.run(
        `INSERT INTO annotations (id, sample_id, source_id, kind, cx, cy, cz, size_l, size_w, size_h, yaw, coord_frame, track_id)
         VALUES (3, 1, 1, 'cuboid', 1, 2, 3, 4, 2, 1.5, 0.5, 'velodyne', 't7')`,
      );
      const cuboid = await db.all<{ kind: string; yaw: number }>(
        `SELECT kind::VARCHAR AS kind, yaw FROM annotations WHERE id = 3`,
      );
      assert.deepEqual(cuboid, [{ kind: 'cuboid', yaw: 0.5 }]);
      for (const table of ['sensors', 'frames', 'frame_samples', 'sequences']) {
        assert.equal(
          await db.scalar(`SELECT count(*) FROM information_schema.tables WHERE table_name = '${table}'`),
          1,
          table,
        );
      }
      const columns = await db.all<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'samples' AND column_name LIKE 'point_%' ORDER BY 1`,
      );
      assert.deepEqual(
        columns.map((r) => r.column_name),
        ['point_bounds', 'point_count', 'point_fields', 'point_format', 'point_origin'],
      );
      assert.equal(await db.scalar('SELECT max(version) FROM schema_migrations'), SCHEMA_VERSION);
    } finally {
      await project.close();
    }
  });
});
