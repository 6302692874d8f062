/**
 * Union or intersection of RLE masks of one size, run for run as pycocotools' C `rleMerge`
 * (maskApi.c): the output runs are the ones the reference emits, so areas, boxes and encoded
 * strings match too. Inputs are run-length arrays (column-major, first run counts 0s).
 */

function mergeTwo(a: Uint32Array, b: Uint32Array, intersect: boolean, out: Uint32Array): number {
  let ca = a[0] ?? 0;
  let cb = b[0] ?? 0;
  let v = false;
  let va = false;
  let vb = false;
  let m = 0;
  let ia = 1;
  let ib = 1;
  let cc = 0;
  let ct = 1;
  while (ct > 0) {
    const c = Math.min(ca, cb);
    cc += c;
    ct = 0;
    ca -= c;
    if (!ca && ia < a.length) {
      ca = a[ia++]!;
      va = !va;
    }
    ct += ca;
    cb -= c;
    if (!cb && ib < b.length) {
      cb = b[ib++]!;
      vb = !vb;
    }
    ct += cb;
    const vp: boolean = v;
    v = intersect ? va && vb : va || vb;
    if (v !== vp || ct === 0) {
      out[m++] = cc;
      cc = 0;
    }
  }
  return m;
}

/**
 * Merges masks of one size: the union, or the intersection when `intersect` (the size does not
 * change the runs; it is the caller's to check that all masks share it).
 */
export function rleMerge(masks: readonly Uint32Array[], intersect = false): Uint32Array {
  const first = masks[0];
  if (first === undefined) return new Uint32Array(0);
  let acc = first.slice();
  for (let i = 1; i < masks.length; i++) {
    const next = masks[i]!;
    // Every output boundary is a boundary of one input: la + lb + 1 runs at most.
    const out = new Uint32Array(acc.length + next.length + 1);
    const m = mergeTwo(acc, next, intersect, out);
    acc = out.slice(0, m);
  }
  return acc;
}
