import { NOT_HANDLED } from '../json-bytes.js';
import { KERNEL_MEMORY_LIMIT, type Kernel, layOut, ProcessKernel, useWasmKernels } from './instantiate.js';
import { WASM } from './json-records.wasm.js';

/** Thrown by `read` where the kernel does not decide: the caller reads the file with JsonBytes. */
export const UNDECIDED = Symbol('not decided by json-records.wat');

interface Exports {
  records(...args: number[]): number;
}

/** How json-records.wat reads a member (see its `records`). */
export const MEMBER = {
  number: 1,
  numberOrSkip: 2,
  stringOrSkip: 3,
  box: 4,
  truth: 5,
  notHandled: 6,
} as const;

/** The members of one kind of record: name, kind (MEMBER) and first slot, the slots, their defaults. */
export interface RecordTable {
  members: readonly (readonly [name: string, kind: number, slot: number])[];
  /** Slots a record (f64 each); at most 16. */
  width: number;
  /** Bits (by index in `members`) of the members every record must have. */
  required: number;
  /** Each record's slots before its members are read (`width` values). */
  defaults: readonly number[];
}

/** Where records are put: `add(n)` makes room for n more and gives the first one's offset in `data`. */
export interface RecordSink {
  readonly data: Float64Array;
  addMany(n: number): number;
}

/** Records a call of the kernel reads at most, and fixups (numbers left to Number(text)). */
const WINDOW = 4096;
const FIXUPS = 16384;
const WIDTH_MAX = 16;

const kernel = new ProcessKernel<Exports>(WASM);

const encoder = new TextEncoder();

/** The kernel's memory for a file of `size` bytes: its scratch, then the file, then zeros. */
function layout(size: number) {
  return layOut([
    ['header', 64],
    ['keys', 16 * 32],
    ['names', 1024],
    ['stack', 512],
    ['defaults', 8 * WIDTH_MAX],
    ['window', 8 * WIDTH_MAX * WINDOW],
    ['fixups', 16 * FIXUPS],
    // A 0 byte after the file ends every rule as the end of the bytes ends JsonBytes'.
    ['src', size + 16],
  ]);
}

const fits = (size: number) => useWasmKernels() && layout(size).total <= KERNEL_MEMORY_LIMIT;

/** Instances made by `forFile`, by their memory (a file read there is not copied). */
const ownMemories = new WeakMap<ArrayBuffer, WasmJsonRecords>();

/**
 * A file's bytes in json-records.wat's memory, read a record array at a time by the rules of
 * JsonBytes (json-bytes.ts): `read` gives what JsonBytes and read-coco-bytes.ts's loops would read.
 * Bytes from elsewhere are copied into an instance on a memory of the pool, given back once read
 * (`done`); a file read into `forFile`'s `input` stays where it is, in an instance that holds its memory
 * until `release`.
 */
export class WasmJsonRecords {
  private readonly x: Exports;
  private readonly buffer: ArrayBuffer;
  private readonly kernel: Kernel<Exports>;
  private readonly at: Record<string, number>;
  /** Where the file's bytes are, in this instance's memory (followed by zeros). */
  readonly input: Uint8Array;

  private constructor(
    size: number,
    private readonly own: boolean,
  ) {
    const { at, total } = layout(size);
    // Not zeroed: the kernel reads the file, the table and the scratch it writes (and the 0 put after the file).
    this.kernel = kernel.hold(total);
    const { exports, buffer } = this.kernel;
    this.x = exports;
    this.buffer = buffer;
    this.at = at;
    this.input = new Uint8Array(buffer, at.src!, size);
    new Uint8Array(buffer, at.src! + size, 16).fill(0);
  }

  /**
   * The kernel over these bytes (copied into its memory unless they are an `input` already), or
   * undefined: kernels off, or a file that would take its memory over KERNEL_MEMORY_LIMIT.
   */
  static open(bytes: Uint8Array): WasmJsonRecords | undefined {
    const own = ownMemories.get(bytes.buffer as ArrayBuffer);
    if (own?.input.byteOffset === bytes.byteOffset && own.input.length === bytes.length) return own;
    if (!fits(bytes.length)) return undefined;
    const k = new WasmJsonRecords(bytes.length, false);
    k.input.set(bytes);
    return k;
  }

