import type { Format } from './define-format.js';

/** Every format Assay reads and writes, in the order `import auto` tries them. */
export const formats: readonly Format[] = [];

export function formatById(id: string): Format | undefined {
  return formats.find((f) => f.id === id);
}
