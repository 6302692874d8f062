/** A repeated annotation id: the index of its first record and of the repeat. */
export interface RepeatedId {
  id: unknown;
  first: number;
  index: number;
}

/** What AnnotationIds found: how many records repeat an earlier id, and the first `keep` of them. */
export interface RepeatedIds {
  count: number;
  first: RepeatedId[];
}

const BLOCK = 1 << 16;

/**
 * The ids of a COCO file's annotations, in file order, to find repeats at the end (InstancesReader warns
 * about them). Number ids, the usual kind, are kept as 8-byte doubles in blocks of 65,536 (a Map from
 * id to first index took ~35 bytes per annotation and, past 16.7M entries, cannot grow at all) and
 * looked at only when they are not strictly increasing: then a sorted copy names the repeated values
 * and one pass in file order finds their first records. String ids stay in a Map (rare, and then small
 * files). Ids compare as a Map's keys do (1 and "1" differ, NaN repeats NaN, 0 repeats -0).
 */
export class AnnotationIds {
  private readonly blocks: Float64Array[] = [];
  /** Index in the file of each number id kept, when some records had no number id (else i = index). */
  private indexes: number[] | undefined;
  private numbers = 0;
  private increasing = true;
  private last = Number.NEGATIVE_INFINITY;
  private readonly strings = new Map<string, number>();
  private readonly stringRepeats: RepeatedId[] = [];
  private stringRepeatCount = 0;

  /** The id of the record at `index` (records in order; ids that are neither numbers nor strings are skipped). */
  add(id: unknown, index: number): void {
    if (typeof id === 'string') this.addString(id, index);
    else if (typeof id === 'number') this.addNumber(id, index);
  }

  private addNumber(id: number, index: number): void {
    if (this.indexes === undefined && index !== this.numbers) this.indexes = Array.from(this.range());
    this.indexes?.push(index);
    const at = this.numbers % BLOCK;
    if (at === 0) this.blocks.push(new Float64Array(BLOCK));
    (this.blocks[this.blocks.length - 1] as Float64Array)[at] = id;
    this.numbers++;
    if (!(id > this.last)) this.increasing = false;
    this.last = id;
  }

  private *range(): Iterable<number> {
    for (let i = 0; i < this.numbers; i++) yield i;
  }

  private addString(id: string, index: number): void {
    const first = this.strings.get(id);
    if (first === undefined) this.strings.set(id, index);
    else {
      this.stringRepeatCount++;
      if (this.stringRepeats.length < 3) this.stringRepeats.push({ id, first, index });
    }
  }

  /** The repeats: their count and the first `keep` in file order. */
  repeats(keep = 3): RepeatedIds {
    const numbers = this.numberRepeats(keep);
    const first = [...numbers.first, ...this.stringRepeats].sort((a, b) => a.index - b.index).slice(0, keep);
    return { count: numbers.count + this.stringRepeatCount, first };
  }

  private id(i: number): number {
    return (this.blocks[Math.floor(i / BLOCK)] as Float64Array)[i % BLOCK] as number;
  }

  private numberRepeats(keep: number): RepeatedIds {
    if (this.increasing) return { count: 0, first: [] };
    const sorted = new Float64Array(this.numbers);
    for (let b = 0; b < this.blocks.length; b++) {
      const block = this.blocks[b] as Float64Array;
      sorted.set(block.subarray(0, Math.min(BLOCK, this.numbers - b * BLOCK)), b * BLOCK);
    }
    sorted.sort(); // NaNs last
    const repeated = new Set<number>();
    for (let i = 1; i < sorted.length; i++) {
      const v = sorted[i] as number;
      if (v === sorted[i - 1] || (Number.isNaN(v) && Number.isNaN(sorted[i - 1]))) repeated.add(v);
    }
    if (repeated.size === 0) return { count: 0, first: [] };
    const firstIndex = new Map<number, number>();
    const first: RepeatedId[] = [];
    let count = 0;
    for (let i = 0; i < this.numbers; i++) {
      const id = this.id(i);
      if (!repeated.has(id)) continue;
      const index = this.indexes?.[i] ?? i;
      const seen = firstIndex.get(id);
      if (seen === undefined) firstIndex.set(id, index);
      else {
        count++;
        if (first.length < keep) first.push({ id, first: seen, index });
      }
    }
    return { count, first };
  }
}
