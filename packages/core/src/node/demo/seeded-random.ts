/**
 * A small seeded pseudo-random generator (sfc32 seeded through splitmix32), so the demo dataset is
 * reproducible: the same seed always gives the same stream. Never Math.random.
 */
export interface SeededRandom {
  /** A float in [0, 1). */
  next(): number;
  /**
   * `out.length` floats in [0, 1): the same as as many next() calls, in a loop that keeps the state in
   * local variables (~3 times faster than next() per value; the demo's grain draws one per pixel).
   */
  fill(out: Float64Array): void;
  /** A float in [min, max). */
  range(min: number, max: number): number;
  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** A standard normal sample (Box-Muller). */
  normal(): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** A shuffled copy of `items` (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** An independent stream derived from this seed and a label, so consumers do not shift each other. */
  fork(label: string | number): SeededRandom;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function hashLabel(seed: number, label: string | number): number {
  const text = `${label}`;
  let h = (seed ^ 0x811c9dc5) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Creates a generator from an integer seed (any 32-bit value). */
export function createSeededRandom(seed: number): SeededRandom {
  const init = splitmix32(seed);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const nextUint = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) nextUint();
  const next = (): number => nextUint() / 4294967296;
  const fill = (out: Float64Array): void => {
    // nextUint's steps on local copies of the state (a closure's state lives boxed between calls)
    let a1 = a;
    let b1 = b;
    let c1 = c;
    let d1 = d;
    for (let i = 0; i < out.length; i++) {
      const t = (((a1 + b1) >>> 0) + d1) >>> 0;
      d1 = (d1 + 1) >>> 0;
      a1 = b1 ^ (b1 >>> 9);
      b1 = (c1 + (c1 << 3)) >>> 0;
      c1 = ((c1 << 21) | (c1 >>> 11)) >>> 0;
      c1 = (c1 + t) >>> 0;
      out[i] = t / 4294967296;
    }
    a = a1;
    b = b1;
    c = c1;
    d = d1;
  };
  const random: SeededRandom = {
    next,
    fill,
    range: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    normal: () => {
      const u = 1 - next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick() needs a non-empty list');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    shuffle: (items) => {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    },
    fork: (label) => createSeededRandom(hashLabel(seed, label)),
  };
  return random;
}
