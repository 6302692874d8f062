/**
 * A hand-assembled WebAssembly (SIMD) kernel for k-center greedy: lower each row's squared distance to
 * its nearest centre by a block of centres and return the row farthest from every centre. The module is
 * one function, written out below instruction by instruction (opcodes from the WebAssembly core and
 * fixed-width SIMD specifications); there is no build step and nothing is downloaded.
 *
 *   lower(data, centres, nCentres, minD, n, rowBytes) → best
 *     for p in 0..n:                      rows of `rowBytes` bytes (float32, padded to 8 lanes) at data
 *       m = minD[p]                       float64
 *       for c in 0..nCentres:             centres: nCentres rows of the same layout
 *         d = Σ (x − c)² in two f32x4 accumulators, lanes summed in float64
 *         if d < m: m = d
 *       minD[p] = m
 *       if m > far: far = m, best = p     (first row wins ties; taken rows hold −1 and never win)
 *     return best                         (−1 when no row has a distance ≥ 0)
 */

const I32 = 0x7f;
const F64 = 0x7c;
const V128 = 0x7b;

// params 0 data, 1 centres, 2 nCentres, 3 minD, 4 n, 5 rowBytes
const [DATA, CENTRES, NCENTRES, MIND, N, ROWBYTES] = [0, 1, 2, 3, 4, 5];
// locals: i32 6 p, 7 o, 8 j, 9 best, 10 mp, 11 cp, 12 cEnd; v128 13 acc0, 14 acc1, 15 tmp; f64 16 d, 17 m, 18 far
const [P, O, J, BEST, MP, CP, CEND, ACC0, ACC1, TMP, D, M, FAR] = [
  6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
];

const get = (i: number) => [0x20, i];
const set = (i: number) => [0x21, i];
const tee = (i: number) => [0x22, i];
const i32c = (v: number) => [0x41, ...sleb(v)];
const f64c = (v: number) => [0x44, ...new Uint8Array(Float64Array.of(v).buffer)];
const simd = (op: number, ...imm: number[]) => [0xfd, ...uleb(op), ...imm];
const v128load = (offset: number) => simd(0x00, 4, ...uleb(offset));
const v128zero = () => simd(0x0c, ...new Array(16).fill(0));
const f32x4 = { add: simd(0xe4), sub: simd(0xe5), mul: simd(0xe6), lane: (l: number) => simd(0x1f, l) };
const [I32_ADD, I32_GE_U, I32_LT_U, F64_LT, F64_GT, F64_ADD, F64_PROMOTE] = [
  0x6a, 0x4f, 0x49, 0x63, 0x64, 0xa0, 0xbb,
];
const [BLOCK, LOOP, IF, END, BR, BR_IF, EMPTY] = [0x02, 0x03, 0x04, 0x0b, 0x0c, 0x0d, 0x40];
const f64load = [0x2b, 3, 0];
const f64store = [0x39, 3, 0];

/** acc += (data[o + j + off] − centre[cp + j + off])² for one f32x4 lane group */
// biome-ignore format: one instruction group
const accumulate = (acc: number, off: number) => [
  ...get(O), ...get(J), I32_ADD, ...v128load(off),
  ...get(CP), ...get(J), I32_ADD, ...v128load(off),
  ...f32x4.sub, ...tee(TMP), ...get(TMP), ...f32x4.mul, ...get(acc), ...f32x4.add, ...set(acc),
];

// biome-ignore format: one instruction group
const laneSum = () => [
  ...get(ACC0), ...get(ACC1), ...f32x4.add, ...tee(TMP), ...f32x4.lane(0), F64_PROMOTE,
  ...get(TMP), ...f32x4.lane(1), F64_PROMOTE, F64_ADD,
  ...get(TMP), ...f32x4.lane(2), F64_PROMOTE, F64_ADD,
  ...get(TMP), ...f32x4.lane(3), F64_PROMOTE, F64_ADD,
];

