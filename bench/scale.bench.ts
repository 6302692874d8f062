/**
 * Scale benchmark (issue 12): every command a user runs, as the CLI process they run, on generated COCO
 * projects of 100k and 300k images (80 classes, ~6.7 boxes and ~12 predictions per image; add 1M with
 * `ASSAY_SCALE_IMAGES=100000,300000,1000000`), with wall time and peak RSS of each process (/usr/bin/time), side by
 * side with DuckDB running the aggregate queries behind `assay stats` directly (the floor for stats).
 * Not a test. Usage: [ASSAY_SCALE_IMAGES=N,N] [ASSAY_SCALE_ONLY=stats,info,...] npm run bench -- scale
 *
 * Data: ../shared/tools/gen_detection.py (beside the checkout, or beside the worktrees' folder) writes
 * bench/.data/scale-<N>/{gt,dt_bbox}.json once (seed 1); the project is made again on every run.
 * ASSAY_SCALE_REPLICATE=100000 makes each larger size that has no generated data by copying the imported
 * 100k project's samples and annotations N / 100k times inside DuckDB (keys prefixed `c<k>/`, ids and
 * original ids offset): the same distributions at N images without generating and importing N (the
 * generator takes hours on a loaded machine); the import rows are then missing for that size.
 * ASSAY_SCALE_FILES=100000 instead writes each larger size's COCO files as copies of the 100k pair
 * (_replicate-coco.ts), so the import rows are measured at that size too.
 * Goals at 1M images: every command < 2 GB peak RSS; no step more than 3.5× slower from 300k to 1M;
 * `info` and `issues --limit 100` < 1 s; `stats` within 2× of the direct queries; label checks < 60 s;
 * exports ≥ 200k annotations/s.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { countCocoRecords, replicateCocoFiles } from './_replicate-coco.js';

// scripts/bench.mjs takes its arguments as bench names, so the sizes and steps come from the environment.
const sizes = (process.env.ASSAY_SCALE_IMAGES ?? '100000,300000').split(',').map(Number);
const only = process.env.ASSAY_SCALE_ONLY?.split(',');
const CLI = resolve('packages/cli/bin/assay.js');
const TIME = '/usr/bin/time';

function generator(): string | undefined {
  for (const p of ['../shared/tools/gen_detection.py', '../../shared/tools/gen_detection.py']) {
    if (existsSync(resolve(p))) return resolve(p);
  }
  return undefined;
}

/**
 * ASSAY_SCALE_FILES=N (e.g. 100000): a size with no generated files gets gt.json and dt_bbox.json written
 * as (size / N) copies of the N-image pair (_replicate-coco.ts: ids offset by k·10⁹, file names under
 * c<k>/, streamed), checked against a direct count of its records, and is then imported like any other.
 */
const filesFrom = Number(process.env.ASSAY_SCALE_FILES ?? 0);

function replicatedFiles(images: number, dir: string): boolean {
  const copies = images / filesFrom;
  const source = dataDir(filesFrom);
  if (!(filesFrom > 0 && Number.isInteger(copies) && copies > 1 && existsSync(join(source, 'dt_bbox.json'))))
    return false;
  console.log(`writing ${images} images as ${copies} copies of ${source} ...`);
  const wrote = replicateCocoFiles(source, dir, copies);
  const counted = countCocoRecords(dir);
  const once = countCocoRecords(source);
  for (const k of ['images', 'annotations', 'detections'] as const) {
    if (counted[k] !== wrote[k] || counted[k] !== once[k] * copies)
      throw new Error(
        `${dir}: ${counted[k]} ${k} counted, ${wrote[k]} written, ${once[k]} × ${copies} expected`,
      );
  }
  console.log(`counted ${JSON.stringify(counted)}: ${copies} × the source's`);
  return true;
}

