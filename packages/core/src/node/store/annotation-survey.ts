import type { AnnotationSurvey } from '../../formats/define-format.js';
import type { Db } from './db.js';

/**
 * What COCO's instances file needs to know of the annotations of these sources before writing them
 * (AnnotationSurvey), from aggregate queries: DuckDB scans the columns on its threads instead of a pass that
 * reads every annotation into JavaScript (issue 12). Rows are counted as annotationColumnBatches gives them:
 * only annotations of a listed sample; a label is a class the classes table names.
 */
export async function annotationSurvey(db: Db, sourceNames: string[]): Promise<AnnotationSurvey> {
  const empty: AnnotationSurvey = { labels: [], sources: [], truth: 0, polylines: 0, keptIds: false };
  if (sourceNames.length === 0) return empty;
  const params = sourceNames;
  const rows = `FROM annotations a JOIN sources s ON s.id = a.source_id
    LEFT JOIN classes c ON c.id = a.class_id
    WHERE s.name IN (${sourceNames.map(() => '?').join(', ')}) AND a.sample_id IN (SELECT id FROM samples)`;
  // First-seen (lowest annotation id) order, as a pass in id order meets them.
  const labels = await db.all<{ name: string }>(
    `SELECT c.name ${rows} AND c.name IS NOT NULL GROUP BY c.name ORDER BY min(a.id)`,
    params,
  );
  const sources = await db.all<{ name: string }>(
    `SELECT s.name ${rows} GROUP BY s.name ORDER BY min(a.id)`,
    params,
  );
  // Own ids are kept when every labelled ground-truth row has an integer one (as toAnnotation reads it:
  // /^-?\d+$/, a safe integer once a number) and no two are the same (coco-ids.ts keepOrNumber).
  const truth = `NOT starts_with(s.name, 'prediction:')`;
  const labelled = `${truth} AND c.name IS NOT NULL`;
  const integer = `regexp_full_match(a.original_id, '-?[0-9]+')
    AND abs(TRY_CAST(a.original_id AS DOUBLE)) <= 9007199254740991`;
  const [counts] = await db.all<{
    truth: number;
    polylines: number;
    labelled: number;
    integers: number;
  }>(
    `SELECT count(*) FILTER (WHERE ${truth})::DOUBLE AS truth,
        count(*) FILTER (WHERE ${labelled} AND a.kind = 'polyline')::DOUBLE AS polylines,
        count(*) FILTER (WHERE ${labelled})::DOUBLE AS labelled,
        count(*) FILTER (WHERE ${labelled} AND coalesce(${integer}, false))::DOUBLE AS integers
      ${rows}`,
    params,
  );
  if (!counts) return empty;
  let keptIds = counts.integers === counts.labelled;
  if (keptIds && counts.labelled > 0) {
    // -0 counts as 0 (as the JavaScript numbers compare); DuckDB's DISTINCT keeps one of them too.
    const distinct = await db.scalar(
      `SELECT count(DISTINCT TRY_CAST(a.original_id AS DOUBLE) + 0)::DOUBLE ${rows} AND ${labelled}`,
      params,
    );
    keptIds = distinct === counts.labelled;
  }
  return {
    labels: labels.map((r) => r.name),
    sources: sources.map((r) => r.name),
    truth: counts.truth,
    polylines: counts.polylines,
    keptIds,
  };
}
