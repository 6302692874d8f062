/**
 * A minimal ONNX writer: the protobuf encoding of ModelProto (onnx/onnx.proto3) for the messages and
 * fields a convolutional network needs. Used to build the default embedding model from its Keras
 * weights (keras-to-onnx.ts) and small deterministic models for tests. Pure, no dependencies.
 */

/** A tensor stored in the graph (weights): float32 values or int64 values. */
export interface OnnxTensor {
  name: string;
  dims: number[];
  data: Float32Array | BigInt64Array;
}

export type OnnxAttribute =
  | number
  | number[]
  | string
  | { floats: number[] }
  | { int: number }
  | { float: number };

export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  attributes?: Record<string, OnnxAttribute>;
}

/** A graph input or output: float32 with a shape (a string for a named dynamic dimension). */
export interface OnnxValue {
  name: string;
  shape: (number | string)[];
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValue[];
  outputs: OnnxValue[];
  /** Default opset 13. */
  opset?: number;
  producer?: string;
}

class Writer {
  private chunks: Uint8Array[] = [];
  private length = 0;

  private push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.length += bytes.length;
  }

  varint(value: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(value));
    const out: number[] = [];
    while (v >= 0x80n) {
      out.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    out.push(Number(v));
    this.push(Uint8Array.from(out));
  }

  tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }

  int(field: number, value: number | bigint): void {
    this.tag(field, 0);
    this.varint(value);
  }

  bytes(field: number, bytes: Uint8Array): void {
    this.tag(field, 2);
    this.varint(bytes.length);
    this.push(bytes);
  }

  string(field: number, text: string): void {
    this.bytes(field, new TextEncoder().encode(text));
  }

  message(field: number, write: (w: Writer) => void): void {
    const inner = new Writer();
    write(inner);
    this.bytes(field, inner.finish());
  }

  float(field: number, value: number): void {
    this.tag(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.push(b);
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

// field numbers and enums from onnx.proto3
const FLOAT = 1;
const INT64 = 7;
const ATTR = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7 } as const;

function littleEndianBytes(data: Float32Array | BigInt64Array): Uint8Array {
  // typed arrays are little-endian on every platform Node supports
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function writeTensor(w: Writer, t: OnnxTensor): void {
  for (const d of t.dims) w.int(1, d);
  w.int(2, t.data instanceof Float32Array ? FLOAT : INT64);
  w.string(8, t.name);
  w.bytes(9, littleEndianBytes(t.data));
}

function writeAttribute(w: Writer, name: string, value: OnnxAttribute): void {
  w.string(1, name);
  if (typeof value === 'string') {
    w.bytes(4, new TextEncoder().encode(value));
    w.int(20, ATTR.STRING);
  } else if (typeof value === 'number') {
    w.int(3, value);
    w.int(20, ATTR.INT);
  } else if (Array.isArray(value)) {
    for (const v of value) w.int(8, v);
    w.int(20, ATTR.INTS);
  } else if ('floats' in value) {
    for (const v of value.floats) w.float(7, v);
    w.int(20, ATTR.FLOATS);
  } else if ('float' in value) {
    w.float(2, value.float);
    w.int(20, ATTR.FLOAT);
  } else {
    w.int(3, value.int);
    w.int(20, ATTR.INT);
  }
}

function writeValue(w: Writer, v: OnnxValue): void {
  w.string(1, v.name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, FLOAT);
      tensor.message(2, (shape) => {
        for (const d of v.shape)
          shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
      });
    }),
  );
}

/** The bytes of an ONNX model file holding `graph` (IR version 8). */
export function encodeOnnxModel(graph: OnnxGraph): Uint8Array {
  const w = new Writer();
  w.int(1, 8);
  w.string(2, graph.producer ?? 'assay');
  w.message(7, (g) => {
    graph.nodes.forEach((n, i) => {
      g.message(1, (node) => {
        for (const x of n.inputs) node.string(1, x);
        for (const x of n.outputs) node.string(2, x);
        node.string(3, n.name ?? `${n.op}_${i}`);
        node.string(4, n.op);
        for (const [k, v] of Object.entries(n.attributes ?? {}))
          node.message(5, (a) => writeAttribute(a, k, v));
      });
    });
    g.string(2, graph.name);
    for (const t of graph.initializers) g.message(5, (tensor) => writeTensor(tensor, t));
    for (const v of graph.inputs) g.message(11, (value) => writeValue(value, v));
    for (const v of graph.outputs) g.message(12, (value) => writeValue(value, v));
  });
  w.message(8, (o) => {
    o.string(1, '');
    o.int(2, graph.opset ?? 13);
  });
  return w.finish();
}
