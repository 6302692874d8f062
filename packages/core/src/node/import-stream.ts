/**
 * The write side of an import whose reader hands annotations over while it reads (AnnotationSink):
 * samples, classes and source are written when the reader's head is complete; from then on each
 * annotation becomes a row of a data chunk as soon as it arrives (the store's AnnotationSink), and the
 * chunks go in batches, each one INSERT that DuckDB runs on its own thread while this thread parses
 * on. The reader yields to the event loop between file chunks, which is when DuckDB's requests for
 * the next rows are answered (chunk-insert.ts). Everything runs inside the import's transaction.
 */
import { AssayError } from '../errors.js';
import {
  type AnnotationSink,
  type ReadHead,
  type ReadMore,
  RestartWithoutSink,
} from '../formats/define-format.js';
import type { Problem } from '../formats/problems.js';
import type { Annotation } from '../model/annotation.js';
import type { Sample } from '../model/sample.js';
import type { AnnotationSink as StoreSink } from '../store/project-store.js';
import type { Project } from './project.js';
import type { KnownSample } from './project-lookup.js';
import { ProbsReorder } from './reorder-probs.js';
import { SamplePartition } from './sample-partition.js';

/** Rows gathered before an INSERT starts (rows arriving while one runs join the next). */
const MIN_ROWS = 16_384;
/**
 * Annotations held (waiting for the head's write, or as rows for the next INSERT), in INSERTs of
 * `minRows` (MIN_ROWS), beyond which the reader waits for the write in flight (`ready`): 65,536 by
 * default. Without it they piled up while a write ran: at 300k images ~490k rows (290 MB of data
 * chunks, kept for reuse) waited for the samples' write alone, a number that grows with the file.
 */
const MAX_WAITING_BATCHES = 4;

export interface StreamedImportContext {
  project: Project;
  runId: number;
  /** The annotation file (for problems). */
  path: string;
  formatId: string;
  /** Samples already in the project. */
  known: readonly KnownSample[];
  /** Assign every sample of this import to this split. */
  split?: string;
  /** The user's stop request: no write starts once it is aborted. */
  signal?: AbortSignal;
  /** Rows gathered before an INSERT (default MIN_ROWS; the reader's wait scales with it). */
  minRows?: number;
}

/** What the head's writes decided, for the summary. */
export interface StreamedHead {
  samples: number;
  freshSamples: number;
  classIds: Map<string, number>;
}

export class StreamedImport implements AnnotationSink {
  /** The reader began handing over (its head was written or is being written). */
  started = false;
  /** Aborted when a write fails, so the reader stops early. */
  readonly aborter = new AbortController();
  /** Annotations per source and kind, sources in order of first appearance. */
  readonly counts = new Map<string, Record<string, number>>();
  private head: StreamedHead | undefined;
  private headToWrite: ReadHead | undefined;
  private readonly sampleIds = new Map<string, number>();
  private readonly sourceIds = new Map<string, number>();
  private imagesRoot = '';
  private partition: SamplePartition | undefined;
  /** Samples of this root the project had, to update at the end. */
  private known: Sample[] = [];
  private reorder: ProbsReorder | undefined;
  private rows: StoreSink | undefined;
  /** Annotations that came before the head was written or name a source not added yet. */
  private pending: Annotation[] = [];
  /** Samples and classes met after the head, to write before the pending annotations. */
  private more: ReadMore[] = [];
  /** The write in flight, if any. */
  private busy: Promise<void> | undefined;
  private ending = false;
  /** The reader failed: no new writes. */
  private stopped = false;
  private failure: unknown;
  private readonly minRows: number;

  constructor(private readonly ctx: StreamedImportContext) {
    this.minRows = ctx.minRows ?? MIN_ROWS;
  }

  start(head: ReadHead): void {
    this.started = true;
    if (this.ctx.split !== undefined) for (const s of head.samples) s.split = this.ctx.split;
    this.headToWrite = head;
    this.step();
  }

  annotations(batch: Annotation[], more?: ReadMore): void {
    if (more && (more.samples.length > 0 || more.classes.length > 0) && !this.takeKnown(more)) {
      this.more.push(more);
      for (const a of batch) this.pending.push(a); // they may refer to those samples
    } else if (batch.length === 0) return;
    else if (this.pending.length === 0 && this.rows && this.knowsSources(batch)) this.build(batch);
    else for (const a of batch) this.pending.push(a);
    this.step();
  }

