import { AssayError } from '../errors.js';
import type { OnnxGraph, OnnxNode, OnnxTensor } from './onnx-proto.js';

/**
 * Converts a Keras functional model saved for TF.js (model.json topology + weight bytes) into an ONNX
 * graph up to one named layer, for the layer kinds of MobileNet-style networks: ZeroPadding2D, Conv2D,
 * DepthwiseConv2D, BatchNormalization (folded into the convolution before it), ReLU (with max_value),
 * Add, AveragePooling2D, GlobalAveragePooling2D, Flatten, Dense, Dropout. The graph takes NCHW float
 * input; weights are dequantized (TF.js uint8/uint16 affine quantization). Pure.
 */
export interface KerasLayer {
  name: string;
  class_name: string;
  config: Record<string, unknown>;
  inbound_nodes: [string, number, number, unknown][][];
}

export interface KerasWeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { min?: number; scale?: number; dtype: 'uint8' | 'uint16' | 'float16' };
}

export interface KerasToOnnxOptions {
  layers: KerasLayer[];
  weightSpecs: KerasWeightSpec[];
  weightData: Uint8Array;
  /** The layer whose output is the graph's output `output`. */
  outputLayer: string;
  /** Input height and width (channels from the InputLayer). */
  inputSize: [number, number];
}

function unsupported(what: string): AssayError {
  return new AssayError(
    'UNSUPPORTED',
    `The Keras model uses ${what}, which the ONNX conversion does not handle.`,
    {
      hint: 'Export the model to ONNX yourself and pass the .onnx file with --model.',
    },
  );
}

/** Every weight as float32, by name. */
export function dequantizeWeights(specs: KerasWeightSpec[], data: Uint8Array): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let at = 0;
  for (const s of specs) {
    const n = s.shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(n);
    const q = s.quantization;
    if (q === undefined) {
      if (s.dtype !== 'float32') throw unsupported(`${s.dtype} weights`);
      for (let i = 0; i < n; i++) values[i] = view.getFloat32(at + 4 * i, true);
      at += 4 * n;
    } else if (q.dtype === 'uint8' || q.dtype === 'uint16') {
      const bytes = q.dtype === 'uint8' ? 1 : 2;
      const scale = q.scale ?? 1;
      const min = q.min ?? 0;
      for (let i = 0; i < n; i++)
        values[i] = (bytes === 1 ? view.getUint8(at + i) : view.getUint16(at + 2 * i, true)) * scale + min;
      at += bytes * n;
    } else throw unsupported(`${q.dtype} quantization`);
    out.set(s.name, values);
  }
  if (at !== data.length) {
    throw new AssayError(
      'PARSE_ERROR',
      `The model weights hold ${data.length} bytes; the manifest describes ${at}.`,
      {
        hint: 'The model files are damaged: reinstall the package that ships them.',
      },
    );
  }
  return out;
}

const pair = (v: unknown, fallback: number): [number, number] =>
  Array.isArray(v) ? [Number(v[0]), Number(v[1])] : [fallback, fallback];

