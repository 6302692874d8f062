import { AssayError } from '../../errors.js';
import type { Annotation } from '../../model/annotation.js';
import { counted } from '../counted.js';
import type { Dataset } from '../dataset.js';
import { ProblemList } from '../problems.js';
import { AnnotationIds } from './annotation-ids.js';
import type { FilesByName } from './foreign-names.js';
import { PendingAnnotations } from './pending-annotations.js';
import { parseInstanceAnnotation } from './read-annotation.js';
import { addCategory, newCategoryTable } from './read-categories.js';
import { addImage, newImageTable, warnForeignKeys } from './read-images.js';
import { isRecord } from './schema.js';

export interface InstancesRead extends Dataset {
  notes: string[];
}

/** The top-level lists of an object-shaped COCO file that are read record by record. */
export type InstancesList = 'images' | 'categories' | 'annotations';

function refusePanoptic(first: unknown, file: string): void {
  if (isRecord(first) && Array.isArray(first.segments_info)) {
    throw new AssayError(
      'UNSUPPORTED',
      `${file} is a COCO panoptic file, which the coco format does not read.`,
      {
        hint: `Import it as panoptic: assay import coco-panoptic ${file} (its PNGs from the folder of the same name), or import the matching instances_*.json file.`,
        details: { file },
      },
    );
  }
}

function describeFile(images: number, classes: number, annotations: number, captions: number): string {
  if (captions > 0) return `captions file: ${captions} captions kept in sample metadata.captions`;
  if (annotations === 0 && classes === 0)
    return `image_info file: ${counted(images, 'image')}, no annotations`;
  return `instances file: ${counted(images, 'image')}, ${counted(classes, 'category', 'categories')}, ${counted(annotations, 'annotation')}`;
}

/**
 * Reads an object-shaped COCO file record by record, the records of its three lists in any order:
 * instances, person_keypoints, stuff, labels (category-only records become classifications),
 * image_info (images only) and captions (texts go to Sample.metadata.captions). Panoptic files are
 * refused (UNSUPPORTED). Annotations wait until `finish` to look up their image and category, and
 * problems come out as if the lists were read in the order images, categories, annotations.
 */
export class InstancesReader {
  private readonly images: ReturnType<typeof newImageTable>;
  private readonly categories = newCategoryTable();
  private readonly pending = new PendingAnnotations();
  private readonly problems: Record<InstancesList, ProblemList> = {
    images: new ProblemList(),
    categories: new ProblemList(),
    annotations: new ProblemList(),
  };

  /** Annotations resolved and handed over by `drain` so far (see startStreaming). */
  private drained = 0;
  /** Every annotation's id, for repeats (see duplicateIds). */
  private readonly ids = new AnnotationIds();
  private streaming = false;

  /** `imagesRoot`: the folder the keys are relative to (absolute file_names inside it are made relative). */
  constructor(
    private readonly file: string,
    private readonly source: string,
    imagesRoot?: string,
    files?: FilesByName,
  ) {
    this.images = newImageTable(imagesRoot, files);
  }

  /** Records of `annotations` waiting to be resolved. */
  get waiting(): number {
    return this.pending.length;
  }

  /**
   * From now on `drain` resolves the waiting annotations (images and categories must be complete):
   * returns the classes and samples, which must not change any more, and the annotations waiting so far.
   */
  startStreaming(): {
    classes: InstancesRead['classes'];
    samples: InstancesRead['samples'];
    first: Annotation[];
  } {
    const first = this.drain();
    this.streaming = true;
    return { classes: this.categories.classes, samples: this.images.samples, first };
  }

  /** Resolves the annotations waiting, in file order (their problems are kept for `finish`). */
  drain(): Annotation[] {
    const ctx = {
      file: this.file,
      problems: this.problems.annotations,
      images: this.images,
      categories: this.categories,
      samplesFinal: this.streaming,
    };
    const out = this.pending.resolve(ctx);
    this.drained += out.length;
    return out;
  }

  /** One record of `list`, at `index` in it. Records of one list must come in order. */
  add(list: InstancesList, raw: unknown, index: number): void {
    if (list === 'annotations') {
      if (index === 0) refusePanoptic(raw, this.file);
      const parsed = parseInstanceAnnotation(raw, this.source);
      this.ids.add(parsed.id, index);
      this.pending.add(parsed);
    } else if (list === 'images') {
      addImage(this.images, raw, index, this.file, this.problems.images);
    } else {
      addCategory(this.categories, raw, index, this.file, this.problems.categories);
    }
  }

  /**
   * One warning when annotation ids repeat: every record is kept, but pycocotools indexes `anns` by id,
   * so `COCO(file)` would keep only the last record of each id and its evaluation would misbehave.
   */
  private duplicateIds(): void {
    const { count: repeatCount, first: repeats } = this.ids.repeats();
    if (repeatCount === 0) return;
    const first = repeats[0];
    const examples = repeats
      .map((r) => `id ${JSON.stringify(r.id)} at annotations[${r.first}] and [${r.index}]`)
      .join('; ');
    this.problems.annotations.warn(
      this.file,
      `annotations[${first?.index}]`,
      `${repeatCount} annotation${repeatCount === 1 ? ' has' : 's have'} the id of an earlier one (${examples}); all are kept, but pycocotools keeps only the last annotation of each id`,
      'Give every annotation its own id before evaluating with pycocotools (`assay export coco` renumbers them).',
    );
  }

  /** `categories` or `annotations` is present but not a list. */
  notAList(list: Exclude<InstancesList, 'images'>): void {
    const what = list === 'categories' ? 'classes' : 'annotations';
    this.problems[list].skip(this.file, list, `${list} is not a list; no ${what} were read`);
  }

  /** Resolves the annotations and appends every problem to `problems`. */
  finish(problems: ProblemList): InstancesRead {
    const { images, categories } = this;
    const annotations = this.drain();
    this.duplicateIds();
    warnForeignKeys(images, this.file, this.problems.images);
    for (const list of [this.problems.images, this.problems.categories, this.problems.annotations]) {
      for (const problem of list.items) problems.items.push(problem);
    }
    let captions = 0;
    for (const sample of images.samples) {
      const texts = sample.metadata?.captions;
      if (Array.isArray(texts)) captions += texts.length;
    }
    const kept = this.drained; // every annotation resolved, the ones handed over while streaming too
    const notes = [describeFile(images.samples.length, categories.classes.length, kept, captions)];
    return { classes: categories.classes, samples: images.samples, annotations, notes };
  }
}

/** Reads a parsed object-shaped COCO file (see InstancesReader); `json.images` must be a list. */
export function readInstances(
  json: Record<string, unknown>,
  file: string,
  source: string,
  problems: ProblemList,
  imagesRoot?: string,
  files?: FilesByName,
): InstancesRead {
  const reader = new InstancesReader(file, source, imagesRoot, files);
  for (const list of ['images', 'categories', 'annotations'] as const) {
    const value = json[list];
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) reader.add(list, value[i], i);
    } else if (value !== undefined && list !== 'images') {
      reader.notAList(list);
    }
  }
  return reader.finish(problems);
}
