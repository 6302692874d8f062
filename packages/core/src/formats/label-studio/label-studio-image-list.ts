/**
 * Label Studio tasks that hold a list of images: a Repeater over pages (`data.images: [{url: …}, …]`,
 * `<Image name="page_{{idx}}" value="$images[{{idx}}].url"/>`, each result's `to_name` is `page_<i>`)
 * or an `<Image valueList="$images"/>` (each result carries `item_index`). Each image is a sample of
 * its own; a result goes to the image its item_index, else the number ending its to_name, names.
 */
import type { LsResult } from './label-studio-result.js';
import type { LsTask } from './label-studio-tasks.js';

function isRef(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    (/\.(jpe?g|png|webp|bmp|gif|tiff?|avif)$/i.test(value) || /^[a-z0-9+.-]+:\/\/|^\/data\//i.test(value))
  );
}

/** An item's image reference: the item itself, its `url`, or its first field that looks like one. */
function refOfItem(item: unknown): string | undefined {
  if (isRef(item)) return item;
  if (typeof item !== 'object' || item === null) return undefined;
  const record = item as Record<string, unknown>;
  if (isRef(record.url)) return record.url;
  return Object.values(record).find(isRef);
}

/** The list of image references in data (`images: [{url: …}, …]` or of strings), if a field holds one. */
export function imageListOf(task: LsTask): { field: string; refs: string[] } | undefined {
  for (const [field, value] of Object.entries(task.data ?? {})) {
    if (!Array.isArray(value) || value.length === 0) continue;
    const refs = value.map(refOfItem);
    if (refs.every((r) => r !== undefined)) return { field, refs: refs as string[] };
  }
  return undefined;
}

/** The index in the task's image list a result is on: its item_index, else the number ending its to_name. */
export function itemOf(r: LsResult, count: number): number | undefined {
  const raw = (r as { item_index?: unknown }).item_index;
  const index =
    typeof raw === 'number' ? raw : Number(/(?:^|[^0-9])(\d+)$/.exec(r.to_name ?? '')?.[1] ?? Number.NaN);
  if (Number.isInteger(index) && index >= 0 && index < count) return index;
  return count === 1 ? 0 : undefined;
}

/**
 * The results of a list task by image: `byItem[i]` for image i. Relations (they only link regions)
 * go to every image; `unplaced` are the results that name no image of the list.
 */
export function resultsByItem(
  results: readonly LsResult[],
  count: number,
): { byItem: LsResult[][]; unplaced: LsResult[] } {
  const byItem: LsResult[][] = Array.from({ length: count }, () => []);
  const unplaced: LsResult[] = [];
  for (const r of results) {
    if (r.type === 'relation') {
      for (const list of byItem) list.push(r);
      continue;
    }
    const i = itemOf(r, count);
    if (i === undefined) unplaced.push(r);
    else byItem[i]?.push(r);
  }
  return { byItem, unplaced };
}
