/** Test helper: a ProjectLookup over a dataset read earlier, as the project store would answer. */
import type { Dataset } from '../dataset.js';
import type { ProjectLookup } from '../define-format.js';

export function lookupFromDataset(dataset: Dataset): ProjectLookup {
  const keys = new Map(dataset.samples.map((s) => [String(s.originalId), s.key]));
  const sizes = new Map(dataset.samples.map((s) => [s.key, s]));
  const names = new Map(dataset.classes.map((c) => [String(c.originalIds?.coco), c.name]));
  return {
    sampleKeyByOriginalId: (id) => keys.get(String(id)),
    hasSampleKey: (key) => sizes.has(key),
    classNameByOriginalId: (format, id) => (format === 'coco' ? names.get(String(id)) : undefined),
    sampleSize: (key) => {
      const s = sizes.get(key);
      return s?.width && s.height ? { width: s.width, height: s.height } : undefined;
    },
  };
}
