import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { AssayError } from '../../errors.js';
import { writeFileAtomic } from '../atomic-write.js';
import { type ImportSummary, importDataset } from '../import-dataset.js';
import { initProject, openProject } from '../project.js';
import { type PredictRunSummary, runPredict } from '../run-predict.js';

/**
 * The repository's five CC0 / public-domain photos with hand-made COCO boxes (fixtures/README.md),
 * found from this file: packages/core/{src,dist}/node/demo/ → the repository root.
 */
export const DEMO_PHOTOS = fileURLToPath(new URL('../../../../../fixtures/photos-skimage/', import.meta.url));

/** The bundled detector the photo demo reviews the labels with. */
export const REVIEW_DEMO_MODEL = 'centernet';

export interface PlantedLabelError {
  /** The issue type the review should raise. */
  type: 'wrong_class' | 'missing_label' | 'bad_location';
  image: string;
  what: string;
}

/**
 * The label errors planted into the photos' ground truth, each on a person CenterNet finds with a
 * score ≥ 0.5 (the review's "confident" threshold). Measured with @vladmandic/human 3.3.6's centernet:
 * astronaut person 0.63, camera person 0.64, camera-mirrored person 0.62, astronaut-mirrored 0.51.
 * The cat (0.50 dog), cup (0.47) and table (0.35) are not confident enough to accuse a label.
 */
export const PLANTED_LABEL_ERRORS: readonly PlantedLabelError[] = [
  { type: 'wrong_class', image: 'astronaut.jpg', what: 'the astronaut labelled dog instead of person' },
  { type: 'missing_label', image: 'camera.jpg', what: 'the cameraman has no box' },
  { type: 'bad_location', image: 'camera-mirrored.jpg', what: 'the person box shifted 150 px to the left' },
];

/** Photos mirrored left-right (sharp `flop`) to have more people than planted errors. */
const MIRRORED = ['astronaut.jpg', 'camera.jpg'];

interface CocoImage {
  id: number;
  file_name: string;
  width: number;
  height: number;
  license?: number;
}
interface CocoAnnotation {
  id: number;
  image_id: number;
  category_id: number;
  bbox: [number, number, number, number];
  area: number;
  iscrowd: number;
}
interface Coco {
  images: CocoImage[];
  annotations: CocoAnnotation[];
  categories: { id: number; name: string }[];
}

export interface PhotoReviewFound {
  planted: PlantedLabelError;
  /** The open issue of the planted type on that image, if the review raised one. */
  issue: { id: number; score: number; reason: string } | null;
}

export interface PhotoReviewDemoSummary {
  project: string;
  images: number;
  import: ImportSummary;
  predict: PredictRunSummary;
  found: PhotoReviewFound[];
  /** Open issues no planted error explains (the model's own mistakes, e.g. the cat it calls a dog). */
  unplanned: { id: number; type: string; sample: string; score: number; reason: string }[];
}

/** The photos' ground truth plus mirrored copies, with PLANTED_LABEL_ERRORS applied. */
function plantErrors(gt: Coco): Coco {
  const images = [...gt.images];
  const annotations = [...gt.annotations];
  let nextImage = Math.max(...images.map((i) => i.id)) + 1;
  let nextAnnotation = Math.max(...annotations.map((a) => a.id)) + 1;
  for (const name of MIRRORED) {
    const image = gt.images.find((i) => i.file_name === name)!;
    const copy = { ...image, id: nextImage++, file_name: name.replace('.jpg', '-mirrored.jpg') };
    images.push(copy);
    for (const a of gt.annotations.filter((x) => x.image_id === image.id)) {
      const [x, y, w, h] = a.bbox;
      annotations.push({
        ...a,
        id: nextAnnotation++,
        image_id: copy.id,
        bbox: [image.width - x - w, y, w, h],
      });
    }
  }
  const idOf = (file: string) => images.find((i) => i.file_name === file)!.id;
  const person = (file: string) =>
    annotations.findIndex((a) => a.image_id === idOf(file) && a.category_id === 1);
  const dog = gt.categories.find((c) => c.name === 'dog')!.id;
  annotations[person('astronaut.jpg')]!.category_id = dog;
  const shifted = annotations[person('camera-mirrored.jpg')]!;
  shifted.bbox = [Math.max(0, shifted.bbox[0] - 150), shifted.bbox[1], shifted.bbox[2], shifted.bbox[3]];
  annotations.splice(person('camera.jpg'), 1);
  return { ...gt, images, annotations };
}

