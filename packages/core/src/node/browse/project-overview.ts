import { type Db, parseJson } from '../store/db.js';
import type { BrowseNames } from './browse-names.js';
import type { FacetBase } from './facet-base.js';
import { facetCounts, type MetricHistogram } from './facet-counts.js';
import { METRIC_COLUMNS } from './metric-columns.js';
import { UNASSIGNED_SPLIT } from './project-info.js';

export interface ProjectOverview {
  class_distribution: { class: string; split: string; source: string; count: number }[];
  metrics: (MetricHistogram & { name: string; unit: string })[];
  issues: { type: string; severity: string; count: number }[];
  eval: EvalOverview | null;
  agreement: { run_id: number; kind: string; summary: Record<string, unknown> } | null;
}

export interface EvalOverview {
  run_id: number;
  gt: string;
  pred: string;
  finished_at: string | null;
  totals: { tp: number; fp: number; fn: number };
  map: number | null;
  map50: number | null;
  per_class_ap: { class: string; ap: number | null }[];
  confusion: { labels: string[]; matrix: number[][] } | null;
  pr_curves: { class: string; recall: number[]; precision: number[] }[];
}

type Json = Record<string, unknown>;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);

/** The eval run summary (run-eval.ts, detection-analyses.ts) reduced to what the overview draws. */
function evalOverview(run: {
  id: number;
  finished_at: string | null;
  summary: string | null;
}): EvalOverview | null {
  const s = parseJson<Json>(run.summary);
  if (!s) return null;
  const det = (s.detection ?? {}) as Json;
  const stats = Array.isArray(det.stats) ? (det.stats as unknown[]) : [];
  const totals = (s.totals ?? {}) as Json;
  const perClass = Array.isArray(det.per_class) ? (det.per_class as Json[]) : [];
  const conf = det.confusion as Json | undefined;
  const pr = det.pr_curves as Json | undefined;
  const recall = Array.isArray(pr?.recall) ? (pr.recall as number[]) : [];
  return {
    run_id: run.id,
    gt: String(s.gt ?? ''),
    pred: String(s.pred ?? ''),
    finished_at: run.finished_at,
    totals: { tp: Number(totals.tp ?? 0), fp: Number(totals.fp ?? 0), fn: Number(totals.fn ?? 0) },
    map: num(stats[0]),
    map50: num(stats[1]),
    per_class_ap: perClass.map((c) => ({ class: String(c.name ?? c.category_id), ap: num(c.ap) })),
    confusion:
      conf && Array.isArray(conf.matrix) && Array.isArray(conf.labels)
        ? { labels: conf.labels as string[], matrix: conf.matrix as number[][] }
        : null,
    pr_curves: (Array.isArray(pr?.curves) ? (pr.curves as Json[]) : []).map((c) => ({
      class: String(c.name ?? ''),
      recall,
      // -1 (pycocotools: no ground truth) and null (a NaN stored as JSON) both draw as 0.
      precision: ((c.precision as (number | null)[]) ?? []).map((p) => (p == null || p < 0 ? 0 : p)),
    })),
  };
}

/** The overview page: distributions, metric histograms, issues, the latest eval and agreement runs. */
export async function projectOverview(
  db: Db,
  names: BrowseNames,
  base?: FacetBase,
): Promise<ProjectOverview> {
  const class_distribution = (
    await db.all<{ class_id: number; split: string; source_id: number; count: number }>(
      `SELECT a.class_id, coalesce(s.split, '${UNASSIGNED_SPLIT}') AS split, a.source_id, count(*) AS count
         FROM annotations a JOIN samples s ON s.id = a.sample_id WHERE a.class_id IS NOT NULL
        GROUP BY ALL ORDER BY a.class_id, split, a.source_id`,
    )
  ).map((r) => ({
    class: names.classNames.get(r.class_id) ?? String(r.class_id),
    split: r.split,
    source: names.sourceNames.get(r.source_id) ?? String(r.source_id),
    count: r.count,
  }));
  const { facets } = await facetCounts(db, names, {}, base);
  const metrics = METRIC_COLUMNS.flatMap((m) => {
    const h = facets.metrics[m.name];
    return h ? [{ ...h, name: m.name, unit: m.unit }] : [];
  });
  const issues = await db.all<{ type: string; severity: string; count: number }>(
    "SELECT type, severity, count(*) AS count FROM issues WHERE status <> 'ignored' GROUP BY ALL ORDER BY type, severity",
  );
  const evalRun = await db.one<{ id: number; finished_at: string | null; summary: string | null }>(
    `SELECT id, strftime(finished_at, '%Y-%m-%dT%H:%M:%S') AS finished_at, summary::VARCHAR AS summary
       FROM runs WHERE kind = 'eval' AND status = 'ok' ORDER BY id DESC LIMIT 1`,
  );
  const agree = await db.one<{ id: number; kind: string; summary: string | null }>(
    `SELECT id, kind, summary::VARCHAR AS summary FROM runs
      WHERE kind IN ('agree', 'consensus') AND status = 'ok' ORDER BY id DESC LIMIT 1`,
  );
  return {
    class_distribution,
    metrics,
    issues,
    eval: evalRun ? evalOverview(evalRun) : null,
    agreement: agree
      ? { run_id: agree.id, kind: agree.kind, summary: parseJson<Json>(agree.summary) ?? {} }
      : null,
  };
}
