/** Group id per item from pairs that must stay together (union-find); items in no pair get -1. */
export function groupsFromPairs(n: number, pairs: Iterable<readonly [number, number]>): Int32Array {
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const paired = new Uint8Array(n);
  for (const [a, b] of pairs) {
    paired[a] = 1;
    paired[b] = 1;
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = paired[i] ? find(i) : -1;
  return out;
}

/** Group id per item from a key (metadata value, folder); items without a key get -1. */
export function groupsFromKeys(keys: readonly (string | undefined)[]): Int32Array {
  const ids = new Map<string, number>();
  return Int32Array.from(keys, (k) => {
    if (k === undefined) return -1;
    let id = ids.get(k);
    if (id === undefined) {
      id = ids.size;
      ids.set(k, id);
    }
    return id;
  });
}

/** Merges two groupings: items together in either stay together. */
export function mergeGroups(a: Int32Array, b: Int32Array): Int32Array {
  const pairs: [number, number][] = [];
  for (const g of [a, b]) {
    const first = new Map<number, number>();
    for (let i = 0; i < g.length; i++) {
      if (g[i]! < 0) continue;
      const f = first.get(g[i]!);
      if (f === undefined) first.set(g[i]!, i);
      else pairs.push([f, i]);
    }
  }
  return groupsFromPairs(a.length, pairs);
}
