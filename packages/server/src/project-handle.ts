import { AssayError } from '@assay/core/errors';
import { openProject, type Project } from '@assay/core/node/project';
import type { Db } from '@assay/core/node/store/db';
import { defaultMemoryLimit } from '@assay/core/node/store/duckdb-memory';
import { storeConnection, storeDb } from '@assay/core/node/store/duckdb-store';

/**
 * DuckDB's memory limit for the server's connections (ASSAY_DUCKDB_MEMORY_LIMIT overrides it): a quarter of
 * the RAM up to 2 GiB, twice a command's, as the server keeps its facet tables in DuckDB for its lifetime
 * and answers requests while it builds them.
 */
const SERVE_MEMORY_LIMIT = defaultMemoryLimit(undefined, 2048);

/** Whether a process is alive (signal 0 checks without signalling). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What background work gets: a pause that yields to requests and throws once the work is abandoned. */
export type Pace = () => Promise<void>;

/** How long background work waits, per step, for the requests in flight before it goes on anyway (ms). */
const YIELD_MS = 2000;

export interface ProjectHandleOptions {
  /** How often, while released, to check that the commands holding the project are still alive (ms). */
  pollMs?: number;
  onChange?: (change: number) => void;
  /** How long an edit from the app waits for read-only commands to let go of the file (ms, default 5000). */
  writeWaitMs?: number;
  /** How long a request on the main connection waits, at most, for work run `first` (ms, default 250). */
  firstWaitMs?: number;
}

/**
 * The server's one connection to the project database, opened read-only, and the hand-over protocol:
 * another `assay` process that needs the database asks the server to `release` it (naming its pid);
 * the server waits for its own queries in flight, closes the database and queues new queries; when every
 * process it released to has said `resume` (or has died), it reopens, bumps `change` and tells listeners.
 */
export class ProjectHandle {
  private project: Project | undefined;
  private active = 0;
  /** Requests on the main connection (pages, annotations, media): background work yields to them. */
  private mainActive = 0;
  private idle: (() => void)[] = [];
  private mainIdle: (() => void)[] = [];
  /** Background work in progress (warm): not counted in `active`, abandoned when the project is handed over. */
  private readonly warming = new Set<Promise<unknown>>();
  private readonly aborts = new WeakMap<Project, AbortController>();
  private waiting: (() => void)[] = [];
  private holders = new Set<number>();
  private poll: NodeJS.Timeout | undefined;
  private reopening: Promise<void> | undefined;
  private closed = false;
  /** The write in progress (writes run one at a time); `release` waits for it. */
  private writing: Promise<unknown> = Promise.resolve();
  change = 1;
  private readonly background = new WeakMap<Project, Promise<Db>>();
  /** Work run `first` that has not settled (ProjectHandle.first). */
  private readonly firsts = new Set<Promise<unknown>>();

  private constructor(
    readonly dir: string,
    private readonly options: ProjectHandleOptions,
  ) {}

  static async open(start: string, options: ProjectHandleOptions = {}): Promise<ProjectHandle> {
    const project = await openProject(start, { readOnly: true, memoryLimit: SERVE_MEMORY_LIMIT });
    const handle = new ProjectHandle(project.dir, options);
    handle.project = project;
    return handle;
  }

  /** Runs `fn` with the database; waits while another process holds it, and (briefly) for work run `first`. */
  use<T>(fn: (db: Db, project: Project) => Promise<T>): Promise<T> {
    if (this.firsts.size === 0) return this.enter(true, fn);
    return this.afterFirsts().then(() => this.enter(true, fn));
  }

  /**
   * Runs `work` (a filter's facet counts, the answer the app shows first) ahead of the main connection's
   * requests: a `use` that starts meanwhile waits until it has settled, at most `firstWaitMs` (250 ms), so the
   * same click's page, annotations and thumbnails (and the previous click's) do not take the two cores
   * from it. What already runs goes on.
   */
  first<T>(work: () => Promise<T>): Promise<T> {
    const running = work();
    this.firsts.add(running);
    const done = () => this.firsts.delete(running);
    running.then(done, done);
    return running;
  }