  /**
   * An instance of its own whose `input` (`size` bytes) is for a file to be read into, then given to
   * `open`; undefined when `open` would give none.
   */
  static forFile(size: number): WasmJsonRecords | undefined {
    if (!fits(size)) return undefined;
    const k = new WasmJsonRecords(size, true);
    ownMemories.set(k.buffer, k);
    return k;
  }

  /**
   * Gives the memory back to the pool (`input` and every view of it may be written over afterwards).
   */
  release(): void {
    ownMemories.delete(this.buffer);
    this.kernel.release();
  }

  /** Releases an instance `open` made for bytes from elsewhere (a `forFile` one is its caller's to release). */
  done(): void {
    if (!this.own) this.release();
  }

  /** Releases the `forFile` instance whose `input` is `bytes`, if any. */
  static releaseInput(bytes: Uint8Array): void {
    const own = ownMemories.get(bytes.buffer as ArrayBuffer);
    if (own?.input.byteOffset === bytes.byteOffset && own.input.length === bytes.length) own.release();
  }

  /**
   * The records of the array whose first element starts at byte `pos` (after its "[" and whitespace),
   * into `sink`; the position after the array's "]". String members' slots hold the string's start and
   * end in the file (the end negated when the string holds an escape; 0 and 0 when absent). Throws
   * UNDECIDED where the kernel does not decide, NOT_HANDLED where JsonBytes' readers would not handle
   * the file (a box coordinate that is not finite).
   */
  read(pos: number, table: RecordTable, sink: RecordSink): number {
    const { at, x, buffer } = this;
    const width = table.width;
    const keys = new Int32Array(buffer, at.keys!, 4 * table.members.length);
    const names = new Uint8Array(buffer, at.names!, 1024);
    let used = 0;
    table.members.forEach(([name, kind, slot], i) => {
      const { written } = encoder.encodeInto(name, names.subarray(used));
      keys.set([at.names! + used, written, kind, slot], 4 * i);
      used += written;
    });
    new Float64Array(buffer, at.defaults!, width).set(table.defaults);
    const header = new Int32Array(buffer, at.header!, 4);
    const window = new Float64Array(buffer, at.window!, width * WINDOW);
    const fixups = new Int32Array(buffer, at.fixups!, 4 * FIXUPS);
    const src = at.src!;
    const strings = table.members.filter(([, kind]) => kind === MEMBER.stringOrSkip).map(([, , s]) => s);
    let p = src + pos;
    for (;;) {
      const status = x.records(
        p,
        at.keys!,
        table.members.length,
        table.required,
        width,
        at.defaults!,
        at.window!,
        WINDOW,
        at.fixups!,
        FIXUPS,
        at.stack!,
      );
      if (status === 2) throw UNDECIDED;
      const count = header[1]!;
      for (let f = 0; f < header[2]!; f++) {
        const slot = fixups[4 * f]!;
        const kind = fixups[4 * f + 3]!;
        let text = '';
        for (let i = fixups[4 * f + 1]!; i < fixups[4 * f + 2]!; i++)
          text += String.fromCharCode(this.input[i - src]!);
        const v = Number(text);
        if (kind === MEMBER.box && !Number.isFinite(v)) throw NOT_HANDLED;
        window[slot] = kind === MEMBER.truth ? (v ? 1 : 0) : v;
      }
      for (const slot of strings) {
        for (let r = 0; r < count; r++) {
          const i = r * width + slot;
          const start = window[i]!;
          const end = window[i + 1]!;
          if (start === 0) continue;
          window[i] = start - src;
          window[i + 1] = end < 0 ? end + src : end - src;
        }
      }
      const offset = sink.addMany(count);
      sink.data.set(window.subarray(0, count * width), offset);
      p = header[0]!;
      if (status === 0) return p - src;
    }
  }
}