  /**
   * Takes `more` at once when it holds only samples the project has (a results file's, every batch): their
   * ids are known, so the batch becomes rows now instead of waiting, as objects, for a write in flight
   * (those waits outlived young-generation GCs and filled the old generation with garbage). False when it
   * must be written first (new samples or classes, or earlier ones still waiting).
   */
  private takeKnown(more: ReadMore): boolean {
    if (!this.rows || more.classes.length > 0 || this.more.length > 0 || this.pending.length > 0)
      return false;
    return this.takeSamples(more.samples, true) !== undefined;
  }

  /** While MAX_WAITING_BATCHES × minRows annotations or more wait for the write in flight: settles when it is done. */
  ready(): Promise<void> | undefined {
    const busy = this.busy;
    const most = MAX_WAITING_BATCHES * this.minRows;
    if (!busy || this.pending.length + (this.rows?.waiting ?? 0) < most) return undefined;
    return busy.then(() => this.ready());
  }

  /** Writes everything added and waits for every write; throws the first write error. */
  async finish(rest: Annotation[]): Promise<StreamedHead> {
    this.annotations(rest);
    this.ending = true;
    this.step();
    while (this.busy) await this.busy;
    if (this.failure === undefined && this.known.length > 0 && this.partition) {
      const known = this.known;
      this.known = [];
      await this.ctx.project.store.upsertSamples(this.partition.storedRoot, known).catch((e: unknown) => {
        this.failure = e;
      });
    }
    if (this.failure !== undefined) {
      await this.close();
      throw this.failure;
    }
    await this.rows?.close();
    if (!this.head) throw new AssayError('INTERNAL', 'The streamed import wrote no head.');
    return this.head;
  }

  /** Waits for the write in flight (after the reader failed, before the transaction rolls back). */
  async settle(): Promise<void> {
    this.stopped = true;
    while (this.busy) await this.busy;
    await this.close();
  }

  /**
   * Closes the store's sink after a failure. A failed statement can leave the transaction unable to
   * run another until it rolls back; the sink's settings then stay until the next import's.
   */
  private async close(): Promise<void> {
    try {
      await this.rows?.close();
    } catch {
      // see above
    }
  }

  /** The first write error, if a write failed. */
  get error(): unknown {
    return this.failure;
  }

  /** Rows written. */
  get written(): number {
    return this.rows?.count ?? 0;
  }

  /** Problems found while writing (probs that could not be reordered). */
  problems(): Problem[] {
    return this.reorder?.problems() ?? [];
  }

  /** Starts the next write when none is in flight: the head, new sources, then rows. */
  private step(): void {
    if (this.busy || this.stopped || this.failure !== undefined) return;
    const { signal } = this.ctx;
    if (signal?.aborted) {
      this.failure = signal.reason;
      return;
    }
    const head = this.headToWrite;
    if (head) {
      this.headToWrite = undefined;
      this.run(this.writeHead(head));
      return;
    }
    if (!this.rows) return;
    if (this.more.length > 0) {
      const more = this.more;
      this.more = [];
      this.run(this.writeMore(more));
      return;
    }
    if (this.pending.length > 0) {
      const unknown = [...new Set(this.pending.map((a) => a.source))].filter((s) => !this.sourceIds.has(s));
      if (unknown.length > 0) {
        this.run(this.addSources(unknown));
        return;
      }
      const pending = this.pending;
      this.pending = [];
      this.build(pending);
    }
    const waiting = this.rows.waiting;
    if (waiting >= this.minRows || (this.ending && waiting > 0)) this.run(this.rows.flush(this.ending));
  }

  private run(work: Promise<void>): void {
    this.busy = work.then(
      () => {
        this.busy = undefined;
        try {
          this.step();
        } catch (error) {
          this.fail(error);
        }
      },
      (error: unknown) => {
        this.busy = undefined;
        this.fail(error);
      },
    );
  }

  /** Keeps the first error and stops the reader with it. */
  private fail(error: unknown): void {
    this.failure ??= error;
    this.aborter.abort(error);
  }

  private knowsSources(batch: readonly Annotation[]): boolean {
    let last: string | undefined;
    for (const a of batch) {
      if (a.source === last) continue;
      if (!this.sourceIds.has(a.source)) return false;
      last = a.source;
    }
    return true;
  }

