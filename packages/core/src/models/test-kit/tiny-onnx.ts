import { encodeOnnxModel, type OnnxNode } from '../onnx-proto.js';

/**
 * A tiny real ONNX model for tests: input [N, 3, H, W] (or NHWC with `nhwc`), output `embedding`
 * [N, 6] = the mean of each channel, then the mean of each channel's square (GlobalAveragePool of
 * x and x·x, concatenated). An image's expected vector is then computable by hand.
 */
export function meanColourOnnx(options: { size: number; nhwc?: boolean }): Uint8Array {
  const { size } = options;
  const nodes: OnnxNode[] = [
    ...(options.nhwc
      ? [{ op: 'Transpose', inputs: ['image'], outputs: ['x'], attributes: { perm: [0, 3, 1, 2] } }]
      : []),
    { op: 'Mul', inputs: [options.nhwc ? 'x' : 'image', options.nhwc ? 'x' : 'image'], outputs: ['sq'] },
    { op: 'GlobalAveragePool', inputs: [options.nhwc ? 'x' : 'image'], outputs: ['m1'] },
    { op: 'GlobalAveragePool', inputs: ['sq'], outputs: ['m2'] },
    { op: 'Concat', inputs: ['m1', 'm2'], outputs: ['m'], attributes: { axis: 1 } },
    { op: 'Flatten', inputs: ['m'], outputs: ['embedding'], attributes: { axis: 1 } },
  ];
  return encodeOnnxModel({
    name: 'mean-colour',
    nodes,
    initializers: [],
    inputs: [{ name: 'image', shape: options.nhwc ? ['n', size, size, 3] : ['n', 3, size, size] }],
    outputs: [{ name: 'embedding', shape: ['n', 6] }],
  });
}
