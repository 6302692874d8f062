import { fixed6Units } from './yolo/fixed6.js';

// Text written as UTF-8 bytes into one growable buffer, numbers formatted digit by digit: an export's
// millions of numbers without a string (and its garbage) each. Every writer here gives the same text as the
// string it replaces (String / JSON.stringify for jsonNumber, toFixed(6) for fixed6).

const DOT = 46;
const ZERO = 48;
const encoder = new TextEncoder();

/** A growable byte buffer of text; `bytes()` is a view of what was written (valid until the next write). */
export class TextBytes {
  private buf: Uint8Array;
  length = 0;

  constructor(capacity = 1 << 16) {
    this.buf = new Uint8Array(capacity);
  }

  /** What was written so far (a view: copy it before writing on if it must outlive the next write). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }

  clear(): void {
    this.length = 0;
  }

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buf.subarray(0, this.length));
    this.buf = grown;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.length++] = b;
  }

  /** Bytes made once (constant text: keys, punctuation). */
  raw(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  /** Any text (UTF-8). */
  text(s: string): void {
    this.room(s.length * 3);
    this.length += encoder.encodeInto(s, this.buf.subarray(this.length)).written;
  }

  /** A non-negative safe integer in decimal (as String gives it). */
  uint(n: number): void {
    if (n < 10) {
      this.byte(ZERO + n);
      return;
    }
    this.room(16);
    const b = this.buf;
    if (n < 2147483648) {
      // 32-bit integer arithmetic (issue 12: the common case, counted without a division per digit).
      const digits =
        n < 100
          ? 2
          : n < 1e3
            ? 3
            : n < 1e4
              ? 4
              : n < 1e5
                ? 5
                : n < 1e6
                  ? 6
                  : n < 1e7
                    ? 7
                    : n < 1e8
                      ? 8
                      : n < 1e9
                        ? 9
                        : 10;
      const end = this.length + digits;
      let at = end;
      let m = n | 0;
      do {
        const q = (m / 10) | 0;
        b[--at] = ZERO + m - q * 10;
        m = q;
      } while (m > 0);
      this.length = end;
      return;
    }
    let digits = 1;
    for (let m = n; m >= 10; m = Math.floor(m / 10)) digits++;
    const end = this.length + digits;
    let at = end;
    let m = n;
    do {
      const q = Math.floor(m / 10);
      b[--at] = ZERO + (m - q * 10);
      m = q;
    } while (m > 0);
    this.length = end;
  }

  /** An integer as String gives it (a safe integer fast, anything else through String). */
  int(n: number): void {
    if (n >= 0 && Number.isSafeInteger(n)) this.uint(n);
    else this.text(`${n}`);
  }

  /**
   * A finite number as JSON.stringify writes it (jsonNumber, json-number.ts): non-negative values of at most
   * two decimals from two integers, anything else through String; not finite: `null`.
   */
  jsonNumber(v: number): void {
    const r = Math.round(v * 100);
    if (r / 100 === v && r >= 0 && r < 1e15) {
      const whole = Math.floor(r / 100);
      const f = r - whole * 100;
      this.uint(whole);
      if (f === 0) return;
      this.room(3);
      const b = this.buf;
      b[this.length++] = DOT;
      const tens = Math.floor(f / 10);
      const units = f - tens * 10;
      b[this.length++] = ZERO + tens;
      if (units !== 0) b[this.length++] = ZERO + units;
      return;
    }
    this.text(Number.isFinite(v) ? `${v}` : 'null');
  }

  /** Exactly `v.toFixed(6)` (fixed6.ts). */
  fixed6(v: number): void {
    const n = fixed6Units(v);
    if (n < 0) {
      this.text(v.toFixed(6));
      return;
    }
    // n < 2^31 (fixed6Units): 32-bit integer arithmetic, no division per digit (issue 12, export3).
    const whole = (n / 1e6) | 0;
    let frac = n - whole * 1e6;
    this.room(18);
    const b = this.buf;
    let at = this.length;
    if (whole < 10) b[at++] = ZERO + whole;
    else {
      this.uint(whole);
      at = this.length;
    }
    b[at] = DOT;
    for (let k = 6; k >= 1; k--) {
      const q = (frac / 10) | 0;
      b[at + k] = ZERO + frac - q * 10;
      frac = q;
    }
    this.length = at + 7;
  }
}

/** Constant text as bytes, for TextBytes.raw. */
export const ascii = (s: string): Uint8Array => encoder.encode(s);
