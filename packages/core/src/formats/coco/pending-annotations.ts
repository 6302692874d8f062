import type { Annotation } from '../../model/annotation.js';
import { RestartWithoutSink } from '../define-format.js';
import { previewJson } from '../preview-json.js';
import type { ProblemList } from '../problems.js';
import { NotAnnotation, type ParsedAnnotation } from './read-annotation.js';
import type { CategoryTable } from './read-categories.js';
import type { ImageTable } from './read-images.js';

export interface InstanceContext {
  file: string;
  problems: ProblemList;
  images: ImageTable;
  categories: CategoryTable;
  /** Samples were handed over already: a caption, which changes one, cannot be taken. */
  samplesFinal?: boolean;
}

/**
 * Records of `annotations` held until `images` and `categories` are read (a file may list them in
 * any order), in parallel arrays so each waiting annotation costs two slots beyond itself.
 */
export class PendingAnnotations {
  private values: (Annotation | NotAnnotation)[] = [];
  private imageIds: unknown[] = [];
  private categoryIds: unknown[] = [];
  /** Warnings and ids that the annotation itself does not keep, by index (rare). */
  private warnings = new Map<number, string>();
  private oddIds = new Map<number, unknown>();
  /** Index in the file's `annotations` of the first record waiting (earlier ones were resolved). */
  private base = 0;

  get length(): number {
    return this.values.length;
  }

  add(parsed: ParsedAnnotation): void {
    const index = this.values.length;
    const { value } = parsed;
    this.values.push(value);
    this.imageIds.push(parsed.imageId);
    this.categoryIds.push(parsed.categoryId);
    if (parsed.warning !== undefined) this.warnings.set(index, parsed.warning);
    if (!(value instanceof NotAnnotation) && parsed.id !== value.originalId)
      this.oddIds.set(index, parsed.id);
  }

  /**
   * Looks up each record's image and category, in file order: a record whose image_id or category_id
   * is unknown, or whose geometry is bad, is skipped with a problem; a caption goes to its sample's
   * `metadata.captions`. Returns the annotations kept; the queue is empty afterwards.
   */
  resolve(ctx: InstanceContext): Annotation[] {
    const out: Annotation[] = [];
    for (let i = 0; i < this.values.length; i++) {
      const annotation = this.resolveOne(i, ctx);
      if (annotation) out.push(annotation);
    }
    this.base += this.values.length;
    this.values = [];
    this.imageIds = [];
    this.categoryIds = [];
    this.warnings.clear();
    this.oddIds.clear();
    return out;
  }

  private resolveOne(i: number, ctx: InstanceContext): Annotation | undefined {
    const value = this.values[i] as Annotation | NotAnnotation;
    if (value instanceof NotAnnotation && value.notObject) return this.skip(ctx, i, value.reason as string);
    const imageId = this.imageIds[i];
    const sample = ctx.images.keyById.get(imageId as number);
    if (sample === undefined) {
      const reason = `image_id ${previewJson(imageId)} is not in images`;
      return this.skip(ctx, i, reason, 'Add the image or drop the annotation.');
    }
    if (value instanceof NotAnnotation && value.caption !== undefined) {
      if (ctx.samplesFinal) throw new RestartWithoutSink('a caption after annotations changes a sample');
      addCaption(ctx, sample, value.caption);
      return undefined;
    }
    const categoryId = this.categoryIds[i];
    const label = ctx.categories.nameById.get(categoryId as number);
    if (label === undefined) {
      const reason = `category_id ${previewJson(categoryId)} is not in categories`;
      return this.skip(ctx, i, reason, 'Add the category or drop the annotation.');
    }
    if (value instanceof NotAnnotation) return this.skip(ctx, i, value.reason as string);
    value.sample = sample;
    value.label = label;
    const warning = this.warnings.get(i);
    if (warning !== undefined) ctx.problems.warn(ctx.file, `annotations[${this.base + i}]`, warning);
    return value;
  }

  /** Skips record `i` with a problem naming it by its index and its id. */
  private skip(ctx: InstanceContext, i: number, reason: string, hint?: string): undefined {
    const value = this.values[i];
    const id =
      value instanceof NotAnnotation ? value.id : this.oddIds.has(i) ? this.oddIds.get(i) : value?.originalId;
    const named = id === undefined ? '' : ` (id ${previewJson(id)})`;
    ctx.problems.skip(ctx.file, `annotations[${this.base + i}]${named}`, reason, hint);
    return undefined;
  }
}

/** A captions-file record: the text goes to the sample's `metadata.captions` list. */
function addCaption(ctx: InstanceContext, key: string, caption: string): void {
  const sample = ctx.images.sampleByKey.get(key);
  if (!sample) return;
  sample.metadata ??= {};
  const list = sample.metadata.captions;
  if (Array.isArray(list)) list.push(caption);
  else sample.metadata.captions = [caption];
}
