import { AssayError } from '../../errors.js';
import type { Problem } from '../../formats/problems.js';
import { parseLabelSource } from '../../model/label-source.js';
import type { AnnotationColumnsQuery } from '../../store/annotation-columns.js';
import { SCHEMA_VERSION } from '../../store/migrations.js';
import type {
  EvalResults,
  IssuePageQuery,
  IssueQuery,
  NewIssue,
  ProjectStore,
  RunStatus,
  SampleQuery,
  StoredSource,
} from '../../store/project-store.js';
import { VERSION } from '../../version.js';
import { AnnotationAppender } from './annotation-appender.js';
import { annotationColumnBatches } from './annotation-column-batches.js';
import { readAnnotationColumns, writeEvalImageOrder } from './annotation-columns.js';
import { refreshAnnotationCounts } from './annotation-counts.js';
import { appendAnnotations, listAnnotations, listAnnotationsOfSamples } from './annotation-rows.js';
import { annotationSurvey } from './annotation-survey.js';
import { registerChunkRows } from './chunk-insert.js';
import { listClasses, upsertClasses } from './class-rows.js';
import { Db, parseJson } from './db.js';
import { DuckDBInstance } from './duckdb-api.js';
import { duckDbAssayError } from './duckdb-errors.js';
import { type DuckDbMemoryOptions, duckDbMemorySettings } from './duckdb-memory.js';
import { listEvalMatches, listEvalSamples, saveEvalResults } from './eval-rows.js';
import { type GeometryQuery, listAnnotationGeometry } from './geometry-rows.js';
import { issueCounts, listIssuePage } from './issue-page.js';
import { appendIssues, listIssues } from './issue-rows.js';
import { labelCheckBatches, readLabelBoxSizes } from './label-batches.js';
import { capMemory } from './memory-cap.js';
import { listSampleMetrics, saveSampleMetrics } from './metric-rows.js';
import { migrate, schemaVersion } from './migrate.js';
import { annotationBatches, sampleBatches, sampleKeyBatches, sampleLabelBatches } from './row-batches.js';
import {
  countSamples,
  listEvaluationSamples,
  listSamples,
  saveProbes,
  upsertSamples,
} from './sample-rows.js';
import { datasetStatsSql } from './stats-rows.js';
import { projectSummary } from './summary-query.js';
import { spanCheckBatches, textCheckBatches } from './text-check-rows.js';
import { listTextLanguages, saveTextLanguages, saveUncertainty } from './text-language-rows.js';

export interface OpenStoreOptions extends DuckDbMemoryOptions {
  /** Open without taking the write lock (several readers may share a file no writer holds). */
  readOnly?: boolean;
  /** Describes the process holding the lock, for the error message ("assay scan, pid 1234"). */
  describeHolder?: (pid: number | undefined) => string;
}

/** Opens (creating if needed) a project database and brings its schema up to date. */
export async function openDuckDbStore(file: string, options: OpenStoreOptions = {}): Promise<ProjectStore> {
  const store = await openInstance(file, options);
  if (!options.readOnly || (await schemaVersion(store.db)) >= SCHEMA_VERSION) return store;
  // A project written by an older Assay: migrate it once (briefly taking the write lock), then read.
  await store.close();
  await (await openInstance(file, { ...options, readOnly: false })).close();
  return openInstance(file, options);
}

