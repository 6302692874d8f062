import { AssayError } from '../errors.js';
import { shellQuote } from '../shell-quote.js';
import { rootTable, type Table } from './flatbuffers-table.js';
import type { ParquetTable } from './format-io.js';

/**
 * A reader of Apache Arrow IPC files, the stream form (`pa.ipc.new_stream`: Hugging Face `datasets`'
 * `save_to_disk` and its cache files) and the file form (Feather v2, `ARROW1`), uncompressed, for text
 * sets: columns of strings, numbers, booleans, lists and structs become rows of JSON values (as
 * readParquetTable gives them), with the schema's key-value metadata (Hugging Face keeps its features
 * under `huggingface`). Written from the format's specification (Message.fbs, Schema.fbs), reading the
 * FlatBuffers tables directly. Compressed bodies (LZ4_FRAME, ZSTD: pyarrow's Feather writes LZ4 by
 * default) are read with the `decompress` the caller gives (arrow-ipc-codecs.ts, loaded with the reader).
 * Dictionary-encoded columns (pandas' categoricals) are read through their dictionary batches. Anything
 * it cannot read (other types) is an INVALID_INPUT naming the file and what to do.
 */

/** Arrow's type ids (Schema.fbs `Type`) this reader reads. */
const TYPE = {
  null: 1,
  int: 2,
  float: 3,
  binary: 4,
  utf8: 5,
  bool: 6,
  list: 12,
  struct: 13,
  fixedSizeList: 16,
  largeBinary: 19,
  largeUtf8: 20,
  largeList: 21,
} as const;
const TYPE_NAMES: Record<number, string> = {
  7: 'Decimal',
  8: 'Date',
  9: 'Time',
  10: 'Timestamp',
  11: 'Interval',
  14: 'Union',
  15: 'FixedSizeBinary',
  17: 'Map',
  18: 'Duration',
  22: 'RunEndEncoded',
  23: 'BinaryView',
  24: 'Utf8View',
  25: 'ListView',
  26: 'LargeListView',
};

interface Field {
  name: string;
  type: number;
  /** Int: bit width and sign; FloatingPoint: 16, 32 or 64; FixedSizeList: the list size. */
  bits: number;
  signed: boolean;
  size: number;
  /** A dictionary-encoded field (pandas' categoricals): its dictionary's id and the index integers' width and sign. */
  dictionary?: { id: number; bits: number; signed: boolean };
  children: Field[];
}

function readField(t: Table): Field {
  const type = t.u8(2);
  const spec = t.table(3);
  const precision = spec?.i16(0) ?? 0;
  return {
    name: t.string(0) ?? '',
    type,
    bits: type === TYPE.int ? (spec?.i32(0) ?? 0) : type === TYPE.float ? [16, 32, 64][precision]! : 0,
    signed: type === TYPE.int ? spec?.u8(1) === 1 : true,
    size: type === TYPE.fixedSizeList ? (spec?.i32(0) ?? 0) : 0,
    ...dictionaryOf(t.table(4)),
    children: t.tables(5).map(readField),
  };
}

/** Schema.fbs DictionaryEncoding: id, indexType (Int: bitWidth, is_signed; int32 when absent). */
function dictionaryOf(t: Table | undefined): Pick<Field, 'dictionary'> {
  if (t === undefined) return {};
  const index = t.table(1);
  return {
    dictionary: { id: t.i64(0), bits: index?.i32(0, 32) ?? 32, signed: index ? index.u8(1) === 1 : true },
  };
}

/** The field of `fields` (or of their children) that dictionary `id` encodes. */
function dictionaryField(fields: readonly Field[], id: number): Field | undefined {
  for (const f of fields) {
    if (f.dictionary?.id === id) return f;
    const inner = dictionaryField(f.children, id);
    if (inner) return inner;
  }
  return undefined;
}

/** One message: its header table and type, and its body's bytes. */
interface Message {
  type: number;
  header: Table;
  body: Uint8Array;
}

