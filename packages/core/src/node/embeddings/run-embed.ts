import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { VectorEncoding } from '../../embeddings/vector-codec.js';
import { mediaRefusal, realRoot } from '../media-path.js';
import { type OpenEmbedderOptions, openImageEmbedder } from '../models/image-embedder.js';
import type { Project } from '../project.js';
import { deleteEmbeddingModel, samplesWithoutEmbeddings, storeEmbeddings } from './embedding-store.js';

export interface RunEmbedOptions extends OpenEmbedderOptions {
  /** Built-in name (mobilenet, classic) or a model path; default mobilenet. */
  model?: string;
  /** Images per inference batch (default 16). */
  batch?: number;
  /** Drop the model's stored vectors first and embed every sample again. */
  replace?: boolean;
  /** How a new model's vectors are stored: float16 (default) or int8 (half the size, cosine within ~1e-2). */
  encoding?: VectorEncoding;
  signal?: AbortSignal;
  onProgress?: (progress: { done: number; total: number; failed: number }) => void;
}

export interface RunEmbedSummary {
  runId: number;
  model: string;
  dim: number;
  /** Image samples in the project, those that had a vector already, embedded now, and failed. */
  samples: number;
  skipped: number;
  embedded: number;
  failed: number;
  /** A few failures: sample path and reason. */
  failures: { path: string; reason: string }[];
  elapsedMs: number;
  interrupted: boolean;
}

/**
 * Embeds the project's image samples that have no vector of the model yet (every one with `replace`),
 * batch by batch, each batch stored in its own transaction: an interrupted run keeps what it finished
 * and the next run goes on from there. Two batches are in flight, so decoding the next overlaps the
 * inference of the current one. Files are read only inside their images root (media-path.ts).
 */
export async function runEmbed(project: Project, options: RunEmbedOptions = {}): Promise<RunEmbedSummary> {
  const started = Date.now();
  const { store } = project;
  const embedder = await openImageEmbedder(options.model, options);
  const model = embedder.name;
  const runId = await store.startRun('embed', {
    model,
    spec: embedder.spec,
    batch: options.batch ?? 16,
    replace: options.replace ?? false,
  });
  const failures: { path: string; reason: string }[] = [];
  let embedded = 0;
  let failed = 0;
  let interrupted = false;
  try {
    if (options.replace) await deleteEmbeddingModel(project, model);
    const images = (await store.listSamples()).filter((s) => s.kind !== 'text');
    const todo = new Set(await samplesWithoutEmbeddings(project, model));
    const targets = images.filter((s) => todo.has(s.id));
    const roots = new Map<string, string>();
    const rootOf = (root: string): string => {
      let real = roots.get(root);
      if (real === undefined) roots.set(root, (real = realRoot(project.resolveRoot(root))));
      return real;
    };
    const size = Math.max(1, options.batch ?? 16);
    const total = targets.length;
    let done = 0;
    const fail = (path: string, reason: string) => {
      failed++;
      if (failures.length < 20) failures.push({ path, reason });
    };
    const embedBatch = async (batch: typeof targets) => {
      const bytes: Uint8Array[] = [];
      const readable: typeof targets = [];
      for (const s of batch) {
        const path = join(project.resolveRoot(s.root), s.key);
        try {
          const refusal = mediaRefusal(path, [rootOf(s.root)]);
          if (refusal) {
            fail(s.key, refusal.reason);
            continue;
          }
          bytes.push(await readFile(path));
          readable.push(s);
        } catch (error) {
          fail(
            s.key,
            (error as NodeJS.ErrnoException).code === 'ENOENT'
              ? 'does not exist'
              : String((error as Error).message),
          );
        }
      }
      const result = await embedder.embed(bytes);
      return { readable, result };
    };
    const startBatch = (from: number) => {
      if (from >= targets.length || options.signal?.aborted) return undefined;
      const promise = embedBatch(targets.slice(from, from + size));
      promise.catch(() => undefined); // awaited below; this only keeps a failure from being "unhandled" meanwhile
      return promise;
    };
    let at = 0;
    let inFlight = startBatch(at);
    while (inFlight) {
      at += size;
      const next = startBatch(at);
      const { readable, result } = await inFlight;
      const ids: number[] = [];
      const keep: number[] = [];
      for (const [i, s] of readable.entries()) {
        const reason = result.errors[i];
        if (reason === undefined) {
          ids.push(s.id);
          keep.push(i);
        } else fail(s.key, reason);
      }
      const dim = embedder.dim;
      const data = new Float32Array(ids.length * dim);
      for (const [row, i] of keep.entries())
        data.set(result.vectors.subarray(i * dim, (i + 1) * dim), row * dim);
      if (ids.length > 0)
        await storeEmbeddings(
          project,
          { model, dim, spec: embedder.spec, ...(options.encoding ? { encoding: options.encoding } : {}) },
          ids,
          data,
        );
      embedded += ids.length;
      done = embedded + failed;
      options.onProgress?.({ done, total, failed });
      inFlight = next;
    }
    interrupted = options.signal?.aborted === true && done < total;
    const summary: RunEmbedSummary = {
      runId,
      model,
      dim: embedder.dim,
      samples: images.length,
      skipped: images.length - targets.length,
      embedded,
      failed,
      failures,
      elapsedMs: Date.now() - started,
      interrupted,
    };
    await store.finishRun(
      runId,
      interrupted ? 'interrupted' : 'ok',
      { ...summary, failures: failures.length },
      embedded,
    );
    return summary;
  } catch (error) {
    await store
      .finishRun(runId, 'failed', { error: String((error as Error).message) })
      .catch(() => undefined);
    throw error;
  } finally {
    await embedder.close();
  }
}
