import type { DuckDBType } from '@duckdb/node-api';
import type duckdb from '@duckdb/node-bindings';
import { appendAll } from '../../arrays/append-all.js';
import type { Annotation } from '../../model/annotation.js';
import type { AnnotationSink as StoreAnnotationSink } from '../../store/project-store.js';
import {
  type AnnotationColumns,
  type AnnotationMaps,
  annotationColumns,
  kindIndexes,
  PointsArena,
  setRow,
} from './annotation-rows.js';
import { type ChunkSource, insertChunks, tableTypes } from './chunk-insert.js';
import { type Db, nextAnnotationId } from './db.js';
import { CHUNK_ROWS } from './raw-chunk.js';

type Vector = duckdb.Vector;

interface ChunkSet {
  columns: AnnotationColumns;
  arena: PointsArena;
  n: number;
}

/** Chunks built already, handed to DuckDB in order. */
class BuiltChunks implements ChunkSource {
  private next = 0;

  constructor(
    readonly types: readonly DuckDBType[],
    private readonly sets: readonly ChunkSet[],
  ) {}

  buildNext(): boolean {
    return false;
  }

  writeNext(vector: (column: number) => Vector): number {
    const set = this.sets[this.next++];
    if (!set) return 0;
    const list = Object.values(set.columns);
    for (let c = 0; c < list.length; c++) list[c]!.write(vector(c), set.n);
    return set.n;
  }
}

/**
 * Annotations turned into data chunks as soon as they are added (so the objects can go at once) and
 * inserted a batch of chunks at a time: for an import that writes while it reads (StoreAnnotationSink).
 */
export class AnnotationAppender implements StoreAnnotationSink {
  private readonly kinds: Map<string, number>;
  private readonly full: ChunkSet[] = [];
  private readonly free: ChunkSet[] = [];
  private current: ChunkSet | undefined;
  private nextId: number;
  private added = 0;

  private constructor(
    private readonly db: Db,
    private readonly types: readonly DuckDBType[],
    private readonly maps: AnnotationMaps,
    firstId: number,
    private readonly runId: number,
  ) {
    this.kinds = kindIndexes(types[3]);
    this.nextId = firstId;
  }

  /**
   * Opens the appender. Until `close`, DuckDB runs on one thread: the rows come from a JavaScript
   * thread busy parsing, and on a small machine a second DuckDB worker only takes CPU from it
   * (measured on 2 cores: 2.9 s instead of 3.2–3.3 s for the import bench).
   */
  static async open(db: Db, maps: AnnotationMaps, runId: number): Promise<AnnotationAppender> {
    await db.run('SET threads = 1');
    const first = await nextAnnotationId(db);
    const types = await tableTypes(db, 'annotations');
    const columns = Object.keys(annotationColumns()).length;
    if (columns !== types.length) throw new Error(`annotations has ${types.length} columns, not ${columns}`);
    return new AnnotationAppender(db, types, maps, first, runId);
  }

  /** Rows added and not inserted yet. */
  get waiting(): number {
    return this.full.length * CHUNK_ROWS + (this.current?.n ?? 0);
  }

  /** Total rows added. */
  get count(): number {
    return this.added;
  }

  add(rows: readonly Annotation[]): void {
    for (const a of rows) {
      let set = this.current;
      if (!set) {
        set = this.free.pop() ?? { columns: annotationColumns(), arena: new PointsArena(), n: 0 };
        for (const column of Object.values(set.columns)) if ('reset' in column) column.reset();
        set.arena.reset();
        set.n = 0;
        this.current = set;
      }
      const i = set.n++;
      set.columns.id.set(i, this.nextId++);
      set.columns.run.set(i, this.runId);
      setRow(set.columns, i, a, this.maps, this.kinds, set.arena);
      if (set.n === CHUNK_ROWS) {
        this.full.push(set);
        this.current = undefined;
      }
    }
    this.added += rows.length;
  }

  /** Gives DuckDB back its configured threads. */
  async close(): Promise<void> {
    await this.db.run('RESET threads');
  }

  async flush(all: boolean): Promise<void> {
    const sets = this.full.splice(0);
    if (all && this.current) {
      sets.push(this.current);
      this.current = undefined;
    }
    if (sets.length === 0) return;
    await insertChunks(this.db, 'annotations', new BuiltChunks(this.types, sets));
    appendAll(this.free, sets);
  }
}