/** The messages of a stream starting at `start` (each: continuation, metadata length, Message, body). */
function* messages(bytes: Uint8Array, start: number, fail: (why: string) => never): Generator<Message> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = start;
  while (at + 4 <= bytes.length) {
    let size = view.getInt32(at, true);
    at += 4;
    if (size === -1) {
      if (at + 4 > bytes.length) return;
      size = view.getInt32(at, true);
      at += 4;
    }
    if (size === 0) return;
    if (size < 0 || at + size > bytes.length)
      fail(`a message at byte ${at - 4} runs past the end of the file`);
    const meta = new DataView(bytes.buffer, bytes.byteOffset + at, size);
    const message = rootTable(meta);
    const bodyLength = message.i64(3);
    at += size;
    if (bodyLength < 0 || at + bodyLength > bytes.length)
      fail(`a message body at byte ${at} runs past the end of the file`);
    yield { type: message.u8(1), header: message.table(2)!, body: bytes.subarray(at, at + bodyLength) };
    at += bodyLength;
  }
}

/** Decompresses one buffer: `codec` 0 LZ4_FRAME, 1 ZSTD; `size` its uncompressed length (arrow-ipc-codecs.ts). */
export type ArrowDecompress = (codec: number, data: Uint8Array, size: number) => Uint8Array;

/** Reads the columns of one record batch, field by field in pre-order, as the specification lays them out. */
class BatchReader {
  private node = 0;
  private buffer = 0;
  constructor(
    private readonly header: Table,
    private readonly body: Uint8Array,
    private readonly fail: (why: string) => never,
    /** The batch's body compression codec and its decoder, when its buffers are compressed. */
    private readonly compressed: { codec: number; decompress: ArrowDecompress } | undefined,
    /** The dictionaries read so far, by id. */
    private readonly dictionaries: ReadonlyMap<number, unknown[]>,
  ) {}

  private nextNode(): { length: number; nulls: number } {
    const at = this.header.structs(1, 16)[this.node++];
    if (at === undefined) this.fail('a record batch has fewer field nodes than its schema has fields');
    const v = this.header.view;
    const length = Number(v.getBigInt64(at, true));
    if (length < 0 || length > rowBound(this.body)) this.fail(`a field node counts ${length} values`);
    return { length, nulls: Number(v.getBigInt64(at + 8, true)) };
  }
  private nextBuffer(): DataView {
    const at = this.header.structs(2, 16)[this.buffer++];
    if (at === undefined) this.fail('a record batch has fewer buffers than its schema needs');
    const v = this.header.view;
    const offset = Number(v.getBigInt64(at, true));
    const length = Number(v.getBigInt64(at + 8, true));
    if (offset < 0 || offset + length > this.body.length) this.fail('a buffer lies outside its record batch');
    if (this.compressed === undefined || length === 0)
      return new DataView(this.body.buffer, this.body.byteOffset + offset, length);
    // A compressed buffer: its uncompressed length (-1: stored as is), then the codec's bytes.
    if (length < 8) this.fail('a compressed buffer is shorter than its length prefix');
    const size = Number(
      new DataView(this.body.buffer, this.body.byteOffset + offset, 8).getBigInt64(0, true),
    );
    const data = this.body.subarray(offset + 8, offset + length);
    if (size === -1) return new DataView(data.buffer, data.byteOffset, data.byteLength);
    if (size < 0) this.fail(`a compressed buffer claims ${size} bytes`);
    try {
      const out = this.compressed.decompress(this.compressed.codec, data, size);
      return new DataView(out.buffer, out.byteOffset, out.byteLength);
    } catch (error) {
      const codec = CODECS[this.compressed.codec] ?? this.compressed.codec;
      return this.fail(`a ${codec} buffer does not decompress (${(error as Error).message})`);
    }
  }

  /** The values of `field` for the node's rows (null where the validity bitmap says so). */
  column(field: Field): unknown[] {
    const { length, nulls } = this.nextNode();
    if (field.type === TYPE.null) return new Array(length).fill(null);
    const validity = this.nextBuffer();
    const valid = (i: number) =>
      nulls === 0 || validity.byteLength === 0 || ((validity.getUint8(i >> 3) >> (i & 7)) & 1) === 1;
    if (field.dictionary) return this.decoded(field, length, valid);
    const values = this.values(field, length);
    return values.map((v, i) => (valid(i) ? v : null));
  }

