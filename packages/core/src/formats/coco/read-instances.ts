import { AssayError } from '../../errors.js';
import type { Annotation } from '../../model/annotation.js';
import type { Dataset } from '../dataset.js';
import type { ProblemList } from '../problems.js';
import { type InstanceContext, readInstanceAnnotation } from './read-annotation.js';
import { readCategories } from './read-categories.js';
import { readImages } from './read-images.js';
import { isRecord } from './schema.js';

export interface InstancesRead extends Dataset {
  notes: string[];
}

function refusePanoptic(annotations: unknown[], file: string): void {
  const first = annotations[0];
  if (isRecord(first) && Array.isArray(first.segments_info)) {
    throw new AssayError(
      'UNSUPPORTED',
      `${file} is a COCO panoptic file; Assay does not read panoptic PNG masks.`,
      {
        hint: 'Import the matching instances_*.json file instead (panoptic segments are PNG-encoded masks).',
        details: { file },
      },
    );
  }
}

function describeFile(images: number, classes: number, annotations: number, captions: number): string {
  if (captions > 0) return `captions file: ${captions} captions kept in sample metadata.captions`;
  if (annotations === 0 && classes === 0) return `image_info file: ${images} images, no annotations`;
  return `instances file: ${images} images, ${classes} categories, ${annotations} annotations`;
}

/**
 * Reads an object-shaped COCO file: instances, person_keypoints, stuff, labels (category-only
 * records become classifications), image_info (images only) and captions (texts go to
 * Sample.metadata.captions). Panoptic files are refused (UNSUPPORTED).
 */
export function readInstances(
  json: Record<string, unknown>,
  file: string,
  source: string,
  problems: ProblemList,
): InstancesRead {
  const images = readImages(json.images as unknown[], file, problems);
  const categories = readCategories(json.categories, file, problems);
  const ctx: InstanceContext = { file, source, problems, images, categories };
  const annotations: Annotation[] = [];
  const raw = json.annotations;
  if (Array.isArray(raw)) {
    refusePanoptic(raw, file);
    for (let i = 0; i < raw.length; i++) {
      const annotation = readInstanceAnnotation(raw[i], i, ctx);
      if (annotation) annotations.push(annotation);
    }
  } else if (raw !== undefined) {
    problems.skip(file, 'annotations', 'annotations is not a list; no annotations were read');
  }
  let captions = 0;
  for (const sample of images.samples) {
    const list = sample.metadata?.captions;
    if (Array.isArray(list)) captions += list.length;
  }
  const notes = [
    describeFile(images.samples.length, categories.classes.length, annotations.length, captions),
  ];
  return { classes: categories.classes, samples: images.samples, annotations, notes };
}
