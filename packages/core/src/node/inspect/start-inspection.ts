import type { DuckDBValue } from '@duckdb/node-api';
import { AssayError } from '../../errors.js';
import { allocateStrata, inspectionSize } from '../../inspect/inspection-size.js';
import { mulberry32 } from '../../random/mulberry32.js';
import { defaultAuthor } from '../edits/apply-edits.js';
import type { Project } from '../project.js';
import type { Db } from '../store/db.js';
import { storeDb } from '../store/duckdb-store.js';

/**
 * What a stratum is: the annotation's class, its sample's split, or (`annotator`) its `annotator:<name>`
 * source: the population is then every annotator source's annotations, one stratum per annotator.
 */
export type InspectionStratify = 'class' | 'split' | 'annotator';
export const INSPECTION_STRATA: readonly InspectionStratify[] = ['class', 'split', 'annotator'];

/** The `source` an inspection stratified by annotator records: every `annotator:*` source. */
export const EVERY_ANNOTATOR = 'annotator:*';

export interface StartInspectionOptions {
  /**
   * The label source whose annotations are inspected (default `ground_truth`; with `stratify: 'annotator'`
   * every `annotator:*` source, and no other source may be named).
   */
  source?: string;
  /** A fixed sample size; otherwise sized from `confidence` and `margin`. */
  size?: number;
  /** Confidence level of the accuracy interval (default 0.95). */
  confidence?: number;
  /** Half-width wanted when sizing (default 0.05). */
  margin?: number;
  stratify?: InspectionStratify;
  /** Seed of the draw (default: from the clock; recorded, so the draw can be repeated). */
  seed?: number;
  author?: string;
}

export interface InspectionStarted {
  id: number;
  source: string;
  stratify: InspectionStratify | null;
  seed: number;
  confidence: number;
  margin: number | null;
  population: number;
  size: number;
  strata: { stratum: string; population: number; size: number }[];
}

const STRATUM_SQL: Record<InspectionStratify | 'none', string> = {
  class: "coalesce(c.name, '(no class)')",
  split: "coalesce(s.split, 'unassigned')",
  annotator: 'src.name',
  none: "'all'",
};

/** Draws `k` of `ids` without replacement (partial Fisher–Yates on a copy). */
function draw(ids: number[], k: number, random: () => number): number[] {
  const a = ids.slice();
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (a.length - i));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, k);
}

/** The sources whose annotations make the population: the one named, or every annotator source. */
async function populationSources(
  db: Db,
  options: StartInspectionOptions,
): Promise<{ source: string; sourceIds: number[] }> {
  if (options.stratify === 'annotator') {
    if (options.source !== undefined && options.source !== EVERY_ANNOTATOR)
      throw new AssayError(
        'USAGE',
        `--stratify annotator inspects every annotator:* source, one stratum each; it cannot be combined with --source ${options.source}.`,
        { hint: 'Leave out --source, or stratify by class or split.' },
      );
    const ids = await db.all<{ id: number }>(
      "SELECT id FROM sources WHERE name LIKE 'annotator:%' ORDER BY name",
    );
    if (ids.length === 0)
      throw new AssayError('INVALID_INPUT', 'The project has no annotator:* label sources to stratify by.', {
        hint: "Import each annotator's labels with `--as annotator:NAME` (Label Studio exports with several annotators do this by default).",
      });
    return { source: EVERY_ANNOTATOR, sourceIds: ids.map((r) => r.id) };
  }
  const source = options.source ?? 'ground_truth';
  const src = await db.one<{ id: number }>('SELECT id FROM sources WHERE name = ?', [source]);
  if (!src)
    throw new AssayError('NOT_FOUND', `The project has no label source "${source}".`, {
      hint: 'See the sources with `assay info`.',
      details: { source },
    });
  return { source, sourceIds: [src.id] };
}

/**
 * `assay inspect start`: draws a seeded random sample of a source's annotations (stratified by class or
 * split with proportional allocation, or by annotator over every annotator source) and queues it for review. The population is every current
 * annotation of the source; each stratum's size is kept for the stratified estimate.
 */
