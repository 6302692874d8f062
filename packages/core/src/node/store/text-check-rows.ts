import type { DuckDBInstance } from '@duckdb/node-api';
import type { SpanCheckRow, TextCheckRow } from '../../store/project-store.js';
import { streamRows } from './row-batches.js';

/** Separates a sample's label names in the aggregate below (a control character no class name holds). */
const SEP = '\u001f';

/**
 * Text samples in id order, a batch at a time, as the text checks read them: text, split, stated
 * language, CoNLL tags and scheme (from metadata), and the names of the sample's classification labels
 * under `source` (sorted). One small object per row of the batch only.
 */
export function textCheckBatches(
  instance: DuckDBInstance,
  source: string,
  size?: number,
): AsyncGenerator<TextCheckRow[]> {
  const sql = `SELECT s.id, s.key, s.text, s.split, s.language,
      s.metadata->>'$.conll.scheme' AS conll_scheme, s.metadata->'$.conll.tags' AS conll_tags, l.labels
    FROM samples s LEFT JOIN (
      SELECT a.sample_id, string_agg(c.name, chr(31)) AS labels FROM annotations a
        JOIN sources src ON src.id = a.source_id JOIN classes c ON c.id = a.class_id
       WHERE src.name = ? AND a.kind = 'classification' GROUP BY a.sample_id
    ) l ON l.sample_id = s.id
    WHERE s.kind = 'text' ORDER BY s.id`;
  return streamRows(
    instance,
    sql,
    [source],
    (r) => {
      const row: TextCheckRow = {
        id: r.id as number,
        key: r.key as string,
        text: (r.text as string | null) ?? '',
      };
      if (r.split !== null) row.split = r.split as string;
      if (r.language !== null) row.language = r.language as string;
      if (r.conll_tags !== null && r.conll_scheme !== 'iob1') {
        const tags = JSON.parse(r.conll_tags as string) as unknown;
        if (Array.isArray(tags)) row.tags = tags as string[];
      }
      if (r.labels !== null) {
        const labels = r.labels as string;
        row.labels = labels.includes(SEP) ? labels.split(SEP).sort().join('|') : labels;
      }
      return row;
    },
    size,
  );
}

/** Span annotations of `source` on text samples, by sample then id, each with its sample's key and text. */
export function spanCheckBatches(
  instance: DuckDBInstance,
  source: string,
  size?: number,
): AsyncGenerator<SpanCheckRow[]> {
  const sql = `SELECT a.id, a.sample_id, s.key, s.text, c.name AS label, a.span_start, a.span_end, a.token_start, a.token_end
    FROM annotations a JOIN sources src ON src.id = a.source_id JOIN samples s ON s.id = a.sample_id
    LEFT JOIN classes c ON c.id = a.class_id
    WHERE src.name = ? AND a.kind = 'span' AND s.kind = 'text' AND a.span_start IS NOT NULL AND a.span_end IS NOT NULL
    ORDER BY a.sample_id, a.id`;
  return streamRows(
    instance,
    sql,
    [source],
    (r) => {
      const row: SpanCheckRow = {
        id: r.id as number,
        sampleId: r.sample_id as number,
        key: r.key as string,
        text: (r.text as string | null) ?? '',
        start: r.span_start as number,
        end: r.span_end as number,
      };
      if (r.label !== null) row.label = r.label as string;
      if (r.token_start !== null) row.tokenStart = r.token_start as number;
      if (r.token_end !== null) row.tokenEnd = r.token_end as number;
      return row;
    },
    size,
  );
}
