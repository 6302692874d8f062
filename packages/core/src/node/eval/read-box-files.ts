import { closeSync, openSync, readSync } from 'node:fs';
import { ChunkedJson, type ChunkedJsonOptions } from '../../eval/coco/chunked-json.js';
import { type JsonBytes, NOT_HANDLED, names } from '../../eval/coco/json-bytes.js';
import type { CocoCategories, CocoImages } from '../../eval/coco/types.js';
import { RecordBuckets } from './record-buckets.js';

/**
 * A box evaluation's two COCO files read a chunk at a time into typed records, sorted into buckets of
 * whole images as they come (issue 12: no object per record, and no file held whole, so a file pair of
 * a million images is read in a bounded amount of memory besides the records). It reads what
 * read-coco-bytes.ts reads, with the same rules: anything the loaders would refuse, warn about or
 * choose on throws NOT_HANDLED, and the caller reads the files the ordinary way (same result, errors
 * and warnings). Annotations that come before the images in the ground-truth file are held in memory
 * until the images are read, then sorted into the buckets.
 */

const ROOT = names('images', 'annotations', 'categories');
const IMAGE = names('id', 'height', 'width');
const CATEGORY = names('id', 'name');
const ANNOTATION = names('id', 'image_id', 'category_id', 'bbox', 'area', 'iscrowd');
const RESULT = names('image_id', 'category_id', 'bbox', 'score', 'caption');

/** Ground-truth record: id, image position, category id, x, y, w, h, area, iscrowd. */
export const GT_WIDTH = 9;
/** Detection record: position in the file, image position, category id, x, y, w, h, score. */
export const DT_WIDTH = 8;

export interface BoxGroundTruth {
  images: CocoImages;
  categories: CocoCategories;
  /** Image id → position (ids ascending); category id → position. */
  imageOf: Map<number, number>;
  categoryOf: Map<number, number>;
  /** Images per bucket: bucket b holds the images at positions [b·perBucket, (b+1)·perBucket). */
  perBucket: number;
  buckets: number;
  gt: RecordBuckets;
}

/** How a file is read. */
export interface ReadOptions {
  /** The file's reads (ChunkedJson's; tests make the chunks small). */
  chunks?: ChunkedJsonOptions;
  /** Checked before each chunk is read. */
  signal?: AbortSignal;
}

export interface ReadBoxFilesOptions extends ReadOptions {
  /** Where bucket files go (none: every record stays in memory). */
  dir?: string;
  /** How many buckets for `images` images (called once the images are read). */
  buckets: (images: number) => number;
}

const isNumberStart = (c: number) => c === 0x2d || (c >= 0x30 && c <= 0x39);

/** JSON read a unit at a time from a file (see ChunkedJson), with the reads of a few field types. */
class Reader {
  readonly json: ChunkedJson;
  /** A value of a type the loaders would not take quietly was met in the current element. */
  bad = false;
  /** The member names of the current element met so far (a bit per name). */
  seen = 0;
  private readonly fd: number;

