import { bytesPerValue, type VectorEncoding, vecDecodeInto } from '../../embeddings/vector-codec.js';

/** Vectors with their sample ids (an EmbeddingMatrix or a part of it), decoded: row-major float32. */
export interface VectorRows {
  sampleIds: Int32Array;
  dim: number;
  data: Float32Array;
}

/**
 * Vectors as the store holds them (vector-codec.ts): each row's `dim` encoded values in `bytes` and its
 * scale. Half the memory of VectorRows in float16, a quarter in int8 (1M × 512 float16: 1 GB instead
 * of 2 GB); a row read is decoded to the same float32 values loadEmbeddingMatrix gives.
 */
export interface PackedRows {
  sampleIds: Int32Array;
  dim: number;
  encoding: VectorEncoding;
  bytes: Uint8Array;
  scales: Float32Array;
}

/** Rows to index or search: decoded, or packed and decoded a chunk at a time where read. */
export type RowSource = VectorRows | PackedRows;

export function isPacked(rows: RowSource): rows is PackedRows {
  return 'bytes' in rows;
}

/**
 * Rows `from` to `to` as float32, row-major: a view into VectorRows' data (usearch copies a view, knn.ts
 * `owned`), a new array decoded from PackedRows.
 */
export function readRows(rows: RowSource, from: number, to: number): Float32Array {
  if (!isPacked(rows)) return rows.data.subarray(from * rows.dim, to * rows.dim);
  const out = new Float32Array((to - from) * rows.dim);
  for (let r = from; r < to; r++) readRow(rows, r, out, (r - from) * rows.dim);
  return out;
}

/** Row `r`'s values into `out` from `offset`. */
export function readRow(rows: RowSource, r: number, out: Float32Array, offset: number): void {
  const { dim } = rows;
  if (!isPacked(rows)) {
    out.set(rows.data.subarray(r * dim, (r + 1) * dim), offset);
    return;
  }
  const width = dim * bytesPerValue(rows.encoding);
  vecDecodeInto(
    rows.bytes.subarray(r * width, (r + 1) * width),
    rows.scales[r] as number,
    rows.encoding,
    out,
    offset,
  );
}

/** The given rows, decoded onto an ordinary buffer (usearch's exact search copies a shared one). */
export function subset(m: RowSource, rows: readonly number[]): VectorRows {
  const data = new Float32Array(rows.length * m.dim);
  rows.forEach((r, i) => {
    readRow(m, r, data, i * m.dim);
  });
  return { sampleIds: Int32Array.from(rows, (r) => m.sampleIds[r] as number), dim: m.dim, data };
}
