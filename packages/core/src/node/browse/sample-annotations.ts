import type { DuckDBValue } from '@duckdb/node-api';
import { pointsDecode } from '../../geometry/points-codec.js';
import { rleEncodeString } from '../../geometry/rle.js';
import type { AnnotationKind, AttributeValue, Rle } from '../../model/annotation.js';
import { maskedOffset } from '../../privacy/mask-spans.js';
import { type Db, parseJson } from '../store/db.js';
import { type BrowseNames, idsOf } from './browse-names.js';
import { idListSql } from './id-list.js';
import { maskField, piiMasks, type SampleMasks } from './pii-masks.js';

/** One annotation as the app draws it: absolute pixels, polygon rings as [x, y] pairs, RLE as text. */
export interface DrawnAnnotation {
  id: number;
  sample_id: number;
  source: string;
  kind: AnnotationKind;
  class_id: number | null;
  bbox: [number, number, number, number] | null;
  polygon?: [number, number][][];
  rle?: { size: [number, number]; counts: string };
  keypoints?: number[];
  skeleton?: [number, number][];
  score?: number;
  iscrowd?: boolean;
  outcome?: 'tp' | 'fp' | 'fn' | null;
  matched_id?: number | null;
  iou?: number | null;
  error?: string | null;
  /** Character offsets of a text span (end exclusive). */
  span?: { start: number; end: number };
  attributes: Record<string, AttributeValue>;
}

interface Row extends Record<string, unknown> {
  id: number;
  sample_id: number;
  source_id: number;
  kind: AnnotationKind;
  class_id: number | null;
  x: number | null;
  y: number | null;
  w: number | null;
  h: number | null;
  points: Uint8Array | null;
  mask: string | null;
  keypoints: number[] | null;
  iscrowd: boolean;
  score: number | null;
  attributes: string | null;
  outcome: string | null;
  matched_id: number | null;
  iou: number | null;
  error: string | null;
  skeleton: string | null;
  span_start: number | null;
  span_end: number | null;
}

function pairs(flat: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i]!, flat[i + 1]!]);
  return out;
}

function toDrawn(r: Row, names: BrowseNames, withMatches: boolean): DrawnAnnotation {
  const a: DrawnAnnotation = {
    id: r.id,
    sample_id: r.sample_id,
    source: names.sourceNames.get(r.source_id) ?? String(r.source_id),
    kind: r.kind,
    class_id: r.class_id,
    bbox: r.x !== null && r.y !== null && r.w !== null && r.h !== null ? [r.x, r.y, r.w, r.h] : null,
    attributes: parseJson<Record<string, AttributeValue>>(r.attributes) ?? {},
  };
  if (r.points !== null) a.polygon = pointsDecode(r.points).map(pairs);
  if (r.mask !== null) {
    const rle = parseJson<Rle>(r.mask);
    if (rle) {
      const counts = typeof rle.counts === 'string' ? rle.counts : rleEncodeString(rle.counts);
      a.rle = { size: rle.size, counts };
    }
  }
  if (r.keypoints !== null) a.keypoints = r.keypoints;
  if (r.keypoints !== null && r.skeleton) a.skeleton = parseJson<[number, number][]>(r.skeleton) ?? [];
  if (r.span_start !== null && r.span_end !== null) a.span = { start: r.span_start, end: r.span_end };
  if (r.score !== null) a.score = r.score;
  if (r.iscrowd) a.iscrowd = true;
  if (r.outcome !== null && r.outcome !== 'ignored') a.outcome = r.outcome as 'tp' | 'fp' | 'fn';
  else a.outcome = null;
  if (withMatches) {
    a.matched_id = r.matched_id;
    a.iou = r.iou;
    a.error = r.error;
  }
  return a;
}

/**
 * The annotations of some samples (all sources, or these), for drawing, keyed by sample id, with each
 * object's outcome in the latest eval run; `withMatches` adds the matched object, IoU and TIDE error.
 */
export async function sampleAnnotations(
  db: Db,
  names: BrowseNames,
  sampleIds: readonly number[],
  options: { sources?: string[]; withMatches?: boolean } = {},
): Promise<Map<number, DrawnAnnotation[]>> {
  const out = new Map<number, DrawnAnnotation[]>(sampleIds.map((id) => [id, []]));
  if (sampleIds.length === 0) return out;
  // The BETWEEN lets DuckDB skip row groups by their min/max (annotations are stored in sample order);
  // eval_matches is narrowed to the same samples before the join, never hashed whole (id-list.ts).
  const inMatches = idListSql('sample_id', sampleIds);
  const inAnnotations = idListSql('a.sample_id', sampleIds);
  const params: DuckDBValue[] = [names.evalRunId ?? -1, ...inMatches.params, ...inAnnotations.params];
  let where = inAnnotations.text;
  if (options.sources?.length) {
    const ids = idsOf(options.sources, names.sourceIds, 'sources');
    where += ` AND a.source_id IN (${ids.map(() => '?').join(', ')})`;
    params.push(...ids);
  }
  const rows = await db.all<Row>(
    `SELECT a.id, a.sample_id, a.source_id, a.kind::VARCHAR AS kind, a.class_id, a.x, a.y, a.w, a.h, a.points,
            a.mask, a.keypoints, a.iscrowd, a.score, a.attributes, e.outcome, e.matched_id, e.iou, e.error,
            c.skeleton::VARCHAR AS skeleton, a.span_start, a.span_end
       FROM annotations a
       LEFT JOIN (SELECT annotation_id, outcome, matched_id, iou, error FROM eval_matches
                   WHERE run_id = ? AND ${inMatches.text}) e ON e.annotation_id = a.id
       LEFT JOIN classes c ON c.id = a.class_id
      WHERE ${where} ORDER BY a.sample_id, a.source_id, a.id`,
    params,
  );
  for (const r of rows) out.get(r.sample_id)?.push(toDrawn(r, names, options.withMatches === true));
  maskAnnotations(out, await piiMasks(db, sampleIds));
  return out;
}

/**
 * Personal data `assay privacy` found, as the app shows it: string attributes masked, and spans moved
 * to where their characters are in the masked text (a masked e-mail address is shorter).
 */
function maskAnnotations(out: Map<number, DrawnAnnotation[]>, masks: Map<number, SampleMasks>): void {
  for (const [sampleId, m] of masks) {
    const text = m.fields.get('text');
    for (const a of out.get(sampleId) ?? []) {
      if (a.span && text)
        a.span = {
          start: maskedOffset(text, Number.POSITIVE_INFINITY, a.span.start, 'start'),
          end: maskedOffset(text, Number.POSITIVE_INFINITY, a.span.end, 'end'),
        };
      const own = m.annotations.get(a.id);
      if (own)
        for (const [name, value] of Object.entries(a.attributes))
          if (typeof value === 'string') a.attributes[name] = maskField(own, `attributes.${name}`, value);
    }
  }
}
