// `v.toFixed(6)` (YOLO's normalised coordinates and scores) from integers, without the engine's exact
// decimal conversion: several times faster per value, and the same text. toFixed rounds the double's exact
// value to 6 decimals, half away from zero (ECMA-262 Number.prototype.toFixed: "if there are two such n,
// pick the larger n"); here v × 10^6 is computed exactly as a sum of two doubles (Dekker's product: 10^6 has
// 20 significant bits, so each half of v's split times 10^6 is exact), so floor and the rounding decision
// are exact too. Non-negative values below 2^31 / 10^6 only (normalised coordinates are in [0, 1]); any
// other value is left to toFixed.

const SCALE = 1e6;
/** 2^27 + 1: splits a double into two halves of 26 bits (Veltkamp). */
const SPLITTER = 134217729;
/** Above this, n = v × 10^6 may not fit the integer arithmetic below. */
const LIMIT = 2 ** 31 / SCALE;

/**
 * The integer n of v.toFixed(6) (the text is n / 10^6 with six decimals), or -1 when v is outside the fast
 * range (negative, NaN, too large).
 */
export function fixed6Units(v: number): number {
  if (!(v >= 0 && v < LIMIT)) return -1;
  const p = v * SCALE;
  // The rounding error of p: v × 10^6 = p + e exactly.
  const c = SPLITTER * v;
  const hi = c - (c - v);
  const lo = v - hi;
  const e = hi * SCALE - p + lo * SCALE;
  let n = Math.floor(p);
  // p rounded up onto an integer: the exact product is just below it.
  if (p === n && e < 0) n--;
  // The exact fraction (p - n) + e against one half: p - n is exact, and so is (p - n) - 0.5 where it
  // could be close to the half; the sign of t + e is the sign of the exact sum.
  const t = p - n - 0.5 + e;
  return t >= 0 ? n + 1 : n;
}

const PADS = ['', '0', '00', '000', '0000', '00000'];

/** Exactly `v.toFixed(6)`. */
export function fixed6(v: number): string {
  const n = fixed6Units(v);
  if (n < 0) return v.toFixed(6);
  const whole = Math.floor(n / SCALE);
  const frac = n - whole * SCALE;
  const digits = `${frac}`;
  return `${whole}.${PADS[6 - digits.length] ?? ''}${digits}`;
}
