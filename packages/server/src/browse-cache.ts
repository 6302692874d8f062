import type { BrowseFilter } from '@assay/core/node/browse/browse-filter';
import { type BrowseNames, browseNames } from '@assay/core/node/browse/browse-names';
import { type FacetBase, prepareFacetBase } from '@assay/core/node/browse/facet-base';
import { facetCountColumns } from '@assay/core/node/browse/facet-count-kernel';
import { FacetCounter } from '@assay/core/node/browse/facet-counter';
import { type FacetCounts, facetCounts } from '@assay/core/node/browse/facet-counts';
import { buildFacetIndex, type FacetIndex } from '@assay/core/node/browse/facet-index';
import { indexFacetCounts } from '@assay/core/node/browse/index-facet-counts';
import { indexSelection, isEmptyFilter } from '@assay/core/node/browse/index-selection';
import { type ProjectInfo, projectInfo } from '@assay/core/node/browse/project-info';
import type { Db } from '@assay/core/node/store/db';
import type { Pace, ProjectHandle } from './project-handle.js';

/** Selections kept by BrowseCache.selection (1 MB each at 1M samples). */
const KEPT_SELECTIONS = 4;

/**
 * What the browse queries reuse between requests, made once per `change` of the project (a change also
 * means a new connection, whose temp tables are gone): class/source names with the latest eval run,
 * the facet base table (facet-base.ts), and the facet counts of the empty filter.
 */
export class BrowseCache {
  private names: { change: number; value: Promise<BrowseNames> } | undefined;
  private base: { change: number; value: Promise<FacetBase> } | undefined;
  private unfiltered: { change: number; value: Promise<FacetCounts> } | undefined;
  private info: { change: number; value: Promise<ProjectInfo> } | undefined;
  private attributed: { change: number; value: Promise<boolean> } | undefined;
  private index: { change: number; value: Promise<FacetIndex | undefined>; ready?: FacetIndex } | undefined;
  /** The change whose warm-up is under way or done. */
  private warming: number | undefined;
  /** The latest filters' selections over the index (most recent last), shared by facets and pages. */
  private selections: { index: FacetIndex; key: string; value: Promise<Uint8Array> }[] = [];
  /** The worker thread counting facets of the current index (facet-counter.ts). */
  private counter: { index: FacetIndex; counter: FacetCounter | undefined } | undefined;
  private closed = false;

  /** GET /api/project's counts (the app asks again after every change event). */
  project(db: Db): Promise<ProjectInfo> {
    const change = this.handle.change;
    if (this.info?.change !== change) {
      const value = projectInfo(db);
      value.catch(() => {
        this.info = undefined;
      });
      this.info = { change, value };
    }
    return this.info.value;
  }

  constructor(private readonly handle: ProjectHandle) {}

  /**
   * After a start or change, before the app asks: the header's counts, the unfiltered facets (through the
   * facet base) and the facet index, as background work (ProjectHandle.warm): it yields to page queries
   * between its statements, and a hand-over abandons it instead of waiting for it.
   */
  warm(): void {
    const change = this.handle.change;
    if (this.warming === change) return; // under way (or done) for this change
    this.warming = change;
    void this.handle
      .warm(async (db, pace) => {
        await this.project(db);
        await this.hasAttributes(db);
        await pace();
        await this.allFacets(db, pace);
        await pace();
        await this.facetIndex(db, pace);
      })
      .catch(() => {
        if (this.warming === change) this.warming = undefined;
      });
  }

  get(db: Db): Promise<BrowseNames> {
    const change = this.handle.change;
    if (this.names?.change !== change) {
      const value = browseNames(db);
      value.catch(() => {
        this.names = undefined;
      });
      this.names = { change, value };
    }
    return this.names.value;
  }

  /** The facet base temp table of the background connection (`db`); `pace` if this call builds it. */
  facetBase(db: Db, pace?: Pace): Promise<FacetBase> {
    const change = this.handle.change;
    if (this.base?.change !== change) {
      const value = (async () => prepareFacetBase(db, (await this.get(db)).evalRunId, undefined, pace))();
      value.catch(() => {
        this.base = undefined;
      });
      this.base = { change, value };
    }
    return this.base.value;
  }

  /**
   * Whether any annotation has attributes (once per change): without any, every attribute facet query
   * answers no attributes, so it is not run (a scan of the filter's samples each filter change, ~0.2 s
   * of CPU at 1M samples).
   */
  hasAttributes(db: Db): Promise<boolean> {
    const change = this.handle.change;
    if (this.attributed?.change !== change) {
      const value = (async () =>
        (await db.scalar(
          'SELECT count(*) FROM (SELECT 1 FROM annotations WHERE attributes IS NOT NULL LIMIT 1)',
        )) > 0)();
      value.catch(() => {
        this.attributed = undefined;
      });
      this.attributed = { change, value };
    }
    return this.attributed.value;
  }

