/**
 * Seeds of the fuzz suite: real files of every format. Each format's own writer writes the conformance
 * dataset (formats/conformance.ts, images rendered with sharp) into a temp folder; point files come from
 * point-seeds.ts, read-only formats' files from mask-seeds.ts, a brat document from text-seeds.ts; the shared fixture
 * folder adds files written by other tools (datumaro, Label Studio, PASCAL VOC) when it is present.
 */
import { cp, mkdir, readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { conformanceDataset, renderImage } from '../../formats/conformance.js';
import { formatById, formats } from '../../formats/index.js';
import { isPointFormat } from '../../formats/point-formats.js';
import { hasSharedFixtures, sharedFixture } from '../../test-kit/fixtures.js';
import { createNodeFormatIO } from '../fs-format-io.js';
import { maskSeeds } from './mask-seeds.js';
import { pointSeeds } from './point-seeds.js';
import { textSeeds } from './text-seeds.js';

export interface FuzzSeed {
  name: string;
  /** Format id given to the import (or `auto`). */
  format: string;
  /** Folder holding everything of the seed; a case copies it whole. */
  dir: string;
  /** What to import, relative to dir. */
  path: string;
  /** Images folder, relative to dir. */
  images?: string;
  /** Files (relative to dir) the fuzzer may mutate. */
  mutable: string[];
}

const ANNOTATION_FILE = /\.(json|jsonl|xml|txt|csv|conll|ya?ml|names|data)$/i;

async function filesUnder(root: string, dir = root): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(root, path)));
    else out.push(relative(root, path));
  }
  return out.sort();
}

const WRITTEN: Record<string, string> = {
  coco: 'annotations.json',
  'label-studio': 'label-studio.json',
  'class-csv': 'labels.csv',
};

/** Each format writes the conformance dataset; the written files are the seeds. */
async function writtenSeeds(root: string): Promise<FuzzSeed[]> {
  const io = createNodeFormatIO();
  const seeds: FuzzSeed[] = [];
  for (const format of formats) {
    if (!format.write || isPointFormat(format)) continue;
    const base = join(root, `written-${format.id}`);
    const images = join(base, 'source-images');
    const dataset = conformanceDataset(format, ['a.png', 'sub/b.png', 'c.png']);
    for (const [i, s] of dataset.samples.entries())
      await renderImage(join(images, s.key), s.width ?? 32, s.height ?? 32, i + 1);
    const out = join(base, 'out');
    await mkdir(out, { recursive: true });
    await format.write({ dataset, imagesRoot: images, outDir: out, io });
    const path = WRITTEN[format.id] ? `out/${WRITTEN[format.id]}` : 'out';
    const mutable = (await filesUnder(base)).filter((f) => f.startsWith('out/') && ANNOTATION_FILE.test(f));
    // A text format (conll) writes nothing for the image conformance dataset: no file to mutate.
    if (mutable.length === 0) continue;
    seeds.push({ name: `written ${format.id}`, format: format.id, dir: base, path, mutable });
  }
  return seeds;
}

interface SharedSeed {
  name: string;
  format: string;
  /** Folder under the shared fixtures copied as the seed's dir. */
  from: string;
  path: string;
}

const SHARED: SharedSeed[] = [
  {
    name: 'datumaro coco instances',
    format: 'coco',
    from: 'format-samples/datumaro/coco_dataset/coco/annotations',
    path: 'instances_val.json',
  },
  {
    name: 'datumaro coco keypoints',
    format: 'coco',
    from: 'format-samples/datumaro/coco_dataset/coco/annotations',
    path: 'person_keypoints_val.json',
  },
  {
    name: 'datumaro cvat project',
    format: 'cvat',
    from: 'format-samples/datumaro/cvat_dataset/for_images/export_project',
    path: 'annotations.xml',
  },
  {
    name: 'datumaro voc',
    format: 'voc',
    from: 'format-samples/datumaro/voc_dataset/voc_dataset1',
    path: '.',
  },
  { name: 'datumaro yolo', format: 'yolo', from: 'format-samples/datumaro/yolo_dataset/strict', path: '.' },
  { name: 'datumaro mot', format: 'mot', from: 'format-samples/datumaro/mot_dataset/mot_seq', path: '.' },
  { name: 'mmdetection voc', format: 'voc', from: 'format-samples/voc-real', path: '000001.xml' },
  {
    name: 'label-studio json',
    format: 'label-studio',
    from: 'format-samples/label-studio/test_export_yolo',
    path: 'data.json',
  },
  {
    name: 'label-studio polygons',
    format: 'label-studio',
    from: 'format-samples/label-studio/test_export_yolo',
    path: 'data_polygons.json',
  },
  {
    name: 'label-studio json-min',
    format: 'label-studio',
    from: 'format-samples/label-studio/test_export_json_min',
    path: 'data.json',
  },
];

async function sharedSeeds(root: string): Promise<FuzzSeed[]> {
  if (!hasSharedFixtures()) return [];
  const seeds: FuzzSeed[] = [];
  for (const [i, s] of SHARED.entries()) {
    const from = sharedFixture(s.from);
    if (!(await stat(from).catch(() => undefined))) continue;
    const dir = join(root, `shared-${i}`);
    await cp(from, dir, { recursive: true });
    const all = (await filesUnder(dir)).filter((f) => ANNOTATION_FILE.test(f));
    const mutable = s.path === '.' ? all : [s.path];
    seeds.push({ name: s.name, format: s.format, dir, path: s.path, mutable });
  }
  return seeds;
}

/** Every seed, written under `root`: the formats' own files first, then the shared fixtures. */
export async function buildSeeds(root: string): Promise<FuzzSeed[]> {
  const seeds = [
    ...(await writtenSeeds(root)),
    ...(await pointSeeds(root)),
    ...(await maskSeeds(join(root, 'masks'))),
    ...(await textSeeds(root)),
    ...(await sharedSeeds(root)),
  ];
  for (const s of seeds) if (!formatById(s.format)) throw new Error(`unknown format ${s.format}`);
  return seeds;
}
