import { type BrowseNames, browseNames, type Db } from '@assay/core/node';
import type { ProjectHandle } from './project-handle.js';

/** Class/source names and the latest eval run, read once per `change` of the project. */
export class NamesCache {
  private cached: { change: number; names: Promise<BrowseNames> } | undefined;

  constructor(private readonly handle: ProjectHandle) {}

  get(db: Db): Promise<BrowseNames> {
    const change = this.handle.change;
    if (this.cached?.change !== change) {
      const names = browseNames(db);
      names.catch(() => {
        this.cached = undefined;
      });
      this.cached = { change, names };
    }
    return this.cached.names;
  }
}
