import { AssayError } from '../../errors.js';
import { type Db, parseJson } from '../store/db.js';
import { shownSizeSql } from '../store/shown-size.js';
import type { BrowseNames } from './browse-names.js';
import { METRIC_COLUMNS } from './metric-columns.js';
import { maskField, maskMetadata, piiMasks } from './pii-masks.js';
import { type DrawnAnnotation, sampleAnnotations } from './sample-annotations.js';
import { MISSING_STATUSES } from './sample-page.js';
import { LANGUAGE_SQL } from './text-language-sql.js';

/** Width and height as the image is shown (see shown-size.ts). */
const SHOWN = shownSizeSql('s');

export interface SampleIssueRow {
  id: number;
  type: string;
  severity: string;
  score: number;
  reason: string;
  status: string;
  annotation_id: number | null;
  details: Record<string, unknown> | null;
}

export interface SampleDetailInfo {
  id: number;
  path: string;
  root: string;
  width: number | null;
  height: number | null;
  split: string | null;
  tags: string[];
  format: string | null;
  bytes: number | null;
  scan_status: string;
  scan_error: string | null;
  missing: boolean;
  metadata: Record<string, unknown> | null;
  /** image, text or point_cloud. */
  kind: 'image' | 'text' | 'point_cloud';
  /** The text of a text sample (else null), its language (stated, else detected) and where it came from. */
  text: string | null;
  language: string | null;
  text_source: string | null;
  metrics: Record<string, number>;
  annotations: DrawnAnnotation[];
  issues: SampleIssueRow[];
  eval_run_id: number | null;
}

/** One sample with everything the sample view shows; NOT_FOUND for an id the project does not have. */
export async function sampleDetail(db: Db, names: BrowseNames, id: number): Promise<SampleDetailInfo> {
  const s = await db.one<Record<string, unknown>>(
    `SELECT s.id, s.key AS path, s.root, ${SHOWN.width} AS width,
            ${SHOWN.height} AS height, s.split, coalesce(s.tags, []::VARCHAR[]) AS tags,
            s.format, s.bytes, s.scan_status, s.scan_error, s.scan_status IN ${MISSING_STATUSES} AS missing,
            s.metadata::VARCHAR AS metadata, s.kind, s.text, s.text_source,
            CASE WHEN s.kind = 'text' THEN ${LANGUAGE_SQL} END AS language
       FROM samples s WHERE s.id = ?`,
    [id],
  );
  if (s === undefined) {
    throw new AssayError('NOT_FOUND', 'The project has no sample with that id.', {
      hint: 'Sample ids come from POST /api/samples/query.',
      details: { id },
    });
  }
  const metricCols = METRIC_COLUMNS.filter((m) => m.table === 'm');
  const m = await db.one<Record<string, number | null>>(
    `SELECT ${metricCols.map((c) => `${c.sql} AS "${c.name}"`).join(', ')} FROM sample_metrics m WHERE m.sample_id = ?`,
    [id],
  );
  const metrics: Record<string, number> = {};
  for (const [k, v] of Object.entries(m ?? {})) if (typeof v === 'number') metrics[k] = v;
  if (typeof s.width === 'number') metrics.width = s.width;
  if (typeof s.height === 'number') metrics.height = s.height;
  const issues = (
    await db.all<Omit<SampleIssueRow, 'details'> & { details: unknown } & Record<string, unknown>>(
      `SELECT id, type, severity, score, reason, status, annotation_id, details::VARCHAR AS details
         FROM issues WHERE sample_id = ? ORDER BY score DESC, id`,
      [id],
    )
  ).map((r) => ({ ...r, details: parseJson<Record<string, unknown>>(r.details) ?? null }));
  const annotations = (await sampleAnnotations(db, names, [id], { withMatches: true })).get(id) ?? [];
  // Personal data `assay privacy` found in the file name, the text or the metadata is shown masked.
  const fields = (await piiMasks(db, [id])).get(id)?.fields;
  if (fields) {
    s.path = maskField(fields, 'file_name', s.path as string);
    if (typeof s.text === 'string') s.text = maskField(fields, 'text', s.text);
  }
  const metadata = parseJson<Record<string, unknown>>(s.metadata);
  return {
    ...(s as unknown as Omit<
      SampleDetailInfo,
      'metadata' | 'metrics' | 'annotations' | 'issues' | 'eval_run_id'
    >),
    metadata: metadata === undefined ? null : (maskMetadata(fields, metadata) as Record<string, unknown>),
    metrics,
    annotations,
    issues,
    eval_run_id: names.evalRunId ?? null,
  };
}
