/**
 * Writes a COCO ground-truth file and its results (detections) file of `copies` × the images of a generated
 * pair (gen_detection.py's gt.json and dt_bbox.json) by replicating it: copy k (0 … copies−1) repeats every
 * image, annotation and detection with image and annotation ids moved by k·10⁹ and, for k ≥ 1, file names
 * put in a folder `c<k>/` (the same keys and original ids as scale.bench's ASSAY_SCALE_REPLICATE project
 * copies). Copy 0 is the source itself. Nothing is random: the same source gives byte-identical files.
 *
 * Streamed: the source pair is parsed once (~170 + 100 MB at 100k images), and the output is written in
 * ~4 MB pieces as it is made, so a 1M-image pair (≈1.7 + 1.0 GB) is never held in memory. Top-level keys
 * keep the source's order (categories before annotations in gen_detection.py's files, as the
 * streaming importer reads them; a file in the official order, categories last, would read the same way).
 *
 * Usage: node --import tsx bench/_replicate-coco.ts <source dir> <out dir> <copies>
 * (writes gt.json, dt_bbox.json and a meta.json with the counts scaled; `verifyReplicatedCoco` recounts them).
 */
import { closeSync, mkdirSync, openSync, readFileSync, readSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Image and annotation ids of copy k are the source's plus k × ID_STEP (source ids are < 10⁹). */
export const ID_STEP = 1_000_000_000;

interface CocoRecord {
  [key: string]: unknown;
}

/** Buffered writes to one file descriptor: pieces are joined and written once ~4 MB have gathered. */
class PieceWriter {
  private readonly fd: number;
  private parts: string[] = [];
  private size = 0;
  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }
  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= 4 << 20) this.flush();
  }
  flush(): void {
    if (this.parts.length > 0) writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

const moved = (id: unknown, k: number): unknown =>
  typeof id === 'number' && Number.isInteger(id) ? id + k * ID_STEP : id;

/** Writes `records` × copies as one JSON list, each copy's records changed by `change(record, k)`. */
function writeList(
  out: PieceWriter,
  records: readonly CocoRecord[],
  copies: number,
  change: (r: CocoRecord, k: number) => CocoRecord,
): void {
  out.write('[');
  let first = true;
  for (let k = 0; k < copies; k++) {
    for (const r of records) {
      out.write(first ? JSON.stringify(change(r, k)) : `,${JSON.stringify(change(r, k))}`);
      first = false;
    }
  }
  out.write(']');
}

const image = (r: CocoRecord, k: number): CocoRecord =>
  k === 0 ? r : { ...r, id: moved(r.id, k), file_name: `c${k}/${String(r.file_name)}` };
const annotation = (r: CocoRecord, k: number): CocoRecord =>
  k === 0 ? r : { ...r, id: moved(r.id, k), image_id: moved(r.image_id, k) };
const detection = (r: CocoRecord, k: number): CocoRecord =>
  k === 0 ? r : { ...r, image_id: moved(r.image_id, k) };

export interface ReplicatedCounts {
  images: number;
  annotations: number;
  detections: number;
}

/** Writes `outDir`/{gt,dt_bbox,meta}.json as `copies` × the pair in `sourceDir`; returns what it wrote. */
export function replicateCocoFiles(sourceDir: string, outDir: string, copies: number): ReplicatedCounts {
  if (!Number.isInteger(copies) || copies < 1)
    throw new Error(`copies must be a whole number ≥ 1, not ${copies}`);
  mkdirSync(outDir, { recursive: true });
  const gt = JSON.parse(readFileSync(join(sourceDir, 'gt.json'), 'utf8')) as Record<string, unknown>;
  const images = gt.images as CocoRecord[];
  const annotations = gt.annotations as CocoRecord[];
  const out = new PieceWriter(join(outDir, 'gt.json'));
  out.write('{');
  Object.keys(gt).forEach((key, i) => {
    out.write(`${i > 0 ? ',' : ''}${JSON.stringify(key)}:`);
    if (key === 'images') writeList(out, images, copies, image);
    else if (key === 'annotations') writeList(out, annotations, copies, annotation);
    else out.write(JSON.stringify(gt[key]));
  });
  out.write('}');
  out.close();
  const counts = { images: images.length * copies, annotations: annotations.length * copies, detections: 0 };
  gt.images = gt.annotations = undefined; // let the ground truth go before the detections are read
  const dt = JSON.parse(readFileSync(join(sourceDir, 'dt_bbox.json'), 'utf8')) as CocoRecord[];
  const dtOut = new PieceWriter(join(outDir, 'dt_bbox.json'));
  writeList(dtOut, dt, copies, detection);
  dtOut.close();
  counts.detections = dt.length * copies;
  const meta = JSON.parse(readFileSync(join(sourceDir, 'meta.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(
    join(outDir, 'meta.json'),
    JSON.stringify({
      ...meta,
      n_images: counts.images,
      n_gt: counts.annotations,
      n_dt: counts.detections,
      replicatedFrom: { dir: resolve(sourceDir), copies, idStep: ID_STEP },
    }),
  );
  return counts;
}

/**
 * Counts images, annotations and detections in the written files without parsing them whole: each image
 * record is the only place `"file_name":` appears, each annotation the only `"iscrowd":`, each detection
 * the only `"score":` (true of gen_detection.py's files; the source counts are taken the same way).
 */
export function countCocoRecords(dir: string): ReplicatedCounts {
  const count = (file: string, needle: string): number => {
    const fd = openSync(join(dir, file), 'r');
    const buf = Buffer.alloc(8 << 20);
    const pattern = Buffer.from(needle);
    let n = 0;
    let carry = Buffer.alloc(0);
    for (;;) {
      const got = readSync(fd, buf, 0, buf.length, null);
      if (got === 0) break;
      const piece = Buffer.concat([carry, buf.subarray(0, got)]);
      for (let at = piece.indexOf(pattern); at >= 0; at = piece.indexOf(pattern, at + pattern.length)) n++;
      carry = Buffer.from(piece.subarray(piece.length - (pattern.length - 1)));
    }
    closeSync(fd);
    return n;
  };
  return {
    images: count('gt.json', '"file_name":'),
    annotations: count('gt.json', '"iscrowd":'),
    detections: count('dt_bbox.json', '"score":'),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [source, out, copies] = process.argv.slice(2);
  if (!source || !out || !copies) {
    console.error('usage: node --import tsx bench/_replicate-coco.ts <source dir> <out dir> <copies>');
    process.exit(2);
  }
  const t0 = performance.now();
  const wrote = replicateCocoFiles(source, out, Number(copies));
  console.log(`wrote ${JSON.stringify(wrote)} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const source1 = countCocoRecords(source);
  const counted = countCocoRecords(out);
  const ok = (['images', 'annotations', 'detections'] as const).every(
    (k) => counted[k] === source1[k] * Number(copies) && counted[k] === wrote[k],
  );
  console.log(
    `counted ${JSON.stringify(counted)}; source ${JSON.stringify(source1)} × ${copies}: ${ok ? 'equal' : 'DIFFERENT'}`,
  );
  if (!ok) process.exit(1);
}
