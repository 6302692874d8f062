import type { SampleIssue } from '@assay/api';
import type { Renderer, View } from '../../render/renderer.js';

export interface EvidenceBox {
  key: string;
  box: [number, number, number, number];
}

const isBox = (v: unknown): v is [number, number, number, number] =>
  Array.isArray(v) && v.length === 4 && v.every((x) => typeof x === 'number' && Number.isFinite(x));

/** Boxes an issue carries as evidence (details keys ending in `bbox` or `box`: gt_bbox, pred_bbox, ...). */
export function evidenceBoxes(issue: SampleIssue): EvidenceBox[] {
  const out: EvidenceBox[] = [];
  for (const [key, v] of Object.entries(issue.details ?? {})) {
    if (/(^|_)b?box$/.test(key) && isBox(v)) out.push({ key, box: v });
  }
  return out;
}

/** Other samples an issue points to (duplicates, leakage). */
export function relatedSamples(issue: SampleIssue): number[] {
  const ids = issue.details?.related_sample_ids;
  return Array.isArray(ids) ? ids.filter((x): x is number => typeof x === 'number') : [];
}

/** Draws evidence boxes: ground truth white, predictions magenta dashed, each with its key as text. */
export function paintEvidence(ctx: Renderer, boxes: readonly EvidenceBox[], view: View): void {
  ctx.save();
  ctx.font = '12px system-ui, sans-serif';
  ctx.textBaseline = 'bottom';
  for (const { key, box } of boxes) {
    const pred = key.startsWith('pred');
    ctx.strokeStyle = pred ? '#ff00ff' : '#ffffff';
    ctx.lineWidth = 3;
    ctx.setLineDash(pred ? [8, 4] : []);
    const x = box[0] * view.scale + view.ox;
    const y = box[1] * view.scale + view.oy;
    ctx.strokeRect(x, y, box[2] * view.scale, box[3] * view.scale);
    ctx.fillStyle = pred ? '#ff00ff' : '#ffffff';
    ctx.fillText(key, x + 2, y - 2);
  }
  ctx.restore();
}