// biome-ignore format: the instruction listing reads best one statement a line
const body = [
  ...f64c(-1), ...set(FAR), ...i32c(-1), ...set(BEST),
  ...get(DATA), ...set(O), ...get(MIND), ...set(MP),
  ...get(CENTRES), ...get(NCENTRES), ...get(ROWBYTES), 0x6c /* i32.mul */, I32_ADD, ...set(CEND),
  BLOCK, EMPTY, LOOP, EMPTY,                                        // rows
    ...get(P), ...get(N), I32_GE_U, BR_IF, 1,
    ...get(MP), ...f64load, ...set(M),
    ...get(CENTRES), ...set(CP),
    BLOCK, EMPTY, LOOP, EMPTY,                                      // centres
      ...get(CP), ...get(CEND), I32_GE_U, BR_IF, 1,
      ...v128zero(), ...set(ACC0), ...v128zero(), ...set(ACC1), ...i32c(0), ...set(J),
      LOOP, EMPTY,                                                  // 8 floats at a time
        ...accumulate(ACC0, 0), ...accumulate(ACC1, 16),
        ...get(J), ...i32c(32), I32_ADD, ...tee(J), ...get(ROWBYTES), I32_LT_U, BR_IF, 0,
      END,
      ...laneSum(), ...tee(D), ...get(M), F64_LT,
      IF, EMPTY, ...get(D), ...set(M), END,
      ...get(CP), ...get(ROWBYTES), I32_ADD, ...set(CP),
      BR, 0,
    END, END,
    ...get(MP), ...get(M), ...f64store,
    ...get(M), ...get(FAR), F64_GT,
    IF, EMPTY, ...get(M), ...set(FAR), ...get(P), ...set(BEST), END,
    ...get(P), ...i32c(1), I32_ADD, ...set(P),
    ...get(O), ...get(ROWBYTES), I32_ADD, ...set(O),
    ...get(MP), ...i32c(8), I32_ADD, ...set(MP),
    BR, 0,
  END, END,
  ...get(BEST), END,
];

function uleb(v: number): number[] {
  const out: number[] = [];
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
}

function sleb(v: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && !(b & 0x40)) || (v === -1 && b & 0x40)) return [...out, b];
    out.push(b | 0x80);
  }
}

const str = (s: string) => [s.length, ...new TextEncoder().encode(s)];
const section = (id: number, content: number[]) => [id, ...uleb(content.length), ...content];

function moduleBytes(): Uint8Array {
  const locals = [3, 7, I32, 3, V128, 3, F64];
  const code = [...locals, ...body];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, 6, I32, I32, I32, I32, I32, I32, 1, I32]), // type: (i32 ×6) → i32
    ...section(2, [1, ...str('env'), ...str('mem'), 0x02, 0x00, 0x01]), // import memory, min 1 page
    ...section(3, [1, 0]), // one function of type 0
    ...section(7, [1, ...str('lower'), 0x00, 0]), // export it as "lower"
    ...section(10, [1, ...uleb(code.length), ...code]),
  ]);
}

export type LowerFn = (
  data: number,
  centres: number,
  nCentres: number,
  minD: number,
  n: number,
  rowBytes: number,
) => number;

// The project's TypeScript libs (ES2023 + @types/node 20) do not declare WebAssembly; the part used here:
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
declare const WebAssembly: {
  Memory: new (d: { initial: number; maximum: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
};

let compiled: object | null | undefined;

/**
 * The kernel over a fresh memory of `bytes` bytes, or null where WebAssembly SIMD is not available or
 * the engine refuses a memory that large (4 GiB at most).
 */
export function minDistanceWasm(bytes: number): { lower: LowerFn; buffer: ArrayBuffer } | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(moduleBytes());
    } catch {
      compiled = null;
    }
  }
  if (!compiled) return null;
  const pages = Math.ceil(bytes / 65536);
  let memory: WasmMemory;
  try {
    memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  } catch {
    return null;
  }
  const instance = new WebAssembly.Instance(compiled, { env: { mem: memory } });
  return { lower: instance.exports.lower as LowerFn, buffer: memory.buffer };
}
