import type { DuckDBType, DuckDBValue } from '@duckdb/node-api';
import type duckdb from '@duckdb/node-bindings';
import type { PointCloudFormat } from '../../model/point-cloud.js';
import type { MediaProbe, Sample, ScanStatus } from '../../model/sample.js';
import type { EvaluationSample, SampleQuery, StoredSample } from '../../store/project-store.js';
import { type ChunkSource, insertChunks, tableTypes } from './chunk-insert.js';
import { type Db, parseJson } from './db.js';
import {
  CHUNK_ROWS,
  type ColumnWriter,
  FixedColumn,
  NullColumn,
  NumberListColumn,
  StringColumn,
  StringListColumn,
} from './raw-chunk.js';

export const SAMPLE_COLUMNS = `id, key, root, kind, original_id, split, tags, metadata, declared_width, declared_height,
  width, height, channels, format, bytes, mtime_ms, sha256, orientation, scan_status, scan_error, text, language, text_source,
  point_format, point_count, point_fields, point_bounds, point_origin`;

export interface SampleRow extends Record<string, unknown> {
  id: number;
  key: string;
  root: string;
  kind: string;
  original_id: string | null;
  split: string | null;
  tags: string[] | null;
  metadata: string | null;
  declared_width: number | null;
  declared_height: number | null;
  width: number | null;
  height: number | null;
  channels: number | null;
  format: string | null;
  bytes: number | null;
  mtime_ms: number | null;
  sha256: string | null;
  orientation: number | null;
  scan_status: ScanStatus;
  scan_error: string | null;
  text: string | null;
  language: string | null;
  text_source: string | null;
  point_format: string | null;
  point_count: number | null;
  point_fields: string[] | null;
  point_bounds: number[] | null;
  point_origin: number[] | null;
}

/**
 * A stored sample from its row: optional fields only when set, in a fixed order, built without `delete`
 * (which would turn each object into a slow dictionary; listSamples makes one per sample).
 */
export function toStored(r: SampleRow): StoredSample {
  const probe: MediaProbe = { status: r.scan_status };
  if (r.width !== null) probe.width = r.width;
  if (r.height !== null) probe.height = r.height;
  if (r.channels !== null) probe.channels = r.channels;
  if (r.format !== null) probe.format = r.format as NonNullable<MediaProbe['format']>;
  if (r.bytes !== null) probe.bytes = Number(r.bytes);
  if (r.mtime_ms !== null) probe.mtimeMs = r.mtime_ms;
  if (r.sha256 !== null) probe.sha256 = r.sha256;
  if (r.orientation !== null) probe.orientation = r.orientation;
  if (r.scan_error !== null) probe.error = r.scan_error;
  const kind = r.kind === 'text' || r.kind === 'point_cloud' ? r.kind : ('image' as const);
  const sample = { id: r.id, key: r.key, root: r.root, kind } as StoredSample;
  if (r.original_id !== null) sample.originalId = r.original_id;
  if (r.split !== null) sample.split = r.split;
  if (r.tags !== null) sample.tags = r.tags;
  const metadata = parseJson<Record<string, unknown>>(r.metadata);
  if (metadata !== undefined) sample.metadata = metadata;
  if (r.declared_width !== null) sample.width = r.declared_width;
  if (r.declared_height !== null) sample.height = r.declared_height;
  sample.probe = probe;
  if (r.text !== null) sample.text = r.text;
  if (r.language !== null) sample.language = r.language;
  if (r.text_source !== null) sample.textSource = r.text_source as NonNullable<StoredSample['textSource']>;
  if (r.point_format !== null && r.point_count !== null) {
    sample.pointCloud = {
      format: r.point_format as PointCloudFormat,
      count: Number(r.point_count),
      fields: r.point_fields ?? [],
    };
    const b = r.point_bounds;
    if (b !== null && b.length === 6)
      sample.pointCloud.bounds = { min: [b[0]!, b[1]!, b[2]!], max: [b[3]!, b[4]!, b[5]!] };
    const o = r.point_origin;
    if (o !== null && o.length === 3) sample.pointCloud.origin = [o[0]!, o[1]!, o[2]!];
  }
  return sample;
}

