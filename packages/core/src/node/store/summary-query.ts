import type { LabelSourceKind } from '../../model/label-source.js';
import type { ScanStatus } from '../../model/sample.js';
import type { ClassSummary, ProjectSummary } from '../../store/project-store.js';
import { type Db, parseJson } from './db.js';

const SCAN_STATUSES: ScanStatus[] = [
  'pending',
  'ok',
  'missing',
  'corrupt',
  'unreadable',
  'too_large',
  'unsupported',
];

/** The aggregates behind `assay info`: one GROUP BY per facet, fast on millions of rows. */
export async function projectSummary(db: Db): Promise<ProjectSummary> {
  const samples = await db.scalar('SELECT count(*) FROM samples');
  const sample_kinds: Record<string, number> = {};
  for (const r of await db.all<{ kind: string; n: number }>(
    'SELECT kind, count(*) AS n FROM samples GROUP BY ALL ORDER BY kind',
  ))
    sample_kinds[r.kind] = r.n;
  const bySourceKind = await db.all<{ source: string; kind: string; n: number }>(
    `SELECT src.name AS source, a.kind::VARCHAR AS kind, count(*) AS n
       FROM annotations a JOIN sources src ON src.id = a.source_id GROUP BY ALL ORDER BY source, kind`,
  );
  const by_source: ProjectSummary['annotations']['by_source'] = {};
  let total = 0;
  for (const r of bySourceKind) {
    const entry = (by_source[r.source] ??= { total: 0, by_kind: {} });
    entry.total += r.n;
    entry.by_kind[r.kind] = r.n;
    total += r.n;
  }
  const sources = await db.all<{ name: string; kind: LabelSourceKind; annotations: number; samples: number }>(
    `SELECT src.name, src.kind, count(a.id) AS annotations, count(DISTINCT a.sample_id) AS samples
       FROM sources src LEFT JOIN annotations a ON a.source_id = src.id GROUP BY src.id, src.name, src.kind ORDER BY src.id`,
  );
  const classRows = await db.all<{
    id: number;
    name: string;
    supercategory: string | null;
    original_ids: string | null;
  }>('SELECT id, name, supercategory, original_ids FROM classes ORDER BY id');
  const counts = await db.all<{ class_id: number; source: string; n: number }>(
    `SELECT a.class_id, src.name AS source, count(*) AS n FROM annotations a JOIN sources src ON src.id = a.source_id
      WHERE a.class_id IS NOT NULL GROUP BY ALL`,
  );
  const classes: ClassSummary[] = classRows.map((c) => {
    const summary: ClassSummary = { name: c.name, original_ids: parseJson(c.original_ids) ?? {}, counts: {} };
    if (c.supercategory !== null) summary.supercategory = c.supercategory;
    for (const k of counts) if (k.class_id === c.id) summary.counts[k.source] = k.n;
    return summary;
  });
  const splits: Record<string, number> = {};
  for (const r of await db.all<{ split: string | null; n: number }>(
    'SELECT split, count(*) AS n FROM samples GROUP BY ALL ORDER BY split',
  )) {
    splits[r.split ?? 'unassigned'] = r.n;
  }
  const scan = Object.fromEntries(SCAN_STATUSES.map((s) => [s, 0])) as Record<ScanStatus, number>;
  for (const r of await db.all<{ scan_status: ScanStatus; n: number }>(
    "SELECT scan_status, count(*) AS n FROM samples WHERE kind <> 'text' GROUP BY ALL",
  )) {
    scan[r.scan_status] = r.n;
  }
  const by_type: Record<string, number> = {};
  let issueTotal = 0;
  for (const r of await db.all<{ type: string; n: number }>(
    "SELECT type, count(*) AS n FROM issues WHERE status NOT IN ('ignored', 'fixed') GROUP BY ALL ORDER BY type",
  )) {
    by_type[r.type] = r.n;
    issueTotal += r.n;
  }
  const runs = await db.all<ProjectSummary['runs'][number]>(
    "SELECT id, kind, status, strftime(started_at, '%Y-%m-%dT%H:%M:%S') AS started_at, samples FROM runs ORDER BY id DESC LIMIT 10",
  );
  return {
    samples,
    sample_kinds,
    annotations: { total, by_source },
    sources,
    classes,
    splits,
    scan,
    issues: { total: issueTotal, by_type },
    runs,
  };
}