  private async afterFirsts(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.firsts]),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.options.firstWaitMs ?? 250);
      }),
    ]);
    clearTimeout(timer);
  }

  private async enter<T>(main: boolean, fn: (db: Db, project: Project) => Promise<T>): Promise<T> {
    while (this.project === undefined) {
      if (this.closed) throw new AssayError('INTERRUPTED', 'The server is stopping.');
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    const project = this.project;
    this.active++;
    if (main) this.mainActive++;
    try {
      return await fn(storeDb(project.store), project);
    } finally {
      this.active--;
      if (main && --this.mainActive === 0) for (const done of this.mainIdle.splice(0)) done();
      if (this.active === 0) for (const done of this.idle.splice(0)) done();
    }
  }

  /**
   * Runs `fn` on a second connection to the same database (made once per opening): the facet base is a
   * temp table of that connection, so the facet counts and the overview that use it run there, beside the
   * main connection's page queries. Waits and counts like `use`. A query the hand-over interrupted (see
   * `quiesce`) is run again once the project is back: these are reads.
   */
  async useBackground<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    for (;;) {
      let signal: AbortSignal | undefined;
      try {
        return await this.enter(false, async (_db, project) => {
          signal = this.abortOf(project).signal;
          return fn(await this.backgroundDb(project));
        });
      } catch (error) {
        if (!signal?.aborted || this.closed) throw error;
      }
    }
  }

  /**
   * Starts background work on the background connection (the facet base and index after a start or
   * change): it is not counted as a query in flight, so an edit from the app or a command asking for the
   * database does not wait for it; it is abandoned instead (its connection interrupted, `pace` throws).
   * `fn` calls `pace` between its statements: it waits while requests on the main connection run (up to
   * 2 s per call), so a page's queries do not queue behind it. Rejects when the project is not open.
   */
  warm<T>(fn: (db: Db, pace: Pace) => Promise<T>): Promise<T> {
    const project = this.project;
    if (project === undefined) return Promise.reject(abandoned());
    const { signal } = this.abortOf(project);
    const pace: Pace = async () => {
      if (signal.aborted) throw abandoned();
      if (this.mainActive > 0) {
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            signal.removeEventListener('abort', done);
            resolve();
          };
          const timer = setTimeout(done, YIELD_MS);
          signal.addEventListener('abort', done);
          this.mainIdle.push(done);
        });
      }
      if (signal.aborted) throw abandoned();
    };
    const run = (async () => fn(await this.backgroundDb(project), pace))();
    const tracked = run.catch(() => undefined);
    this.warming.add(tracked);
    void tracked.finally(() => this.warming.delete(tracked));
    return run;
  }

  private abortOf(project: Project): AbortController {
    let controller = this.aborts.get(project);
    if (controller === undefined) {
      controller = new AbortController();
      this.aborts.set(project, controller);
    }
    return controller;
  }

  private backgroundDb(project: Project): Promise<Db> {
    let db = this.background.get(project);
    if (db === undefined) {
      db = storeConnection(project.store);
      this.background.set(project, db);
    }
    return db;
  }

  /**
   * Takes the open project away from new queries and makes it safe to close: background work is
   * abandoned (its connection interrupted: a query of a request there fails and is run again after the
   * reopen), then the requests in flight are waited for.
   */
  private async quiesce(project: Project): Promise<void> {
    this.project = undefined;
    this.abortOf(project).abort();
    const db = await this.background.get(project)?.catch(() => undefined);
    // Interrupt until the background work and the requests on that connection have stopped (the requests
    // run again after the reopen): a statement that had not started at the first interrupt would run to its end.
    while (this.warming.size > 0 || this.active > this.mainActive) {
      db?.connection.interrupt();
      const pause = new Promise((r) => setTimeout(r, 50)); // a macrotask: the interrupted queries' callbacks run
      await (this.warming.size > 0 ? Promise.race([Promise.all([...this.warming]), pause]) : pause);
    }
    if (this.active > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  get released(): boolean {
    return this.project === undefined;
  }

  /**
   * Runs `fn` on the project opened for writing (the app's edits): waits for the queries in flight,
   * closes the read-only connection, opens read-write (retrying while a read-only command has the file
   * open beside the server), runs `fn`, closes, and reopens read-only, which bumps `change` (the app
   * refetches through the SSE hub). Queries wait meanwhile; writes run one at a time; a command that
   * asks for the database during a write gets it when the write is done.
   */
  write<T>(fn: (project: Project) => Promise<T>): Promise<T> {
    const run = this.writing.then(() => this.writeNow(fn));
    this.writing = run.catch(() => undefined);
    return run;
  }

  private async writeNow<T>(fn: (project: Project) => Promise<T>): Promise<T> {
    while (this.project === undefined) {
      if (this.closed) throw new AssayError('INTERRUPTED', 'The server is stopping.');
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    const readOnly = this.project;
    await this.quiesce(readOnly);
    await readOnly.close();
    try {
      const project = await this.openForWriting();
      try {
        return await fn(project);
      } finally {
        await project.close();
      }
    } finally {
      await this.sweep();
    }
  }

  private async openForWriting(): Promise<Project> {
    const deadline = Date.now() + (this.options.writeWaitMs ?? 5000);
    for (;;) {
      try {
        return await openProject(this.dir, {
          command: 'assay serve (an edit from the app)',
          memoryLimit: SERVE_MEMORY_LIMIT,
        });
      } catch (error) {
        const locked = error instanceof AssayError && error.code === 'PROJECT_LOCKED';
        if (!locked || Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /** Closes the database for process `pid` (after the queries in flight); queries wait until resume. */
  async release(pid: number): Promise<void> {
    this.holders.add(pid);
    await this.writing;
    await this.reopening;
    const project = this.project;
    if (project === undefined) {
      this.poll ??= setInterval(() => this.sweep(), this.options.pollMs ?? 500);
      return;
    }
    await this.quiesce(project);
    await project.close();
    this.poll ??= setInterval(() => this.sweep(), this.options.pollMs ?? 500);
  }

  /** Process `pid` is done with the database: reopen when no other holder is left. */
  resume(pid: number): Promise<void> {
    this.holders.delete(pid);
    return this.sweep();
  }

  private sweep(): Promise<void> {
    for (const pid of this.holders) if (!alive(pid)) this.holders.delete(pid);
    if (this.holders.size > 0 || this.project !== undefined || this.closed) return Promise.resolve();
    this.reopening ??= this.reopen().finally(() => {
      this.reopening = undefined;
    });
    return this.reopening;
  }

  private async reopen(): Promise<void> {
    try {
      this.project = await openProject(this.dir, { readOnly: true, memoryLimit: SERVE_MEMORY_LIMIT });
    } catch {
      // Still locked (a command started without asking) or mid-write: try again on the next poll.
      this.poll ??= setInterval(() => this.sweep(), this.options.pollMs ?? 500);
      return;
    }
    clearInterval(this.poll);
    this.poll = undefined;
    this.change++;
    this.options.onChange?.(this.change);
    for (const wake of this.waiting.splice(0)) wake();
  }

  /** Marks the project changed (bumps `change`) without reopening. */
  touch(): void {
    this.change++;
    this.options.onChange?.(this.change);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.poll);
    for (const wake of this.waiting.splice(0)) wake();
    const project = this.project;
    if (project) {
      await this.quiesce(project);
      await project.close();
    }
  }
}

/** The error background work ends with when the project is handed over (or the server stops). */
function abandoned(): AssayError {
  return new AssayError('INTERRUPTED', 'Background work was abandoned: the project is being handed over.');
}