  /** A dictionary-encoded column's values: its indices looked up in the dictionary read before it. */
  private decoded(field: Field, n: number, valid: (i: number) => boolean): unknown[] {
    const { id, bits, signed } = field.dictionary!;
    const dictionary = this.dictionaries.get(id);
    if (dictionary === undefined)
      this.fail(`column "${field.name}" uses dictionary ${id}, which comes after it or not at all`);
    const indices = this.nextBuffer();
    const index: Field = { ...field, type: TYPE.int, bits, signed };
    if (![8, 16, 32, 64].includes(bits) || indices.byteLength < n * (bits / 8))
      this.fail(`column "${field.name}" holds fewer indices than rows`);
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      if (!valid(i)) {
        out[i] = null;
        continue;
      }
      const k = Number(numberAt(indices, i * (bits / 8), index));
      if (!(k >= 0 && k < dictionary.length))
        this.fail(`column "${field.name}" has index ${k}, past its dictionary`);
      out[i] = dictionary[k];
    }
    return out;
  }

  private values(field: Field, n: number): unknown[] {
    const out = new Array<unknown>(n);
    switch (field.type) {
      case TYPE.int:
      case TYPE.float: {
        const data = this.nextBuffer();
        const bytes = field.bits / 8;
        if (data.byteLength < n * bytes) this.fail(`column "${field.name}" holds fewer values than rows`);
        for (let i = 0; i < n; i++) out[i] = numberAt(data, i * bytes, field);
        return out;
      }
      case TYPE.bool: {
        const data = this.nextBuffer();
        for (let i = 0; i < n; i++) out[i] = ((data.getUint8(i >> 3) >> (i & 7)) & 1) === 1;
        return out;
      }
      case TYPE.utf8:
      case TYPE.binary:
      case TYPE.largeUtf8:
      case TYPE.largeBinary: {
        const large = field.type === TYPE.largeUtf8 || field.type === TYPE.largeBinary;
        const offsets = this.nextBuffer();
        const data = this.nextBuffer();
        const decoder = new TextDecoder();
        for (let i = 0; i < n; i++) {
          const [a, b] = [offsetAt(offsets, i, large), offsetAt(offsets, i + 1, large)];
          if (a < 0 || b < a || b > data.byteLength)
            this.fail(`column "${field.name}" has a value past its data`);
          const slice = new Uint8Array(data.buffer, data.byteOffset + a, b - a);
          out[i] =
            field.type === TYPE.utf8 || field.type === TYPE.largeUtf8 ? decoder.decode(slice) : [...slice];
        }
        return out;
      }
      case TYPE.list:
      case TYPE.largeList:
      case TYPE.fixedSizeList: {
        const large = field.type === TYPE.largeList;
        const offsets = field.type === TYPE.fixedSizeList ? undefined : this.nextBuffer();
        const child = field.children[0];
        if (child === undefined) this.fail(`list column "${field.name}" has no item field`);
        const items = this.column(child);
        for (let i = 0; i < n; i++) {
          const a = offsets ? offsetAt(offsets, i, large) : i * field.size;
          const b = offsets ? offsetAt(offsets, i + 1, large) : (i + 1) * field.size;
          out[i] = items.slice(a, b);
        }
        return out;
      }
      case TYPE.struct: {
        const columns = field.children.map((c) => [c.name, this.column(c)] as const);
        for (let i = 0; i < n; i++)
          out[i] = Object.fromEntries(columns.map(([name, values]) => [name, values[i]]));
        return out;
      }
      default:
        return this.fail(
          `column "${field.name}" is of Arrow type ${TYPE_NAMES[field.type] ?? field.type}, which Assay does not read`,
        );
    }
  }
}

/** The most values a batch body can hold (a bit each, and some columns of nulls without a buffer). */
const rowBound = (body: Uint8Array) => body.length * 8 + 4096;

function offsetAt(view: DataView, i: number, large: boolean): number {
  return large ? Number(view.getBigInt64(i * 8, true)) : view.getInt32(i * 4, true);
}

/** A number of an Int or FloatingPoint column; 64-bit integers past 2^53 as decimal strings (as from Parquet). */
function numberAt(view: DataView, at: number, field: Field): number | string {
  if (field.type === TYPE.float) {
    if (field.bits === 64) return view.getFloat64(at, true);
    if (field.bits === 32) return view.getFloat32(at, true);
    return half(view.getUint16(at, true));
  }
  switch (field.bits) {
    case 8:
      return field.signed ? view.getInt8(at) : view.getUint8(at);
    case 16:
      return field.signed ? view.getInt16(at, true) : view.getUint16(at, true);
    case 32:
      return field.signed ? view.getInt32(at, true) : view.getUint32(at, true);
    default: {
      const big = field.signed ? view.getBigInt64(at, true) : view.getBigUint64(at, true);
      const n = Number(big);
      return Number.isSafeInteger(n) ? n : big.toString();
    }
  }
}

