import type { Db } from '../store/db.js';
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
 * else one aggregate over the annotations that returns two integer columns, read chunk by chunk.
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
  const classOf = new Int32Array(maxId + 1).fill(-1);
  await db.eachChunk(
    `SELECT sample_id, arg_max(class_id, (n, -class_id)) FROM (
       SELECT sample_id, class_id, count(*) AS n FROM annotations
        WHERE class_id IS NOT NULL AND source_id = ? AND sample_id <= ? GROUP BY ALL)
      GROUP BY sample_id`,
    [gt.id, maxId],
    ([ids, cls], rows) => {
      for (let r = 0; r < rows; r++) classOf[Number(ids![r])] = denseOf(Number(cls![r]));
    },
  );
  for (let i = 0; i < sampleIds.length; i++) labelOf[i] = classOf[sampleIds[i]!]!;
  return { names, labelOf };
}
