import { allocCocoObjects, IdIndex } from './coco-objects.js';
import { JsonBytes, NOT_HANDLED, names } from './json-bytes.js';
import type { CocoCategories, CocoDetections, CocoEvalDataset, CocoImages, CocoObjects } from './types.js';
import { holdMemory } from './wasm/instantiate.js';
import { MEMBER, type RecordTable, UNDECIDED, WasmJsonRecords } from './wasm/wasm-json-records.js';

/**
 * Box evaluation files read from their bytes into the loaders' typed arrays, with no object per record:
 * the common, clean case of `loadCocoGroundTruth` / `loadCocoDetections` (iouType "bbox"), several
 * times faster than JSON.parse and the loaders, with the same result. Anything else (a file that does
 * not parse, a missing or odd field, a duplicate id or member, an unknown image or category: whatever
 * would make the loaders refuse, warn or choose) returns undefined, and the caller reads the file the
 * ordinary way, which gives the loaders' result, errors and warnings. The record arrays (images,
 * annotations, results) of a file up to the kernels' memory limit are read by json-records.wat, by
 * the same rules; where it does not decide, the file is read again with JsonBytes alone.
 */

const ROOT = names('images', 'annotations', 'categories');
const IMAGE = names('id', 'height', 'width', 'file_name');
const CATEGORY = names('id', 'name');
const ANNOTATION = names('id', 'image_id', 'category_id', 'bbox', 'area', 'iscrowd');
const RESULT = names('image_id', 'category_id', 'bbox', 'score', 'caption');

// The same records for json-records.wat: members, kinds and slots as the loops below read them.
const IMAGE_RECORDS: RecordTable = {
  members: [
    ['id', MEMBER.number, 0],
    ['height', MEMBER.numberOrSkip, 1],
    ['width', MEMBER.numberOrSkip, 2],
    ['file_name', MEMBER.stringOrSkip, 3],
  ],
  width: 5,
  required: 1,
  defaults: [0, Number.NaN, Number.NaN, 0, 0],
};
const ANNOTATION_RECORDS: RecordTable = {
  members: [
    ['id', MEMBER.number, 0],
    ['image_id', MEMBER.number, 1],
    ['category_id', MEMBER.number, 2],
    ['bbox', MEMBER.box, 3],
    ['area', MEMBER.number, 7],
    ['iscrowd', MEMBER.truth, 8],
  ],
  width: 9,
  required: 0b11111,
  defaults: [0, 0, 0, 0, 0, 0, 0, 0, 0],
};
const RESULT_RECORDS: RecordTable = {
  members: [
    ['image_id', MEMBER.number, 0],
    ['category_id', MEMBER.number, 1],
    ['bbox', MEMBER.box, 2],
    ['score', MEMBER.number, 6],
    // JsonBytes' loop refuses a caption in the first record only; the kernel leaves any to it.
    ['caption', MEMBER.notHandled, 0],
  ],
  width: 7,
  required: 0b1111,
  defaults: [0, 0, 0, 0, 0, 0, 0],
};

function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (error === NOT_HANDLED) return undefined;
    throw error;
  }
}

/**
 * `read` with the kernel over the bytes (when they fit its memory), else or where the kernel does not
 * decide, `read` without: undefined when the file is not handled.
 */
function withKernel<T>(bytes: Uint8Array, read: (k: WasmJsonRecords | undefined) => T): T | undefined {
  const k = WasmJsonRecords.open(bytes);
  if (k !== undefined) {
    try {
      return attempt(() => read(k));
    } catch (error) {
      if (error !== UNDECIDED) throw error;
    } finally {
      k.done();
    }
  }
  return attempt(() => read(undefined));
}

/**
 * Growable columns of doubles, one record after another. A file's large columns are a view of a memory
 * of the kernels' pool (`pooled`), given back once read (`done`): the kernels that run next reuse its
 * pages. Every slot of a record is written before it is read (no zeros needed).
 */
class Columns {
  /** Keeps the hidden class of the columns alive between the two files (see JsonBytes.kept). */
  static readonly kept: Columns = new Columns(1, 0);

