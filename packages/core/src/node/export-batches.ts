import type { AnnotationColumnBatch, DatasetBatches, SampleAnnotations } from '../formats/define-format.js';
import type { Annotation } from '../model/annotation.js';
import type { Sample } from '../model/sample.js';
import type { ProjectStore, StoredAnnotation, StoredSample } from '../store/project-store.js';

export interface ExportKeys {
  /** A stored sample as the export names it (its key relative to the export's images root) and sizes it. */
  sample(s: StoredSample): Sample;
  /** The export key of a sample key under a stored root. */
  key(root: string, key: string): string;
}

/** The annotation under its export key (set in place: no copy per annotation). */
function toAnnotation(a: StoredAnnotation & { sampleRoot: string }, keys: ExportKeys): Annotation {
  a.sample = keys.key(a.sampleRoot, a.sample);
  return a;
}

/**
 * The project's samples and the exported sources' annotations, read from the store in batches while a
 * writer writes them (DatasetBatches): at most a few batches are held at once, whatever the project's size.
 */
export function projectBatches(
  store: ProjectStore,
  sources: string[],
  keys: ExportKeys,
  keypointsPerObject: number,
  /** Rows per batch (default: the store's). */
  size?: number,
  /** Some annotation of the sources is an oriented box (ProjectStore.orientedBoxes). */
  orientedBoxes = false,
): DatasetBatches {
  async function* samples(): AsyncGenerator<Sample[]> {
    for await (const batch of store.sampleBatches(size)) yield batch.map((s) => keys.sample(s));
  }
  async function* sampleKeys(): AsyncGenerator<Pick<Sample, 'key' | 'split' | 'originalId'>[]> {
    for await (const batch of store.sampleKeyBatches(size))
      yield batch.map((s) => {
        const out: Pick<Sample, 'key' | 'split' | 'originalId'> = { key: keys.key(s.root, s.key) };
        if (s.split !== undefined) out.split = s.split;
        if (s.originalId !== undefined) out.originalId = s.originalId;
        return out;
      });
  }
  const labelRows = store.sampleLabelBatches?.bind(store);
  async function* labelSamples(): AsyncGenerator<
    Pick<Sample, 'key' | 'split' | 'originalId' | 'width' | 'height' | 'metadata'>[]
  > {
    if (!labelRows) {
      yield* samples();
      return;
    }
    for await (const batch of labelRows(size))
      yield batch.map((s) => {
        // As keys.sample leaves them (the size rule is the reader's, row-batches.ts sampleLabelBatches).
        const { root, ...rest } = s;
        rest.key = keys.key(root, s.key);
        return rest;
      });
  }
  async function* annotations(only?: string[]): AsyncGenerator<Annotation[]> {
    const names = only ? sources.filter((s) => only.includes(s)) : sources;
    if (names.length === 0) return;
    for await (const batch of store.annotationBatches(names, 'id', size))
      yield batch.map((a) => toAnnotation(a, keys));
  }
  async function* annotationColumns(
    only?: string[],
    order: 'id' | 'sample' = 'id',
    geometry = true,
    polygons = false,
  ): AsyncGenerator<AnnotationColumnBatch> {
    const names = only ? sources.filter((s) => only.includes(s)) : sources;
    if (names.length === 0) return;
    yield* store.annotationColumnBatches(names, order, geometry, polygons);
  }
  async function* bySample(): AsyncGenerator<SampleAnnotations[]> {
    // Two ordered streams merged by sample id: samples by id, annotations by sample id then id.
    const stream = store.annotationBatches(sources, 'sample', size)[Symbol.asyncIterator]();
    let pending: (StoredAnnotation & { sampleRoot: string })[] = [];
    let at = 0;
    let done = sources.length === 0;
    for await (const batch of store.sampleBatches(size)) {
      const out: SampleAnnotations[] = [];
      for (const s of batch) {
        const list: Annotation[] = [];
        for (;;) {
          if (at === pending.length) {
            if (done) break;
            const next = await stream.next();
            if (next.done) {
              done = true;
              break;
            }
            pending = next.value;
            at = 0;
            continue;
          }
          const a = pending[at]!;
          if (a.sampleId > s.id) break;
          at++;
          if (a.sampleId === s.id) list.push(toAnnotation(a, keys));
        }
        out.push({ sample: keys.sample(s), annotations: list });
      }
      yield out;
    }
    if (!done) await stream.return?.();
  }
  return {
    samples,
    sampleKeys,
    labelSamples,
    annotations,
    annotationColumns,
    annotationSurvey: () => store.annotationSurvey(sources),
    bySample,
    keypointsPerObject,
    orientedBoxes,
  };
}
