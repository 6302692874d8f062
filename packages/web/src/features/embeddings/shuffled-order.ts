/** A seeded shuffle of 0..n-1 (mulberry32 + Fisher–Yates): the buffers' draw order. */
export function shuffledOrder(n: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let a = 0x9e3779b9;
  for (let i = n - 1; i > 0; i--) {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    const j = ((t ^ (t >>> 14)) >>> 0) % (i + 1);
    const k = order[i]!;
    order[i] = order[j]!;
    order[j] = k;
  }
  return order;
}
