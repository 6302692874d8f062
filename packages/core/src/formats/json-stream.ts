/**
 * A streaming reader for JSON files too big for one string (V8 strings stop near 512 MB). It scans
 * the bytes for the top-level structure only and JSON.parses one list element at a time: each element
 * of a top-level list, and of the lists under the top-level keys named in `streamKeys`. Every other
 * top-level member is parsed whole. Bytes >= 0x80 never look like JSON punctuation, so a multi-byte
 * character split across chunks is only decoded once its element is complete.
 */
import { AssayError } from '../errors.js';

export type JsonTopKind = 'object' | 'array' | 'scalar';

export interface JsonStreamHandler {
  /** The top-level value begins; a scalar is then given to `member` with key undefined. */
  start(kind: JsonTopKind): void;
  /** One element of a streamed list: the top-level list (key undefined) or a list in `streamKeys`. */
  element(key: string | undefined, index: number, value: unknown): void;
  /** A top-level member parsed whole (a key not in `streamKeys`, or its value is not a list). */
  member(key: string | undefined, value: unknown): void;
  /** A streamed list ended after `count` elements. */
  listEnd?(key: string | undefined, count: number): void;
}

export interface JsonStreamOptions {
  /** The file name errors give. */
  file: string;
  /** Top-level keys whose lists are streamed element by element (default none). */
  streamKeys?: ReadonlySet<string>;
  /**
   * Parses the text of one element or member starting at byte `offset` (default JSON.parse). An
   * AssayError it throws is passed on; any other error becomes a PARSE_ERROR at `offset`. Objects,
   * lists and strings complete within one chunk are parsed together by JSON.parse first; only when
   * that fails are they given to `parse` one by one, so `parse` must agree with JSON.parse on JSON.
   */
  parse?: (text: string, offset: number) => unknown;
}

const ROOT = 0;
const KEY_OR_END = 1;
const KEY = 2;
const COLON = 3;
const MEMBER = 4;
const AFTER_MEMBER = 5;
const ELEMENT_OR_END = 6;
const ELEMENT = 7;
const AFTER_ELEMENT = 8;
const VALUE = 9;
const DONE = 10;

type Target = 'key' | 'member' | 'element' | 'root';

const BOM = [0xef, 0xbb, 0xbf];
const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;
/** Bytes that end a number or a literal. */
const endsScalar = (c: number): boolean => c === 44 || c === 93 || c === 125 || isSpace(c);

const QUOTE = 1;
const OPEN = 2;
const CLOSE = 3;
/** What each byte is to the scanner outside strings: 0 for bytes it passes over. */
const PUNCTUATION = new Uint8Array(256);
PUNCTUATION[34] = QUOTE;
PUNCTUATION[123] = OPEN;
PUNCTUATION[91] = OPEN;
PUNCTUATION[125] = CLOSE;
PUNCTUATION[93] = CLOSE;

/**
 * The index of the `}` of the last `}`, `{` pair (spaces allowed around the comma) in `chunk` at or
 * after `from`, or -1: where an element of a list of objects may end with the next one begun.
 */
function lastObjectBoundary(chunk: Uint8Array, from: number): number {
  let k = chunk.lastIndexOf(123);
  while (k > from) {
    let j = k - 1;
    while (j > from && isSpace(chunk[j] as number)) j--;
    if (chunk[j] === 44) {
      j--;
      while (j > from && isSpace(chunk[j] as number)) j--;
      if (chunk[j] === 125) return j;
    }
    k = chunk.lastIndexOf(123, k - 1);
  }
  return -1;
}

/** Push-driven scanner: feed it chunks with `push`, then call `end`. See the file comment. */
export class JsonElementScanner {
  private state = ROOT;
  /** Absolute byte offset of the current chunk. */
  private offset = 0;
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  private readonly streamKeys: ReadonlySet<string>;
  private readonly parse: (text: string, offset: number) => unknown;
  private key: string | undefined;
  private index = 0;
  // The value being collected: where it starts, its bytes from earlier chunks, its scan state.
  private target: Target = 'root';
  private valueStart = 0;
  private parts: Uint8Array[] = [];
  private depth = 0;
  private inString = false;
  private escaped = false;
  private scalar = false;
  private bomBytes = 0;
  /**
   * Elements that began and ended inside the current chunk, not yet handed over: their start and end
   * indexes in `chunk`, parsed together with one decode and one JSON.parse (see flush).
   */
  private chunk: Uint8Array = new Uint8Array(0);
  private starts: number[] = [];
  private ends: number[] = [];
  private batchIndex = 0;
  /** The fast path failed in this chunk; where it ended when it did not. */
  private slow = false;
  private fastEnd = 0;

