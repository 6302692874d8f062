import {
  type BrowseNames,
  browseNames,
  type Db,
  type FacetBase,
  type FacetCounts,
  facetCounts,
  type ProjectInfo,
  prepareFacetBase,
  projectInfo,
} from '@assay/core/node';
import type { ProjectHandle } from './project-handle.js';

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

  facetBase(db: Db): Promise<FacetBase> {
    const change = this.handle.change;
    if (this.base?.change !== change) {
      const value = (async () => prepareFacetBase(db, (await this.get(db)).evalRunId))();
      value.catch(() => {
        this.base = undefined;
      });
      this.base = { change, value };
    }
    return this.base.value;
  }

  /** Facet counts without a filter (the app's first view and the overview), once per change. */
  allFacets(db: Db): Promise<FacetCounts> {
    const change = this.handle.change;
    if (this.unfiltered?.change !== change) {
      const value = (async () => facetCounts(db, await this.get(db), {}, await this.facetBase(db)))();
      value.catch(() => {
        this.unfiltered = undefined;
      });
      this.unfiltered = { change, value };
    }
    return this.unfiltered.value;
  }
}