const SAMPLE_FIELDS = SAMPLE_COLUMNS.split(',').map((c) => c.trim());

/** WHERE of a sample query (empty when it selects all), its parameters appended to `params`. */
function sampleWhere(query: SampleQuery, params: DuckDBValue[]): string {
  const conditions: string[] = [];
  if (query.status?.length) {
    conditions.push(`scan_status IN (${query.status.map(() => '?').join(', ')})`);
    params.push(...query.status);
  }
  if (query.kind !== undefined) {
    conditions.push('kind = ?');
    params.push(query.kind);
  }
  if (query.notKind !== undefined) {
    conditions.push('kind <> ?');
    params.push(query.notKind);
  }
  return conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
}

/** Every sample's id, key, kind, original id and size (declared, else probed), in id order: what `eval` reads. */
export async function listEvaluationSamples(db: Db): Promise<EvaluationSample[]> {
  const reader = await db.readAll(
    `SELECT id, key, kind, original_id, coalesce(declared_width, width), coalesce(declared_height, height)
       FROM samples ORDER BY id`,
  );
  const [id, key, kind, originalId, width, height] = reader.getColumnsJS() as unknown[][];
  const n = id?.length ?? 0;
  const out: EvaluationSample[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const s: EvaluationSample = { id: id![i] as number, key: key![i] as string, kind: kind![i] as string };
    if (originalId![i] !== null) s.originalId = originalId![i] as string;
    if (width![i] !== null) s.width = width![i] as number;
    if (height![i] !== null) s.height = height![i] as number;
    out[i] = s;
  }
  return out;
}

/** How many samples a query selects. */
export async function countSamples(db: Db, query: SampleQuery = {}): Promise<number> {
  const params: DuckDBValue[] = [];
  const where = sampleWhere(query, params);
  return db.scalar(`SELECT count(*) FROM samples ${where}`, params);
}

/**
 * Samples in id order (only these scan statuses when given), read column-wise; from `samples` or, with
 * `from`, a subquery of its columns (a snapshot's).
 */
export async function listSamples(
  db: Db,
  query: SampleQuery = {},
  from: { sql: string; params: DuckDBValue[] } = { sql: 'samples', params: [] },
): Promise<StoredSample[]> {
  const params: DuckDBValue[] = [...from.params];
  const where = sampleWhere(query, params);
  const reader = await db.readAll(`SELECT ${SAMPLE_COLUMNS} FROM ${from.sql} ${where} ORDER BY id`, params);
  const columns = reader.getColumnsJS();
  const n = columns[0]?.length ?? 0;
  const out: StoredSample[] = new Array(n);
  const row: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < SAMPLE_FIELDS.length; c++) row[SAMPLE_FIELDS[c]!] = columns[c]![i] ?? null;
    out[i] = toStored(row as SampleRow);
  }
  return out;
}

function appendOptionalInt(
  appender: { appendInteger(v: number): void; appendNull(): void },
  v: number | undefined,
): void {
  if (v === undefined || !Number.isFinite(v)) appender.appendNull();
  else appender.appendInteger(Math.round(v));
}

/** Column builders for `samples`, in table order (see migrations.ts); scan fills the NULL ones. */
function sampleColumns() {
  const none = new NullColumn();
  return {
    id: FixedColumn.int32(),
    key: new StringColumn(),
    root: new StringColumn(),
    kind: new StringColumn(),
    originalId: new StringColumn(),
    split: new StringColumn(),
    tags: new StringListColumn(),
    metadata: new StringColumn(),
    declaredWidth: FixedColumn.int32(),
    declaredHeight: FixedColumn.int32(),
    scanned: [none, none, none, none, none, none, none, none],
    status: new StringColumn(),
    error: none,
    scannedAt: none,
    text: new StringColumn(),
    language: new StringColumn(),
    textSource: new StringColumn(),
    pointFormat: new StringColumn(),
    pointCount: FixedColumn.int32(),
    pointFields: new StringListColumn(),
    pointBounds: new NumberListColumn(),
    pointOrigin: new NumberListColumn(),
  };
}

