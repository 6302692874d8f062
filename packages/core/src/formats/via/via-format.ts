import { defineFormat } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { withoutBom } from '../format-io.js';
import { headText } from '../head-text.js';
import { extName } from '../paths.js';
import { isViaCsvHeader, viaFileIn, viaMetadata } from './via-files.js';
import { isVia3 } from './via3.js';

async function detectFile(path: string, io: FormatIO) {
  const ext = extName(path);
  if (ext !== '.csv' && ext !== '.json') return undefined;
  const head = await headText(path, io);
  if (ext === '.csv') {
    return isViaCsvHeader((head.split(/\r?\n/, 1)[0] ?? '').split(','))
      ? {
          confidence: 0.95,
          reason: 'a CSV with VIA’s columns (filename, …, region_shape_attributes, region_attributes)',
        }
      : undefined;
  }
  if (!/^\uFEFF?\s*\{/.test(head) || !/"(_via_img_metadata|regions|vid_list|fid_list)"/.test(head))
    return undefined;
  const text = withoutBom(await io.readText(path));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (isVia3(value))
    return { confidence: 1, reason: 'a JSON with project, file and metadata (VIA 3 project)' };
  const found = viaMetadata(value);
  if (!found) return undefined;
  return {
    confidence: found.project ? 1 : 0.95,
    reason: found.project
      ? 'a JSON with _via_img_metadata (VIA project)'
      : 'a JSON of entries with filename and regions (VIA export)',
  };
}

/**
 * VGG Image Annotator (VIA 1.x/2.x) projects and exports, JSON or CSV (via-read.ts). Read only: VIA
 * imports its own project files, and Assay's COCO export opens in VIA 3.
 */
export const via = defineFormat({
  id: 'via',
  title: 'VGG Image Annotator (VIA 1.x/2.x/3.x project, JSON or CSV export)',
  tasks: ['bbox', 'polygon', 'polyline', 'keypoints'],
  capabilities: { roundTrip: [], keepsClassIds: false, needsImages: false, scores: false },
  readOptions: ['label-column'],
  async detect(path, io) {
    if (await io.isDirectory(path)) {
      const file = await viaFileIn(path, io);
      const found = file === undefined ? undefined : await detectFile(file, io);
      return found && file ? { ...found, path: file } : undefined;
    }
    return detectFile(path, io);
  },
  read: async (input) => (await import('./via-read.js')).readVia(input),
});
