import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp, { type FormatEnum, type OverlayOptions } from 'sharp';
import { AssayError } from '../errors.js';
import type { FormatIO } from '../formats/format-io.js';
import { writeFileAtomic } from './atomic-write.js';
import type { Project } from './project.js';

export const REDACT_KINDS = ['faces', 'text'] as const;
export type RedactKind = (typeof REDACT_KINDS)[number];

const ISSUE_OF: Record<RedactKind, string> = { faces: 'pii_face', text: 'pii_text_region' };

/** Regions to blur per source file (absolute path), from the open privacy issues of these kinds. */
export async function redactionRegions(
  project: Project,
  kinds: readonly RedactKind[],
): Promise<Map<string, [number, number, number, number][]>> {
  const types = kinds.map((k) => ISSUE_OF[k]);
  const runs = await project.store.listRunParams('privacy');
  const issues = await project.store.listIssues({ types, status: ['open', 'confirmed'] });
  if (issues.length === 0 && runs.length === 0)
    throw new AssayError(
      'INVALID_INPUT',
      `--redact ${kinds.join(',')}: no privacy scan of the images has run.`,
      {
        hint: 'Run `assay privacy --images` first: it finds the faces and text regions the export blurs.',
      },
    );
  const samples = new Map((await project.store.listSamples({ kind: 'image' })).map((s) => [s.id, s]));
  const out = new Map<string, [number, number, number, number][]>();
  for (const i of issues) {
    const s = i.sampleId === undefined ? undefined : samples.get(i.sampleId);
    const region = i.details?.region;
    if (!s || !Array.isArray(region) || region.length !== 4) continue;
    const path = join(project.resolveRoot(s.root), s.key);
    out.set(path, [...(out.get(path) ?? []), region as [number, number, number, number]]);
  }
  return out;
}

/** The image with each region blurred (Gaussian, σ a quarter of the region's shorter side, at least 6 px). */
export async function blurRegions(
  bytes: Uint8Array,
  regions: readonly [number, number, number, number][],
): Promise<Buffer> {
  const image = sharp(bytes).autoOrient();
  const meta = await sharp(bytes).autoOrient().toBuffer({ resolveWithObject: true });
  const { width, height, format } = meta.info;
  const layers: OverlayOptions[] = [];
  for (const [x, y, w, h] of regions) {
    const left = Math.max(0, Math.floor(x));
    const top = Math.max(0, Math.floor(y));
    const rw = Math.min(width - left, Math.ceil(x + w) - left);
    const rh = Math.min(height - top, Math.ceil(y + h) - top);
    if (rw < 1 || rh < 1) continue;
    const sigma = Math.max(6, Math.min(rw, rh) / 4);
    const patch = await sharp(meta.data).extract({ left, top, width: rw, height: rh }).blur(sigma).toBuffer();
    layers.push({ input: patch, left, top });
  }
  return image
    .composite(layers)
    .toFormat(format as keyof FormatEnum)
    .toBuffer();
}

/**
 * A FormatIO whose image copies come out with the regions blurred: the copy (or conversion) is made as usual (with
 * every guard), then replaced in the export folder by its blurred version. Sources are never written.
 */
export function redactingIO(
  io: FormatIO,
  regions: Map<string, [number, number, number, number][]>,
  counts: { images: number; regions: number },
): FormatIO {
  const blur = async (from: string, to: string) => {
    const list = regions.get(from);
    if (!list || list.length === 0) return;
    await writeFileAtomic(to, await blurRegions(await readFile(to), list));
    counts.images++;
    counts.regions += list.length;
  };
  return {
    ...io,
    async copyFile(from, to) {
      await io.copyFile(from, to);
      await blur(from, to);
    },
    async convertImage(from, to, format) {
      await io.convertImage(from, to, format);
      await blur(from, to);
    },
  };
}
