import type { LabelAnnotationList, LabelSample } from '../../checks/labels/label-check-input.js';
import type { Db } from './db.js';
import { readLabelRows } from './label-rows.js';

/** Samples per batch of the label checks: ~7 boxes each, a batch is a few tens of MB of columns. */
export const LABEL_BATCH_SAMPLES = 32_768;

/** One batch of whole samples for the label checks: the samples (id order) and their annotations. */
export interface LabelBatch {
  samples: LabelSample[];
  /** The batch's annotations of the source, by sample then id. */
  annotations: LabelAnnotationList;
}

/**
 * Every sample (all kinds, id order) and one source's annotations, in batches of consecutive sample
 * ids, so the label checks hold one batch at a time. Annotations whose sample is not stored come in
 * the batch of their sample id, as before (they are checked, named by sample id).
 */
export async function* labelCheckBatches(
  db: Db,
  source: string,
  samplesPerBatch = LABEL_BATCH_SAMPLES,
): AsyncGenerator<LabelBatch> {
  const names = new Map(
    (await db.all<{ id: number; name: string }>('SELECT id, name FROM classes')).map((c) => [c.id, c.name]),
  );
  const bounds = await db.one<{ lo: number | null; hi: number | null }>(
    `SELECT least((SELECT min(id) FROM samples), min(sample_id)) AS lo,
            greatest((SELECT max(id) FROM samples), max(sample_id)) AS hi
       FROM annotations WHERE source_id = (SELECT id FROM sources WHERE name = ?)`,
    [source],
  );
  const lo = bounds?.lo ?? 0;
  const hi = bounds?.hi ?? -1;
  for (let from = lo; from <= hi; from += samplesPerBatch) {
    const range = { from, to: Math.min(hi + 1, from + samplesPerBatch) };
    const reader = await db.readAll(
      `SELECT id, key, declared_width, declared_height, width, height FROM samples
        WHERE id >= ? AND id < ? ORDER BY id`,
      [range.from, range.to],
    );
    const [ids, keys, dw, dh, w, h] = reader.getColumnsJS() as [
      number[],
      string[],
      (number | null)[],
      (number | null)[],
      (number | null)[],
      (number | null)[],
    ];
    const samples = ids.map((id, i) => {
      const s: LabelSample = { id, key: keys[i]! };
      if (dw[i] !== null) s.width = dw[i]!;
      if (dh[i] !== null) s.height = dh[i]!;
      const probe: { width?: number; height?: number } = {};
      if (w[i] !== null) probe.width = w[i]!;
      if (h[i] !== null) probe.height = h[i]!;
      s.probe = probe;
      return s;
    });
    const annotations = await readLabelRows(db, source, range, names);
    yield { samples, annotations };
  }
}

/** Class ids, widths and heights of one source's boxes, the outlier checks' statistics' input. */
export interface LabelBoxSizes {
  n: number;
  /** Class id as stored (not an index into the class list). */
  classId: Int32Array;
  w: Float64Array;
  h: Float64Array;
}

/**
 * The class, width and height of each box of a source that the outlier checks may judge (a class, all
 * four box values, positive sides, not a classification), in no particular order: three columns
 * instead of every annotation.
 */
export async function readLabelBoxSizes(db: Db, source: string): Promise<LabelBoxSizes> {
  const where = `source_id = (SELECT id FROM sources WHERE name = ?) AND class_id IS NOT NULL
    AND x IS NOT NULL AND y IS NOT NULL AND w > 0 AND h > 0 AND kind <> 'classification'`;
  const n = await db.scalar(`SELECT count(*) FROM annotations WHERE ${where}`, [source]);
  const out: LabelBoxSizes = {
    n,
    classId: new Int32Array(n),
    w: new Float64Array(n),
    h: new Float64Array(n),
  };
  const result = await db.connection.stream(`SELECT class_id, w, h FROM annotations WHERE ${where}`, [
    source,
  ]);
  let row = 0;
  for (
    let chunk = await result.fetchChunk();
    chunk && chunk.rowCount > 0;
    chunk = await result.fetchChunk()
  ) {
    const rows = Math.min(chunk.rowCount, n - row);
    const targets = [out.classId, out.w, out.h] as const;
    targets.forEach((target, col) => {
      const vector = chunk.getColumnVector(col);
      const items = (vector as unknown as { items?: unknown }).items;
      if (ArrayBuffer.isView(items) && !(items instanceof DataView))
        target.set((items as unknown as Float64Array).subarray(0, rows), row);
      else for (let k = 0; k < rows; k++) target[row + k] = Number(vector.getItem(k));
    });
    row += rows;
  }
  out.n = row;
  return out;
}