function data(images: number): string {
  const dir = dataDir(images);
  if (existsSync(join(dir, 'dt_bbox.json'))) return dir;
  if (replicatedFiles(images, dir)) return dir;
  const gen = generator();
  if (!gen) {
    console.log('skipped: gen_detection.py is not beside the checkout (../shared/tools/).');
    process.exit(0);
  }
  mkdirSync(dir, { recursive: true });
  console.log(`generating ${images} images with gen_detection.py ...`);
  execFileSync('python3', [gen, '--images', String(images), '--classes', '80', '--seed', '1', '--out', dir], {
    stdio: 'inherit',
  });
  return dir;
}

interface Measured {
  seconds: number;
  /** User + system CPU seconds of the process (the figure to read on a loaded machine). */
  cpu: number;
  rssMb: number;
  code: number;
  stderr: string;
}

/** Runs one CLI command in `cwd` under /usr/bin/time: wall seconds and peak RSS of that process. */
function measure(command: string[], cwd: string): Measured {
  const stats = join(cwd, '..', 'time.txt');
  const r = spawnSync(TIME, ['-f', '%e %M %U %S', '-o', stats, process.execPath, CLI, ...command], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const [seconds, kb, user, sys] = readFileSync(stats, 'utf8')
    .trim()
    .split('\n')
    .pop()!
    .split(' ')
    .map(Number);
  return {
    seconds: seconds!,
    cpu: user! + sys!,
    rssMb: kb! / 1024,
    code: r.status ?? -1,
    stderr: r.stderr.slice(-400),
  };
}

/** The aggregate queries behind `assay stats` run directly by DuckDB (a node process with @duckdb/node-api). */
function duckdbFloor(db: string): Measured {
  const script = `
    import { DuckDBInstance } from '@duckdb/node-api';
    const t0 = performance.now();
    const i = await DuckDBInstance.create(${JSON.stringify(db)}, { access_mode: 'READ_ONLY', threads: '2' });
    const c = await i.connect();
    const q = (sql) => c.runAndReadAll(sql);
    const box = "SELECT a.class_id AS g, a.w * a.h AS area, CASE WHEN a.h > 0 THEN a.w / a.h END AS aspect, " +
      "(a.w * a.h) / (coalesce(s.width, s.declared_width)::DOUBLE * coalesce(s.height, s.declared_height)) AS rel " +
      "FROM annotations a JOIN samples s ON s.id = a.sample_id WHERE a.source_id = 1 AND a.x IS NOT NULL";
    const stats = (m) => \`count(\${m}), min(\${m}), max(\${m}), avg(\${m}), stddev_pop(\${m}), quantile_cont(\${m}, [0.05, 0.25, 0.5, 0.75, 0.95])\`;
    await q('SELECT split, count(*) FROM samples GROUP BY ALL');
    await q('SELECT source_id, class_id, count(*) FROM annotations GROUP BY ALL');
    await q('SELECT s.split, a.class_id, count(*) FROM annotations a JOIN samples s ON s.id = a.sample_id WHERE a.source_id = 1 GROUP BY ALL');
    await q('CREATE TEMP TABLE p AS SELECT DISTINCT sample_id, class_id FROM annotations WHERE source_id = 1');
    await q('SELECT s.split, p.class_id, count(*) FROM p JOIN samples s ON s.id = p.sample_id GROUP BY ALL');
    await q('SELECT x.class_id, y.class_id, count(*) FROM p x JOIN p y USING (sample_id) GROUP BY ALL');
    await q('SELECT n, count(*) FROM (SELECT count(*) AS n FROM annotations WHERE source_id = 1 GROUP BY sample_id) GROUP BY n');
    await q(\`SELECT g, \${stats('area')}, \${stats('aspect')}, \${stats('rel')} FROM (\${box}) GROUP BY g\`);
    await q(\`SELECT g, floor(log10(area) * 4), floor(log10(aspect) * 4), count(*) FROM (\${box}) WHERE area > 0 AND aspect > 0 GROUP BY GROUPING SETS ((g, 2), (g, 3))\`);
    console.error('queries ' + ((performance.now() - t0) / 1000).toFixed(2) + ' s');
  `;
  const stats = join(db, '..', '..', '..', 'time-floor.txt');
  spawnSync(TIME, ['-f', '%e %M %U %S', '-o', stats, process.execPath, '--input-type=module', '-e', script], {
    encoding: 'utf8',
    cwd: resolve('packages/core'),
  });
  const [seconds, kb, user, sys] = readFileSync(stats, 'utf8')
    .trim()
    .split('\n')
    .pop()!
    .split(' ')
    .map(Number);
  return { seconds: seconds!, cpu: user! + sys!, rssMb: kb! / 1024, code: 0, stderr: '' };
}

const replicateFrom = Number(process.env.ASSAY_SCALE_REPLICATE ?? 0);
const dataDir = (images: number) =>
  resolve('bench/.data', `scale-${images >= 1e6 ? `${images / 1e6}M` : `${images / 1e3}k`}`);
const projectDir = (images: number) => resolve('bench/.data', `scale-project-${images}`);

/**
 * The project of `images` images made from the imported project of `replicateFrom` images: its samples
 * and annotations copied (images / replicateFrom) times by DuckDB, with a meta.json scaled to match.
 */
function replicate(images: number): void {
  const copies = images / replicateFrom;
  if (!Number.isInteger(copies) || copies < 2)
    throw new Error(`${images} is not a multiple of ${replicateFrom}`);
  const base = projectDir(replicateFrom);
  if (!existsSync(join(base, '.assay', 'assay.duckdb'))) throw new Error(`import ${replicateFrom} first`);
  const project = projectDir(images);
  rmSync(project, { recursive: true, force: true });
  cpSync(base, project, { recursive: true });
  const meta = JSON.parse(readFileSync(join(dataDir(replicateFrom), 'meta.json'), 'utf8'));
  mkdirSync(dataDir(images), { recursive: true });
  writeFileSync(
    join(dataDir(images), 'meta.json'),
    JSON.stringify({
      ...meta,
      images,
      n_gt: meta.n_gt * copies,
      n_dt: meta.n_dt * copies,
      replicatedFrom: replicateFrom,
    }),
  );
  const db = join(project, '.assay', 'assay.duckdb');
  // Original ids move by 10^9 per copy (COCO ids stay unique integers); keys get a c<k>/ folder.
  const offsetId = (col: string) =>
    `CASE WHEN regexp_full_match(${col}, '-?[0-9]+') THEN (${col}::BIGINT + c * 1000000000)::VARCHAR ELSE ${col} END`;
  const script = `
    import { DuckDBInstance } from '@duckdb/node-api';
    const i = await DuckDBInstance.create(${JSON.stringify(db)}, { threads: '2' });
    const c = await i.connect();
    const q = (sql) => c.run(sql);
    const one = async (sql) => (await c.runAndReadAll(sql)).getRows()[0][0];
    const S = Number(await one('SELECT max(id) FROM samples'));
    const A = Number(await one('SELECT max(id) FROM annotations'));
    await q('BEGIN');
    await q("INSERT INTO samples SELECT * EXCLUDE (c) REPLACE (id + c * " + S + " AS id, 'c' || c || '/' || key AS key, " +
      ${JSON.stringify(offsetId('original_id'))} + " AS original_id) FROM samples, range(1, ${copies}) t(c) WHERE id <= " + S);
    await q("INSERT INTO annotations SELECT * EXCLUDE (c) REPLACE (id + c * " + A + " AS id, sample_id + c * " + S + " AS sample_id, " +
      ${JSON.stringify(offsetId('original_id'))} + " AS original_id) FROM annotations, range(1, ${copies}) t(c) WHERE id <= " + A);
    await q('COMMIT');
    await q('CHECKPOINT');
    console.log('samples', await one('SELECT count(*) FROM samples'), 'annotations', await one('SELECT count(*) FROM annotations'));
  `;
  console.log(`replicating the ${replicateFrom}-image project ${copies} times for ${images} ...`);
  execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    stdio: 'inherit',
    cwd: resolve('packages/core'),
  });
}

