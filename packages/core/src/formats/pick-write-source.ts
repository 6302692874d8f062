import type { Annotation } from '../model/annotation.js';

/**
 * Picks the one label source a single-source format writes: ground_truth, else the first by name; the
 * note names the sources left out.
 */
export function pickWriteSource(annotations: readonly Annotation[]): { source?: string; notes: string[] } {
  return pickWriteSourceOf(new Set(annotations.map((a) => a.source)));
}

/** pickWriteSource given the sources the annotations have (for annotations read in batches). */
export function pickWriteSourceOf(present: Iterable<string>): { source?: string; notes: string[] } {
  const sources = [...new Set(present)].sort();
  if (sources.length === 0) return { notes: [] };
  const source = sources.includes('ground_truth') ? 'ground_truth' : (sources[0] as string);
  const others = sources.filter((s) => s !== source);
  const notes = others.length > 0 ? [`wrote ${source} only; not written: ${others.join(', ')}`] : [];
  return { source, notes };
}
