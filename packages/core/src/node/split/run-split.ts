import type { Edit } from '../../edits/edit-types.js';
import { AssayError } from '../../errors.js';
import { mulberry32 } from '../../random/mulberry32.js';
import type { LabelRows } from '../../split/iterative-stratification.js';
import { type SplitComposition, splitComposition } from '../../split/split-composition.js';
import { normaliseRatios, splitSamples } from '../../split/split-samples.js';
import { applyEdits } from '../edits/apply-edits.js';
import type { Project } from '../project.js';
import { fieldRows, loadClassRows, loadGroups, loadSplitSamples } from './split-inputs.js';

export interface RunSplitOptions {
  ratios: number[];
  /** Split names (default train,val,test for three, train,test for two, else split1..k). */
  names?: string[];
  /** `class` (the source's classes, multi-label by presence) or a metadata field. */
  stratify?: string;
  /** `near-duplicates`, `folder` or a metadata field. */
  group?: string;
  /** Label source whose classes stratify (default ground_truth). */
  source?: string;
  seed?: number;
  /** Compute and report, change nothing. */
  dryRun?: boolean;
  author?: string;
}

export interface RunSplitSummary {
  names: string[];
  ratios: number[];
  seed: number;
  stratify: string | null;
  group: string | null;
  /** Samples in groups of two or more, and how many such groups. */
  grouped: number;
  groups: number;
  /** Class names (index = the composition arrays' index); field values when stratifying by a field. */
  labels: string[];
  whole: SplitComposition;
  splits: SplitComposition[];
  /** Samples whose split changed (0 on a dry run with nothing to change). */
  changed: number;
  dryRun: boolean;
  batch: number | null;
}

export function defaultSplitNames(k: number): string[] {
  if (k === 3) return ['train', 'val', 'test'];
  if (k === 2) return ['train', 'test'];
  return Array.from({ length: k }, (_, i) => `split${i + 1}`);
}

/**
 * `assay split`: assigns every sample a split (random, stratified by iterative stratification, and/or
 * keeping groups whole), prints the composition, and writes the changed splits as one batch of
 * `sample` edits (history, undo) unless `dryRun`.
 */
export async function runSplit(project: Project, options: RunSplitOptions): Promise<RunSplitSummary> {
  const ratios = normaliseRatios(options.ratios);
  const names = options.names ?? defaultSplitNames(ratios.length);
  if (names.length !== ratios.length)
    throw new AssayError('USAGE', `${names.length} split names for ${ratios.length} ratios.`, {
      hint: 'Give one name per ratio, e.g. --ratios 0.8,0.1,0.1 --names train,val,test.',
    });
  if (new Set(names).size !== names.length || names.some((n) => n.trim() === ''))
    throw new AssayError('USAGE', `Split names must be distinct and non-empty: ${names.join(',')}.`);
  const seed = options.seed ?? 0;
  const samples = await loadSplitSamples(project);
  if (samples.length === 0)
    throw new AssayError('USAGE', 'The project has no samples to split.', {
      hint: 'Import a dataset first.',
    });
  const classes = await loadClassRows(project, samples, options.source ?? 'ground_truth');
  let labels: LabelRows | undefined;
  let labelNames = classes.classes;
  if (options.stratify === 'class') labels = classes.presence;
  else if (options.stratify !== undefined) {
    const f = fieldRows(samples, options.stratify);
    if (f.values.length === 0)
      throw new AssayError('USAGE', `No sample has a metadata field "${options.stratify}" to stratify by.`, {
        hint: 'Stratify by class, or by a field that the imported metadata holds.',
      });
    labels = f.rows;
    labelNames = f.values;
  }
  const grouping = options.group ? await loadGroups(project, samples, options.group) : undefined;
  const folds = splitSamples(
    { n: samples.length, ...(labels ? { labels } : {}), ...(grouping ? { groups: grouping.groups } : {}) },
    { ratios, stratify: labels !== undefined, random: mulberry32(seed) },
  );
  const composition = splitComposition(
    folds,
    names,
    ratios,
    labels ?? classes.presence,
    labels && options.stratify !== 'class' ? undefined : classes.annotations,
  );
  const edits: Edit[] = [];
  const reason = `assay split ${names.map((n, j) => `${n}=${ratios[j]!.toFixed(3)}`).join(' ')}${
    options.stratify ? ` stratified by ${options.stratify}` : ''
  }${options.group ? ` grouped by ${options.group}` : ''} (seed ${seed})`;
  for (const [i, s] of samples.entries()) {
    const split = names[folds[i]!]!;
    if (s.split !== split)
      edits.push({ op: 'sample', sampleId: s.id, set: { split }, expect: { split: s.split }, reason });
  }
  let batch: number | null = null;
  if (!options.dryRun && edits.length > 0) {
    const result = await applyEdits(project, edits, {
      rule: 'split',
      ...(options.author ? { author: options.author } : {}),
    });
    batch = result.batch;
  }
  return {
    names,
    ratios,
    seed,
    stratify: options.stratify ?? null,
    group: options.group ?? null,
    grouped: grouping?.grouped ?? 0,
    groups: grouping?.groupCount ?? 0,
    labels: labelNames,
    ...composition,
    changed: edits.length,
    dryRun: options.dryRun === true,
    batch,
  };
}
