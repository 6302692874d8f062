/**
 * The embedding pipeline as a user runs it, one CLI process per step, on map.bench's generated project
 * of N samples (one ground-truth class of 20 each, a split) and a seeded `.npy` of N × 512 clustered
 * unit vectors with its keys file (bench/_embed-1m-data.ts; planted near copies, outliers, other-class
 * rows): `assay import embeddings` (vectors stored, then the k-NN scores, outlier issues and UMAP map),
 * `assay similar`, `assay select --strategy kcenter` and `random`, `assay split --group near-duplicates`.
 * Each step's wall, CPU (user + system) and peak RSS from /usr/bin/time, exit code and last line.
 * Every size starts from a fresh copy of the generated project (bench/.data/embed-1m/).
 *
 * Usage: node --import tsx --conditions=source bench/embed-1m.bench.ts [N,...] [--budget B] [--import-only]
 * (default N 20000: a few minutes on 2 cores; `1000000` is the issue's scale.)
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { openProject, storeDb } from '@assay/core/node';
import { embed1mData } from './_embed-1m-data.js';

const args = process.argv.slice(2);
const budgetAt = args.indexOf('--budget');
const budget = budgetAt >= 0 ? (args.splice(budgetAt, 2)[1] ?? '1000') : '1000';
// `--import-only`: `import embeddings` and its analysis alone (the steps after it take minutes more at 1M)
const importOnly = args.includes('--import-only');
if (importOnly) args.splice(args.indexOf('--import-only'), 1);
const sizes = (args[0] ?? '20000').split(',').map(Number);
// `ASSAY_EMBED1M_CLI=<bin/assay.js>`: another build's CLI (a copy of bin/ and bundle/ side by side), for an A/B
const CLI = resolve(process.env.ASSAY_EMBED1M_CLI ?? 'packages/cli/bin/assay.js');
const dataDir = resolve(process.env.ASSAY_EMBED1M_DATA ?? 'bench/.data/embed-1m');

interface Step {
  step: string;
  wall: number;
  cpu: number;
  rssMb: number;
  code: number;
  said: string;
}

function measure(step: string, project: string, command: string[]): Step {
  const stats = join(dataDir, 'time.txt');
  const load = loadavg()[0]!.toFixed(1);
  const r = spawnSync(
    '/usr/bin/time',
    ['-f', '%e %M %U %S', '-o', stats, process.execPath, CLI, '--project', project, ...command],
    { encoding: 'utf8', maxBuffer: 1 << 30 },
  );
  const [wall = 0, kb = 0, user = 0, sys = 0] = readFileSync(stats, 'utf8')
    .trim()
    .split('\n')
    .pop()!
    .split(' ')
    .map(Number);
  const said = (r.status === 0 && r.stdout.trim() !== '' ? r.stdout : r.stderr)
    .trim()
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(-1)[0]!
    .slice(0, 160);
  const m = { step, wall, cpu: user + sys, rssMb: kb / 1024, code: r.status ?? -1, said };
  console.log(
    `  ${step.padEnd(28)} ${wall.toFixed(1).padStart(8)} s wall ${m.cpu.toFixed(1).padStart(8)} s CPU ${m.rssMb.toFixed(0).padStart(6)} MB  exit ${m.code}  (load ${load})  ${said}`,
  );
  return m;
}

/** The planted rows the analysis flagged (`outlier` issues, global and within the class), and the stored map. */
async function plantedFound(project: string, keysFile: string, kindsFile: string): Promise<string> {
  const keys = readFileSync(keysFile, 'utf8').trim().split('\n');
  const kinds = readFileSync(kindsFile);
  const kindOf = new Map(keys.map((k, i) => [k, kinds[i]!]));
  const p = await openProject(project, { command: 'bench embed-1m', readOnly: true });
  const db = storeDb(p.store);
  const issues = await db.all<{ key: string; scope: string }>(
    `SELECT s.key, json_extract_string(i.details, '$.scope') AS scope
       FROM issues i JOIN samples s ON s.id = i.sample_id WHERE i.type = 'outlier'`,
  );
  const mapped = await db.scalar("SELECT count(*) FROM embedding_projections WHERE model = 'vec'");
  await p.close();
  const flagged = (kind: number, scope?: string) =>
    issues.filter((i) => kindOf.get(i.key) === kind && (scope === undefined || i.scope === scope)).length;
  const planted = (kind: number) => kinds.filter((k) => k === kind).length;
  return (
    `flagged: ${flagged(2, 'global')} of ${planted(2)} planted outliers (global), ` +
    `${flagged(3)} of ${planted(3)} other-class rows (${flagged(3, 'class')} within the class), ` +
    `${flagged(0) + flagged(1)} of the others; ${issues.length} in all ` +
    `(${issues.filter((i) => i.scope === 'global').length} global, ${issues.filter((i) => i.scope === 'class').length} within the class); ` +
    `${mapped} samples on the map`
  );
}

for (const n of sizes) {
  const data = await embed1mData(dataDir, n);
  const project = join(dataDir, `run-${n}`);
  rmSync(project, { recursive: true, force: true });
  cpSync(data.project, project, { recursive: true });
  console.log(`\n${n.toLocaleString()} samples × 512 (planted: ${JSON.stringify(data.planted)})`);
  const sample = readFileSync(data.keys, 'utf8').slice(0, 200).split('\n')[0]!;
  measure('import embeddings', project, [
    'import',
    'embeddings',
    data.npy,
    '--keys',
    data.keys,
    '--model',
    'vec',
  ]);
  console.log(`  ${await plantedFound(project, data.keys, data.kinds)}`);
  if (importOnly) {
    rmSync(project, { recursive: true, force: true });
    continue;
  }
  measure('similar --k 10', project, ['similar', sample, '--k', '10']);
  measure(`select kcenter ${budget}`, project, [
    'select',
    '--budget',
    budget,
    '--strategy',
    'kcenter',
    '--tag',
    'kcenter',
  ]);
  measure(`select random ${budget}`, project, [
    'select',
    '--budget',
    budget,
    '--strategy',
    'random',
    '--tag',
    'rnd',
  ]);
  measure('split --group near-dups', project, [
    'split',
    '--ratios',
    '0.8,0.1,0.1',
    '--group',
    'near-duplicates',
    '--seed',
    '1',
  ]);
  rmSync(project, { recursive: true, force: true });
}