/** An IEEE 754 half-precision float. */
function half(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

const FILE_MAGIC = 'ARROW1';
/** Arrow IPC files: `save_to_disk`'s `.arrow`, pandas/pyarrow Feather v2 (`.feather`), `.ipc`, `.arrows`. */
export const ARROW_EXTENSIONS = ['.arrow', '.feather', '.ipc', '.arrows'];
/** Message.fbs `CompressionType`. */
const CODECS: Record<number, string> = { 0: 'LZ4_FRAME', 1: 'ZSTD' };

/** Whether `head` (a file's first bytes) is an Arrow IPC file or stream. */
export function isArrowIpc(head: Uint8Array): boolean {
  if (new TextDecoder().decode(head.subarray(0, 6)) === FILE_MAGIC) return true;
  return head.length >= 8 && new DataView(head.buffer, head.byteOffset, 8).getInt32(0, true) === -1;
}

/**
 * The rows and schema metadata of an Arrow IPC file (`file` names it in errors): every record batch in
 * order, or the schema's field names only and no rows when `schemaOnly` (detection reads a file's head).
 */
export function readArrowIpc(
  bytes: Uint8Array,
  file: string,
  options: { schemaOnly?: boolean; decompress?: ArrowDecompress } = {},
): ParquetTable & { fields: string[] } {
  function fail(why: string): never {
    throw new AssayError('INVALID_INPUT', `${file} cannot be read as an Arrow IPC file: ${why}.`, {
      hint: `Write it as Parquet and import that file: python -c "import sys, pyarrow.ipc as i, pyarrow.parquet as pq; pq.write_table(i.open_stream(open(sys.argv[1], 'rb')).read_all(), sys.argv[2])" ${shellQuote(file)} out.parquet (i.open_file for a Feather file).`,
      details: { file },
    });
  }
  const start = new TextDecoder().decode(bytes.subarray(0, 6)) === FILE_MAGIC ? 8 : 0;
  let fields: Field[] | undefined;
  let metadata: Record<string, string> = {};
  const rows: Record<string, unknown>[] = [];
  const dictionaries = new Map<number, unknown[]>();
  /** A reader of a RecordBatch table and its body, decompressing its buffers when it says they are compressed. */
  function batchReader(header: Table, body: Uint8Array): BatchReader {
    const compression = header.table(3);
    const codec = compression?.u8(0) ?? 0;
    if (compression !== undefined && options.decompress === undefined)
      fail(`its record batches are compressed (${CODECS[codec] ?? codec})`);
    if (compression !== undefined && CODECS[codec] === undefined)
      fail(`its record batches are compressed with codec ${codec}, which Assay does not read`);
    const decompress = options.decompress;
    const compressed = compression && decompress ? { codec, decompress } : undefined;
    return new BatchReader(header, body, fail, compressed, dictionaries);
  }
  try {
    for (const m of messages(bytes, start, fail)) {
      if (m.type === 1) {
        fields = m.header.tables(1).map(readField);
        metadata = Object.fromEntries(
          m.header.tables(2).map((kv) => [kv.string(0) ?? '', kv.string(1) ?? '']),
        );
        if (options.schemaOnly) break;
      } else if (m.type === 2) {
        // A DictionaryBatch: id, data (a RecordBatch of one column, the values), isDelta.
        if (fields === undefined) fail('a dictionary batch comes before the schema');
        const id = m.header.i64(0);
        const field = dictionaryField(fields, id);
        const data = m.header.table(1);
        if (field === undefined || data === undefined) fail(`dictionary ${id} belongs to no column`);
        const values = batchReader(data, m.body).column({ ...field, dictionary: undefined });
        dictionaries.set(id, m.header.u8(2) === 1 ? [...(dictionaries.get(id) ?? []), ...values] : values);
      } else if (m.type === 3) {
        if (fields === undefined) fail('a record batch comes before the schema');
        const reader = batchReader(m.header, m.body);
        const length = m.header.i64(0);
        if (length < 0 || length > rowBound(m.body)) fail(`a record batch counts ${length} rows`);
        const columns = fields.map((f) => [f.name, reader.column(f)] as const);
        for (let i = 0; i < length; i++)
          rows.push(Object.fromEntries(columns.map(([name, v]) => [name, v[i]])));
      }
    }
  } catch (error) {
    if (error instanceof AssayError) throw error;
    fail(`its bytes are not Arrow's layout (${(error as Error).message})`);
  }
  if (fields === undefined) return fail('it has no schema message');
  return { rows, metadata, fields: fields.map((f) => f.name) };
}
