/**
 * Reading FlatBuffers tables in place (the FlatBuffers binary format: a table's vtable of field offsets,
 * uoffset references, length-prefixed vectors and strings), every vector checked against its buffer:
 * what arrow-ipc.ts reads Arrow's Message and Schema tables with.
 */
/** A FlatBuffers table: its buffer and position, with readers of its fields by index. */
export class Table {
  constructor(
    readonly view: DataView,
    readonly pos: number,
  ) {}

  /** The field's offset in the table, 0 when absent. */
  private at(field: number): number {
    const vtable = this.pos - this.view.getInt32(this.pos, true);
    const size = this.view.getUint16(vtable, true);
    return 4 + 2 * field < size ? this.view.getUint16(vtable + 4 + 2 * field, true) : 0;
  }
  u8(field: number, fallback = 0): number {
    const o = this.at(field);
    return o === 0 ? fallback : this.view.getUint8(this.pos + o);
  }
  i16(field: number, fallback = 0): number {
    const o = this.at(field);
    return o === 0 ? fallback : this.view.getInt16(this.pos + o, true);
  }
  i32(field: number, fallback = 0): number {
    const o = this.at(field);
    return o === 0 ? fallback : this.view.getInt32(this.pos + o, true);
  }
  i64(field: number): number {
    const o = this.at(field);
    return o === 0 ? 0 : Number(this.view.getBigInt64(this.pos + o, true));
  }
  /** The position a uoffset field points to, or undefined. */
  private ref(field: number): number | undefined {
    const o = this.at(field);
    return o === 0 ? undefined : this.pos + o + this.view.getUint32(this.pos + o, true);
  }
  table(field: number): Table | undefined {
    const p = this.ref(field);
    return p === undefined ? undefined : new Table(this.view, p);
  }
  /** The length of the vector (or string) at `p` of `size`-byte elements, checked against the buffer. */
  private count(p: number, size: number): number {
    const n = this.view.getUint32(p, true);
    if (p + 4 + n * size > this.view.byteLength)
      throw new RangeError(`a vector of ${n} runs past its message`);
    return n;
  }
  string(field: number): string | undefined {
    const p = this.ref(field);
    if (p === undefined) return undefined;
    const n = this.count(p, 1);
    return new TextDecoder().decode(new Uint8Array(this.view.buffer, this.view.byteOffset + p + 4, n));
  }
  tables(field: number): Table[] {
    const p = this.ref(field);
    if (p === undefined) return [];
    const n = this.count(p, 4);
    return Array.from({ length: n }, (_, i) => {
      const e = p + 4 + 4 * i;
      return new Table(this.view, e + this.view.getUint32(e, true));
    });
  }
  /** A vector of structs of `size` bytes: each one's position. */
  structs(field: number, size: number): number[] {
    const p = this.ref(field);
    if (p === undefined) return [];
    const n = this.count(p, size);
    return Array.from({ length: n }, (_, i) => p + 4 + size * i);
  }
}

export const rootTable = (view: DataView) => new Table(view, view.getUint32(0, true));