execFileSync('npx', ['tsc', '-b', 'packages/cli'], { stdio: 'inherit' });
const rows: string[][] = [];
for (const images of sizes) {
  const project = projectDir(images);
  const made = existsSync(join(project, '.assay', 'assay.duckdb'));
  const replicated =
    replicateFrom > 0 && images > replicateFrom && !existsSync(join(dataDir(images), 'dt_bbox.json'));
  // ASSAY_SCALE_REUSE=1 keeps an imported (or replicated) project of an earlier run (to measure other steps again).
  if (replicated && !(process.env.ASSAY_SCALE_REUSE === '1' && made)) replicate(images);
  const dir = replicated ? dataDir(images) : data(images);
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { n_gt: number; n_dt: number };
  const reuse = replicated || (process.env.ASSAY_SCALE_REUSE === '1' && made);
  if (!reuse) {
    rmSync(project, { recursive: true, force: true });
    execFileSync(process.execPath, [CLI, 'init', project], { stdio: 'ignore' });
  }
  const imports: [string, string[], number?][] = [
    ['import gt', ['import', 'coco', join(dir, 'gt.json')], meta.n_gt],
    ['import predictions', ['import', 'coco', join(dir, 'dt_bbox.json'), '--as', 'prediction:m'], meta.n_dt],
  ];
  const steps: [string, string[], number?][] = [
    ...(reuse ? [] : imports),
    ['--version (process start, no project)', ['--version']],
    ['info', ['info']],
    ['issues --limit 100 (no issues)', ['issues', '--limit', '100']],
    ['stats', ['stats', '--json']],
    ['check (label checks)', ['check']],
    ['issues --limit 100', ['issues', '--limit', '100']],
    ['issues --json --limit 100', ['issues', '--json', '--limit', '100']],
    ['eval --pred', ['eval', '--pred', 'prediction:m']],
    // File mode (no project): the COCO files themselves, when this size has them (not a replicated project).
    ...(existsSync(join(dir, 'dt_bbox.json'))
      ? [
          [
            'eval coco --json (files)',
            ['eval', 'coco', '--gt', join(dir, 'gt.json'), '--dt', join(dir, 'dt_bbox.json'), '--json'],
            meta.n_gt + meta.n_dt,
          ] as [string, string[], number],
        ]
      : []),
    ['label-errors --pred', ['label-errors', '--pred', 'prediction:m']],
    ['report', ['report', '--out', join(project, '..', `scale-report-${images}.html`)]],
    [
      'export coco --no-images',
      ['export', 'coco', join(project, '..', `scale-coco-${images}`), '--no-images', '--force'],
      meta.n_gt,
    ],
    [
      'export yolo --no-images',
      ['export', 'yolo', join(project, '..', `scale-yolo-${images}`), '--no-images', '--force'],
      meta.n_gt,
    ],
  ];
  for (const [name, command, annotations] of steps) {
    if (only && !name.startsWith('import') && !only.some((o) => name.startsWith(o))) continue;
    const m = measure(command, project);
    const rate =
      annotations && m.code === 0
        ? `${Math.round(annotations / m.seconds / 1000)}k ann/s wall, ${Math.round(annotations / m.cpu / 1000)}k ann/CPU-s`
        : '';
    const row = [
      String(images),
      name,
      m.seconds.toFixed(2),
      m.cpu.toFixed(2),
      m.rssMb.toFixed(0),
      String(m.code),
      rate,
    ];
    rows.push(row);
    console.log(
      `${row.join(' | ')}   (load ${loadavg()[0]!.toFixed(1)})${m.code === 0 ? '' : `\n${m.stderr}`}`,
    );
    if (name === 'stats') {
      const f = duckdbFloor(join(project, '.assay', 'assay.duckdb'));
      const floor = [
        String(images),
        'DuckDB direct: stats queries',
        f.seconds.toFixed(2),
        f.cpu.toFixed(2),
        f.rssMb.toFixed(0),
        '0',
        `stats/floor ${(m.seconds / f.seconds).toFixed(2)}× wall, ${(m.cpu / f.cpu).toFixed(2)}× CPU`,
      ];
      rows.push(floor);
      console.log(floor.join(' | '));
    }
  }
}
console.log(
  '\n| images | command | wall s | CPU s | peak RSS MB | exit | |\n| --- | --- | --- | --- | --- | --- | --- |',
);
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
