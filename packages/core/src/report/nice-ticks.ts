/**
 * "Nice" axis ticks (1, 2, 2.5, 5 × 10^k steps) covering [min, max], about `count` of them. The returned
 * domain starts and ends on a tick, so bars and gridlines line up.
 */
export function niceTicks(min: number, max: number, count = 5): { ticks: number[]; lo: number; hi: number } {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { ticks: [0, 1], lo: 0, hi: 1 };
  if (max < min) [min, max] = [max, min];
  if (max === min) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.5;
    min -= min === 0 ? 0 : pad;
    max += pad;
  }
  const raw = (max - min) / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  const lo = Math.floor(min / step + 1e-9) * step;
  const hi = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = lo; v <= hi + step * 1e-6; v += step) ticks.push(Number(v.toPrecision(12)));
  return { ticks, lo, hi };
}

/** Ticks at powers of ten (and 2, 5 between when the range is short) for a log axis over [min, max] > 0. */
export function logTicks(min: number, max: number): { ticks: number[]; lo: number; hi: number } {
  const lo = 10 ** Math.floor(Math.log10(min));
  const hi = 10 ** Math.ceil(Math.log10(max));
  const decades = Math.round(Math.log10(hi / lo));
  const ticks: number[] = [];
  for (let d = 0; d <= decades; d++) {
    const base = lo * 10 ** d;
    ticks.push(Number(base.toPrecision(12)));
    if (decades <= 2 && d < decades)
      ticks.push(Number((base * 2).toPrecision(12)), Number((base * 5).toPrecision(12)));
  }
  return { ticks: ticks.sort((a, b) => a - b), lo, hi };
}
