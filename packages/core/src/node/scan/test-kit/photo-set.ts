import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import type { SampleMetrics } from '../../../metrics/sample-metrics.js';
import { decodeImage } from '../decode-image.js';
import { measureImage } from '../measure-image.js';
import { ALTERATIONS, type Alteration, alterPhoto } from './alter-photo.js';

export const PHOTOS_DIR = fileURLToPath(new URL('../../../../../../fixtures/photos/', import.meta.url));

export interface PhotoVariant {
  photo: number;
  file: string;
  alteration: 'original' | Alteration;
  metrics: SampleMetrics;
}

/** Every photo of fixtures/photos and its eight altered copies, measured as scan measures them. */
export async function measurePhotoSet(dir = PHOTOS_DIR): Promise<PhotoVariant[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.jpg')).sort();
  const out: PhotoVariant[] = [];
  for (const [photo, file] of files.entries()) {
    const original = await readFile(`${dir}/${file}`);
    for (const alteration of ['original', ...ALTERATIONS] as const) {
      const bytes = alteration === 'original' ? original : await alterPhoto(original, alteration, photo + 1);
      const decoded = await decodeImage(bytes, { size: 256, maxPixels: 100_000_000 });
      if (!decoded.ok) throw new Error(`${file} (${alteration}): ${decoded.error}`);
      const { width, height } = await sharp(bytes).metadata();
      const metrics = measureImage(decoded.image, { status: 'ok', width, height });
      out.push({ photo, file, alteration, metrics });
    }
  }
  return out;
}

export interface PairScore {
  /** Pairs of copies of the same photo, and how many were found directly. */
  truePairs: number;
  found: number;
  /** Of those, pairs of an original and one of its altered copies. */
  originalPairs: number;
  originalFound: number;
  /** True pairs that end up in the same group (connected component of found pairs). */
  grouped: number;
  /** Found pairs of different photos, directly and through groups. */
  falsePairs: number;
  falseGrouped: number;
  /** Recall per alteration, original ↔ altered copy. */
  byAlteration: Record<string, number>;
}

/** Scores found pairs (indexes into `variants`) against the truth: same `photo` = a true pair. */
export function scorePairs(
  variants: readonly PhotoVariant[],
  pairs: readonly { a: number; b: number }[],
): PairScore {
  const found = new Set(pairs.map((p) => p.a * variants.length + p.b));
  const parent = variants.map((_, i) => i);
  const root = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  for (const p of pairs) parent[root(p.a)] = root(p.b);
  const s: PairScore = {
    truePairs: 0,
    found: 0,
    originalPairs: 0,
    originalFound: 0,
    grouped: 0,
    falsePairs: 0,
    falseGrouped: 0,
    byAlteration: {},
  };
  const perAlteration: Record<string, [number, number]> = {};
  for (let a = 0; a < variants.length; a++) {
    for (let b = a + 1; b < variants.length; b++) {
      const hit = found.has(a * variants.length + b);
      const sameGroup = root(a) === root(b);
      if (variants[a]!.photo !== variants[b]!.photo) {
        if (hit) s.falsePairs++;
        if (sameGroup) s.falseGrouped++;
        continue;
      }
      s.truePairs++;
      if (hit) s.found++;
      if (sameGroup) s.grouped++;
      if (variants[a]!.alteration === 'original') {
        s.originalPairs++;
        if (hit) s.originalFound++;
        const counts = (perAlteration[variants[b]!.alteration] ??= [0, 0]);
        counts[1]++;
        if (hit) counts[0]++;
      }
    }
  }
  for (const [k, [hit, all]] of Object.entries(perAlteration)) s.byAlteration[k] = hit / all;
  return s;
}