  /** Checks, counts and reorders `batch`, then turns it into rows (its sources are known). */
  private build(batch: Annotation[]): void {
    const classIds = (this.head as StreamedHead).classIds;
    this.reorder?.apply(batch);
    let source: string | undefined;
    let entry: Record<string, number> = {};
    for (const a of batch) {
      if (a.label !== undefined && !classIds.has(a.label)) {
        throw new AssayError(
          'INTERNAL',
          `The ${this.ctx.formatId} reader produced a label "${a.label}" missing from its class map.`,
        );
      }
      if (a.source !== source) {
        source = a.source;
        entry = this.counts.get(source) ?? {};
        this.counts.set(source, entry);
      }
      entry[a.kind] = (entry[a.kind] ?? 0) + 1;
    }
    (this.rows as StoreSink).add(batch);
  }

  private async writeHead(head: ReadHead): Promise<void> {
    const { store } = this.ctx.project;
    this.imagesRoot = head.imagesRoot;
    const classIds = await store.upsertClasses(head.classes);
    if (head.probsOrder !== undefined) {
      const projectOrder = (await store.listClasses()).map((c) => c.name);
      this.reorder = new ProbsReorder(head.probsOrder, projectOrder, this.ctx.path);
    }
    this.head = { samples: 0, freshSamples: 0, classIds };
    await this.writeSamples(head.samples);
    const maps = { sampleIds: this.sampleIds, classIds, sourceIds: this.sourceIds };
    this.rows = await store.annotationSink(maps, this.ctx.runId);
  }

  /** Samples as import's whole-file path writes them (sample-partition.ts), counted for the summary. */
  private async writeSamples(samples: Sample[]): Promise<void> {
    if (samples.length === 0) return;
    const added = this.takeSamples(samples) as Sample[];
    if (added.length > 0) {
      const partition = this.partition as SamplePartition;
      const stored = await this.ctx.project.store.upsertSamples(partition.storedRoot, added);
      for (const [key, id] of stored) if (!this.sampleIds.has(key)) this.sampleIds.set(key, id);
    }
  }

  /**
   * The part of writeSamples that needs no write: ids of the samples the project has, those to update at
   * the end, the counts. Returns the samples to add; with `onlyKnown`, undefined (and nothing done) when
   * there are any.
   */
  private takeSamples(samples: Sample[], onlyKnown = false): Sample[] | undefined {
    const { project, known } = this.ctx;
    this.partition ??= new SamplePartition(project, this.imagesRoot, known);
    const partition = this.partition;
    const { existing, reused, fresh } = partition.split(samples.map((s) => s.key));
    if (onlyKnown && fresh > 0) return undefined;
    for (const [key, id] of existing) this.sampleIds.set(key, id);
    // Known samples under this root get their declared size, original id and split filled in once,
    // at the end: their ids are known already, and each upsert reads the root's samples. Those it would
    // not change are left out (a results file's: at 1M images that was an UPDATE of every sample).
    for (const s of samples) {
      const id = existing.get(s.key);
      if (id !== undefined && !reused.has(s.key) && !partition.fillsNothing(s, id)) this.known.push(s);
    }
    const head = this.head as StreamedHead;
    head.samples += samples.length;
    head.freshSamples += fresh;
    return samples.filter((s) => !existing.has(s.key));
  }

  /** Samples and classes a results list met after its head: written before the rows that use them. */
  private async writeMore(list: ReadMore[]): Promise<void> {
    const classes = list.flatMap((m) => m.classes);
    if (classes.length > 0) {
      const ids = await this.ctx.project.store.upsertClasses(classes);
      for (const [name, id] of ids) (this.head as StreamedHead).classIds.set(name, id);
    }
    await this.writeSamples(list.flatMap((m) => m.samples));
  }

  /** Sources new to this import: one with annotations already could conflict, so read again. */
  private async addSources(names: string[]): Promise<void> {
    const { store } = this.ctx.project;
    for (const name of names) {
      const source = await store.ensureSource(name);
      if ((await store.countAnnotations(source.id)) > 0) {
        throw new RestartWithoutSink(`${name} has annotations in the project already`);
      }
      this.sourceIds.set(source.name, source.id);
    }
  }
}
