/**
 * A cursor over the bytes of a JSON file (UTF-8) for readers that take a few fields of many records
 * straight into typed arrays, without a JS object per record (see read-coco-bytes.ts). It validates
 * what it passes over as JSON.parse would and gives the same numbers; whatever it does not handle (a
 * syntax error, an escaped member name, a type the caller does not expect) throws `NOT_HANDLED`, and
 * the caller then reads the file the ordinary way, which gives JSON.parse's result or error.
 */
export const NOT_HANDLED = Symbol('not handled by the byte reader');

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const decoder = new TextDecoder();

function bail(): never {
  throw NOT_HANDLED;
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

export class JsonBytes {
  /**
   * An empty reader kept for the life of the process, so that the hidden class of a reader stays alive:
   * V8 keeps it only while an instance lives, and the methods' compiled code depends on it. Between the
   * ground truth's reader and the detections' a full GC dropped it, and every method was compiled again.
   */
  static readonly kept: JsonBytes = new JsonBytes(new Uint8Array(0));

  pos = 0;

  constructor(readonly bytes: Uint8Array) {
    // A UTF-8 byte-order mark is dropped, as readTextFile does.
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) this.pos = 3;
  }

  /** The next byte after whitespace (NaN at the end). */
  peek(): number {
    const b = this.bytes;
    let p = this.pos;
    let c = b[p]!;
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++p]!;
    this.pos = p;
    return p < b.length ? c : Number.NaN;
  }

  expect(c: number): void {
    if (this.peek() !== c) bail();
    this.pos++;
  }

  /** After a value in an array or object: true when another follows (a comma), false at `close`. */
  more(close: number): boolean {
    const c = this.peek();
    this.pos++;
    if (c === 0x2c) return true;
    if (c !== close) bail();
    return false;
  }

  /** Opens an array or object: true when it has a first element (false when empty, closed). */
  open(openByte: number, close: number): boolean {
    this.expect(openByte);
    if (this.peek() !== close) return true;
    this.pos++;
    return false;
  }

  /** Reads a member name and its colon: the index of `names` it equals, or -1 for another name. */
  key(names: readonly Uint8Array[]): number {
    if (this.peek() !== 0x22) bail();
    const b = this.bytes;
    const start = ++this.pos;
    let p = start;
    for (;;) {
      const c = b[p]!;
      if (c === 0x22) break;
      // An escaped or non-ASCII name, or the end of the file: the ordinary reader decides.
      if (c === 0x5c || c < 0x20 || c >= 0x80 || p >= b.length) bail();
      p++;
    }
    this.pos = p + 1;
    this.expect(0x3a);
    const n = p - start;
    outer: for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      if (name.length !== n) continue;
      for (let j = 0; j < n; j++) if (name[j] !== b[start + j]) continue outer;
      return i;
    }
    return -1;
  }

  /** A JSON number, as JSON.parse reads it (correctly rounded). */
  number(): number {
    this.peek();
    const b = this.bytes;
    const start = this.pos;
    let p = start;
    let negative = false;
    if (b[p] === 0x2d) {
      negative = true;
      p++;
    }
    let m = 0;
    let digits = 0;
    let fraction = 0;
    let c = b[p]!;
    if (c === 0x30) {
      p++;
      digits = 1;
    } else if (c >= 0x31 && c <= 0x39) {
      for (; isDigit(c); c = b[++p]!) {
        m = m * 10 + (c - 0x30);
        digits++;
      }
    } else bail();
    if (b[p] === 0x2e) {
      c = b[++p]!;
      if (!isDigit(c)) bail();
      for (; isDigit(c); c = b[++p]!) {
        m = m * 10 + (c - 0x30);
        digits++;
        fraction++;
      }
    }
    c = b[p]!;
    let exact = digits <= 15;
    if (c === 0x65 || c === 0x45) {
      exact = false;
      c = b[++p]!;
      if (c === 0x2b || c === 0x2d) c = b[++p]!;
      if (!isDigit(c)) bail();
      while (isDigit(b[p]!)) p++;
    }
    this.pos = p;
    // Up to 15 digits the mantissa is an exact integer and 10^fraction exact: one division rounds
    // correctly (Clinger's fast path). Anything else goes through the engine's own conversion.
    if (exact) {
      const v = fraction === 0 ? m : m / POW10[fraction]!;
      return negative ? -v : v;
    }
    let text = '';
    for (let i = start; i < p; i++) text += String.fromCharCode(b[i]!);
    return Number(text);
  }

  /** A JSON string's value. */
  string(): string {
    if (this.peek() !== 0x22) bail();
    const start = this.pos;
    const escaped = this.skipString();
    return this.stringAt(start + 1, escaped ? 1 - this.pos : this.pos - 1);
  }

  /**
   * The value of the string whose characters are at start .. end (its closing quote), passed over
   * already; `end` negated when the string holds an escape.
   */
  stringAt(start: number, end: number): string {
    const b = this.bytes;
    if (end < 0) return JSON.parse(decoder.decode(b.subarray(start - 1, 1 - end))) as string;
    // Short ASCII strings (file and class names) without a decoder call each.
    let text = '';
    for (let i = start; i < end; i++) {
      const c = b[i]!;
      if (c >= 0x80 || text.length > 64) return decoder.decode(b.subarray(start, end));
      text += String.fromCharCode(c);
    }
    return text;
  }

  /** Passes over a string (at its opening quote); true when it holds an escape. */
  private skipString(): boolean {
    const b = this.bytes;
    let p = this.pos + 1;
    let escaped = false;
    for (;;) {
      if (p >= b.length) bail();
      const c = b[p++]!;
      if (c === 0x22) break;
      if (c < 0x20) bail();
      if (c !== 0x5c) continue;
      escaped = true;
      const e = b[p++]!;
      if (e === 0x75) {
        for (let i = 0; i < 4; i++) {
          const h = b[p++]!;
          if (!(isDigit(h) || (h >= 0x41 && h <= 0x46) || (h >= 0x61 && h <= 0x66))) bail();
        }
      } else if (
        !(
          e === 0x22 ||
          e === 0x5c ||
          e === 0x2f ||
          e === 0x62 ||
          e === 0x66 ||
          e === 0x6e ||
          e === 0x72 ||
          e === 0x74
        )
      )
        bail();
    }
    this.pos = p;
    return escaped;
  }

  /** true, false or null: the value (null as null); anything else is not handled. */
  literal(): boolean | null {
    const c = this.peek();
    const b = this.bytes;
    const p = this.pos;
    if (c === 0x74 && b[p + 1] === 0x72 && b[p + 2] === 0x75 && b[p + 3] === 0x65) {
      this.pos += 4;
      return true;
    }
    if (c === 0x66 && b[p + 1] === 0x61 && b[p + 2] === 0x6c && b[p + 3] === 0x73 && b[p + 4] === 0x65) {
      this.pos += 5;
      return false;
    }
    if (c === 0x6e && b[p + 1] === 0x75 && b[p + 2] === 0x6c && b[p + 3] === 0x6c) {
      this.pos += 4;
      return null;
    }
    return bail();
  }

  /** Passes over any JSON value, checking its syntax (a loop with a stack of open containers). */
  skip(): void {
    const b = this.bytes;
    const stack = this.stack;
    let depth = 0;
    let p = this.pos;
    for (;;) {
      // A value starts at p (after whitespace).
      let c = b[p]!;
      while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++p]!;
      if (c === 0x22) p = this.passString(p);
      else if (c === 0x2d || isDigit(c)) p = passNumber(b, p);
      else if (c === 0x5b || c === 0x7b) {
        const close = c === 0x5b ? 0x5d : 0x7d;
        c = b[++p]!;
        while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++p]!;
        if (c === close) p++;
        else {
          if (depth === stack.length) bail();
          stack[depth++] = close;
          if (close === 0x7d) p = this.passKey(p);
          continue;
        }
      } else {
        this.pos = p;
        this.literal();
        p = this.pos;
      }
      // After a value: a comma (next element or member) or the close of its container.
      for (;;) {
        if (depth === 0) {
          this.pos = p;
          return;
        }
        c = b[p]!;
        while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++p]!;
        const close = stack[depth - 1]!;
        if (c === 0x2c) {
          p++;
          if (close === 0x7d) p = this.passKey(p);
          break;
        }
        if (c !== close) bail();
        p++;
        depth--;
      }
    }
  }

  private readonly stack = new Uint8Array(512);

  /** Passes over a member name and its colon from p (whitespace first); returns the position after. */
  private passKey(p: number): number {
    const b = this.bytes;
    let c = b[p]!;
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++p]!;
    if (c !== 0x22) bail();
    p = this.passString(p);
    c = b[p]!;
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++p]!;
    if (c !== 0x3a) bail();
    return p + 1;
  }

  private passString(p: number): number {
    this.pos = p;
    this.skipString();
    return this.pos;
  }

  /** Only whitespace is left. */
  end(): void {
    if (!Number.isNaN(this.peek())) bail();
  }
}

/** Passes over a number from p, checking its syntax (-?(0|[1-9]d*)(.d+)?([eE][+-]?d+)?). */
function passNumber(b: Uint8Array, p: number): number {
  if (b[p] === 0x2d) p++;
  if (b[p] === 0x30) p++;
  else if (isDigit(b[p]!)) while (isDigit(b[p]!)) p++;
  else bail();
  if (b[p] === 0x2e) {
    if (!isDigit(b[++p]!)) bail();
    while (isDigit(b[p]!)) p++;
  }
  const c = b[p];
  if (c === 0x65 || c === 0x45) {
    p++;
    if (b[p] === 0x2b || b[p] === 0x2d) p++;
    if (!isDigit(b[p]!)) bail();
    while (isDigit(b[p]!)) p++;
  }
  return p;
}

/** Member names as bytes, for `JsonBytes.key`. */
export function names(...list: string[]): Uint8Array[] {
  return list.map((name) => new TextEncoder().encode(name));
}
