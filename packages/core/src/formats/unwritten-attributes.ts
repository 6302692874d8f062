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
  const counter = new UnwrittenAttributes(kept);
  for (const a of written) counter.add(a);
  return counter.note(format);
}

/** unwrittenAttributesNote counted one annotation at a time (writers that stream). */
export class UnwrittenAttributes {
  private count = 0;
  private readonly names = new Set<string>();

  constructor(private readonly kept: ReadonlySet<string> = new Set()) {}

  add(a: Annotation): void {
    let lost = false;
    for (const key of Object.keys(a.attributes ?? {})) {
      if (this.kept.has(key)) continue;
      lost = true;
      this.names.add(key);
    }
    if (lost) this.count++;
  }

  note(format: string): string | undefined {
    const { count, names } = this;
    if (count === 0) return undefined;
    const shown = [...names].slice(0, 5).join(', ');
    const more = names.size > 5 ? `, and ${names.size - 5} more` : '';
    const subject = count === 1 ? '1 annotation carries' : `${count} annotations carry`;
    return `${subject} attributes (${shown}${more}) that ${format} cannot hold; not written`;
  }
}
