import { JsonBytes, NOT_HANDLED } from './json-bytes.js';

/**
 * Reads `length` bytes of the file into `into` from `at` (the file's next bytes, in order): how many
 * it read, 0 at the end of the file.
 */
export type ReadBytes = (into: Uint8Array, at: number, length: number) => number;

export interface ChunkedJsonOptions {
  /** Bytes read at a time (default 8 MiB). */
  chunk?: number;
  /**
   * The most bytes a unit may span (default 16 MiB): a unit that fails with that many bytes read is
   * NOT_HANDLED (a bigger element is rare, and a unit that fails for another reason, such as a syntax
   * error or a NaN, is not retried on ever more bytes).
   */
  limit?: number;
}

/**
 * A JsonBytes cursor over a file read a chunk at a time (issue 12: a COCO file of any size, without its
 * bytes held at once). The caller reads it a unit at a time (`run`): a list element, a member name, a
 * value passed over. A unit that runs into the end of the bytes read so far (JsonBytes then throws
 * NOT_HANDLED, or stops a number at the end) is run again from its start once more bytes are in, so a
 * unit must write nothing before it returns. At the end of the file NOT_HANDLED is passed on: the
 * caller reads the file the ordinary way, which gives JSON.parse's result or error.
 */
export class ChunkedJson {
  private buffer: Uint8Array;
  private length = 0;
  private eof = false;
  private readonly limit: number;
  j: JsonBytes;

  constructor(
    private readonly read: ReadBytes,
    options: ChunkedJsonOptions = {},
  ) {
    this.buffer = new Uint8Array(options.chunk ?? 8 << 20);
    this.limit = options.limit ?? 16 << 20;
    this.fill(0);
    // JsonBytes passes over a byte-order mark at the start of the file.
    this.j = new JsonBytes(this.buffer.subarray(0, this.length));
  }

  /** Reads until the buffer is full or the file ends. */
  private fill(from: number): void {
    this.length = from;
    while (this.length < this.buffer.length && !this.eof) {
      const n = this.read(this.buffer, this.length, this.buffer.length - this.length);
      if (n === 0) this.eof = true;
      this.length += n;
    }
  }

  /** Keeps the bytes from `start` on at the buffer's start (a bigger buffer when they fill it) and reads more. */
  private refill(start: number): void {
    if (this.length - start >= this.limit) throw NOT_HANDLED;
    if (start === 0 && this.length === this.buffer.length) {
      const bigger = new Uint8Array(2 * this.buffer.length);
      bigger.set(this.buffer);
      this.buffer = bigger;
    } else this.buffer.copyWithin(0, start, this.length);
    this.fill(this.length - start);
    this.j = new JsonBytes(this.buffer.subarray(0, this.length));
    this.j.pos = 0;
  }

  /**
   * Runs `unit` from the cursor; again, once more bytes are read, when it runs into the end of the
   * bytes read so far. A unit is complete only when a byte follows it (a number can end at the end of
   * the bytes read) or the file has ended.
   */
  run<T>(unit: (j: JsonBytes) => T): T {
    for (;;) {
      const start = this.j.pos;
      let value: T;
      try {
        value = unit(this.j);
        if (this.j.pos < this.length || this.eof) return value;
      } catch (error) {
        if (error !== NOT_HANDLED || this.eof) throw error;
      }
      this.j.pos = start;
      this.refill(start);
    }
  }
}