/** The ONNX graph of `options.layers` up to `outputLayer`. */
export function kerasToOnnx(options: KerasToOnnxOptions): OnnxGraph {
  const weights = dequantizeWeights(options.weightSpecs, options.weightData);
  const weight = (name: string): Float32Array => {
    const w = weights.get(name);
    if (!w) throw unsupported(`a layer without its weight ${name}`);
    return w;
  };
  const nodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [];
  const byName = new Map(options.layers.map((l) => [l.name, l]));
  const consumers = new Map<string, string[]>();
  for (const l of options.layers)
    for (const [src] of l.inbound_nodes[0] ?? []) consumers.set(src, [...(consumers.get(src) ?? []), l.name]);
  // layer name → the ONNX value holding its output; pending pads of a ZeroPadding2D for the next conv
  const valueName = new Map<string, string>();
  const pendingPads = new Map<string, number[]>();
  const folded = new Set<string>();
  let channels = 3;
  const channelsOf = new Map<string, number>();
  const inputName = options.layers.find((l) => l.class_name === 'InputLayer')?.name;
  if (inputName === undefined) throw unsupported('no InputLayer');

  const emitConv = (layer: KerasLayer, depthwise: boolean, inChannels: number): number => {
    const c = layer.config;
    const [kh, kw] = pair(c.kernel_size, 1);
    const kernel = weight(`${layer.name}/${depthwise ? 'depthwise_kernel' : 'kernel'}`);
    const mult = depthwise ? Number(c.depth_multiplier ?? 1) : 1;
    const out = depthwise ? inChannels * mult : Number(c.filters);
    // Keras [kh, kw, in, out] (depthwise [kh, kw, in, mult]) → ONNX [out, in/group, kh, kw]
    const w = new Float32Array(out * (depthwise ? 1 : inChannels) * kh * kw);
    const bias = new Float32Array(out);
    if (c.use_bias) bias.set(weight(`${layer.name}/bias`));
    for (let y = 0; y < kh; y++)
      for (let x = 0; x < kw; x++)
        for (let i = 0; i < inChannels; i++)
          for (let o = 0; o < (depthwise ? mult : out); o++) {
            const src = kernel[((y * kw + x) * inChannels + i) * (depthwise ? mult : out) + o] as number;
            if (depthwise) w[((i * mult + o) * kh + y) * kw + x] = src;
            else w[((o * inChannels + i) * kh + y) * kw + x] = src;
          }
    // a BatchNormalization right after, and only there, folds into the weights
    const next = consumers.get(layer.name) ?? [];
    const bn = next.length === 1 ? byName.get(next[0] as string) : undefined;
    let outName = layer.name;
    if (bn?.class_name === 'BatchNormalization' && (c.activation ?? 'linear') === 'linear') {
      const eps = Number(bn.config.epsilon ?? 1e-3);
      const gamma = bn.config.scale === false ? undefined : weight(`${bn.name}/gamma`);
      const beta = bn.config.center === false ? undefined : weight(`${bn.name}/beta`);
      const mean = weight(`${bn.name}/moving_mean`);
      const variance = weight(`${bn.name}/moving_variance`);
      const per = w.length / out;
      for (let o = 0; o < out; o++) {
        const f = (gamma?.[o] ?? 1) / Math.sqrt((variance[o] as number) + eps);
        for (let k = 0; k < per; k++) w[o * per + k] = (w[o * per + k] as number) * f;
        bias[o] = ((bias[o] as number) - (mean[o] as number)) * f + (beta?.[o] ?? 0);
      }
      folded.add(bn.name);
      outName = bn.name;
    }
    initializers.push({ name: `${layer.name}.w`, dims: [out, depthwise ? 1 : inChannels, kh, kw], data: w });
    initializers.push({ name: `${layer.name}.b`, dims: [out], data: bias });
    const [sh, sw] = pair(c.strides, 1);
    const [dh, dw] = pair(c.dilation_rate, 1);
    const attributes: Record<string, number[] | string | number> = {
      kernel_shape: [kh, kw],
      strides: [sh, sw],
      dilations: [dh, dw],
      group: depthwise ? inChannels : 1,
    };
    const pads = pendingPads.get(layer.name) ?? [0, 0, 0, 0];
    if (c.padding === 'same') {
      if (pendingPads.has(layer.name) || sh !== 1 || sw !== 1) attributes.auto_pad = 'SAME_UPPER';
      else
        attributes.pads = [
          (dh * (kh - 1)) >> 1,
          (dw * (kw - 1)) >> 1,
          (dh * (kh - 1) + 1) >> 1,
          (dw * (kw - 1) + 1) >> 1,
        ];
    } else attributes.pads = pads;
    const input = valueName.get(inbound(layer)) as string;
    nodes.push({
      op: 'Conv',
      inputs: [input, `${layer.name}.w`, `${layer.name}.b`],
      outputs: [outName],
      name: layer.name,
      attributes,
    });
    activation(layer, outName);
    return out;
  };

  const activation = (layer: KerasLayer, value: string): void => {
    const a = layer.config.activation;
    let out = value;
    if (a === 'relu') {
      out = `${value}.relu`;
      nodes.push({ op: 'Relu', inputs: [value], outputs: [out] });
    } else if (a === 'softmax') {
      out = `${value}.softmax`;
      nodes.push({ op: 'Softmax', inputs: [value], outputs: [out], attributes: { axis: -1 } });
    } else if (a !== undefined && a !== 'linear') throw unsupported(`the activation ${String(a)}`);
    valueName.set(layer.name, out);
    const bn = (consumers.get(layer.name) ?? [])[0];
    if (bn !== undefined && folded.has(bn)) valueName.set(bn, out);
  };

  for (const layer of options.layers) {
    if (folded.has(layer.name)) {
      channelsOf.set(layer.name, channels);
      if (layer.name === options.outputLayer) break;
      continue;
    }
    const c = layer.config;
    const src = layer.inbound_nodes[0]?.[0]?.[0];
    channels = src === undefined ? channels : (channelsOf.get(src) ?? channels);
    switch (layer.class_name) {
      case 'InputLayer': {
        const shape = c.batch_input_shape as (number | null)[];
        channels = Number(shape[3] ?? 3);
        valueName.set(layer.name, 'input');
        break;
      }
      case 'ZeroPadding2D': {
        const p = c.padding as [[number, number], [number, number]];
        const next = consumers.get(layer.name) ?? [];
        const target = byName.get(next[0] as string);
        if (
          next.length !== 1 ||
          !target ||
          !['Conv2D', 'DepthwiseConv2D'].includes(target.class_name) ||
          target.config.padding !== 'valid'
        )
          throw unsupported('ZeroPadding2D before something other than a valid convolution');
        pendingPads.set(target.name, [p[0][0], p[1][0], p[0][1], p[1][1]]);
        valueName.set(layer.name, valueName.get(inbound(layer)) as string);
        break;
      }
      case 'Conv2D':
      case 'DepthwiseConv2D':
        channels = emitConv(layer, layer.class_name === 'DepthwiseConv2D', channels);
        break;
      case 'ReLU': {
        const max = c.max_value;
        if (Number(c.negative_slope ?? 0) !== 0 || Number(c.threshold ?? 0) !== 0)
          throw unsupported('a leaky or thresholded ReLU');
        const input = valueName.get(inbound(layer)) as string;
        if (max === null || max === undefined)
          nodes.push({ op: 'Relu', inputs: [input], outputs: [layer.name] });
        else {
          initializers.push({ name: `${layer.name}.min`, dims: [], data: Float32Array.of(0) });
          initializers.push({ name: `${layer.name}.max`, dims: [], data: Float32Array.of(Number(max)) });
          nodes.push({
            op: 'Clip',
            inputs: [input, `${layer.name}.min`, `${layer.name}.max`],
            outputs: [layer.name],
          });
        }
        valueName.set(layer.name, layer.name);
        break;
      }
      case 'Add':
        nodes.push({
          op: 'Sum',
          inputs: (layer.inbound_nodes[0] ?? []).map(([s]) => valueName.get(s) as string),
          outputs: [layer.name],
        });
        valueName.set(layer.name, layer.name);
        break;
      case 'AveragePooling2D': {
        if (c.padding !== 'valid') throw unsupported('AveragePooling2D with same padding');
        const k = pair(c.pool_size, 2);
        nodes.push({
          op: 'AveragePool',
          inputs: [valueName.get(inbound(layer)) as string],
          outputs: [layer.name],
          attributes: { kernel_shape: k, strides: pair(c.strides, k[0]) },
        });
        valueName.set(layer.name, layer.name);
        break;
      }
      case 'GlobalAveragePooling2D':
        nodes.push({
          op: 'GlobalAveragePool',
          inputs: [valueName.get(inbound(layer)) as string],
          outputs: [`${layer.name}.4d`],
        });
        nodes.push({
          op: 'Flatten',
          inputs: [`${layer.name}.4d`],
          outputs: [layer.name],
          attributes: { axis: 1 },
        });
        valueName.set(layer.name, layer.name);
        break;
      case 'Flatten':
        // Keras flattens NHWC: transpose back first so the order of values is the same
        nodes.push({
          op: 'Transpose',
          inputs: [valueName.get(inbound(layer)) as string],
          outputs: [`${layer.name}.nhwc`],
          attributes: { perm: [0, 2, 3, 1] },
        });
        nodes.push({
          op: 'Flatten',
          inputs: [`${layer.name}.nhwc`],
          outputs: [layer.name],
          attributes: { axis: 1 },
        });
        valueName.set(layer.name, layer.name);
        break;
      case 'Dense': {
        const units = Number(c.units);
        const kernel = weight(`${layer.name}/kernel`);
        initializers.push({ name: `${layer.name}.w`, dims: [kernel.length / units, units], data: kernel });
        initializers.push({
          name: `${layer.name}.b`,
          dims: [units],
          data: c.use_bias ? weight(`${layer.name}/bias`) : new Float32Array(units),
        });
        nodes.push({
          op: 'Gemm',
          inputs: [valueName.get(inbound(layer)) as string, `${layer.name}.w`, `${layer.name}.b`],
          outputs: [layer.name],
        });
        activation(layer, layer.name);
        channels = units;
        break;
      }
      case 'Dropout':
        valueName.set(layer.name, valueName.get(inbound(layer)) as string);
        break;
      default:
        throw unsupported(`the layer ${layer.class_name}`);
    }
    channelsOf.set(layer.name, channels);
    if (layer.name === options.outputLayer) break;
  }
  const last = valueName.get(options.outputLayer);
  if (last === undefined) throw unsupported(`no layer named ${options.outputLayer}`);
  nodes.push({ op: 'Identity', inputs: [last], outputs: ['output'] });
  return {
    name: 'keras',
    nodes,
    initializers,
    inputs: [{ name: 'input', shape: ['batch', channelsOf.get(inputName) ?? 3, ...options.inputSize] }],
    outputs: [{ name: 'output', shape: ['batch', 'dim'] }],
  };
}

function inbound(layer: KerasLayer): string {
  const src = layer.inbound_nodes[0]?.[0]?.[0];
  if (src === undefined) throw unsupported(`a layer (${layer.name}) without an input`);
  return src;
}