  constructor(
    private readonly handler: JsonStreamHandler,
    private readonly options: JsonStreamOptions,
  ) {
    this.streamKeys = options.streamKeys ?? new Set();
    this.parse = options.parse ?? ((text) => JSON.parse(text));
  }

  push(bytes: Uint8Array): void {
    // A plain view: subarray() on a Node Buffer goes through Buffer's slower constructor.
    const chunk =
      bytes.constructor === Uint8Array
        ? bytes
        : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const n = chunk.length;
    this.chunk = chunk;
    let i = 0;
    while (i < n) {
      if (this.state === VALUE) {
        const start = Math.max(0, this.valueStart - this.offset);
        const end = this.scanValue(chunk, i);
        if (end < 0) {
          this.parts.push(chunk.slice(start));
          break;
        }
        if (this.target === 'element' && this.parts.length === 0 && !this.scalar) this.hold(start, end);
        else this.finishValue(this.joinParts(chunk.subarray(start, end)));
        i = end;
        continue;
      }
      const c = chunk[i] as number;
      if (isSpace(c) || this.isBom(c, i)) i++;
      else if (
        c === 123 &&
        (this.state === ELEMENT || this.state === ELEMENT_OR_END) &&
        this.fast(chunk, i)
      ) {
        i = this.fastEnd;
      } else i = this.step(c, i);
    }
    this.flush();
    this.slow = false;
    this.offset += n;
  }

  /**
   * The fast path for lists of objects: parses every element from `i` (an object's `{`) up to the last
   * `},{` boundary of the chunk with one decode and one JSON.parse, without looking at each byte. Sound
   * because the parse succeeds only when that boundary is between two elements: cut inside a string
   * the text ends in an open string, cut inside an element its brackets do not balance, and a stretch
   * running past the end of the list holds a `"key":`, which a JSON list cannot. When it fails (no
   * boundary, invalid JSON, NaN), the byte scanner takes the rest of the chunk.
   */
  private fast(chunk: Uint8Array, i: number): boolean {
    if (this.slow) return false;
    const last = lastObjectBoundary(chunk, i);
    if (last < 0) return false;
    let values: unknown[];
    try {
      values = JSON.parse(`[${this.decoder.decode(chunk.subarray(i, last + 1))}]`) as unknown[];
    } catch {
      this.slow = true;
      return false;
    }
    this.flush();
    const { handler, key } = this;
    for (const value of values) handler.element(key, this.index++, value);
    this.state = AFTER_ELEMENT;
    this.fastEnd = last + 1;
    return true;
  }

  /** Keeps a complete element of this chunk for `flush`. */
  private hold(start: number, end: number): void {
    if (this.starts.length === 0) this.batchIndex = this.index;
    this.starts.push(start);
    this.ends.push(end);
    this.index++;
    this.state = AFTER_ELEMENT;
  }

  /**
   * Hands over the held elements in order. Their bytes, with the commas between them, are one JSON
   * list: decoding and parsing them at once costs far less than one decode and one parse each. If
   * that fails, each is parsed alone, so the error names the element (and a lenient `parse` applies).
   */
  private flush(): void {
    const count = this.starts.length;
    if (count === 0) return;
    const { chunk, starts, ends, key } = this;
    const first = this.batchIndex;
    let values: unknown[] | undefined;
    try {
      const text = this.decoder.decode(chunk.subarray(starts[0], ends[count - 1]));
      values = JSON.parse(`[${text}]`) as unknown[];
      if (values.length !== count) values = undefined;
    } catch {
      values = undefined;
    }
    const { valueStart, target } = this;
    this.starts = [];
    this.ends = [];
    for (let k = 0; k < count; k++) {
      let value: unknown;
      if (values) value = values[k];
      else {
        this.valueStart = this.offset + (starts[k] as number);
        this.index = first + k;
        this.target = 'element';
        value = this.parseText(this.decoder.decode(chunk.subarray(starts[k], ends[k])));
      }
      this.handler.element(key, first + k, value);
    }
    this.index = first + count;
    this.valueStart = valueStart;
    this.target = target;
  }