export async function startInspection(
  project: Project,
  options: StartInspectionOptions = {},
): Promise<InspectionStarted> {
  const db = storeDb(project.store);
  if (options.stratify !== undefined && !INSPECTION_STRATA.includes(options.stratify))
    throw new AssayError(
      'USAGE',
      `--stratify takes ${INSPECTION_STRATA.join(', ')}, not "${options.stratify}".`,
    );
  const { source, sourceIds } = await populationSources(db, options);
  const rows = await db.all<{ id: number; sample_id: number; stratum: string; label: string | null }>(
    `SELECT a.id, a.sample_id, ${STRATUM_SQL[options.stratify ?? 'none']} AS stratum, c.name AS label
       FROM annotations a JOIN samples s ON s.id = a.sample_id JOIN sources src ON src.id = a.source_id
       LEFT JOIN classes c ON c.id = a.class_id
      WHERE a.source_id IN (${sourceIds.map(() => '?').join(', ')}) ORDER BY stratum, a.id`,
    sourceIds,
  );
  if (rows.length === 0)
    throw new AssayError('INVALID_INPUT', `Source "${source}" has no annotations to inspect.`, {
      hint: 'Import labels first, or name another source with --source.',
    });
  const confidence = options.confidence ?? 0.95;
  const margin = options.size === undefined ? (options.margin ?? 0.05) : null;
  const size =
    options.size !== undefined
      ? Math.min(options.size, rows.length)
      : inspectionSize({ confidence, margin: margin ?? 0.05, population: rows.length });
  if (options.size !== undefined && (!Number.isInteger(options.size) || options.size < 1))
    throw new AssayError('USAGE', `--size takes a positive whole number (got ${options.size}).`);
  const groups = new Map<string, typeof rows>();
  for (const r of rows) {
    let g = groups.get(r.stratum);
    if (!g) groups.set(r.stratum, (g = []));
    g.push(r);
  }
  const names = [...groups.keys()];
  const sizes = allocateStrata(
    names.map((n) => groups.get(n)!.length),
    size,
  );
  const seed = options.seed ?? Math.floor(Date.now() % 2_147_483_647);
  const random = mulberry32(seed);
  const author = options.author ?? defaultAuthor();
  return project.store.transaction(async () => {
    const id = (await db.scalar('SELECT coalesce(max(id), 0) FROM inspections')) + 1;
    const revision = await db.scalar('SELECT coalesce(max(seq), 0) FROM edits');
    await db.run(
      `INSERT INTO inspections (id, source, stratify, seed, confidence, margin, population, size, revision, author)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        source,
        options.stratify ?? null,
        seed,
        confidence,
        margin,
        rows.length,
        size,
        revision,
        author,
      ] as DuckDBValue[],
    );
    const items: DuckDBValue[][] = [];
    const strata: InspectionStarted['strata'] = [];
    for (const [i, name] of names.entries()) {
      const members = groups.get(name)!;
      const k = sizes[i]!;
      strata.push({ stratum: name, population: members.length, size: k });
      await db.run('INSERT INTO inspection_strata VALUES (?, ?, ?, ?)', [id, name, members.length, k]);
      const byId = new Map(members.map((m) => [m.id, m]));
      const picked = draw(
        members.map((m) => m.id),
        k,
        random,
      );
      for (const aid of picked) {
        const m = byId.get(aid)!;
        items.push([id, items.length + 1, m.id, m.sample_id, name, m.label]);
      }
    }
    for (let start = 0; start < items.length; start += 500) {
      const chunk = items.slice(start, start + 500);
      await db.run(
        `INSERT INTO inspection_items (inspection_id, item, annotation_id, sample_id, stratum, label)
         VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
        chunk.flat(),
      );
    }
    return {
      id,
      source,
      stratify: options.stratify ?? null,
      seed,
      confidence,
      margin,
      population: rows.length,
      size,
      strata,
    };
  });
}
