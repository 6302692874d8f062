/**
 * `npm run bench -- snapshot` (ASSAY_BENCH_SAMPLES=N for another size): `assay snapshot` and `assay diff`
 * on serve.bench's generated project (1,000,000 samples, ~7.5M boxes over ground truth and one prediction
 * source; bench/_serve-project.ts), copied to a work folder so the serve project stays as it is. Each
 * command runs as the CLI process a user starts, under /usr/bin/time: wall, CPU (user + system) and peak
 * RSS. Between two snapshots, one batch of 1,000 edits (800 re-classes, 100 box moves, 100 deletions) and
 * 50 added boxes. Goals (issue 14): a snapshot in under a second, the database growing by under 10%;
 * the diff bounded in memory (it reads the rows that differ, not both versions).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Edit } from '@assay/core';
import { applyEdits, createSnapshot, openProject, storeDb } from '@assay/core/node';
import { mulberry32 } from '../packages/core/src/random/mulberry32.js';
import { serveProject } from './_serve-project.js';

const SAMPLES = Number(process.env.ASSAY_BENCH_SAMPLES ?? 0) || 1_000_000;
const source = await serveProject(resolve(`bench/.data/serve-${SAMPLES}`), SAMPLES);
const dir = resolve(`bench/.data/snapshot-${SAMPLES}`);
rmSync(dir, { recursive: true, force: true });
cpSync(source, dir, { recursive: true });
const dbFile = join(dir, '.assay', 'assay.duckdb');
const wal = `${dbFile}.wal`;
const bytes = () => statSync(dbFile).size + (existsSync(wal) ? statSync(wal).size : 0);

interface Measured {
  wall: number;
  cpu: number;
  peakMb: number;
  stdout: string;
}

/** One `assay` command as its own process, timed by GNU time (wall, user + system CPU, peak RSS). */
function assay(...args: string[]): Measured {
  const r = spawnSync(
    '/usr/bin/time',
    ['-f', '%e %U %S %M', process.execPath, resolve('packages/cli/bin/assay.js'), ...args],
    { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30 },
  );
  if (r.status !== 0) throw new Error(`assay ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  const [wall, user, sys, kb] = r.stderr.trim().split('\n').at(-1)!.split(' ').map(Number) as number[];
  return { wall: wall!, cpu: user! + sys!, peakMb: kb! / 1024, stdout: r.stdout };
}

const row = (what: string, m: Measured) =>
  console.log(
    `  ${what.padEnd(34)} wall ${m.wall.toFixed(2).padStart(7)} s  cpu ${m.cpu.toFixed(2).padStart(7)} s  peak RSS ${m.peakMb.toFixed(0).padStart(6)} MB`,
  );

console.log(`project: ${SAMPLES.toLocaleString('en-US')} samples, database ${(bytes() / 1e6).toFixed(0)} MB`);

const size0 = bytes();
{
  // The snapshot itself, in process (the command's time is mostly starting Node and opening the file).
  const project = await openProject(dir, { command: 'bench snapshot' });
  try {
    const t = performance.now();
    await createSnapshot(project, 'in-process');
    console.log(`  createSnapshot in process: ${(performance.now() - t).toFixed(0)} ms`);
  } finally {
    await project.close();
  }
}
const s1 = assay('snapshot', 'before', '-m', 'bench');
row('assay snapshot before', s1);
const size1 = bytes();
console.log(
  `  database after the snapshot: ${(size1 / 1e6).toFixed(1)} MB (${((100 * (size1 - size0)) / size0).toFixed(2)}% growth)`,
);

// One batch of edits between the two snapshots.
const project = await openProject(dir, { command: 'bench snapshot' });
try {
  const db = storeDb(project.store);
  const ids = (
    await db.all<{ id: number }>(
      "SELECT a.id FROM annotations a JOIN sources s ON s.id = a.source_id WHERE s.name = 'ground_truth' AND hash(a.id) % 3000 = 1 ORDER BY a.id LIMIT 1000",
    )
  ).map((r) => r.id);
  const samples = (
    await db.all<{ id: number }>('SELECT id FROM samples WHERE hash(id) % 20000 = 3 LIMIT 50')
  ).map((r) => r.id);
  const random = mulberry32(3);
  const edits: Edit[] = ids.map((id, i) =>
    i < 800
      ? { op: 'update', annotationId: id, set: { label: `class_${Math.floor(random() * 20)}` } }
      : i < 900
        ? { op: 'update', annotationId: id, set: { bbox: [1, 2, 30 + i, 40] } }
        : { op: 'delete', annotationId: id },
  );
  for (const sampleId of samples)
    edits.push({ op: 'add', sampleId, shape: { label: 'class_1', bbox: [5, 5, 50, 50] } });
  const t = performance.now();
  await applyEdits(project, edits, { author: 'bench' });
  console.log(`  ${edits.length} edits in one batch: ${((performance.now() - t) / 1000).toFixed(2)} s`);
} finally {
  await project.close();
}
row('assay snapshot after', assay('snapshot', 'after'));
const size2 = bytes();
console.log(
  `  database after edits and 2 snapshots: ${((100 * (size2 - size0)) / size0).toFixed(2)}% growth`,
);

const d = assay('diff', 'before', 'after', '--json');
row('assay diff before after', d);
const diff = JSON.parse(d.stdout) as { annotations: Record<string, number> };
console.log(`  diff: ${JSON.stringify(diff.annotations)}`);
row('assay diff before current', assay('diff', 'before', 'current'));
row('assay info (baseline: open + counts)', assay('info'));
rmSync(dir, { recursive: true, force: true });
