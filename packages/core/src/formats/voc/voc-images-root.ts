import type { Annotation } from '../../model/annotation.js';
import type { Sample } from '../../model/sample.js';
import type { FormatIO } from '../format-io.js';
import { dirName, joinPath } from '../paths.js';
import { IMAGE_DIRS, type VocLayout } from './voc-layout.js';

/** Samples whose files are looked for when the images folder is a guess. */
const PROBE = 5;

async function anyExists(io: FormatIO, root: string, keys: string[]): Promise<boolean> {
  for (const key of keys) if (await io.exists(joinPath(root, key))) return true;
  return false;
}

/**
 * When no --images was given, checks the guessed images folder against the first samples' files and,
 * when none is there, looks beside the annotation folder: its images/ or JPEGImages/ siblings, the
 * folder itself, its parent, then the parent's `<folder>/<filename>` (WIDER FACE's VOC files:
 * `<folder>0--Parade</folder>`, the image in WIDER_train/0--Parade/). The first that holds one of
 * them is the images root (in the last case each key becomes `<folder>/<filename>`). When none does,
 * a note says where Assay looked; the samples are kept (scan reports the missing files, as for COCO).
 */
export async function settleImagesRoot(
  io: FormatIO,
  layout: VocLayout,
  samples: Sample[],
  annotations: Annotation[],
): Promise<{ root: string; note?: string }> {
  const probe = samples.slice(0, PROBE);
  const first = layout.xmlFiles[0];
  const root = layout.imagesRoot;
  if (!layout.guessed || probe.length === 0 || first === undefined) return { root };
  const keys = probe.map((s) => s.key);
  if (await anyExists(io, root, keys)) return { root };
  const xmlDir = dirName(first);
  const parent = dirName(xmlDir);
  const candidates = [...IMAGE_DIRS.map((d) => joinPath(parent, d)), xmlDir, parent].filter(
    (c, i, all) => c !== layout.imagesRoot && all.indexOf(c) === i,
  );
  for (const candidate of candidates) if (await anyExists(io, candidate, keys)) return { root: candidate };
  const folderOf = (s: Sample) => (typeof s.metadata?.folder === 'string' ? s.metadata.folder : undefined);
  const byFolder = probe.flatMap((s) => {
    const folder = folderOf(s);
    return folder && !folder.includes('..') ? [`${folder}/${s.key}`] : [];
  });
  if (byFolder.length > 0 && (await anyExists(io, parent, byFolder))) {
    const moved = new Map<string, string>();
    for (const sample of samples) {
      const folder = folderOf(sample);
      if (!folder || folder.includes('..')) continue;
      moved.set(sample.key, `${folder}/${sample.key}`);
      sample.key = `${folder}/${sample.key}`;
    }
    for (const a of annotations) a.sample = moved.get(a.sample) ?? a.sample;
    return { root: parent };
  }
  const note = `images not found (e.g. ${keys.slice(0, 2).join(', ')}) in ${root}, nor in ${IMAGE_DIRS.join('/, ')}/ beside ${xmlDir}, nor in that folder or its parent: pass --images with their folder (\`assay scan\` reports the missing files)`;
  return { root, note };
}
