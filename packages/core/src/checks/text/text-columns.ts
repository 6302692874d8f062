/** Growable typed columns and a 64-bit-hash index for the text checks (text-checker.ts). */

type Typed = Int32Array | Uint32Array | Uint8Array | Float64Array | Uint16Array;

/** `a` with room for `size` items (the same array when it has it; else a copy twice as large). */
export function grown<T extends Typed>(a: T, size: number): T {
  if (size <= a.length) return a;
  const out = new (a.constructor as new (n: number) => T)(Math.max(size, 2 * a.length));
  out.set(a as never);
  return out;
}

/** Two 32-bit FNV-1a style hashes of a string's UTF-16 units (a 64-bit digest, written to `out`). */
export function hashText(text: string, out: Uint32Array): void {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 13;
  }
  out[0] = h1 >>> 0;
  out[1] = (h2 ^ text.length) >>> 0;
}

/**
 * Distinct 64-bit digests (two uint32), each given the index of its first appearance: open addressing
 * over typed arrays, so a million texts cost a few typed arrays, not a Map of strings.
 */
export class DigestIndex {
  size = 0;
  private hi = new Uint32Array(0);
  private lo = new Uint32Array(0);
  private slots = new Int32Array(1024).fill(-1);

  /** The digest's index, added (as `size`, then size grows) when new; `added` says which. */
  indexOf(h: number, l: number): { index: number; added: boolean } {
    if (2 * (this.size + 1) > this.slots.length) this.rehash(2 * this.slots.length);
    const mask = this.slots.length - 1;
    let slot = (Math.imul(h, 0x9e3779b1) ^ l) & mask;
    for (;;) {
      const at = this.slots[slot]!;
      if (at < 0) break;
      if (this.hi[at] === h && this.lo[at] === l) return { index: at, added: false };
      slot = (slot + 1) & mask;
    }
    const index = this.size++;
    this.hi = grown(this.hi, this.size);
    this.lo = grown(this.lo, this.size);
    this.hi[index] = h;
    this.lo[index] = l;
    this.slots[slot] = index;
    return { index, added: true };
  }

  private rehash(capacity: number): void {
    this.slots = new Int32Array(capacity).fill(-1);
    const mask = capacity - 1;
    for (let i = 0; i < this.size; i++) {
      let slot = (Math.imul(this.hi[i]!, 0x9e3779b1) ^ this.lo[i]!) & mask;
      while (this.slots[slot]! >= 0) slot = (slot + 1) & mask;
      this.slots[slot] = i;
    }
  }
}

/** Small sets of strings (labels, splits, languages) as dense ids. */
export class StringIds {
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();

  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }
}

/** JavaScript's `\s` (WhiteSpace and LineTerminator), as char codes. */
export function isSpace(c: number): boolean {
  return (
    (c >= 9 && c <= 13) ||
    c === 32 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Code points of a string (`[...text].length` without the array). */
export function codePoints(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** Whitespace-separated tokens of a string (`text.split(/\s+/u).filter(w => w !== '').length`). */
export function tokenCount(text: string): number {
  let n = 0;
  let inToken = false;
  for (let i = 0; i < text.length; i++) {
    const space = isSpace(text.charCodeAt(i));
    if (!space && !inToken) n++;
    inToken = !space;
  }
  return n;
}