  constructor(path: string, options: ReadOptions) {
    this.fd = openSync(path, 'r');
    const { signal } = options;
    const read = (into: Uint8Array, at: number, length: number) => {
      signal?.throwIfAborted();
      return readSync(this.fd, into, at, length, null);
    };
    try {
      this.json = new ChunkedJson(read, options.chunks);
    } catch (error) {
      closeSync(this.fd);
      throw error;
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  /**
   * Runs `parse` on each element of a list (the cursor at its `[`), then `commit` once it is parsed
   * and not `bad` (parse may run twice: see ChunkedJson.run; it resets what it reads).
   */
  list(parse: (j: JsonBytes) => void, commit: () => void): void {
    const { json } = this;
    if (!json.run((j) => j.open(0x5b, 0x5d))) return;
    const element = (j: JsonBytes) => {
      this.bad = false;
      this.seen = 0;
      parse(j);
    };
    do {
      json.run(element);
      if (this.bad) throw NOT_HANDLED;
      commit();
    } while (json.run((j) => j.more(0x5d)));
  }

  /** The index in `keys` of the next member name (-1 for another); a name seen twice is `bad`. */
  key(j: JsonBytes, keys: readonly Uint8Array[]): number {
    const k = j.key(keys);
    if (k >= 0) {
      if (this.seen & (1 << k)) this.bad = true;
      this.seen |= 1 << k;
    }
    return k;
  }

  /** A number (another type: `bad`, NaN). */
  number(j: JsonBytes): number {
    if (isNumberStart(j.peek())) return j.number();
    this.bad = true;
    j.skip();
    return Number.NaN;
  }

  /** A bbox of 4 finite numbers into `into` at `at` (anything else: `bad`). */
  box(j: JsonBytes, into: Float64Array, at: number): void {
    if (j.peek() !== 0x5b) {
      this.bad = true;
      j.skip();
      return;
    }
    j.expect(0x5b);
    for (let i = 0; i < 4; i++) {
      if (i > 0 && !j.more(0x5d)) {
        this.bad = true;
        return;
      }
      const v = this.number(j);
      if (!Number.isFinite(v)) this.bad = true;
      into[at + i] = v;
    }
    if (j.more(0x5d)) {
      this.bad = true;
      do j.skip();
      while (j.more(0x5d));
    }
  }
}

/**
 * Image positions by id, remembering the last id asked for: records usually come grouped by image,
 * and a lookup in a map of a million ids (most above 2^31 in a replicated file) is the dearer step.
 */
class ImageLookup {
  private lastId = Number.NaN;
  private lastAt: number | undefined;
  constructor(private readonly imageOf: Map<number, number>) {}
  get(id: number): number | undefined {
    if (id !== this.lastId) {
      this.lastId = id;
      this.lastAt = this.imageOf.get(id);
    }
    return this.lastAt;
  }
}

/** Sorted order of `ids`, which must be distinct. */
function sortedDistinct(ids: Float64Array): Int32Array {
  const order = new Int32Array(ids.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  let ascending = true;
  for (let i = 1; i < ids.length && ascending; i++) ascending = ids[i - 1]! < ids[i]!;
  if (ascending) return order;
  order.sort((a, b) => ids[a]! - ids[b]!);
  for (let i = 1; i < order.length; i++) if (!(ids[order[i - 1]!]! < ids[order[i]!]!)) throw NOT_HANDLED;
  return order;
}

function readImages(r: Reader): { images: CocoImages; imageOf: Map<number, number> } {
  const ids: number[] = [];
  const heights: number[] = [];
  const widths: number[] = [];
  let id = 0;
  let height = 0;
  let width = 0;
  const parse = (j: JsonBytes) => {
    height = Number.NaN;
    width = Number.NaN;
    if (j.open(0x7b, 0x7d))
      do {
        const k = r.key(j, IMAGE);
        const numeric = isNumberStart(j.peek());
        if (k === 0) id = r.number(j);
        else if (k === 1 && numeric) height = j.number();
        else if (k === 2 && numeric) width = j.number();
        else j.skip();
      } while (j.more(0x7d));
    if (!(r.seen & 1)) r.bad = true;
  };
  r.list(parse, () => {
    ids.push(id);
    heights.push(height);
    widths.push(width);
  });
  const all = Float64Array.from(ids);
  const order = sortedDistinct(all);
  const n = all.length;
  const images: CocoImages = {
    count: n,
    ids: new Float64Array(n),
    heights: new Float64Array(n),
    widths: new Float64Array(n),
    // Nothing in a box evaluation reads them.
    fileNames: [],
  };
  const imageOf = new Map<number, number>();
  for (let to = 0; to < n; to++) {
    const from = order[to]!;
    images.ids[to] = all[from]!;
    images.heights[to] = heights[from]!;
    images.widths[to] = widths[from]!;
    imageOf.set(all[from]!, to);
  }
  return { images, imageOf };
}

function readCategories(r: Reader): CocoCategories {
  const idList: number[] = [];
  const nameList: (string | undefined)[] = [];
  let id = 0;
  let name: string | undefined;
  const parse = (j: JsonBytes) => {
    id = Number.NaN;
    name = undefined;
    if (j.open(0x7b, 0x7d))
      do {
        const k = r.key(j, CATEGORY);
        if (k === 0) id = r.number(j);
        else if (k === 1 && j.peek() === 0x22) name = j.string();
        else j.skip();
      } while (j.more(0x7d));
    if (!(r.seen & 1)) r.bad = true;
  };
  r.list(parse, () => {
    idList.push(id);
    nameList.push(name);
  });
  const ids = Float64Array.from(idList);
  const order = sortedDistinct(ids);
  return {
    count: ids.length,
    ids: Float64Array.from(order, (i) => ids[i]!),
    names: Array.from(order, (i) => nameList[i] ?? String(ids[i]!)),
  };
}

/**
 * The annotations into `gt` by image; with no images yet (`imageOf` undefined), into `gt`'s one bucket
 * with their image ids, for `sortByImage`. Returns their ids (checked distinct later).
 */
function readAnnotations(
  r: Reader,
  imageOf: Map<number, number> | undefined,
  perBucket: number,
  gt: RecordBuckets,
  categoriesSeen: Set<number>,
): Float64Array {
  const rec = new Float64Array(GT_WIDTH);
  let ids = new Float64Array(1 << 16);
  let n = 0;
  let image = 0;
  const lookup = imageOf === undefined ? undefined : new ImageLookup(imageOf);
  const parse = (j: JsonBytes) => {
    rec[8] = 0;
    if (j.open(0x7b, 0x7d))
      do {
        const k = r.key(j, ANNOTATION);
        if (k >= 0 && k <= 2) rec[k] = r.number(j);
        else if (k === 3) r.box(j, rec, 3);
        else if (k === 4) rec[7] = r.number(j);
        else if (k === 5) {
          // pycocotools and the loader take iscrowd by truth.
          if (isNumberStart(j.peek())) rec[8] = j.number() ? 1 : 0;
          else rec[8] = j.literal() ? 1 : 0;
        } else j.skip();
      } while (j.more(0x7d));
    // id, image_id, category_id, bbox and area are all needed (else the loader refuses or warns).
    if ((r.seen & 0b11111) !== 0b11111) r.bad = true;
    if (lookup === undefined) return;
    const at = lookup.get(rec[1]!);
    if (at === undefined) r.bad = true;
    else image = at;
  };
  r.list(parse, () => {
    const { data, at } = gt.add(imageOf === undefined ? 0 : Math.floor(image / perBucket));
    data.set(rec, at);
    if (imageOf !== undefined) data[at + 1] = image;
    categoriesSeen.add(rec[2]!);
    if (n === ids.length) {
      const more = new Float64Array(2 * n);
      more.set(ids);
      ids = more;
    }
    ids[n++] = rec[0]!;
  });
  return ids.subarray(0, n);
}

/** Records read before the images (one bucket, image ids) into `gt`'s buckets by image position. */
function sortByImage(
  pending: RecordBuckets,
  imageOf: Map<number, number>,
  perBucket: number,
  gt: RecordBuckets,
) {
  const rows = pending.read(0);
  const lookup = new ImageLookup(imageOf);
  for (let at = 0; at < rows.length; at += GT_WIDTH) {
    const image = lookup.get(rows[at + 1]!);
    if (image === undefined) throw NOT_HANDLED;
    const { data, at: to } = gt.add(Math.floor(image / perBucket));
    data.set(rows.subarray(at, at + GT_WIDTH), to);
    data[to + 1] = image;
  }
}

/** Buckets of whole images for `count` images: how many images each holds, and the records' buckets. */
function bucketsFor(count: number, options: ReadBoxFilesOptions) {
  const buckets = Math.max(1, Math.min(count, options.buckets(count)));
  const perBucket = Math.max(1, Math.ceil(count / buckets));
  const gt = new RecordBuckets(GT_WIDTH, Math.max(1, Math.ceil(count / perBucket)), options.dir, 'gt');
  return { perBucket, gt };
}

/** `loadCocoGroundTruth(JSON.parse(file), { iouType: 'bbox' })`'s content for clean files; else NOT_HANDLED. */
export function readBoxGroundTruth(path: string, options: ReadBoxFilesOptions): BoxGroundTruth {
  const r = new Reader(path, options);
  try {
    let read: { images: CocoImages; imageOf: Map<number, number> } | undefined;
    let categories: CocoCategories | undefined;
    let gt: RecordBuckets | undefined;
    // Annotations that come before the images (in memory until the images are read).
    let pending: RecordBuckets | undefined;
    let perBucket = 1;
    let ids: Float64Array | undefined;
    const categoriesSeen = new Set<number>();
    let seen = 0;
    const { json } = r;
    if (json.run((j) => j.open(0x7b, 0x7d)))
      do {
        const k = json.run((j) => j.key(ROOT));
        if (k >= 0) {
          if (seen & (1 << k)) throw NOT_HANDLED;
          seen |= 1 << k;
        }
        if (k === 0) read = readImages(r);
        else if (k === 1) {
          if (read === undefined) {
            pending = new RecordBuckets(GT_WIDTH, 1, undefined, 'pending');
            ids = readAnnotations(r, undefined, 1, pending, categoriesSeen);
          } else {
            ({ perBucket, gt } = bucketsFor(read.images.count, options));
            ids = readAnnotations(r, read.imageOf, perBucket, gt, categoriesSeen);
          }
        } else if (k === 2) categories = readCategories(r);
        else json.run((j) => j.skip());
      } while (json.run((j) => j.more(0x7d)));
    json.run((j) => j.end());
    if (!read || !categories || !ids) throw NOT_HANDLED;
    if (pending) {
      ({ perBucket, gt } = bucketsFor(read.images.count, options));
      sortByImage(pending, read.imageOf, perBucket, gt);
      pending = undefined;
    }
    if (!gt) throw NOT_HANDLED;
    const categoryOf = new Map<number, number>();
    for (let k = 0; k < categories.count; k++) categoryOf.set(categories.ids[k]!, k);
    for (const id of categoriesSeen) if (!categoryOf.has(id)) throw NOT_HANDLED;
    sortedDistinct(ids);
    return { ...read, categories, categoryOf, perBucket, buckets: gt.buckets, gt };
  } finally {
    r.close();
  }
}

/**
 * `loadCocoDetections(JSON.parse(file), dataset, { iouType: 'bbox' })`'s content for clean files, in
 * buckets as the ground truth's; else NOT_HANDLED. `perCategory` counts each category's detections.
 */
export function readBoxDetections(
  path: string,
  truth: BoxGroundTruth,
  dir: string | undefined,
  options: ReadOptions = {},
): { dt: RecordBuckets; perCategory: Float64Array } {
  const r = new Reader(path, options);
  const dt = new RecordBuckets(DT_WIDTH, truth.buckets, dir, 'dt');
  const perCategory = new Float64Array(truth.categories.count);
  const rec = new Float64Array(DT_WIDTH);
  const { imageOf, categoryOf, perBucket } = truth;
  let n = 0;
  let image = 0;
  let category = 0;
  const lookup = new ImageLookup(imageOf);
  const parse = (j: JsonBytes) => {
    let imageId = Number.NaN;
    if (j.open(0x7b, 0x7d))
      do {
        const k = r.key(j, RESULT);
        if (k === 0) imageId = r.number(j);
        else if (k === 1) rec[2] = r.number(j);
        else if (k === 2) r.box(j, rec, 3);
        else if (k === 3) rec[7] = r.number(j);
        // loadRes decides on captions by the first result.
        else if (k === 4 && n === 0) r.bad = true;
        else j.skip();
      } while (j.more(0x7d));
    if ((r.seen & 0b1111) !== 0b1111) r.bad = true;
    const at = lookup.get(imageId);
    const k = categoryOf.get(rec[2]!);
    if (at === undefined || k === undefined || rec[5]! < 0 || rec[6]! < 0 || !Number.isFinite(rec[7]!))
      r.bad = true;
    else {
      image = at;
      category = k;
    }
  };
  try {
    r.list(parse, () => {
      const { data, at } = dt.add(Math.floor(image / perBucket));
      rec[0] = n++;
      rec[1] = image;
      data.set(rec, at);
      perCategory[category]!++;
    });
    r.json.run((j) => j.end());
    if (n === 0) throw NOT_HANDLED;
    return { dt, perCategory };
  } catch (error) {
    dt.close();
    throw error;
  } finally {
    r.close();
  }
}
