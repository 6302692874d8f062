/**
 * Samples whose thumbnail failed to load (the file is missing or unreadable), as the tiles learned it: a tile
 * shown again draws its placeholder at once instead of asking again and failing again (an image element, a
 * request or cache lookup, an error and a second render per tile). Kept as long as the server keeps its
 * answer (a 404 is cached for 30 s) and until the project changes.
 */
const KEPT_MS = 30_000;
const failed = new Map<number, number>();

/** The tile of `id` failed to load its thumbnail lately. */
export function thumbKnownMissing(id: number): boolean {
  const at = failed.get(id);
  if (at === undefined) return false;
  if (performance.now() - at < KEPT_MS) return true;
  failed.delete(id);
  return false;
}

export function markThumbMissing(id: number): void {
  failed.set(id, performance.now());
}

/** The project changed (a file may have been added or rescanned): ask again. */
export function forgetMissingThumbs(): void {
  failed.clear();
}