  n = 0;
  data: Float64Array;
  /** Gives back the pool's memory `data` is a view of (undefined: `data` is an array of its own). */
  private release: (() => void) | undefined;
  constructor(
    readonly width: number,
    capacity: number,
    pooled = false,
  ) {
    const length = width * Math.max(16, capacity);
    const memory = pooled ? holdMemory(8 * length) : undefined;
    this.release = memory?.release;
    this.data = memory ? new Float64Array(memory.buffer, 0, length) : new Float64Array(length);
  }
  /** Offset of a new record. */
  add(): number {
    if ((this.n + 1) * this.width > this.data.length) this.grow(2 * this.data.length);
    return this.width * this.n++;
  }
  /** Offset of the first of `count` new records. */
  addMany(count: number): number {
    if ((this.n + count) * this.width > this.data.length)
      this.grow(Math.max(2 * this.data.length, (this.n + count) * this.width));
    const at = this.width * this.n;
    this.n += count;
    return at;
  }
  private grow(length: number): void {
    const more = new Float64Array(length);
    more.set(this.data);
    this.data = more;
    this.done();
  }
  /** Once the records are read: the pool's memory goes back (`data` must not be read afterwards). */
  done(): void {
    this.release?.();
    this.release = undefined;
  }
}

/** Reads one member value flagged `bit` of a record; a member seen twice is not handled. */
function once(seen: number, bit: number): number {
  if (seen & bit) throw NOT_HANDLED;
  return seen | bit;
}

function readNumber(j: JsonBytes): number {
  const c = j.peek();
  if (c !== 0x2d && !(c >= 0x30 && c <= 0x39)) throw NOT_HANDLED;
  return j.number();
}

/** A bbox of 4 finite numbers into `into` at `at`. */
function readBox(j: JsonBytes, into: Float64Array, at: number): void {
  j.expect(0x5b);
  for (let i = 0; i < 4; i++) {
    if (i > 0) j.expect(0x2c);
    const v = readNumber(j);
    if (!Number.isFinite(v)) throw NOT_HANDLED;
    into[at + i] = v;
  }
  j.expect(0x5d);
}

/** Sorted order of ids, which must be distinct. */
function sortedDistinct(ids: Float64Array): Int32Array {
  // Ids in ascending order already (annotation ids usually are) need no sort.
  if (ascending(ids)) return identity(ids.length);
  // The ids sorted natively (no comparator calls), distinct, then each one's place found in them.
  const sorted = Float64Array.from(ids).sort();
  if (!ascending(sorted)) throw NOT_HANDLED;
  const order = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) order[placeOf(sorted, ids[i]!)] = i;
  return order;
}

