import { AssayError } from '../../errors.js';
import { loadProjection } from '../embeddings/embedding-store.js';
import type { Db } from '../store/db.js';

/** The stored 2-D projection with what the map colours by, as columns (index i = one point). */
export interface EmbeddingMapColumns {
  projections: { model: string; method: string }[];
  model: string | null;
  method: string | null;
  ids: number[];
  x: number[];
  y: number[];
  /** Class names; `class[i]` indexes them (the sample's most frequent ground-truth class, ties the lowest id; −1 none). */
  classes: string[];
  class: number[];
  /** Split names; `split[i]` indexes them (−1: no split). */
  splits: string[];
  split: number[];
  /** Open issues per point. */
  issues: number[];
}

/**
 * The map of one stored projection (default: the first model's `umap`, else its first method) with
 * each point's class, split and open-issue count, read by three aggregate queries.
 */
export async function embeddingMap(db: Db, model?: string, method?: string): Promise<EmbeddingMapColumns> {
  const projections = await db.all<{ model: string; method: string }>(
    'SELECT DISTINCT model, method FROM embedding_projections ORDER BY model, method',
  );
  const empty: EmbeddingMapColumns = {
    projections,
    model: null,
    method: null,
    ids: [],
    x: [],
    y: [],
    classes: [],
    class: [],
    splits: [],
    split: [],
    issues: [],
  };
  const m = chooseProjection(projections, model, method);
  if (!m) return empty;
  const projection = await loadProjection(db, m.model, m.method);
  if (!projection) return { ...empty, projections };
  const classes = await db.all<{ id: number; name: string }>('SELECT id, name FROM classes ORDER BY id');
  const classIndex = new Map(classes.map((c, i) => [c.id, i]));
  const rows = await db.all<{ id: number; split: string | null; class_id: number | null; issues: number }>(
    `WITH gt AS (
       SELECT a.sample_id, arg_max(a.class_id, (a.n, -a.class_id)) AS class_id FROM (
         SELECT sample_id, class_id, count(*) AS n FROM annotations
          WHERE class_id IS NOT NULL AND source_id = (SELECT id FROM sources WHERE name = 'ground_truth')
          GROUP BY ALL) a GROUP BY a.sample_id),
     iss AS (SELECT sample_id, count(*)::INTEGER AS n FROM issues WHERE status = 'open' AND sample_id IS NOT NULL GROUP BY sample_id)
     SELECT s.id, s.split, gt.class_id, coalesce(iss.n, 0)::INTEGER AS issues FROM samples s
       LEFT JOIN gt ON gt.sample_id = s.id LEFT JOIN iss ON iss.sample_id = s.id`,
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const splitNames = [...new Set(rows.map((r) => r.split).filter((s): s is string => s !== null))].sort();
  const splitIndex = new Map(splitNames.map((s, i) => [s, i]));
  const n = projection.sampleIds.length;
  const out: EmbeddingMapColumns = {
    projections,
    model: m.model,
    method: m.method,
    ids: Array.from(projection.sampleIds),
    x: new Array<number>(n),
    y: new Array<number>(n),
    classes: classes.map((c) => c.name),
    class: new Array<number>(n),
    splits: splitNames,
    split: new Array<number>(n),
    issues: new Array<number>(n),
  };
  for (let i = 0; i < n; i++) {
    const r = byId.get(projection.sampleIds[i]!);
    out.x[i] = Math.round(projection.xy[2 * i]! * 1e4) / 1e4;
    out.y[i] = Math.round(projection.xy[2 * i + 1]! * 1e4) / 1e4;
    out.class[i] = r?.class_id == null ? -1 : (classIndex.get(r.class_id) ?? -1);
    out.split[i] = r?.split == null ? -1 : splitIndex.get(r.split)!;
    out.issues[i] = r?.issues ?? 0;
  }
  return out;
}

/** The projection a request names (default: the first model's `umap`, else its first method). */
function chooseProjection(
  projections: { model: string; method: string }[],
  model: string | undefined,
  method: string | undefined,
): { model: string; method: string } | undefined {
  const pick = projections.find(
    (p) => (model === undefined || p.model === model) && (method === undefined || p.method === method),
  );
  if (!pick) {
    if (model !== undefined || method !== undefined)
      throw new AssayError(
        'NOT_FOUND',
        `The project has no ${method ?? ''} projection of ${model ?? 'any model'}.`,
        {
          details: { model: model ?? null, method: method ?? null },
        },
      );
    return undefined;
  }
  const chosen = projections.filter((p) => p.model === pick.model);
  return chosen.find((p) => p.method === (method ?? 'umap')) ?? chosen[0]!;
}

export interface EmbeddingMapPoints {
  projections: { model: string; method: string }[];
  model: string | null;
  method: string | null;
  /** Sample ids ascending, and their coordinates. */
  ids: Int32Array;
  x: Float32Array;
  y: Float32Array;
}

/** The stored projection as typed columns (the app's binary map answer). */
export async function embeddingMapPoints(
  db: Db,
  model?: string,
  method?: string,
): Promise<EmbeddingMapPoints> {
  const projections = await db.all<{ model: string; method: string }>(
    'SELECT DISTINCT model, method FROM embedding_projections ORDER BY model, method',
  );
  const m = chooseProjection(projections, model, method);
  const projection = m ? await loadProjection(db, m.model, m.method) : undefined;
  if (!m || !projection)
    return {
      projections,
      model: null,
      method: null,
      ids: new Int32Array(),
      x: new Float32Array(),
      y: new Float32Array(),
    };
  const n = projection.sampleIds.length;
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = projection.xy[2 * i]!;
    y[i] = projection.xy[2 * i + 1]!;
  }
  return { projections, model: m.model, method: m.method, ids: projection.sampleIds, x, y };
}
