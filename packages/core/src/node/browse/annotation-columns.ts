import { sharedArray } from '../arrays/shared-array.js';
import type { Db } from '../store/db.js';
import { eachRange, type IdRanges, type Pace } from './id-ranges.js';

/** Each annotation's sample position, (class, source) key, score and TP/FP/FN bits, in table order. */
export interface AnnotationColumns {
  count: number;
  position: Uint32Array;
  key: Uint16Array;
  /** NaN when the annotation has no score (never inside a score range, like SQL's NULL). */
  score: Float64Array;
  /** Outcomes of the eval run: 1 = tp, 2 = fp, 4 = fn (an annotation may have several rows). */
  outcome: Uint8Array;
}

export const OUTCOME_BITS = { tp: 1, fp: 2, fn: 4 } as const;

/** Small integer keys for (class id, source id) pairs; class -1 = no class. */
export class KeyTable {
  readonly classOf: number[] = [];
  readonly sourceOf: number[] = [];
  private readonly byPair = new Map<number, number>();
  key(classId: number, sourceId: number): number {
    const pair = (classId + 1) * 65_536 + sourceId;
    let k = this.byPair.get(pair);
    if (k === undefined) {
      k = this.classOf.length;
      this.byPair.set(pair, k);
      this.classOf.push(classId);
      this.sourceOf.push(sourceId);
    }
    return k;
  }
}

/**
 * Every annotation as typed columns (~15 bytes each: 110 MB at 7.5M), so a filter on prediction score or
 * TP/FP/FN and the class/source counts under a score range are passes over arrays, not table scans.
 */
export async function loadAnnotationColumns(
  db: Db,
  ranges: IdRanges,
  position: (id: number) => number,
  keys: KeyTable,
  evalRunId: number | undefined,
  pace?: Pace,
): Promise<AnnotationColumns> {
  const total = await db.scalar('SELECT count(*) FROM annotations');
  const cols: AnnotationColumns = {
    count: 0,
    position: sharedArray(Uint32Array, total),
    key: sharedArray(Uint16Array, total),
    score: sharedArray(Float64Array, total),
    outcome: sharedArray(Uint8Array, total),
  };
  let at = 0;
  // one query per sample id range (facet-index.ts): the same rows, in short queries
  await eachRange(
    db,
    ranges,
    'sample_id',
    (
      range,
    ) => `SELECT a.sample_id, coalesce(a.class_id, -1), a.source_id, a.score, coalesce(o.bits, 0)::UTINYINT
       FROM annotations a LEFT JOIN (
         SELECT annotation_id, bit_or(CASE outcome WHEN 'tp' THEN 1 WHEN 'fp' THEN 2 WHEN 'fn' THEN 4 ELSE 0 END)::UTINYINT AS bits
           FROM eval_matches WHERE run_id = ? AND ${range} GROUP BY annotation_id) o ON o.annotation_id = a.id
      WHERE a.${range}`,
    [evalRunId ?? -1],
    ([sample, cls, src, score, bits], rows) => {
      for (let r = 0; r < rows; r++) {
        const p = position(Number(sample![r]));
        if (p < 0 || at >= total) continue;
        cols.position[at] = p;
        cols.key[at] = keys.key(Number(cls![r]), Number(src![r]));
        const s = score![r];
        cols.score[at] = s === null ? Number.NaN : Number(s);
        cols.outcome[at] = Number(bits![r]);
        at++;
      }
    },
    pace,
  );
  cols.count = at;
  return cols;
}
