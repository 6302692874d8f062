/**
 * A finite number as JSON.stringify (and String) writes it, faster for the common case of annotation
 * files: a non-negative value with at most two decimals (COCO's pixel coordinates, 123.45), built from
 * two small integers; any other value is left to String. Exact: when `round(v × 100) / 100 === v`, the
 * two-decimal text (trailing zeros dropped) is the double's shortest round-trip text, which String gives
 * (two decimal texts 0.01 apart cannot name the same double below 1e13).
 */
export function jsonNumber(v: number): string {
  const r = Math.round(v * 100);
  if (r / 100 === v && r >= 0 && r < 1e15) {
    const whole = Math.floor(r / 100);
    const f = r - whole * 100;
    if (f === 0) return `${whole}`;
    if (f % 10 === 0) return `${whole}.${f / 10}`;
    return f < 10 ? `${whole}.0${f}` : `${whole}.${f}`;
  }
  return Number.isFinite(v) ? `${v}` : 'null';
}
