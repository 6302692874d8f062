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
   * AssayError it throws is passed on; any other error becomes a PARSE_ERROR at `offset`.
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
    let i = 0;
    while (i < n) {
      if (this.state === VALUE) {
        const start = Math.max(0, this.valueStart - this.offset);
        const end = this.scanValue(chunk, i);
        if (end < 0) {
          this.parts.push(chunk.slice(start));
          break;
        }
        this.finishValue(this.joinParts(chunk.subarray(start, end)));
        i = end;
        continue;
      }
      const c = chunk[i] as number;
      if (isSpace(c) || this.isBom(c, i)) i++;
      else i = this.step(c, i);
    }
    this.offset += n;
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
  }
  scanner.end();
}
