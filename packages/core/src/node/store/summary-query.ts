import type { LabelSourceKind } from '../../model/label-source.js';
import type { ScanStatus } from '../../model/sample.js';
import type { ClassSummary, ProjectSummary } from '../../store/project-store.js';
import { annotationCounts } from './annotation-counts.js';
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
  // Counts by source, kind and class and samples per source: kept by the store (annotation-counts.ts).
  const { groups, sourceSamples } = await annotationCounts(db);
  const samplesOf = new Map(sourceSamples.map((r) => [r.source_id, r.samples]));
  const sourceRows = (
    await db.all<{ id: number; name: string; kind: LabelSourceKind }>(
      'SELECT id, name, kind FROM sources ORDER BY id',
    )
  ).map((r) => ({ ...r, samples: samplesOf.get(r.id) ?? 0 }));
  const sourceName = new Map(sourceRows.map((r) => [r.id, r.name]));
  const by_source: ProjectSummary['annotations']['by_source'] = {};
  const perSource = new Map<number, number>();
  const classCounts = new Map<number, Record<string, number>>();
  const kindCounts = new Map<string, Map<string, number>>();
  let total = 0;
  for (const r of groups) {
    const source = sourceName.get(r.source_id);
    perSource.set(r.source_id, (perSource.get(r.source_id) ?? 0) + r.n);
    if (source === undefined) continue;
    const kinds = kindCounts.get(source) ?? new Map<string, number>();
    kindCounts.set(source, kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + r.n));
    total += r.n;
    if (r.class_id === null) continue;
    const counts = classCounts.get(r.class_id) ?? {};
    counts[source] = (counts[source] ?? 0) + r.n;
    classCounts.set(r.class_id, counts);
  }
  // Sources and kinds in name order, as the GROUP BY ... ORDER BY source, kind this replaces gave them.
  for (const source of [...kindCounts.keys()].sort()) {
    const kinds = kindCounts.get(source)!;
    const entry = (by_source[source] ??= { total: 0, by_kind: {} });
    for (const kind of [...kinds.keys()].sort()) {
      entry.by_kind[kind] = kinds.get(kind)!;
      entry.total += kinds.get(kind)!;
    }
  }
  const sources = sourceRows.map((r) => ({
    name: r.name,
    kind: r.kind,
    annotations: perSource.get(r.id) ?? 0,
    samples: r.samples,
  }));
  const classRows = await db.all<{
    id: number;
    name: string;
    supercategory: string | null;
    original_ids: string | null;
  }>('SELECT id, name, supercategory, original_ids FROM classes ORDER BY id');
  const classes: ClassSummary[] = classRows.map((c) => {
    const summary: ClassSummary = { name: c.name, original_ids: parseJson(c.original_ids) ?? {}, counts: {} };
    if (c.supercategory !== null) summary.supercategory = c.supercategory;
    const counts = classCounts.get(c.id) ?? {};
    for (const source of Object.keys(counts).sort()) summary.counts[source] = counts[source]!;
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
