import { type BrowseNames, browseNames, type Db, type FacetBase, prepareFacetBase } from '@assay/core/node';
import type { ProjectHandle } from './project-handle.js';

/**
 * What the browse queries reuse between requests, made once per `change` of the project (a change also
 * means a new connection, whose temp tables are gone): class/source names with the latest eval run, and
 * the facet base table (facet-base.ts).
 */
export class BrowseCache {
  private names: { change: number; value: Promise<BrowseNames> } | undefined;
  private base: { change: number; value: Promise<FacetBase> } | undefined;

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
      const value = prepareFacetBase(db);
      value.catch(() => {
        this.base = undefined;
      });
      this.base = { change, value };
    }
    return this.base.value;
  }
}