type Vector = duckdb.Vector;

function setOptionalString(column: StringColumn, i: number, v: string | undefined): void {
  if (v === undefined) column.setNull();
  else column.set(i, v);
}

function setOptionalInt(column: FixedColumn<Int32Array>, i: number, v: number | undefined): void {
  if (v === undefined || !Number.isFinite(v)) column.setNull();
  else column.set(i, Math.round(v));
}

/** New samples as data chunks of 2,048 rows, built column-wise when DuckDB asks (raw-chunk.ts). */
class SampleChunks implements ChunkSource {
  private readonly c = sampleColumns();
  private readonly list: ColumnWriter[] = Object.values(this.c).flat();
  private next = 0;

  constructor(
    readonly types: readonly DuckDBType[],
    private readonly root: string,
    private readonly fresh: Sample[],
    private readonly ids: Map<string, number>,
  ) {
    if (this.list.length !== types.length)
      throw new Error(`samples has ${types.length} columns, not ${this.list.length}`);
  }

  buildNext(): boolean {
    return false;
  }

  writeNext(vector: (column: number) => Vector): number {
    const { c, list, fresh, root, ids } = this;
    const start = this.next;
    const n = Math.min(CHUNK_ROWS, fresh.length - start);
    if (n <= 0) return 0;
    for (const column of list) column.reset?.();
    for (let i = 0; i < n; i++) {
      const s = fresh[start + i]!;
      c.id.set(i, ids.get(s.key)!);
      c.key.set(i, s.key);
      c.root.set(i, root);
      c.kind.set(i, s.kind ?? 'image');
      if (s.originalId === undefined) c.originalId.setNull();
      else if (typeof s.originalId === 'number') c.originalId.setInteger(i, s.originalId);
      else c.originalId.set(i, s.originalId);
      if (s.split === undefined) c.split.setNull();
      else c.split.set(i, s.split);
      if (s.tags === undefined || s.tags.length === 0) c.tags.setNull(i);
      else c.tags.set(i, s.tags);
      if (s.metadata === undefined) c.metadata.setNull();
      else c.metadata.set(i, JSON.stringify(s.metadata));
      setOptionalInt(c.declaredWidth, i, s.width);
      setOptionalInt(c.declaredHeight, i, s.height);
      // A text sample has no file to probe, and a point cloud's reader read its file: complete as imported.
      c.status.set(i, s.kind === 'text' || s.pointCloud !== undefined ? 'ok' : 'pending');
      setOptionalString(c.text, i, s.text);
      setOptionalString(c.language, i, s.language);
      setOptionalString(c.textSource, i, s.textSource);
      const pc = s.pointCloud;
      setOptionalString(c.pointFormat, i, pc?.format);
      if (pc === undefined) c.pointCount.setNull();
      else c.pointCount.set(i, pc.count);
      if (pc === undefined) c.pointFields.setNull(i);
      else c.pointFields.set(i, pc.fields);
      if (pc?.bounds === undefined) c.pointBounds.setNull(i);
      else c.pointBounds.set(i, [...pc.bounds.min, ...pc.bounds.max]);
      if (pc?.origin === undefined) c.pointOrigin.setNull(i);
      else c.pointOrigin.set(i, pc.origin);
    }
    for (let k = 0; k < list.length; k++) list[k]!.write(vector(k), n);
    this.next = start + n;
    return n;
  }
}

/**
 * Inserts new samples; DuckDB does its share (the key indexes, compression) on its own thread
 * (chunk-insert.ts), so an import's reader can go on meanwhile.
 */
async function appendSamples(db: Db, root: string, fresh: Sample[], ids: Map<string, number>): Promise<void> {
  const types = await tableTypes(db, 'samples');
  await insertChunks(db, 'samples', new SampleChunks(types, root, fresh, ids));
}