  /** A byte of a UTF-8 byte-order mark at the very start of the file (skipped). */
  private isBom(c: number, i: number): boolean {
    if (this.state !== ROOT || this.offset + i !== this.bomBytes || c !== BOM[this.bomBytes]) return false;
    this.bomBytes++;
    return true;
  }

  /** The input is over: a PARSE_ERROR when the top-level value is not complete. */
  end(): void {
    if (this.state === VALUE && this.scalar && this.target === 'root') {
      this.finishValue(this.joinParts(new Uint8Array(0)));
    }
    if (this.state === DONE) return;
    const reason =
      this.offset === 0 ? 'the file is empty' : `the file ends early (truncated?) ${this.where()}`;
    throw this.error(this.offset, reason, 'The file looks truncated; copy or download it again.');
  }

  /** Handles one non-space byte outside a value; returns the index of the next byte to read. */
  private step(c: number, i: number): number {
    switch (this.state) {
      case ROOT:
        if (c === 123 || c === 91) {
          this.handler.start(c === 123 ? 'object' : 'array');
          if (c === 91) this.openList(undefined);
          else this.state = KEY_OR_END;
          return i + 1;
        }
        this.handler.start('scalar');
        return this.begin(c, i, 'root');
      case KEY_OR_END:
        if (c === 125) return this.close(i, DONE);
        return this.begin(c, i, 'key');
      case KEY:
        return this.begin(c, i, 'key');
      case COLON:
        if (c !== 58) this.fail(i, `expected ':' after the key "${this.key}"`);
        this.state = MEMBER;
        return i + 1;
      case MEMBER:
        if (c === 91 && this.streamKeys.has(this.key as string)) {
          this.openList(this.key);
          return i + 1;
        }
        return this.begin(c, i, 'member');
      case AFTER_MEMBER:
        if (c === 44) return this.close(i, KEY);
        if (c !== 125) this.fail(i, `expected ',' or '}' after the value of "${this.key}"`);
        return this.close(i, DONE);
      case ELEMENT_OR_END:
        if (c === 93) return this.closeList(i);
        return this.begin(c, i, 'element');
      case ELEMENT:
        return this.begin(c, i, 'element');
      case AFTER_ELEMENT:
        if (c === 44) return this.close(i, ELEMENT);
        if (c !== 93) this.fail(i, `expected ',' or ']' after element ${this.index - 1}${this.inList()}`);
        return this.closeList(i);
      default:
        return this.fail(i, 'unexpected content after the end of the JSON value');
    }
  }

  private close(i: number, next: number): number {
    this.state = next;
    return i + 1;
  }

  private openList(key: string | undefined): void {
    this.key = key;
    this.index = 0;
    this.state = ELEMENT_OR_END;
  }

  private closeList(i: number): number {
    this.flush();
    this.handler.listEnd?.(this.key, this.index);
    return this.close(i, this.key === undefined ? DONE : AFTER_MEMBER);
  }

  /** Starts collecting a value at byte `c`; the byte itself is read by scanValue. */
  private begin(c: number, i: number, target: Target): number {
    if (target === 'key' && c !== 34) this.fail(i, 'expected a quoted key');
    if (c === 44 || c === 58 || c === 93 || c === 125) {
      const context = target === 'element' ? this.inList() : target === 'member' ? ` for "${this.key}"` : '';
      this.fail(i, `expected a value${context}`);
    }
    this.target = target;
    this.valueStart = this.offset + i;
    this.parts = [];
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.scalar = c !== 123 && c !== 91 && c !== 34;
    this.state = VALUE;
    return i;
  }

  /** Scans the value from `from`: the index just past its end, or -1 when it goes on in the next chunk. */
  private scanValue(buf: Uint8Array, from: number): number {
    const n = buf.length;
    let i = from;
    if (this.scalar) {
      while (i < n && !endsScalar(buf[i] as number)) i++;
      return i < n ? i : -1;
    }
    if (this.escaped) {
      this.escaped = false;
      i++;
    }
    let depth = this.depth;
    let inString = this.inString;
    for (; i < n; i++) {
      const c = buf[i] as number;
      if (inString) {
        if (c === 34) {
          inString = false;
          if (depth === 0) return this.settle(0, false, i + 1);
        } else if (c === 92 && ++i === n) {
          this.escaped = true;
        }
        continue;
      }
      const kind = PUNCTUATION[c] as number;
      if (kind === 0) continue;
      if (kind === QUOTE) inString = true;
      else if (kind === OPEN) depth++;
      else if (--depth === 0) return this.settle(0, false, i + 1);
    }
    return this.settle(depth, inString, -1);
  }

