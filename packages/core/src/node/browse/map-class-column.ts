import type { Db } from '../store/db.js';
import { listValue } from '../store/duckdb-api.js';
import type { FacetIndex } from './facet-index.js';

/** Each point's class for the map: an index into `names` (class names in class-map order), −1 for none. */
export interface PointClasses {
  names: string[];
  labelOf: Int32Array;
}

/**
 * The most frequent ground-truth class of each point's sample (ties: the lowest class id, i.e. the
 * first in the class map; annotations without a class do not count). From the facet index's per-sample
 * class × source counts when it is built (no query: a pass over ~5M small integers at 1M samples),
 * else from the ground-truth (sample, class) pairs in table order (topClassBySample).
 */
export async function pointClasses(db: Db, sampleIds: Int32Array, index?: FacetIndex): Promise<PointClasses> {
  const classes = await db.all<{ id: number; name: string }>('SELECT id, name FROM classes ORDER BY id');
  const gt = await db.one<{ id: number }>("SELECT id FROM sources WHERE name = 'ground_truth'");
  const names = classes.map((c) => c.name);
  const labelOf = new Int32Array(sampleIds.length).fill(-1);
  if (!gt || classes.length === 0) return { names, labelOf };
  const maxClass = classes.reduce((m, c) => Math.max(m, c.id), 0);
  const dense = new Int32Array(maxClass + 1).fill(-1);
  classes.forEach((c, i) => {
    if (c.id >= 0) dense[c.id] = i;
  });
  const denseOf = (classId: number) => (classId >= 0 && classId <= maxClass ? dense[classId]! : -1);
  if (index) {
    const { csStart, csKey, csCount, keyClass, keySource } = index;
    for (let i = 0; i < sampleIds.length; i++) {
      const p: number = index.position(sampleIds[i]!);
      if (p < 0) continue;
      let best = -1;
      let bestN = 0;
      for (let k: number = csStart[p]!; k < csStart[p + 1]!; k++) {
        const key = csKey[k]!;
        const c = keyClass[key]!;
        if (c < 0 || keySource[key] !== gt.id) continue;
        const n = csCount[k]!;
        if (n > bestN || (n === bestN && c < best)) {
          best = c;
          bestN = n;
        }
      }
      if (best >= 0) labelOf[i] = denseOf(best);
    }
    return { names, labelOf };
  }
  // by sample id, then copied to the points (the projection's samples, ascending ids)
  let maxId = 0;
  for (const id of sampleIds) if (id > maxId) maxId = id;
  const classOf = await topClassBySample(db, gt.id, maxId, maxClass);
  for (let i = 0; i < sampleIds.length; i++) {
    const c = classOf[sampleIds[i]!]!;
    labelOf[i] = c < 0 ? -1 : denseOf(c);
  }
  return { names, labelOf };
}

/**
 * Each sample's top ground-truth class id (−1: none), by sample id up to `maxId`, without an aggregate:
 * the source's (sample, class) pairs are read in table order, where a sample's annotations lie together
 * (an import appends them so), and counted per run of one sample. A sample met again after another (an
 * annotation added later by an edit), or with a class id past `maxClass`, is counted again by the
 * aggregate, for those samples only. About a third of the aggregate's CPU over all samples at 300k.
 */
async function topClassBySample(
  db: Db,
  sourceId: number,
  maxId: number,
  maxClass: number,
): Promise<Int32Array> {
  const classOf = new Int32Array(maxId + 1).fill(-1);
  const seen = new Uint8Array(maxId + 1);
  const again = new Set<number>();
  const counts = new Int32Array(maxClass + 1);
  const touched: number[] = [];
  let sample = -1;
  const close = () => {
    let best = -1;
    let bestN = 0;
    for (const c of touched) {
      const n = counts[c]!;
      if (n > bestN || (n === bestN && c < best)) [best, bestN] = [c, n];
      counts[c] = 0;
    }
    touched.length = 0;
    if (sample >= 0) classOf[sample] = best;
  };
  await db.eachChunk(
    'SELECT sample_id, class_id FROM annotations WHERE class_id IS NOT NULL AND source_id = ? AND sample_id <= ?',
    [sourceId, maxId],
    ([ids, classes], rows) => {
      for (let r = 0; r < rows; r++) {
        const id = ids![r] as number;
        if (id !== sample) {
          close();
          if (seen[id]) again.add(id);
          seen[id] = 1;
          sample = id;
        }
        const c = classes![r] as number;
        if (c < 0 || c > maxClass) {
          again.add(id);
          continue;
        }
        if (counts[c] === 0) touched.push(c);
        counts[c] = counts[c]! + 1;
      }
    },
  );
  close();
  if (again.size === 0) return classOf;
  await db.eachChunk(
    `SELECT sample_id, arg_max(class_id, (n, -class_id)) FROM (
       SELECT sample_id, class_id, count(*) AS n FROM annotations
        WHERE class_id IS NOT NULL AND source_id = ? AND sample_id IN (SELECT unnest(?::INTEGER[])) GROUP BY ALL)
      GROUP BY sample_id`,
    [sourceId, listValue([...again])],
    ([ids, classes], rows) => {
      for (let r = 0; r < rows; r++) classOf[Number(ids![r])] = Number(classes![r]);
    },
  );
  return classOf;
}
