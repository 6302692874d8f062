import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fsAssayError } from '../../fs-error.js';

/**
 * Fixed-width records of doubles sorted into buckets as they come (issue 12: the boxes of a COCO file
 * grouped by batch of images, each bucket read back whole, in the order its records came). With one
 * bucket, or no `dir`, they stay in memory; otherwise each bucket's records go to its own file in
 * `dir` a buffer at a time, so that only a buffer per bucket is held while a file is read.
 */
export class RecordBuckets {
  private readonly buffers: Float64Array[];
  private readonly filled: Int32Array;
  private readonly counts: Float64Array;
  private readonly fds: number[];
  private readonly spill: boolean;

  constructor(
    readonly width: number,
    readonly buckets: number,
    private readonly dir: string | undefined,
    private readonly name: string,
    /** Records a bucket's buffer holds before it is written (default 8,192). */
    bufferRecords = 8192,
  ) {
    this.spill = dir !== undefined && buckets > 1;
    const first = this.spill ? bufferRecords : 1024;
    this.buffers = Array.from({ length: buckets }, () => new Float64Array(width * first));
    this.filled = new Int32Array(buckets);
    this.counts = new Float64Array(buckets);
    this.fds = new Array<number>(buckets).fill(-1);
  }

  /** Room for one record in `bucket`: write its `width` values into `data` from `at`. */
  add(bucket: number): { data: Float64Array; at: number } {
    let data = this.buffers[bucket]!;
    const at = this.filled[bucket]! * this.width;
    if (at >= data.length) {
      if (this.spill) {
        this.write(bucket);
        this.filled[bucket] = 1;
        this.counts[bucket]!++;
        return { data, at: 0 };
      }
      const records = data.length / this.width;
      const bigger = new Float64Array((Math.ceil(records * 1.5) + 1) * this.width);
      bigger.set(data);
      this.buffers[bucket] = bigger;
      data = bigger;
    }
    this.filled[bucket]!++;
    this.counts[bucket]!++;
    return { data, at };
  }

  /** Records in `bucket`. */
  count(bucket: number): number {
    return this.counts[bucket]!;
  }

  /** Every record (all buckets). */
  get total(): number {
    let n = 0;
    for (const c of this.counts) n += c;
    return n;
  }

  private write(bucket: number): void {
    const file = join(this.dir!, `${this.name}-${bucket}.f64`);
    try {
      if (this.fds[bucket] === -1) this.fds[bucket] = openSync(file, 'w+');
      const data = this.buffers[bucket]!;
      const bytes = new Uint8Array(data.buffer, data.byteOffset, this.filled[bucket]! * this.width * 8);
      let at = 0;
      while (at < bytes.length) at += writeSync(this.fds[bucket]!, bytes, at, bytes.length - at, null);
    } catch (error) {
      // A full temp folder (a small tmpfs at 1M images) names the bucket file's folder, not "a file".
      throw fsAssayError(error, this.dir) ?? error;
    }
  }

  /** The records of `bucket`, in the order they were added (`width` values each). */
  read(bucket: number): Float64Array {
    const n = this.counts[bucket]!;
    const out = new Float64Array(n * this.width);
    const fd = this.fds[bucket]!;
    let at = 0;
    if (fd !== -1) {
      const size = fstatSync(fd).size;
      const bytes = new Uint8Array(out.buffer, 0, size);
      while (at < size) {
        const got = readSync(fd, bytes, at, size - at, at);
        if (got === 0) throw new Error(`${this.name}-${bucket}.f64 ends early`);
        at += got;
      }
      at /= 8;
    }
    out.set(this.buffers[bucket]!.subarray(0, this.filled[bucket]! * this.width), at);
    return out;
  }

  /** Closes the bucket files (the caller removes `dir`). */
  close(): void {
    for (const fd of this.fds) if (fd !== -1) closeSync(fd);
    this.fds.fill(-1);
  }
}