/** Where `v` is in the ascending, distinct `sorted` (it is there). */
function placeOf(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function ascending(ids: Float64Array): boolean {
  for (let i = 1; i < ids.length; i++) if (!(ids[i - 1]! < ids[i]!)) return false;
  return true;
}

function identity(n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}

function readImages(j: JsonBytes, k: WasmJsonRecords | undefined): CocoImages {
  if (k !== undefined) return readImagesWith(j, k);
  const rows = new Columns(3, 1024);
  const fileNames: string[] = [];
  if (j.open(0x5b, 0x5d))
    do {
      const at = rows.add();
      rows.data[at + 1] = Number.NaN;
      rows.data[at + 2] = Number.NaN;
      let name = '';
      let seen = 0;
      if (j.open(0x7b, 0x7d))
        do {
          const k = j.key(IMAGE);
          if (k >= 0) seen = once(seen, 1 << k);
          const c = j.peek();
          const numeric = c === 0x2d || (c >= 0x30 && c <= 0x39);
          if (k === 0) rows.data[at] = readNumber(j);
          else if ((k === 1 || k === 2) && numeric) rows.data[at + k] = j.number();
          else if (k === 3 && c === 0x22) name = j.string();
          else j.skip();
        } while (j.more(0x7d));
      if (!(seen & 1)) throw NOT_HANDLED;
      fileNames.push(name);
    } while (j.more(0x5d));
  return sortedImages(rows, fileNames);
}

/** readImages by json-records.wat: id, height, width and the file name's start and end a record. */
function readImagesWith(j: JsonBytes, k: WasmJsonRecords): CocoImages {
  const rows = new Columns(5, 1024);
  if (j.open(0x5b, 0x5d)) j.pos = k.read(j.pos, IMAGE_RECORDS, rows);
  const fileNames: string[] = [];
  for (let i = 0; i < rows.n; i++) {
    const start = rows.data[5 * i + 3]!;
    const end = rows.data[5 * i + 4]!;
    fileNames.push(start === 0 ? '' : j.stringAt(start, end));
  }
  return sortedImages(rows, fileNames);
}

/** Images in id order from records whose first three slots are id, height and width. */
function sortedImages(rows: Columns, fileNames: string[]): CocoImages {
  const n = rows.n;
  const w = rows.width;
  const ids = new Float64Array(n);
  for (let i = 0; i < n; i++) ids[i] = rows.data[w * i]!;
  const order = sortedDistinct(ids);
  const images: CocoImages = {
    count: n,
    ids: new Float64Array(n),
    heights: new Float64Array(n),
    widths: new Float64Array(n),
    fileNames: [],
  };
  order.forEach((from, to) => {
    images.ids[to] = ids[from]!;
    images.heights[to] = rows.data[w * from + 1]!;
    images.widths[to] = rows.data[w * from + 2]!;
    images.fileNames.push(fileNames[from]!);
  });
  return images;
}

function readCategories(j: JsonBytes): CocoCategories {
  const idList: number[] = [];
  const nameList: (string | undefined)[] = [];
  if (j.open(0x5b, 0x5d))
    do {
      let id = Number.NaN;
      let name: string | undefined;
      let seen = 0;
      if (j.open(0x7b, 0x7d))
        do {
          const k = j.key(CATEGORY);
          if (k >= 0) seen = once(seen, 1 << k);
          if (k === 0) id = readNumber(j);
          else if (k === 1 && j.peek() === 0x22) name = j.string();
          else j.skip();
        } while (j.more(0x7d));
      if (!(seen & 1)) throw NOT_HANDLED;
      idList.push(id);
      nameList.push(name);
    } while (j.more(0x5d));
  const ids = Float64Array.from(idList);
  const order = sortedDistinct(ids);
  return {
    count: ids.length,
    ids: Float64Array.from(order, (i) => ids[i]!),
    names: Array.from(order, (i) => nameList[i] ?? String(ids[i]!)),
  };
}

/** Annotation columns: id, image id, category id, x, y, w, h, area, iscrowd. */
function readAnnotations(j: JsonBytes, capacity: number, k: WasmJsonRecords | undefined): Columns {
  const rows = new Columns(9, capacity, true);
  if (k !== undefined) {
    if (j.open(0x5b, 0x5d)) j.pos = k.read(j.pos, ANNOTATION_RECORDS, rows);
    return rows;
  }
  if (j.open(0x5b, 0x5d))
    do {
      const at = rows.add();
      const d = rows.data;
      d[at + 8] = 0;
      let seen = 0;
      if (j.open(0x7b, 0x7d))
        do {
          const k = j.key(ANNOTATION);
          if (k >= 0) seen = once(seen, 1 << k);
          if (k >= 0 && k <= 2) d[at + k] = readNumber(j);
          else if (k === 3) readBox(j, d, at + 3);
          else if (k === 4) d[at + 7] = readNumber(j);
          else if (k === 5) {
            const c = j.peek();
            // pycocotools and the loader take iscrowd by truth.
            if (c === 0x2d || (c >= 0x30 && c <= 0x39)) d[at + 8] = j.number() ? 1 : 0;
            else d[at + 8] = j.literal() ? 1 : 0;
          } else j.skip();
        } while (j.more(0x7d));
      // id, image_id, category_id, bbox and area are all needed (else the loader refuses or warns).
      if ((seen & 0b11111) !== 0b11111) throw NOT_HANDLED;
    } while (j.more(0x5d));
  return rows;
}

/** `loadCocoGroundTruth(JSON.parse(text), { iouType: 'bbox' })` of clean files, else undefined. */
export function readCocoGroundTruthBytes(bytes: Uint8Array): CocoEvalDataset | undefined {
  return withKernel(bytes, (kernel) => {
    const j = new JsonBytes(bytes);
    let images: CocoImages | undefined;
    let categories: CocoCategories | undefined;
    let rows: Columns | undefined;
    let seen = 0;
    if (j.open(0x7b, 0x7d))
      do {
        const k = j.key(ROOT);
        if (k >= 0) seen = once(seen, 1 << k);
        if (k === 0) images = readImages(j, kernel);
        // Room for a record per 128 bytes (det5000's GT: 247 bytes a record; a capacity never used is
        // never touched, so only the copies of a growth would cost).
        else if (k === 1) rows = readAnnotations(j, Math.min(bytes.length >> 7, 1 << 20), kernel);
        else if (k === 2) categories = readCategories(j);
        else j.skip();
      } while (j.more(0x7d));
    j.end();
    if (!images || !categories || !rows) throw NOT_HANDLED;
    const gt = groundTruth(rows, images, categories);
    rows.done();
    return { images, categories, gt, warnings: [] };
  });
}

function groundTruth(rows: Columns, images: CocoImages, categories: CocoCategories): CocoObjects {
  const imageIndex = new IdIndex(images.ids);
  const categoryIndex = new IdIndex(categories.ids);
  const n = rows.n;
  const gt = allocCocoObjects(n);
  const d = rows.data;
  for (let i = 0; i < n; i++) {
    const at = 9 * i;
    gt.ids[i] = d[at]!;
    const img = imageIndex.get(d[at + 1]!);
    const cat = categoryIndex.get(d[at + 2]!);
    if (img === undefined || cat === undefined) throw NOT_HANDLED;
    gt.imageIndex[i] = img;
    gt.categoryIds[i] = d[at + 2]!;
    gt.categoryIndex[i] = cat;
    for (let c = 0; c < 4; c++) gt.boxes[4 * i + c] = d[at + 3 + c]!;
    gt.areas[i] = d[at + 7]!;
    gt.iscrowd[i] = d[at + 8]!;
  }
  sortedDistinct(gt.ids);
  return gt;
}

/** `loadCocoDetections(JSON.parse(text), dataset, { iouType: 'bbox' })` of clean files, else undefined. */
export function readCocoDetectionsBytes(
  bytes: Uint8Array,
  dataset: CocoEvalDataset,
): CocoDetections | undefined {
  return withKernel(bytes, (kernel) => {
    const j = new JsonBytes(bytes);
    // image id, category id, x, y, w, h, score
    // Room for a record per 32 bytes: a result takes more (det5000: 84), so the columns never grow.
    const rows = new Columns(7, Math.min(bytes.length >> 5, 1 << 20), true);
    if (kernel !== undefined) {
      if (j.open(0x5b, 0x5d)) j.pos = kernel.read(j.pos, RESULT_RECORDS, rows);
    } else if (j.open(0x5b, 0x5d))
      do {
        const at = rows.add();
        const d = rows.data;
        let seen = 0;
        if (j.open(0x7b, 0x7d))
          do {
            const k = j.key(RESULT);
            if (k >= 0) seen = once(seen, 1 << k);
            if (k === 0 || k === 1) d[at + k] = readNumber(j);
            else if (k === 2) readBox(j, d, at + 2);
            else if (k === 3) d[at + 6] = readNumber(j);
            else if (k === 4 && rows.n === 1) throw NOT_HANDLED;
            else j.skip();
          } while (j.more(0x7d));
        if ((seen & 0b1111) !== 0b1111) throw NOT_HANDLED;
      } while (j.more(0x5d));
    j.end();
    if (rows.n === 0) throw NOT_HANDLED;
    const dt = detections(rows, dataset);
    rows.done();
    return { dt, warnings: [] };
  });
}

function detections(rows: Columns, dataset: CocoEvalDataset): CocoObjects {
  const imageIndex = new IdIndex(dataset.images.ids);
  const categoryIndex = new IdIndex(dataset.categories.ids);
  const n = rows.n;
  const dt = allocCocoObjects(n);
  const d = rows.data;
  for (let i = 0; i < n; i++) {
    const at = 7 * i;
    const img = imageIndex.get(d[at]!);
    const cat = categoryIndex.get(d[at + 1]!);
    const w = d[at + 4]!;
    const h = d[at + 5]!;
    const score = d[at + 6]!;
    if (img === undefined || cat === undefined || w < 0 || h < 0 || !Number.isFinite(score))
      throw NOT_HANDLED;
    dt.ids[i] = i + 1;
    dt.imageIndex[i] = img;
    dt.categoryIds[i] = d[at + 1]!;
    dt.categoryIndex[i] = cat;
    for (let c = 0; c < 4; c++) dt.boxes[4 * i + c] = d[at + 2 + c]!;
    dt.areas[i] = w * h;
    dt.scores[i] = score;
  }
  return dt;
}