/** Inserts samples new under `root`; fills declared size, split, original id of known ones when unset. */
export async function upsertSamples(db: Db, root: string, samples: Sample[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const existing = await db.all<{ id: number; key: string }>('SELECT id, key FROM samples WHERE root = ?', [
    root,
  ]);
  for (const r of existing) ids.set(r.key, r.id);
  // Ids of excluded samples (node/edits) are never reused either.
  let next =
    (await db.scalar(
      'SELECT greatest((SELECT coalesce(max(id), 0) FROM samples), (SELECT coalesce(max(id), 0) FROM excluded_samples))',
    )) + 1;
  const fresh: Sample[] = [];
  const known: Sample[] = [];
  for (const s of samples) {
    if (ids.has(s.key)) known.push(s);
    else {
      ids.set(s.key, next++);
      fresh.push(s);
    }
  }
  if (fresh.length > 0) await appendSamples(db, root, fresh, ids);
  await updateDeclared(db, known, ids);
  return ids;
}

/** Fills declared size and original id where unset, and sets the split, of known samples (one UPDATE). */
async function updateDeclared(db: Db, known: Sample[], ids: Map<string, number>): Promise<void> {
  if (known.length === 0) return;
  await db.run(`CREATE TEMP TABLE IF NOT EXISTS declared_batch (id INTEGER, width INTEGER, height INTEGER,
    split VARCHAR, original_id VARCHAR)`);
  await db.run('DELETE FROM declared_batch');
  const appender = await db.connection.createAppender('declared_batch');
  for (const s of known) {
    appender.appendInteger(ids.get(s.key)!);
    appendOptionalInt(appender, s.width);
    appendOptionalInt(appender, s.height);
    if (s.split === undefined) appender.appendNull();
    else appender.appendVarchar(s.split);
    if (s.originalId === undefined) appender.appendNull();
    else appender.appendVarchar(String(s.originalId));
    appender.endRow();
  }
  appender.closeSync();
  await db.run(`UPDATE samples SET declared_width = coalesce(samples.declared_width, b.width),
      declared_height = coalesce(samples.declared_height, b.height), split = coalesce(b.split, samples.split),
      original_id = coalesce(samples.original_id, b.original_id)
    FROM declared_batch b WHERE samples.id = b.id`);
}

export async function saveProbes(db: Db, rows: { id: number; probe: MediaProbe }[]): Promise<void> {
  if (rows.length === 0) return;
  await db.run(`CREATE TEMP TABLE IF NOT EXISTS probe_batch (id INTEGER, width INTEGER, height INTEGER, channels INTEGER,
    format VARCHAR, bytes BIGINT, mtime_ms DOUBLE, sha256 VARCHAR, orientation INTEGER, scan_status VARCHAR, scan_error VARCHAR)`);
  await db.run('DELETE FROM probe_batch');
  const appender = await db.connection.createAppender('probe_batch');
  for (const { id, probe } of rows) {
    appender.appendInteger(id);
    appendOptionalInt(appender, probe.width);
    appendOptionalInt(appender, probe.height);
    appendOptionalInt(appender, probe.channels);
    if (probe.format === undefined) appender.appendNull();
    else appender.appendVarchar(probe.format);
    if (probe.bytes === undefined) appender.appendNull();
    else appender.appendBigInt(BigInt(probe.bytes));
    if (probe.mtimeMs === undefined) appender.appendNull();
    else appender.appendDouble(probe.mtimeMs);
    if (probe.sha256 === undefined) appender.appendNull();
    else appender.appendVarchar(probe.sha256);
    appendOptionalInt(appender, probe.orientation);
    appender.appendVarchar(probe.status);
    if (probe.error === undefined) appender.appendNull();
    else appender.appendVarchar(probe.error);
    appender.endRow();
  }
  appender.closeSync();
  await db.run(`UPDATE samples SET width = b.width, height = b.height, channels = b.channels, format = b.format,
      bytes = b.bytes, mtime_ms = b.mtime_ms, sha256 = b.sha256, orientation = b.orientation,
      scan_status = b.scan_status, scan_error = b.scan_error, scanned_at = current_timestamp
    FROM probe_batch b WHERE samples.id = b.id`);
}