async function openInstance(file: string, options: OpenStoreOptions): Promise<DuckDbStore> {
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(file, {
      access_mode: options.readOnly ? 'READ_ONLY' : 'READ_WRITE',
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      threads: '2',
      // A memory limit (ASSAY_DUCKDB_MEMORY_LIMIT, else the opener's, else a quarter of the RAM up to 1 GiB)
      // and a spill folder under .assay/tmp/: sorts and joins above the limit spill instead of growing
      // (DuckDB's own default is 80% of the RAM; issue 12, bench/README.md "exportspeed").
      ...duckDbMemorySettings(file, options),
      // Bulk inserts write each complete row group (compressing it) as soon as it fills, instead of
      // five at once (the default): an import that inserts while it reads then spreads that work over
      // the read, rather than paying ~0.6 s of it in one go at the end.
      write_buffer_row_group_count: '1',
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const lock = /Conflicting lock is held in .*?\(PID (\d+)\)/.exec(message);
    if (lock) {
      const pid = Number(lock[1]);
      const holder = options.describeHolder?.(pid) ?? `process ${pid}`;
      throw new AssayError('PROJECT_LOCKED', `The project database ${file} is in use by ${holder}.`, {
        hint: 'Wait for that command to finish (or stop it), then run this one again. While `assay serve` owns a project, use it through the web app.',
        details: { pid },
      });
    }
    throw (
      duckDbAssayError(error, file) ??
      new AssayError('INVALID_INPUT', `Cannot open the project database ${file}: ${message}`, {
        hint: 'The file may be damaged or written by another program. Restore it from a backup or create a new project.',
        cause: error,
      })
    );
  }
  const connection = await instance.connect();
  const db = new Db(connection, file);
  if (!options.readOnly) {
    registerChunkRows(connection);
    await migrate(db, file);
  }
  return new DuckDbStore(instance, db, !options.readOnly);
}

/** The query helper under a DuckDB store: for the browse queries (node/browse/) and the edit tables (node/edits/). */
export function storeDb(store: ProjectStore): Db {
  if (!(store instanceof DuckDbStore)) {
    throw new AssayError('UNSUPPORTED', 'Browsing needs the DuckDB project store.', {
      hint: 'This is a bug in Assay: report it.',
    });
  }
  return store.db;
}

/**
 * Another connection to the store's database (same instance: it sees the same data; temp tables are its
 * own), closed with the store. The server runs its long background queries (facet base and index) on one,
 * so they do not hold up the queries of a page on the main connection.
 */
export async function storeConnection(store: ProjectStore): Promise<Db> {
  if (!(store instanceof DuckDbStore)) storeDb(store); // throws the same error
  return (store as DuckDbStore).connect();
}

class DuckDbStore implements ProjectStore {
  private depth = 0;
  private readonly others: Db[] = [];

  async connect(): Promise<Db> {
    const db = new Db(await this.instance.connect(), this.db.file);
    this.others.push(db);
    return db;
  }

  constructor(
    private readonly instance: DuckDBInstance,
    readonly db: Db,
    private readonly writable = false,
  ) {}

  async close(): Promise<void> {
    for (const other of this.others.splice(0)) {
      await other.settle();
      other.connection.closeSync();
    }
    await this.db.settle(); // a query still running (Promise.all after one failed) must end first
    // Every writer leaves the kept annotation counts current (`assay info` reads them; issue 12). A failure
    // leaves them stale, which readers notice (they count live then): never a reason to fail the close.
    if (this.writable && this.depth === 0 && !this.db.fatalError)
      await refreshAnnotationCounts(this.db).catch(() => undefined);
    this.db.connection.closeSync();
    this.instance.closeSync();
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.depth > 0) return fn();
    this.depth++;
    await this.db.run('BEGIN TRANSACTION');
    try {
      const result = await fn();
      await this.db.run('COMMIT');
      return result;
    } catch (error) {
      await this.db.settle();
      // after a fatal error DuckDB refuses the rollback too: the first error is the one to report
      if (!this.db.fatalError) await this.db.run('ROLLBACK').catch(() => undefined);
      // appenders and chunk inserts use the connection directly: word their errors here too
      throw duckDbAssayError(error, this.db.file) ?? error;
    } finally {
      this.depth--;
    }
  }

  async getMeta(key: string): Promise<string | undefined> {
    return (await this.db.one<{ value: string }>('SELECT value FROM project_meta WHERE key = ?', [key]))
      ?.value;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.db.run('INSERT OR REPLACE INTO project_meta VALUES (?, ?)', [key, value]);
  }

  listClasses = () => listClasses(this.db);
  upsertClasses = (classes: Parameters<typeof upsertClasses>[1]) => upsertClasses(this.db, classes);

  async listSources(): Promise<StoredSource[]> {
    return this.db.all<StoredSource & Record<string, unknown>>(
      'SELECT id, name, kind FROM sources ORDER BY id',
    );
  }

  async ensureSource(name: string): Promise<StoredSource> {
    const source = parseLabelSource(name);
    const known = await this.db.one<StoredSource & Record<string, unknown>>(
      'SELECT id, name, kind FROM sources WHERE name = ?',
      [source.name],
    );
    if (known) return known;
    const id = (await this.db.scalar('SELECT coalesce(max(id), 0) FROM sources')) + 1;
    await this.db.run('INSERT INTO sources (id, name, kind) VALUES (?, ?, ?)', [
      id,
      source.name,
      source.kind,
    ]);
    return { id, name: source.name, kind: source.kind };
  }

  countAnnotations(sourceId: number): Promise<number> {
    return this.db.scalar('SELECT count(*) FROM annotations WHERE source_id = ?', [sourceId]);
  }

  async annotationKinds(source: string): Promise<Record<string, number>> {
    const rows = await this.db.all<{ kind: string; n: number }>(
      `SELECT a.kind::VARCHAR AS kind, count(*) AS n FROM annotations a JOIN sources s ON s.id = a.source_id
        WHERE s.name = ? GROUP BY ALL`,
      [source],
    );
    return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
  }

  async annotatedSampleIds(sourceId: number): Promise<Set<number>> {
    const rows = await this.db.all<{ sample_id: number }>(
      'SELECT DISTINCT sample_id FROM annotations WHERE source_id = ?',
      [sourceId],
    );
    return new Set(rows.map((r) => r.sample_id));
  }

  async deleteAnnotations(sourceId: number, sampleIds?: number[]): Promise<number> {
    if (sampleIds === undefined) {
      const n = await this.countAnnotations(sourceId);
      await this.db.run('DELETE FROM annotations WHERE source_id = ?', [sourceId]);
      return n;
    }
    if (sampleIds.length === 0) return 0;
    await this.db.run('CREATE TEMP TABLE IF NOT EXISTS id_batch (id INTEGER)');
    await this.db.run('DELETE FROM id_batch');
    const appender = await this.db.connection.createAppender('id_batch');
    for (const id of sampleIds) {
      appender.appendInteger(id);
      appender.endRow();
    }
    appender.closeSync();
    const where = 'source_id = ? AND sample_id IN (SELECT id FROM id_batch)';
    const n = await this.db.scalar(`SELECT count(*) FROM annotations WHERE ${where}`, [sourceId]);
    await this.db.run(`DELETE FROM annotations WHERE ${where}`, [sourceId]);
    return n;
  }

  upsertSamples = (root: string, samples: Parameters<typeof upsertSamples>[2]) =>
    upsertSamples(this.db, root, samples);
  listSamples = (query?: SampleQuery) => listSamples(this.db, query);
  countSamples = (query?: SampleQuery) => countSamples(this.db, query);
  saveProbes = (rows: Parameters<typeof saveProbes>[1]) => saveProbes(this.db, rows);
  listSampleMetrics = () => listSampleMetrics(this.db);
  saveSampleMetrics = (rows: Parameters<typeof saveSampleMetrics>[1]) => saveSampleMetrics(this.db, rows);
  saveTextLanguages = (rows: Parameters<typeof saveTextLanguages>[1], options?: { append?: boolean }) =>
    saveTextLanguages(this.db, rows, options);
  listTextLanguages = () => listTextLanguages(this.db);
  saveUncertainty = (source: string, runId: number, rows: Parameters<typeof saveUncertainty>[3]) =>
    saveUncertainty(this.db, source, runId, rows);
  appendAnnotations = (...args: Parameters<ProjectStore['appendAnnotations']>) =>
    appendAnnotations(this.db, ...args);
  annotationSink = (...args: Parameters<ProjectStore['annotationSink']>) =>
    AnnotationAppender.open(this.db, ...args);
  listAnnotations = (sourceNames?: string[]) => listAnnotations(this.db, sourceNames);
  sampleBatches = (size?: number) => sampleBatches(this.instance, size);
  sampleKeyBatches = (size?: number) => sampleKeyBatches(this.instance, size);
  sampleLabelBatches = (size?: number) => sampleLabelBatches(this.instance, size);
  textCheckBatches = (source: string, size?: number) => textCheckBatches(this.instance, source, size);
  spanCheckBatches = (source: string, size?: number) => spanCheckBatches(this.instance, source, size);
  listAnnotationsOfSamples = (sampleIds: number[]) => listAnnotationsOfSamples(this.db, sampleIds);

  async annotationsPerSample(source: string): Promise<Float64Array> {
    const reader = await this.db.connection.runAndReadAll(
      `SELECT count(a.id)::DOUBLE AS n FROM samples s LEFT JOIN (
         SELECT a.id, a.sample_id FROM annotations a JOIN sources src ON src.id = a.source_id WHERE src.name = ?
       ) a ON a.sample_id = s.id GROUP BY s.id ORDER BY s.id`,
      [source],
    );
    return Float64Array.from((reader.getColumnsJS()[0] ?? []) as number[]);
  }

  async sampleRoots(): Promise<string[]> {
    const rows = await this.db.all<{ root: string }>(
      'SELECT root FROM samples GROUP BY root ORDER BY min(id)',
    );
    return rows.map((r) => r.root);
  }

  keypointsPerObject(sourceNames: string[]): Promise<number> {
    if (sourceNames.length === 0) return Promise.resolve(0);
    return this.db.scalar(
      `SELECT coalesce(max(ceil(coalesce(len(a.keypoints), 0) / 3)), 0) FROM annotations a
         JOIN sources s ON s.id = a.source_id
        WHERE a.kind = 'keypoints' AND s.name IN (${sourceNames.map(() => '?').join(', ')})`,
      sourceNames,
    );
  }
  annotationBatches = (sourceNames?: string[], order?: 'id' | 'sample', size?: number) =>
    annotationBatches(this.instance, sourceNames, order, size);
  annotationColumnBatches = (
    sourceNames?: string[],
    order?: 'id' | 'sample',
    geometry?: boolean,
    polygons?: boolean,
  ) => annotationColumnBatches(this.instance, sourceNames, order, geometry, polygons);

  annotationSurvey = (sourceNames: string[]) => annotationSurvey(this.db, sourceNames);
  async orientedBoxes(sourceNames: string[]): Promise<boolean> {
    if (sourceNames.length === 0) return false;
    const n = await this.db.scalar(
      `SELECT count(*) FROM (SELECT 1 FROM annotations a JOIN sources s ON s.id = a.source_id
        WHERE a.attributes IS NOT NULL AND json_extract(a.attributes, '$.oriented')::VARCHAR = 'true'
          AND s.name IN (${sourceNames.map(() => '?').join(', ')}) LIMIT 1)`,
      sourceNames,
    );
    return n > 0;
  }
  listAnnotationGeometry = (sourceNames?: string[], query?: GeometryQuery) =>
    listAnnotationGeometry(this.db, sourceNames, query);
  labelCheckBatches = (source: string, samplesPerBatch?: number) =>
    labelCheckBatches(this.db, source, samplesPerBatch);
  readLabelBoxSizes = (source: string) => readLabelBoxSizes(this.db, source);
  readAnnotationColumns = (source: string, options?: AnnotationColumnsQuery) =>
    readAnnotationColumns(this.db, source, options);
  listEvaluationSamples = () => listEvaluationSamples(this.db);
  writeEvalImageOrder = (sampleIds: ArrayLike<number>) => writeEvalImageOrder(this.db, sampleIds);
  capMemory = (limit: string) => capMemory(this.db, limit);
  async classCounts(sources: string[]): Promise<Map<number, number>> {
    const rows = await this.db.all<{ class_id: number; n: number }>(
      `SELECT coalesce(class_id, -1) AS class_id, count(*)::DOUBLE AS n FROM annotations
        WHERE source_id IN (SELECT id FROM sources WHERE name IN (${sources.map(() => '?').join(', ')}))
        GROUP BY 1`,
      sources,
    );
    return new Map(rows.map((r) => [Number(r.class_id), Number(r.n)]));
  }

  async startRun(kind: string, params: Record<string, unknown>): Promise<number> {
    const id = (await this.db.scalar('SELECT coalesce(max(id), 0) FROM runs')) + 1;
    await this.db.run('INSERT INTO runs (id, kind, params, version) VALUES (?, ?, ?, ?)', [
      id,
      kind,
      JSON.stringify(params),
      VERSION,
    ]);
    return id;
  }

  async listRunParams(kind: string): Promise<Record<string, unknown>[]> {
    const rows = await this.db.all<{ params: string | null }>(
      "SELECT params FROM runs WHERE kind = ? AND status = 'ok' ORDER BY id",
      [kind],
    );
    return rows.map((r) => parseJson<Record<string, unknown>>(r.params) ?? {});
  }

  async listSampleRoots(): Promise<string[]> {
    const rows = await this.db.all<{ root: string }>('SELECT DISTINCT root FROM samples ORDER BY root');
    return rows.map((r) => r.root);
  }

  async finishRun(
    id: number,
    status: RunStatus,
    summary: Record<string, unknown>,
    samples?: number,
  ): Promise<void> {
    await this.db.run(
      'UPDATE runs SET status = ?, summary = ?, samples = ?, finished_at = current_timestamp WHERE id = ?',
      [status, JSON.stringify(summary), samples ?? null, id],
    );
  }

  async abortRunningRuns(reason: string): Promise<number[]> {
    const rows = await this.db.all<{ id: number }>(
      "SELECT id FROM runs WHERE status = 'running' ORDER BY id",
    );
    if (rows.length === 0) return [];
    await this.db.run(
      `UPDATE runs SET status = 'aborted', finished_at = current_timestamp,
         summary = json_merge_patch(coalesce(summary, '{}'), json_object('aborted', ?::VARCHAR))
       WHERE status = 'running'`,
      [reason],
    );
    return rows.map((r) => r.id);
  }

  async addProblems(runId: number, problems: Problem[]): Promise<void> {
    if (problems.length === 0) return;
    const appender = await this.db.connection.createAppender('import_problems');
    for (const p of problems) {
      appender.appendInteger(runId);
      appender.appendVarchar(p.file);
      if (p.record === undefined) appender.appendNull();
      else appender.appendVarchar(p.record);
      appender.appendVarchar(p.reason);
      if (p.hint === undefined) appender.appendNull();
      else appender.appendVarchar(p.hint);
      appender.appendVarchar(p.severity);
      appender.endRow();
    }
    appender.closeSync();
  }

  async replaceIssues(runId: number, types: string[], issues: NewIssue[]): Promise<void> {
    await this.transaction(async () => {
      // An issue found again (same type, sample and annotation) keeps the status people gave it, so
      // ignored issues stay ignored; the checked types' earlier rows are replaced.
      const kept = await this.keptStatuses(types);
      await appendIssues(this.db, runId, issues, (i) =>
        kept.get(`${i.type}|${i.sampleId ?? -1}|${i.annotationId ?? -1}`),
      );
    });
  }

  /**
   * replaceIssues for issues found batch by batch: `produce` hands each batch to `write`, which
   * appends it at once; all in one transaction, so a failure or an interruption changes nothing.
   */
  async replaceIssuesInBatches(
    runId: number,
    types: string[],
    produce: (write: (issues: NewIssue[]) => Promise<void>) => Promise<void>,
  ): Promise<void> {
    await this.transaction(async () => {
      const kept = await this.keptStatuses(types);
      await produce((issues) =>
        appendIssues(this.db, runId, issues, (i) =>
          kept.get(`${i.type}|${i.sampleId ?? -1}|${i.annotationId ?? -1}`),
        ),
      );
    });
  }

  /** The statuses people gave the issues of these types (by type, sample and annotation); deletes them all. */
  private async keptStatuses(types: string[]): Promise<Map<string, string>> {
    const kept = new Map<string, string>();
    if (types.length === 0) return kept;
    const list = types.map(() => '?').join(', ');
    const given = await this.db.all<{ key: string; status: string }>(
      `SELECT concat_ws('|', type, coalesce(sample_id, -1), coalesce(annotation_id, -1)) AS key, status
         FROM issues WHERE status <> 'open' AND type IN (${list}) ORDER BY id`,
      types,
    );
    for (const g of given) kept.set(g.key, g.status);
    await this.db.run(`DELETE FROM issues WHERE type IN (${list})`, types);
    return kept;
  }

  listIssues = (query?: IssueQuery) => listIssues(this.db, query);
  listIssuePage = (query?: IssuePageQuery) => listIssuePage(this.db, query);
  issueCounts = (query?: IssuePageQuery) => issueCounts(this.db, query);

  summary = () => projectSummary(this.db);
  datasetStats = (source: string) => datasetStatsSql(this.db, source);

  saveEvalResults(runId: number, results: EvalResults): Promise<void> {
    return this.transaction(() => saveEvalResults(this.db, runId, results));
  }
  listEvalMatches = (runId: number) => listEvalMatches(this.db, runId);
  listEvalSamples = (runId: number) => listEvalSamples(this.db, runId);
}