export interface PhotoReviewDemoOptions {
  signal?: AbortSignal;
  onStage?: (stage: string) => void;
  onPredict?: (done: number, total: number) => void;
}

/**
 * `assay demo --models`: copies the repository's real photos (and two mirrored copies) into DIR/images,
 * writes their ground truth with PLANTED_LABEL_ERRORS to DIR/annotations.json, makes DIR a project,
 * runs the bundled detector with the review (`assay predict --model centernet --review`) and says which
 * planted errors the review found and which issues no planted error explains.
 */
export async function runPhotoReviewDemo(
  dir: string,
  options: PhotoReviewDemoOptions = {},
): Promise<PhotoReviewDemoSummary> {
  if (!existsSync(join(DEMO_PHOTOS, 'instances.json')))
    throw new AssayError('NOT_FOUND', `The demo photos are not at ${DEMO_PHOTOS}.`, {
      hint: 'They ship with the Assay repository (fixtures/photos-skimage): run `assay demo --models` from a checkout of it.',
    });
  options.onStage?.('copying the photos and planting label errors');
  const gt = JSON.parse(await readFile(join(DEMO_PHOTOS, 'instances.json'), 'utf8')) as Coco;
  const imagesDir = join(dir, 'images');
  await mkdir(imagesDir, { recursive: true });
  for (const image of gt.images)
    await writeFileAtomic(
      join(imagesDir, image.file_name),
      await readFile(join(DEMO_PHOTOS, image.file_name)),
    );
  for (const name of MIRRORED)
    await writeFileAtomic(
      join(imagesDir, name.replace('.jpg', '-mirrored.jpg')),
      await sharp(join(DEMO_PHOTOS, name)).flop().jpeg({ quality: 90 }).toBuffer(),
    );
  const planted = plantErrors(gt);
  const annotations = join(dir, 'annotations.json');
  await writeFileAtomic(annotations, `${JSON.stringify(planted, null, 1)}\n`);
  await writeFileAtomic(
    join(dir, 'planted.json'),
    `${JSON.stringify({ model: REVIEW_DEMO_MODEL, planted: PLANTED_LABEL_ERRORS }, null, 1)}\n`,
  );
  await initProject(dir, { name: 'assay-demo-photos' });
  const project = await openProject(dir, { command: 'assay demo --models' });
  try {
    options.onStage?.('importing the photos');
    const imported = await importDataset(project, {
      format: 'coco',
      path: annotations,
      images: imagesDir,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    options.onStage?.(`predicting with the bundled ${REVIEW_DEMO_MODEL} and reviewing the labels against it`);
    const predict = await runPredict(project, {
      model: REVIEW_DEMO_MODEL,
      review: true,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onPredict ? { onProgress: options.onPredict } : {}),
    });
    const [issues, samples] = await Promise.all([
      project.store.listIssues({ status: ['open'] }),
      project.store.listSamples(),
    ]);
    const keys = new Map(samples.map((s) => [s.id, s.key]));
    const rows = issues.map((i) => ({
      id: i.id,
      type: i.type,
      sample: i.sampleId === undefined ? '' : (keys.get(i.sampleId) ?? ''),
      score: i.score,
      reason: i.reason,
    }));
    const explains = (p: PlantedLabelError, r: (typeof rows)[number]) =>
      r.type === p.type && r.sample === p.image;
    const found = PLANTED_LABEL_ERRORS.map((p) => {
      const r = rows.find((x) => explains(p, x));
      return { planted: p, issue: r ? { id: r.id, score: r.score, reason: r.reason } : null };
    });
    const unplanned = rows.filter((r) => !PLANTED_LABEL_ERRORS.some((p) => explains(p, r)));
    return { project: dir, images: planted.images.length, import: imported, predict, found, unplanned };
  } finally {
    await project.close();
  }
}
