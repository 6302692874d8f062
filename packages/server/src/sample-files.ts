import { idListSql } from '@assay/core/node/browse/id-list';
import type { ProjectHandle } from './project-handle.js';

/** What the media routes need of a sample: its kind, and where its file is (root resolved). */
export interface SampleFileRow {
  kind: string;
  root: string;
  key: string;
  status: string;
}

/** Ids asked for in one query at most (the app's grid asks for ~50 thumbnails at a time). */
const BATCH = 512;
/** Rows kept for the thumbnail of another size or an image opened from its tile (per change). */
const KEPT = 4096;

/**
 * Sample rows for the media routes, looked up in batches: a grid page's tiles ask for their thumbnails at
 * once, and one `WHERE id IN (...)` for all of them costs about what one point query did (each was a
 * statement of its own, queued one after another on the main connection beside the page's queries). The
 * ids asked while a query runs go in the next one. Rows are kept until the project changes.
 */
export class SampleFiles {
  private waiting = new Map<number, ((row: SampleFileRow | undefined) => void)[]>();
  private failing = new Map<number, ((error: unknown) => void)[]>();
  private running = false;
  private kept: { change: number; rows: Map<number, SampleFileRow | undefined> } | undefined;

  constructor(private readonly handle: Pick<ProjectHandle, 'use' | 'change'>) {}

  /** The sample's row; undefined when the project has no sample with that id. */
  get(id: number): Promise<SampleFileRow | undefined> {
    const rows = this.rows();
    if (rows.has(id)) return Promise.resolve(rows.get(id));
    return new Promise((resolve, reject) => {
      const known = this.waiting.get(id);
      if (known) {
        known.push(resolve);
        this.failing.get(id)!.push(reject);
      } else {
        this.waiting.set(id, [resolve]);
        this.failing.set(id, [reject]);
      }
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.flush()); // the other tiles' requests of this turn join the batch
      }
    });
  }

  private rows(): Map<number, SampleFileRow | undefined> {
    if (this.kept?.change !== this.handle.change) this.kept = { change: this.handle.change, rows: new Map() };
    return this.kept.rows;
  }

  private async flush(): Promise<void> {
    while (this.waiting.size > 0) {
      const ids = [...this.waiting.keys()].slice(0, BATCH);
      const done = ids.map((id) => [this.waiting.get(id)!, this.failing.get(id)!] as const);
      for (const id of ids) {
        this.waiting.delete(id);
        this.failing.delete(id);
      }
      try {
        const { change, found } = await this.handle.use(async (db, project) => {
          const inIds = idListSql('id', ids);
          const list = await db.all<{ id: number; kind: string; root: string; key: string; status: string }>(
            `SELECT id, kind::VARCHAR AS kind, root, key, scan_status AS status FROM samples
              WHERE ${inIds.text}`,
            inIds.params,
          );
          const byId = new Map<number, SampleFileRow>();
          for (const r of list)
            byId.set(Number(r.id), {
              kind: r.kind,
              root: project.resolveRoot(r.root),
              key: r.key,
              status: r.status,
            });
          return { change: this.handle.change, found: byId };
        });
        const rows = this.rows();
        ids.forEach((id, k) => {
          const value = found.get(id);
          if (change === this.handle.change) rows.set(id, value);
          for (const resolve of done[k]![0]) resolve(value);
        });
        for (const id of rows.keys()) {
          if (rows.size <= KEPT) break;
          rows.delete(id); // the oldest first (a Map keeps insertion order)
        }
      } catch (error) {
        for (const [, rejects] of done) for (const reject of rejects) reject(error);
      }
    }
    this.running = false;
  }
}
