/**
 * The WebAssembly kernels of the COCO evaluation (match-groups.wat, curves.wat; assembled by
 * scripts/build-wasm.mjs into base64 modules): each is compiled once per process (Liftoff compiles
 * its few kilobytes at once, with no tier-up to wait for) and instantiated per evaluation with a
 * memory of its own. The JS kernels beside them stay for evaluations too large for a kernel's memory,
 * and to check the kernels against (wasm-kernels.test.ts).
 */

// The project's TypeScript libs (ES2023 + @types/node 20) do not declare WebAssembly; the part used here:
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
};

/**
 * A kernel's memory is at most this many bytes (det5000's matcher, 60k detections: ~24 MiB): larger
 * evaluations use the JS kernels, whose warm-up is amortised over their size, and a batch of a large
 * evaluation holds at most this much beside its own arrays.
 */
export const KERNEL_MEMORY_LIMIT = 64 * 2 ** 20;

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

/** An instance of the module with a memory of at least `bytes` (its `memory` export, grown once). */
export function instantiate<E>(base64: string, bytes: number): { exports: E; buffer: ArrayBuffer } {
  const instance = new WebAssembly.Instance(compile(base64), {});
  const memory = instance.exports.memory as WasmMemory;
  const pages = Math.ceil(bytes / 65536) - memory.buffer.byteLength / 65536;
  if (pages > 0) memory.grow(pages);
  return { exports: instance.exports as E, buffer: memory.buffer };
}

/**
 * One instance of a module kept for the process, its memory grown to what the largest call so far
 * needed (for kernels called many times on arrays copied in and out: take views after `reserve`).
 */
export class ProcessKernel<E> {
  private instance: { exports: E; memory: WasmMemory } | undefined;

  constructor(private readonly base64: string) {}

  /** The exports, with a memory of at least `bytes`, and that memory's buffer. */
  reserve(bytes: number): { exports: E; buffer: ArrayBuffer } {
    if (this.instance === undefined) {
      const { exports } = instantiate<E>(this.base64, bytes);
      this.instance = { exports, memory: (exports as { memory: WasmMemory }).memory };
    }
    const { exports, memory } = this.instance;
    const pages = Math.ceil(bytes / 65536) - memory.buffer.byteLength / 65536;
    if (pages > 0) memory.grow(pages);
    return { exports, buffer: memory.buffer };
  }
}
