import type { ReviewEdit, ReviewItem } from '@assay/api';

export type Box = [number, number, number, number];

/** The prediction an issue names (detection label issues carry its class and box), if any. */
export function predictionOf(item: ReviewItem): { class: string; bbox: Box } | null {
  const d = item.details ?? {};
  const box = d.pred_bbox;
  const cls = d.pred_class;
  if (typeof cls !== 'string' || !Array.isArray(box) || box.length !== 4) return null;
  if (!box.every((v) => typeof v === 'number' && Number.isFinite(v))) return null;
  return { class: cls, bbox: box as Box };
}

const fixed = (item: ReviewItem, reason: string): ReviewEdit => ({
  op: 'issue_status',
  issue_id: item.issue_id,
  status: 'fixed',
  reason,
});

/** Confirm or ignore: the issue's status only. */
export function statusEdits(item: ReviewItem, status: 'confirmed' | 'ignored'): ReviewEdit[] {
  return [{ op: 'issue_status', issue_id: item.issue_id, status, reason: `review: ${status}` }];
}

/** Take the model's label: re-class and re-shape the issue's annotation, or add the missing box. */
export function acceptPredictionEdits(item: ReviewItem): ReviewEdit[] | null {
  const pred = predictionOf(item);
  if (!pred) return null;
  const reason = `review: accept the prediction (${pred.class})`;
  const change: ReviewEdit =
    item.annotation_id === null
      ? {
          op: 'add',
          sample_id: item.sample_id,
          class: pred.class,
          bbox: pred.bbox,
          issue_id: item.issue_id,
          reason,
        }
      : {
          op: 'update',
          annotation_id: item.annotation_id,
          class: pred.class,
          bbox: pred.bbox,
          issue_id: item.issue_id,
          reason,
        };
  return [change, fixed(item, reason)];
}

export function deleteEdits(item: ReviewItem): ReviewEdit[] | null {
  if (item.annotation_id === null) return null;
  const reason = 'review: delete the label';
  return [
    { op: 'delete', annotation_id: item.annotation_id, issue_id: item.issue_id, reason },
    fixed(item, reason),
  ];
}

export function reclassEdits(item: ReviewItem, to: string): ReviewEdit[] | null {
  if (item.annotation_id === null || item.class === to) return null;
  const reason = `review: class ${item.class ?? '-'} → ${to}`;
  return [
    { op: 'update', annotation_id: item.annotation_id, class: to, issue_id: item.issue_id, reason },
    fixed(item, reason),
  ];
}

/** Maps polygon rings from the old box onto the new one (what dragging a polygon's box handles means). */
export function refitRings(
  rings: readonly (readonly [number, number])[][],
  from: Box,
  to: Box,
): [number, number][][] {
  const sx = from[2] > 0 ? to[2] / from[2] : 1;
  const sy = from[3] > 0 ? to[3] / from[3] : 1;
  return rings.map((ring) => ring.map(([x, y]) => [to[0] + (x - from[0]) * sx, to[1] + (y - from[1]) * sy]));
}

/** A box dragged by one handle: `handle` names the edges it moves (n, s, e, w and corners). */
export function dragBox(box: Box, handle: string, dx: number, dy: number): Box {
  if (handle === 'move') return [box[0] + dx, box[1] + dy, box[2], box[3]];
  let [x0, y0] = [box[0], box[1]];
  let [x1, y1] = [box[0] + box[2], box[1] + box[3]];
  if (handle.includes('w')) x0 += dx;
  if (handle.includes('e')) x1 += dx;
  if (handle.includes('n')) y0 += dy;
  if (handle.includes('s')) y1 += dy;
  return [Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0)];
}