  /**
   * The in-memory index of the samples (facet-index.ts), built once per change after the facet base:
   * facet counts and pages use it; undefined if it cannot be built for this project.
   */
  facetIndex(db: Db, pace?: Pace): Promise<FacetIndex | undefined> {
    const change = this.handle.change;
    if (this.index?.change !== change) {
      // the old index's worker and selections go now: they would keep its ~250 MB of columns alive
      // while the new one is built
      void this.counter?.counter?.close();
      this.counter = undefined;
      this.selections = [];
      const entry: NonNullable<BrowseCache['index']> = {
        change,
        value: (async () => buildFacetIndex(db, await this.facetBase(db, pace), pace))(),
      };
      entry.value.then(
        (index) => {
          entry.ready = index;
          if (index && this.index === entry) this.counterOf(index); // start the worker before a request asks
        },
        () => {
          if (this.index === entry) this.index = undefined;
        },
      );
      this.index = entry;
    }
    return this.index.value;
  }

  /** The index when it is already built for the current change (a page does not wait for it). */
  readyIndex(): FacetIndex | undefined {
    return this.index?.change === this.handle.change ? this.index.ready : undefined;
  }

  /**
   * Facet counts under a filter, and what answered: the index once it is built for this change (a
   * request does not wait for it), else SQL over the facet base.
   */
  async facets(
    db: Db,
    filter: BrowseFilter,
    signal?: AbortSignal,
  ): Promise<{ counts: FacetCounts; engine: 'index' | 'sql' }> {
    if (isEmptyFilter(filter)) return { counts: await this.allFacets(db), engine: 'sql' };
    const names = await this.get(db);
    if (this.index?.change !== this.handle.change) this.warm(); // the warm-up failed: build it now
    const index = this.readyIndex();
    if (index && index.base.evalRunId === names.evalRunId) {
      // the pages, annotations and thumbnails asked meanwhile wait for these counts (ProjectHandle.first)
      const counts = await this.handle.first(async () => {
        const mask = await this.selection(db, index, names, filter);
        const counter = this.counterOf(index);
        return indexFacetCounts(db, index, names, filter, {
          mask,
          ...(counter ? { count: (m, query) => counter.count(m, query, signal) } : {}),
        });
      });
      return { counts, engine: 'index' };
    }
    return { counts: await facetCounts(db, names, filter, await this.facetBase(db)), engine: 'sql' };
  }

  /**
   * The samples a filter selects in the index (indexSelection), made once for the facet counts, the
   * page and its total of one filter change, which the app asks for at the same time; the last few
   * filters are kept (a mask is one byte per sample), until the index changes.
   */
  selection(db: Db, index: FacetIndex, names: BrowseNames, filter: BrowseFilter): Promise<Uint8Array> {
    const key = `${names.evalRunId} ${JSON.stringify(filter)}`;
    this.selections = this.selections.filter((s) => s.index === index);
    const known = this.selections.find((s) => s.key === key);
    if (known) {
      this.selections = [...this.selections.filter((s) => s !== known), known];
      return known.value;
    }
    const entry = { index, key, value: indexSelection(db, index, names, filter) };
    entry.value.catch(() => {
      this.selections = this.selections.filter((s) => s !== entry);
    });
    this.selections = [...this.selections.slice(-(KEPT_SELECTIONS - 1)), entry];
    return entry.value;
  }

  /** The facet count worker of `index` (started on first use, the previous index's ended); none if it cannot start. */
  private counterOf(index: FacetIndex): FacetCounter | undefined {
    // closed, or a request that began before a change: count on this thread
    if (this.closed || index !== this.readyIndex()) return undefined;
    if (this.counter?.index !== index) {
      void this.counter?.counter?.close();
      let counter: FacetCounter | undefined;
      try {
        counter = new FacetCounter(facetCountColumns(index));
      } catch {
        counter = undefined; // no worker file (an unbuilt checkout): count on this thread
      }
      this.counter = { index, counter };
    }
    return this.counter.counter;
  }

  /** Ends the facet count worker (the server is closing). */
  async close(): Promise<void> {
    this.closed = true;
    const counter = this.counter?.counter;
    this.counter = undefined;
    this.selections = [];
    await counter?.close();
  }

  /** Facet counts without a filter (the app's first view and the overview), once per change. */
  allFacets(db: Db, pace?: Pace): Promise<FacetCounts> {
    const change = this.handle.change;
    if (this.unfiltered?.change !== change) {
      const value = (async () => facetCounts(db, await this.get(db), {}, await this.facetBase(db, pace)))();
      value.catch(() => {
        this.unfiltered = undefined;
      });
      this.unfiltered = { change, value };
    }
    return this.unfiltered.value;
  }
}
