import type { DuckDBValue } from '@duckdb/node-api';
import { AssayError } from '../../errors.js';
import type { BrowseFilter } from './browse-filter.js';
import { type BrowseNames, idsOf } from './browse-names.js';
import { checkRegionProjection, regionSql } from './map-region.js';
import { metricColumn } from './metric-columns.js';
import { UNASSIGNED_SPLIT } from './project-info.js';
import { LANGUAGE_SQL } from './text-language-sql.js';

/** SQL with its bound parameters. Only placeholders and fixed fragments go into the text, never values. */
export interface Sql {
  text: string;
  params: DuckDBValue[];
}

/** A filter as SQL: `samples` over alias `s`; `annotations` (the annotation-level part) over alias `a`. */
export interface FilterSql {
  samples: Sql;
  /** Which annotations count for class/source facets and patches: the filter's sources and score. */
  annotationScope: Sql;
  /** True when the filter selects every sample. */
  all: boolean;
  /** The scope's parts: source ids (undefined = all) and whether it has a score range. */
  scopeSourceIds: number[] | undefined;
  scopeHasScore: boolean;
  /** The map region's condition alone (when the filter has one), for its facet count. */
  region?: Sql;
}

const marks = (n: number) => `(${Array.from({ length: n }, () => '?').join(', ')})`;

/** JSON pointer of a top-level key (RFC 6901), for json_extract_string: no quoting of user text. */
function jsonPointer(key: string): string {
  return `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

function checkRange(name: string, range: readonly (number | null)[]): void {
  if (range.some((v) => v !== null && !Number.isFinite(v))) {
    throw new AssayError('INVALID_INPUT', 'A range in the filter is not made of finite numbers.', {
      hint: 'Give [min, max] with numbers or null for an open end.',
      details: { field: name },
    });
  }
}

class Builder {
  readonly parts: string[] = [];
  readonly params: DuckDBValue[] = [];
  add(text: string, params: DuckDBValue[] = []): void {
    this.parts.push(text);
    this.params.push(...params);
  }
  sql(): Sql {
    return { text: this.parts.length ? this.parts.join(' AND ') : 'TRUE', params: this.params };
  }
}

function annotationScope(f: BrowseFilter, names: BrowseNames): Builder {
  const b = new Builder();
  if (f.sources?.length) {
    const ids = idsOf(f.sources, names.sourceIds, 'sources');
    b.add(`a.source_id IN ${marks(ids.length)}`, ids);
  }
  if (f.score) {
    checkRange('score', f.score);
    b.add('a.score BETWEEN ? AND ?', [f.score[0], f.score[1]]);
  }
  return b;
}

/** The annotation-level conditions (sources, classes, score, outcome, attributes), or undefined. */
function annotationConditions(f: BrowseFilter, names: BrowseNames): Builder | undefined {
  const b = annotationScope(f, names);
  if (f.classes?.length) {
    const ids = idsOf(f.classes, names.classIds, 'classes');
    b.add(`a.class_id IN ${marks(ids.length)}`, ids);
  }
  if (f.outcome?.length) {
    if (names.evalRunId === undefined) {
      throw new AssayError('INVALID_INPUT', 'The filter asks for TP/FP/FN but the project has no eval run.', {
        hint: 'Run `assay eval --gt ground_truth --pred prediction:NAME` first.',
        details: { field: 'outcome' },
      });
    }
    b.add(
      `a.id IN (SELECT annotation_id FROM eval_matches WHERE run_id = ? AND outcome IN ${marks(f.outcome.length)})`,
      [names.evalRunId, ...f.outcome],
    );
  }
  for (const [key, values] of Object.entries(f.attributes ?? {})) {
    if (values.length === 0) continue;
    b.add(`json_extract_string(a.attributes, ?) IN ${marks(values.length)}`, [jsonPointer(key), ...values]);
  }
  return b.parts.length ? b : undefined;
}

function issueConditions(f: BrowseFilter, b: Builder): void {
  const types = f.issue_types ?? [];
  const status = f.issue_status ?? [];
  if (types.length === 0 && status.length === 0) return;
  const where: string[] = [];
  const params: DuckDBValue[] = [];
  if (types.length) {
    where.push(`type IN ${marks(types.length)}`);
    params.push(...types);
  }
  if (status.length) {
    where.push(`status IN ${marks(status.length)}`);
    params.push(...status);
  } else where.push("status <> 'ignored'");
  b.add(`s.id IN (SELECT sample_id FROM issues WHERE ${where.join(' AND ')})`, params);
}

function metricConditions(f: BrowseFilter, b: Builder): void {
  for (const [name, range] of Object.entries(f.metrics ?? {})) {
    const column = metricColumn(name);
    if (column === undefined) {
      throw new AssayError('INVALID_INPUT', 'The filter names a metric Assay does not know.', {
        hint: 'Use a name from GET /api/project (metrics).',
        details: { field: 'metrics', value: name },
      });
    }
    checkRange('metrics', range);
    const [lo, hi] = range;
    const cond: string[] = [];
    const params: DuckDBValue[] = [];
    if (lo !== null) {
      cond.push(`${column.sql} >= ?`);
      params.push(lo);
    }
    if (hi !== null) {
      cond.push(`${column.sql} <= ?`);
      params.push(hi);
    }
    if (cond.length === 0) continue;
    if (column.table === 's') b.add(cond.join(' AND '), params);
    else b.add(`s.id IN (SELECT m.sample_id FROM sample_metrics m WHERE ${cond.join(' AND ')})`, params);
  }
}

/** Translates a filter into SQL over `samples s`; unknown names are INVALID_INPUT errors. */
export function filterSql(f: BrowseFilter, names: BrowseNames): FilterSql {
  const b = new Builder();
  if (f.ids) b.add(f.ids.length ? `s.id IN ${marks(f.ids.length)}` : 'FALSE', f.ids);
  if (f.splits?.length) {
    const named = f.splits.filter((x) => x !== UNASSIGNED_SPLIT);
    const parts = named.length ? [`s.split IN ${marks(named.length)}`] : [];
    if (named.length < f.splits.length) parts.push('s.split IS NULL');
    b.add(`(${parts.join(' OR ')})`, named);
  }
  if (f.tags?.length) b.add(`list_has_any(s.tags, [${f.tags.map(() => '?').join(', ')}]::VARCHAR[])`, f.tags);
  if (f.path) b.add('contains(lower(s.key), lower(?))', [f.path]);
  if (f.languages?.length)
    b.add(
      `s.kind = 'text' AND coalesce(${LANGUAGE_SQL}, 'unknown') IN ${marks(f.languages.length)}`,
      f.languages,
    );
  metricConditions(f, b);
  issueConditions(f, b);
  if (f.region) checkRegionProjection(f.region, names.projections);
  const region = f.region ? regionSql(f.region) : undefined;
  if (region) b.add(region.text, region.params);
  const ann = annotationConditions(f, names);
  if (ann) {
    const sql = ann.sql();
    b.add(`s.id IN (SELECT a.sample_id FROM annotations a WHERE ${sql.text})`, sql.params);
  }
  return {
    samples: b.sql(),
    annotationScope: annotationScope(f, names).sql(),
    all: b.parts.length === 0,
    scopeSourceIds: f.sources?.length ? idsOf(f.sources, names.sourceIds, 'sources') : undefined,
    scopeHasScore: f.score !== undefined,
    ...(region ? { region } : {}),
  };
}
