import type { Annotation } from '../model/annotation.js';

/**
 * The note a writer gives when its format has no place for annotation attributes: how many of the
 * written annotations carry some, and the first few attribute names. `kept` lists the attributes the
 * format does hold (YOLO OBB's `oriented`). Undefined when nothing is lost.
 */
export function unwrittenAttributesNote(
  written: readonly Annotation[],
  format: string,
  kept: ReadonlySet<string> = new Set(),
): string | undefined {
  let count = 0;
  const names = new Set<string>();
  for (const a of written) {
    let lost = false;
    for (const key of Object.keys(a.attributes ?? {})) {
      if (kept.has(key)) continue;
      lost = true;
      names.add(key);
    }
    if (lost) count++;
  }
  if (count === 0) return undefined;
  const shown = [...names].slice(0, 5).join(', ');
  const more = names.size > 5 ? `, and ${names.size - 5} more` : '';
  const subject = count === 1 ? '1 annotation carries' : `${count} annotations carry`;
  return `${subject} attributes (${shown}${more}) that ${format} cannot hold; not written`;
}
