import type { Annotation } from '../../model/annotation.js';
import type { Dataset } from '../dataset.js';
import type { CocoId } from './schema.js';

/** The ids an export gives images and categories, shared by the instances and results writers. */
export interface CocoIdTables {
  imageIdByKey: Map<string, CocoId>;
  categoryIdByName: Map<string, CocoId>;
  /** True when the class map's own COCO ids were kept (else 1..N in class-map order). */
  keptCategoryIds: boolean;
  keptImageIds: boolean;
}

function isIntegerId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/**
 * Each item's own id when every item has an integer one and no two share it; else 1..N in order.
 * Returns the ids and whether the originals were kept.
 */
export function keepOrNumber<T>(
  items: readonly T[],
  own: (item: T) => unknown,
): { ids: CocoId[]; kept: boolean } {
  const ids: CocoId[] = [];
  const seen = new Set<number>();
  for (const item of items) {
    const id = own(item);
    if (!isIntegerId(id) || seen.has(id)) return { ids: items.map((_, i) => i + 1), kept: false };
    seen.add(id);
    ids.push(id);
  }
  return { ids, kept: true };
}

/**
 * Image ids: Sample.originalId when all samples have unique integer ones, else 1..N in sample order.
 * Category ids: ClassDef.originalIds.coco when every class has a unique integer one (non-contiguous ids
 * survive), else 1..N in class-map order. Deterministic, so the instances file and a results file
 * written from the same dataset agree.
 */
export function cocoIdTables(dataset: Dataset): CocoIdTables {
  const images = keepOrNumber(dataset.samples, (s) => s.originalId);
  const categories = keepOrNumber(dataset.classes, (c) => {
    const id = c.originalIds?.coco;
    return typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : id;
  });
  const imageIdByKey = new Map<string, CocoId>();
  dataset.samples.forEach((s, i) => {
    if (!imageIdByKey.has(s.key)) imageIdByKey.set(s.key, images.ids[i] as CocoId);
  });
  const categoryIdByName = new Map<string, CocoId>();
  dataset.classes.forEach((c, i) => {
    if (!categoryIdByName.has(c.name)) categoryIdByName.set(c.name, categories.ids[i] as CocoId);
  });
  return { imageIdByKey, categoryIdByName, keptCategoryIds: categories.kept, keptImageIds: images.kept };
}

/** Annotation ids: Annotation.originalId when all are unique integers, else 1..N in order. */
export function annotationIds(annotations: readonly Annotation[]): CocoId[] {
  return keepOrNumber(annotations, (a) => a.originalId).ids;
}
