/**
 * Constants the facet count worker shares with the server's side. A module of its own, importing
 * nothing: the worker's module graph must load no native addon (facet-count-worker.ts says why).
 */

/** The bin of a sample with no value for a binned facet. */
export const NO_BIN = 255;

/** Name of the split of samples without one, in facets and filters. */
export const UNASSIGNED_SPLIT = 'unassigned';
