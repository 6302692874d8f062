import { availableParallelism } from 'node:os';
import type { InferenceSession } from 'onnxruntime-node';
import { AssayError } from '../../errors.js';

/** One output of a run: values and shape. */
export interface OnnxOutput {
  data: Float32Array;
  dims: number[];
}

export interface OnnxSessionOptions {
  /** Threads of one inference (default: every core). */
  threads?: number;
  /** Names errors with this (a file path or a built-in model's name). */
  label?: string;
}

/**
 * An ONNX model on onnxruntime-node's CPU provider: the one runtime every model of Assay goes
 * through (embedders, detectors). onnxruntime is loaded on first use only. `run` feeds named float32
 * tensors and returns every output as float32.
 */
export class OnnxSession {
  private constructor(
    private readonly session: InferenceSession,
    readonly label: string,
  ) {}

  static async create(model: string | Uint8Array, options: OnnxSessionOptions = {}): Promise<OnnxSession> {
    const label = options.label ?? (typeof model === 'string' ? model : 'the model');
    const ort = await import('onnxruntime-node');
    const threads = options.threads ?? availableParallelism();
    const sessionOptions: InferenceSession.SessionOptions = {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
      executionProviders: ['cpu'],
    };
    try {
      const session =
        typeof model === 'string'
          ? await ort.InferenceSession.create(model, sessionOptions)
          : await ort.InferenceSession.create(model, sessionOptions);
      return new OnnxSession(session, label);
    } catch (error) {
      throw new AssayError(
        'PARSE_ERROR',
        `${label} is not a model onnxruntime can load: ${firstLine(error)}`,
        {
          hint: 'Pass an ONNX model file (.onnx) exported with opset 7 or newer.',
          details: { file: label },
          cause: error,
        },
      );
    }
  }

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  /** Runs the model on float32 inputs (`{name: {data, dims}}`); every output (or those named) as float32. */
  async run(
    inputs: Record<string, OnnxOutput>,
    outputNames?: readonly string[],
  ): Promise<Record<string, OnnxOutput>> {
    const ort = await import('onnxruntime-node');
    const feeds: Record<string, InstanceType<typeof ort.Tensor>> = {};
    let results: InferenceSession.OnnxValueMapType;
    try {
      for (const [name, t] of Object.entries(inputs)) feeds[name] = new ort.Tensor('float32', t.data, t.dims);
      results = outputNames ? await this.session.run(feeds, [...outputNames]) : await this.session.run(feeds);
    } catch (error) {
      throw new AssayError('INVALID_INPUT', `${this.label} refused its input: ${firstLine(error)}`, {
        hint: 'Check the model spec: input_size, layout (nchw|nhwc), input_name and output_name must match the model.',
        details: {
          file: this.label,
          inputs: Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v.dims])),
        },
        cause: error,
      });
    }
    const out: Record<string, OnnxOutput> = {};
    for (const [name, value] of Object.entries(results)) {
      const tensor = value as { data: unknown; dims: readonly number[]; type: string };
      const data =
        tensor.data instanceof Float32Array
          ? tensor.data
          : Float32Array.from(tensor.data as ArrayLike<number>, Number);
      out[name] = { data, dims: [...tensor.dims] };
    }
    return out;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
