import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AssayError } from '../../errors.js';
import type { OnnxOutput } from './onnx-session.js';

type Tf = typeof import('@tensorflow/tfjs-core');
type GraphModel = import('@tensorflow/tfjs-converter').GraphModel;

let backend: Promise<Tf> | undefined;

/** TF.js on its WebAssembly backend (the .wasm files ship in @tensorflow/tfjs-backend-wasm), once per process. */
function tfjs(): Promise<Tf> {
  backend ??= (async () => {
    const tf = await import('@tensorflow/tfjs-core');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const require = createRequire(import.meta.url);
    wasm.setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`);
    await tf.setBackend('wasm');
    await tf.ready();
    return tf;
  })();
  return backend;
}

interface GraphJson {
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: unknown[] }[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string;
  signature?: object;
  userDefinedMetadata?: Record<string, unknown>;
}

/**
 * A TF.js graph model read from disk (model.json + its weight files), run on TF.js's WebAssembly
 * backend: the part of the model runtime for the bundled detectors that ship as TF.js graphs
 * (@vladmandic/human's models). Same shape of answer as OnnxSession.run.
 */
export class TfjsGraph {
  private constructor(
    private readonly tf: Tf,
    private readonly model: GraphModel,
    readonly label: string,
  ) {}

  static async load(jsonPath: string, label: string): Promise<TfjsGraph> {
    const tf = await tfjs();
    const converter = await import('@tensorflow/tfjs-converter');
    try {
      const json = JSON.parse(await readFile(jsonPath, 'utf8')) as GraphJson;
      const parts = await Promise.all(
        json.weightsManifest.flatMap((g) => g.paths).map((p) => readFile(join(dirname(jsonPath), p))),
      );
      const weights = Buffer.concat(parts);
      const model = await converter.loadGraphModel({
        load: async () => ({
          modelTopology: json.modelTopology,
          weightSpecs: json.weightsManifest.flatMap((g) => g.weights) as never,
          weightData: weights.buffer.slice(
            weights.byteOffset,
            weights.byteOffset + weights.length,
          ) as ArrayBuffer,
          ...(json.format ? { format: json.format } : {}),
          ...(json.signature ? { signature: json.signature } : {}),
          ...(json.userDefinedMetadata
            ? { userDefinedMetadata: json.userDefinedMetadata as Record<string, never> }
            : {}),
        }),
      });
      return new TfjsGraph(tf, model, label);
    } catch (error) {
      throw new AssayError('NOT_FOUND', `The bundled model ${label} cannot be loaded from ${jsonPath}.`, {
        hint: 'Reinstall Assay (npm ci): the model ships in the npm package @vladmandic/human.',
        cause: error,
      });
    }
  }

  /** Runs the graph on one input (float32 or int32 values with their shape); the named outputs as float32. */
  async run(
    input: { data: Float32Array | Int32Array; dims: number[] },
    outputs: readonly string[],
  ): Promise<Record<string, OnnxOutput>> {
    const { tf } = this;
    const x = tf.tensor(input.data, input.dims, input.data instanceof Int32Array ? 'int32' : 'float32');
    try {
      const result = this.model.execute(x, [...outputs]);
      const list = Array.isArray(result) ? result : [result];
      const out: Record<string, OnnxOutput> = {};
      for (const [i, t] of list.entries()) {
        out[outputs[i]!] = { data: Float32Array.from(await t.data()), dims: [...t.shape] };
        t.dispose();
      }
      return out;
    } finally {
      x.dispose();
    }
  }

  async release(): Promise<void> {
    this.model.dispose();
  }
}
