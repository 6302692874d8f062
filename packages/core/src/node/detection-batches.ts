import type { DetBox, DetectionImage } from '../detection-issues/match-boxes.js';
import type { AnnotationColumns } from '../store/annotation-columns.js';
import type { Project } from './project.js';
import { storeDb } from './store/duckdb-store.js';

/** Samples per batch of the detection label issues (~7 boxes and ~12 predictions each). */
export const DETECTION_BATCH_SAMPLES = 32_768;

/** One batch of consecutive usable samples and their boxes, as the detection issues read them. */
export interface DetectionBatch {
  /** Sample ids and keys in id order. */
  ids: number[];
  keys: string[];
  /** The boxes of sample i of the batch (made on each call: only one image's are held at a time). */
  imageAt: (i: number) => DetectionImage;
}

/** Boxes with and without a usable class, counted on the first pass. */
export interface BoxCounts {
  boxes: number;
  unlabeled: number;
}

/** Rows of one source's columns grouped by sample position (counting sort; id order within a sample). */
interface Grouped {
  columns: AnnotationColumns;
  start: Int32Array;
  order: Int32Array;
  /** Class position (index in the class list) per row, -1 without a usable class. */
  label: Int32Array;
}

function groupRows(
  columns: AnnotationColumns,
  position: Map<number, number>,
  classPosition: Map<number, number>,
  count: BoxCounts,
): Grouped {
  const samples = position.size;
  const start = new Int32Array(samples + 1);
  const at = new Int32Array(columns.n).fill(-1);
  const label = new Int32Array(columns.n).fill(-1);
  for (let i = 0; i < columns.n; i++) {
    const s = position.get(columns.sampleId[i]!);
    if (columns.hasBox[i] === 0 || s === undefined) continue;
    const c = classPosition.get(columns.classId[i]!);
    if (c === undefined) {
      count.unlabeled++;
      continue;
    }
    label[i] = c;
    at[i] = s;
    start[s + 1]!++;
    count.boxes++;
  }
  for (let s = 0; s < samples; s++) start[s + 1]! += start[s]!;
  const next = start.slice(0, samples);
  const order = new Int32Array(start[samples]!);
  for (let i = 0; i < columns.n; i++) if (at[i]! >= 0) order[next[at[i]!]!++] = i;
  return { columns, start, order, label };
}

/** The boxes of one sample position, as the detection issues read them. */
function boxesOf(g: Grouped, s: number): DetBox[] {
  const c = g.columns;
  const out: DetBox[] = [];
  for (let k = g.start[s]!; k < g.start[s + 1]!; k++) {
    const i = g.order[k]!;
    const box: DetBox = { id: c.id[i]!, label: g.label[i]!, box: [c.x[i]!, c.y[i]!, c.w[i]!, c.h[i]!] };
    if (!Number.isNaN(c.score[i]!)) box.score = c.score[i]!;
    if (c.hasProbs?.[i]) box.probs = Array.from(c.probs!.subarray(c.probsStart![i]!, c.probsStart![i + 1]!));
    if (c.iscrowd[i]) box.iscrowd = true;
    out.push(box);
  }
  return out;
}

/** Samples left out of label analyses by scan status (in order of their first sample, as a list would count them). */
export async function unusableCounts(
  project: Project,
  statuses: readonly string[],
): Promise<Record<string, number>> {
  const rows = await storeDb(project.store).all<{ status: string; n: number }>(
    `SELECT scan_status AS status, count(*) AS n FROM samples WHERE scan_status IN (${statuses.map(() => '?').join(', ')})
      GROUP BY scan_status ORDER BY min(id)`,
    [...statuses],
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/**
 * The usable samples (scan status not in `unusable`) with their boxes from `labels` and from
 * `prediction`, in batches of consecutive sample ids: only one batch is ever columns. `counts` (when
 * given) gets the boxes with and without a usable class; `probs` reads the predictions' class
 * probabilities too.
 */
export async function* detectionBatches(
  project: Project,
  sources: { labels: string; prediction: string },
  classes: { id: number }[],
  unusable: readonly string[],
  options: {
    counts?: { labels: BoxCounts; predictions: BoxCounts };
    probs?: boolean;
    samplesPerBatch?: number;
  } = {},
): AsyncGenerator<DetectionBatch> {
  const db = storeDb(project.store);
  const step = options.samplesPerBatch ?? DETECTION_BATCH_SAMPLES;
  const bounds = await db.one<{ lo: number | null; hi: number | null }>(
    'SELECT min(id) AS lo, max(id) AS hi FROM samples',
  );
  const classPosition = new Map(classes.map((c, i) => [c.id, i]));
  const skip = unusable.map(() => '?').join(', ');
  for (let from = bounds?.lo ?? 0; from <= (bounds?.hi ?? -1); from += step) {
    const samples = { from, to: from + step };
    const rows = await db.all<{ id: number; key: string }>(
      `SELECT id, key FROM samples WHERE id >= ? AND id < ?${unusable.length > 0 ? ` AND scan_status NOT IN (${skip})` : ''} ORDER BY id`,
      [from, from + step, ...unusable],
    );
    if (rows.length === 0) continue;
    // one read after the other: a streamed read ends when the connection runs another query
    const gtColumns = await project.store.readAnnotationColumns(sources.labels, { samples });
    const predColumns = await project.store.readAnnotationColumns(sources.prediction, {
      samples,
      ...(options.probs ? { probs: true } : {}),
    });
    const position = new Map(rows.map((s, i) => [s.id, i]));
    const none = () => ({ boxes: 0, unlabeled: 0 });
    const gt = groupRows(gtColumns, position, classPosition, options.counts?.labels ?? none());
    const pred = groupRows(predColumns, position, classPosition, options.counts?.predictions ?? none());
    yield {
      ids: rows.map((r) => r.id),
      keys: rows.map((r) => r.key),
      imageAt: (i) => ({ gt: boxesOf(gt, i), pred: boxesOf(pred, i) }),
    };
  }
}
