import type { BrowseCache } from './browse-cache.js';
import type { ProjectHandle } from './project-handle.js';

/** What every route receives: the project handle and the server's settings. */
export interface ServerContext {
  handle: ProjectHandle;
  names: BrowseCache;
  /** Absolute folder of the built web app (packages/web/dist), or undefined when not built. */
  webDist: string | undefined;
  debug: boolean;
  /** Work a route keeps running (the similar-samples search's worker), ended by the server's close(). */
  closers: Array<() => Promise<void>>;
}
