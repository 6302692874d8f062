import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AssayError } from '../../errors.js';
import { writeFileAtomic } from '../atomic-write.js';
import { buildCocoGroundTruth } from './coco-ground-truth.js';
import { planDemo } from './demo-plan.js';
import { demoReadme } from './demo-readme.js';
import { createSeededRandom } from './seeded-random.js';
import { DEMO_MODELS, simulateDetector } from './simulate-detector.js';
import { writeDemoImages } from './write-demo-images.js';

export interface GenerateDemoOptions {
  /** Seed of every random choice, 0 to 2^32-1 (default 7): the same seed and image count give byte-identical files. */
  seed?: number;
  /** Images drawn (default 300, from 20 to 5000); the planted copies come on top of these. */
  images?: number;
  /** Stops between images; the run then throws AssayError('INTERRUPTED'). */
  signal?: AbortSignal;
  /** Called after each file written, with the number written and the total. */
  onProgress?: (done: number, total: number) => void;
}

export interface DemoLayout {
  root: string;
  imagesDir: string;
  trainGt: string;
  testGt: string;
  predictions: { name: string; path: string }[];
  manifest: string;
}

/** Marks a folder as written by the demo generator, so a second run may replace what the first wrote. */
const MARKER = '.assay-demo';
const OWNED = ['images', 'annotations', 'predictions', 'README.md', 'manifest.json'];

/** Creates the folder, or clears a previous demo in it; refuses to overwrite files it did not write. */
async function prepareFolder(root: string): Promise<void> {
  const info = await stat(root).catch(() => undefined);
  if (info !== undefined && !info.isDirectory()) {
    throw new AssayError('INVALID_INPUT', `Cannot write the demo into ${root}: it is a file.`, {
      hint: 'Give a folder path (new or empty) for the demo.',
    });
  }
  await mkdir(root, { recursive: true });
  const entries = new Set(await readdir(root));
  if (entries.has(MARKER)) {
    await Promise.all(OWNED.map((name) => rm(join(root, name), { recursive: true, force: true })));
    return;
  }
  const clash = OWNED.find((name) => entries.has(name));
  if (clash !== undefined) {
    throw new AssayError(
      'CONFLICT',
      `${root} already contains ${clash}, which the demo generator did not write.`,
      {
        hint: 'Choose a new or empty folder for the demo; Assay will not overwrite your files.',
        details: { folder: root, entry: clash },
      },
    );
  }
}

function layoutOf(root: string): DemoLayout {
  return {
    root,
    imagesDir: join(root, 'images'),
    trainGt: join(root, 'annotations', 'train.json'),
    testGt: join(root, 'annotations', 'test.json'),
    predictions: DEMO_MODELS.map((m) => ({
      name: m.name,
      path: join(root, 'predictions', `${m.name}.json`),
    })),
    manifest: join(root, 'manifest.json'),
  };
}

function interrupted(root: string, cause: unknown): AssayError {
  return new AssayError('INTERRUPTED', `Demo generation was cancelled; ${root} holds a partial demo.`, {
    hint: 'Run the demo again with the same folder: it replaces the partial files.',
    cause,
  });
}

/**
 * Generates the deterministic "shapes" demo dataset in `dir`: images, COCO ground truth for train and
 * test, simulated predictions with class probabilities, a README and a manifest of planted problems.
 */
export async function generateDemo(dir: string, options: GenerateDemoOptions = {}): Promise<DemoLayout> {
  const plan = planDemo(options.seed ?? 7, options.images ?? 300);
  const root = resolve(dir);
  const layout = layoutOf(root);
  await prepareFolder(root);
  const total = plan.images.length + 4 + layout.predictions.length;
  let done = 0;
  const step = (): void => options.onProgress?.(++done, total);
  const write = async (path: string, text: string): Promise<void> => {
    if (options.signal?.aborted) throw interrupted(root, options.signal.reason);
    await writeFileAtomic(path, text);
    step();
  };
  await writeFileAtomic(
    join(root, MARKER),
    `${JSON.stringify({ generator: 'assay demo', seed: plan.seed })}\n`,
  );
  try {
    await writeDemoImages(plan.images, layout.imagesDir, { signal: options.signal, onWritten: step });
  } catch (error) {
    throw options.signal?.aborted ? interrupted(root, error) : error;
  }
  await write(layout.trainGt, JSON.stringify(buildCocoGroundTruth(plan, 'train')));
  await write(layout.testGt, JSON.stringify(buildCocoGroundTruth(plan, 'test')));
  const random = createSeededRandom(plan.seed).fork('predictions');
  for (const [i, model] of DEMO_MODELS.entries()) {
    await write(layout.predictions[i]!.path, JSON.stringify(simulateDetector(random, model, plan.images)));
  }
  await write(
    join(root, 'README.md'),
    demoReadme(
      plan,
      DEMO_MODELS.map((m) => m.name),
    ),
  );
  const manifest = { seed: plan.seed, images: plan.images.length, planted: plan.planted };
  await write(layout.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
  return layout;
}
