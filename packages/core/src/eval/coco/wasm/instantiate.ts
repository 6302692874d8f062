/**
 * The WebAssembly kernels of the COCO evaluation (match-groups.wat, curves.wat, …; assembled by
 * scripts/build-wasm.mjs into base64 modules): each is compiled once per process (Liftoff compiles
 * its few kilobytes at once, with no tier-up to wait for) and instantiated on a memory it imports
 * ("env" "memory") from the process's pool of kernel memories. A kernel whose arrays are no longer
 * read gives its memory back (`release`), and the next kernel runs on it: pages already touched
 * cost no page faults again, and fewer memories keep V8's external-memory accounting (each memory
 * counts in full) below the limit that forces full garbage collections. The JS kernels beside them
 * stay for evaluations too large for a kernel's memory, and to check the kernels against
 * (wasm-kernels.test.ts).
 */

// The project's TypeScript libs (ES2023 + @types/node 20) do not declare WebAssembly; the part used here:
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
};

/**
 * A kernel's memory is at most this many bytes (det5000's matcher, 60k detections: ~24 MiB): larger
 * evaluations use the JS kernels, whose warm-up is amortised over their size, and a batch of a large
 * evaluation holds at most this much beside its own arrays.
 */
export const KERNEL_MEMORY_LIMIT = 64 * 2 ** 20;

/** The pool keeps at most this many bytes of memories no kernel holds (the smallest go first). */
const POOL_LIMIT = KERNEL_MEMORY_LIMIT;

const PAGE = 65536;

let enabled = true;

/** Whether evaluations use the WebAssembly kernels (tests turn them off to compare with the JS ones). */
export function useWasmKernels(on?: boolean): boolean {
  if (on !== undefined) enabled = on;
  return enabled;
}

const compiled = new Map<string, object>();

function compile(base64: string): object {
  let module = compiled.get(base64);
  if (module === undefined) {
    const text = atob(base64);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    module = new WebAssembly.Module(bytes);
    compiled.set(base64, module);
  }
  return module;
}

/** Byte offsets of named arrays laid out one after another, each at a multiple of 8. */
export function layOut(sizes: [string, number][]): { at: Record<string, number>; total: number } {
  const at: Record<string, number> = {};
  let total = 0;
  for (const [name, bytes] of sizes) {
    at[name] = total;
    total += Math.ceil(bytes / 8) * 8;
  }
  return { at, total };
}

/** A memory of the pool, the instances made on it (by module), and how far its users wrote. */
interface PooledMemory {
  readonly memory: WasmMemory;
  readonly instances: Map<string, Record<string, unknown>>;
  /** Bytes from 0 that a user may have written (its request); beyond them the memory is all zeros. */
  dirty: number;
}

/** Memories no kernel holds. */
const idle: PooledMemory[] = [];

/** An instance of a kernel on a memory of the pool, while held. */
export interface Kernel<E> {
  readonly exports: E;
  /** The memory's buffer (at least the bytes asked for; views of it are valid until `release`). */
  readonly buffer: ArrayBuffer;
  /**
   * Gives the memory back to the pool: the next kernel may write over it, so nothing may read a view
   * of `buffer` afterwards. A kernel never released is collected with its views, as any memory.
   */
  release(): void;
}

/** The idle memory that fits `bytes` best: the smallest large enough, else the largest. */
function takeIdle(bytes: number): PooledMemory | undefined {
  let best = -1;
  for (let i = 0; i < idle.length; i++) {
    const size = idle[i]!.memory.buffer.byteLength;
    const bestSize = best < 0 ? -1 : idle[best]!.memory.buffer.byteLength;
    // once one fits, only a smaller one that fits is better; until then, any larger one
    if (best < 0 || (bestSize >= bytes ? size >= bytes && size < bestSize : size > bestSize)) best = i;
  }
  return best < 0 ? undefined : idle.splice(best, 1)[0];
}

/**
 * An instance of the module on a memory of at least `bytes` from the pool (an idle one, grown when
 * needed, else a new one). `zeroed` (the default): the bytes asked for read as zeros, as in a fresh
 * memory; a kernel that writes everything it reads may pass false.
 */
export function instantiate<E>(base64: string, bytes: number, zeroed = true): Kernel<E> {
  const pooled = take(bytes, zeroed);
  let exports = pooled.instances.get(base64);
  if (exports === undefined) {
    exports = new WebAssembly.Instance(compile(base64), { env: { memory: pooled.memory } }).exports;
    pooled.instances.set(base64, exports);
  }
  return { exports: exports as E, ...held(pooled) };
}

/**
 * A memory of the pool as plain storage of at least `bytes` (not zeroed: the caller writes what it
 * reads), until `release`; undefined when the kernels are off or `bytes` is over KERNEL_MEMORY_LIMIT.
 */
export function holdMemory(bytes: number): Omit<Kernel<never>, 'exports'> | undefined {
  if (!enabled || bytes > KERNEL_MEMORY_LIMIT) return undefined;
  return held(take(bytes, false));
}

/** An idle memory of the pool that fits `bytes` best, or a new one; grown to `bytes`, zeroed if asked. */
function take(bytes: number, zeroed: boolean): PooledMemory {
  const pooled = takeIdle(bytes) ?? {
    memory: new WebAssembly.Memory({ initial: 1 }),
    instances: new Map(),
    dirty: 0,
  };
  const { memory } = pooled;
  const pages = Math.ceil(bytes / PAGE) - memory.buffer.byteLength / PAGE;
  if (pages > 0) memory.grow(pages);
  if (zeroed && pooled.dirty > 0) new Uint8Array(memory.buffer, 0, Math.min(pooled.dirty, bytes)).fill(0);
  pooled.dirty = Math.max(pooled.dirty, bytes);
  return pooled;
}

function held(pooled: PooledMemory): { buffer: ArrayBuffer; release(): void } {
  let holding = true;
  return {
    buffer: pooled.memory.buffer,
    release: () => {
      if (!holding) return;
      holding = false;
      giveBack(pooled);
    },
  };
}

function giveBack(pooled: PooledMemory): void {
  idle.push(pooled);
  let total = 0;
  for (const p of idle) total += p.memory.buffer.byteLength;
  while (total > POOL_LIMIT) {
    let smallest = 0;
    for (let i = 1; i < idle.length; i++)
      if (idle[i]!.memory.buffer.byteLength < idle[smallest]!.memory.buffer.byteLength) smallest = i;
    total -= idle.splice(smallest, 1)[0]!.memory.buffer.byteLength;
  }
}

/** The pool's idle memories' sizes in bytes (tests). */
export function idleKernelMemories(): number[] {
  return idle.map((p) => p.memory.buffer.byteLength);
}

/** Lets go of the pool's idle memories (tests: the next kernels start on new memories). */
export function dropIdleKernelMemories(): void {
  idle.length = 0;
}

/**
 * A kernel called many times on arrays copied in and out: each call `hold`s a memory of the pool
 * with at least `bytes`, takes views after it, copies its results out, and releases it.
 */
export class ProcessKernel<E> {
  constructor(private readonly base64: string) {}

  /** The exports on a memory of at least `bytes` (not zeroed), until `release`. */
  hold(bytes: number): Kernel<E> {
    return instantiate<E>(this.base64, bytes, false);
  }
}