  private settle(depth: number, inString: boolean, result: number): number {
    this.depth = depth;
    this.inString = inString;
    return result;
  }

  private joinParts(last: Uint8Array): Uint8Array {
    if (this.parts.length === 0) return last;
    let length = last.length;
    for (const part of this.parts) length += part.length;
    const out = new Uint8Array(length);
    let at = 0;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.length;
    }
    out.set(last, at);
    this.parts = [];
    return out;
  }

  private finishValue(bytes: Uint8Array): void {
    this.flush();
    const text = this.decoder.decode(bytes);
    const target = this.target;
    if (target === 'key') {
      this.key = this.parseText(text) as string;
      this.state = COLON;
    } else if (target === 'element') {
      const value = this.parseText(text);
      this.handler.element(this.key, this.index++, value);
      this.state = AFTER_ELEMENT;
    } else {
      const value = this.parseText(text);
      this.handler.member(target === 'root' ? undefined : this.key, value);
      this.state = target === 'root' ? DONE : AFTER_MEMBER;
    }
  }

  private parseText(text: string): unknown {
    try {
      return this.target === 'key' ? JSON.parse(text) : this.parse(text, this.valueStart);
    } catch (cause) {
      if (cause instanceof AssayError) throw cause;
      const reason = `the ${this.describeValue()} starting here is not valid JSON (${(cause as Error).message})`;
      throw this.error(this.valueStart, reason, undefined, cause);
    }
  }

  private describeValue(): string {
    if (this.target === 'element') return `element ${this.index}${this.inList()}`;
    if (this.target === 'member') return `value of "${this.key}"`;
    return this.target;
  }

  private inList(): string {
    return this.key === undefined ? ' of the top-level list' : ` of "${this.key}"`;
  }

  /** Where the input stopped, for the truncation message. */
  private where(): string {
    if (this.state === VALUE && this.target === 'element') {
      return `inside element ${this.index}${this.inList()}, which starts at byte offset ${this.valueStart}`;
    }
    if (this.state === VALUE && this.target === 'member') {
      return `inside the value of "${this.key}", which starts at byte offset ${this.valueStart}`;
    }
    if (this.state >= ELEMENT_OR_END && this.state <= AFTER_ELEMENT) {
      return this.index === 0
        ? `at the start${this.inList()}`
        : `after element ${this.index - 1}${this.inList()}`;
    }
    return this.key === undefined ? 'at the top level' : `after the key "${this.key}"`;
  }

  private fail(i: number, reason: string): never {
    this.flush();
    throw this.error(this.offset + i, reason);
  }

  private error(offset: number, reason: string, hint?: string, cause?: unknown): AssayError {
    return new AssayError(
      'PARSE_ERROR',
      `${this.options.file} is not valid JSON at byte offset ${offset}: ${reason}.`,
      {
        hint:
          hint ??
          'Fix the file at that byte offset (a JSON validator shows the context), or export it again.',
        details: { file: this.options.file, offset, reason },
        ...(cause === undefined ? {} : { cause }),
      },
    );
  }
}

export interface ScanJsonStreamOptions extends JsonStreamOptions {
  signal?: AbortSignal;
  /** Called after each chunk: the next chunk is read once a promise it returns settles (backpressure). */
  pause?: () => Promise<void> | undefined;
}

/** Feeds `chunks` through a JsonElementScanner into `handler`. */
export async function scanJsonStream(
  chunks: AsyncIterable<Uint8Array>,
  handler: JsonStreamHandler,
  options: ScanJsonStreamOptions,
): Promise<void> {
  const scanner = new JsonElementScanner(handler, options);
  for await (const chunk of chunks) {
    options.signal?.throwIfAborted();
    scanner.push(chunk);
    const wait = options.pause?.();
    if (wait) await wait;
  }
  scanner.end();
}
