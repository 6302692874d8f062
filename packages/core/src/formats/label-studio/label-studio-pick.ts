import { AssayError } from '../../errors.js';
import { sourcePart } from './label-studio-key.js';
import { annotatorOf, type LsAnnotation } from './label-studio-tasks.js';

/** One annotation of a task to import, with the label source it goes to. */
export interface Picked {
  annotation: LsAnnotation;
  source: string;
}

/**
 * Which annotations of a task are imported, under which source (ReadInput.source, .sourceGiven, .pick):
 *
 * - `each` (the default when neither --as nor --pick is given): every annotation under
 *   `annotator:<completed_by>`; when the whole export has one annotator (and no ground-truth marker),
 *   under ReadInput.source instead; an annotation without completed_by marked ground_truth is
 *   ground_truth.
 * - one per task (when --as or --pick is given): a task's only annotation goes to --as (default
 *   ground_truth); of several, the rule picks one: `latest` (default: the one Label Studio marks
 *   ground_truth, else the latest updated_at/created_at, else the last listed; an explicit `latest`
 *   ignores the marker), `first` (earliest created_at, else the first listed), `annotator:<name>` (that
 *   annotator's, else the latest). The others are counted (see PickRule.left).
 */
export class PickRule {
  readonly mode: 'each' | 'one';
  private readonly rule: string;
  /** Annotations of tasks with several that were not imported, and the tasks they are in. */
  left = 0;
  tasksWithSeveral = 0;
  /** Tasks with several annotations where `annotator:<name>` did not annotate. */
  fellBack = 0;

  constructor(
    private readonly source: string,
    sourceGiven: boolean,
    pick: string | undefined,
    private readonly singleAnnotator: boolean,
  ) {
    if (pick === 'each' && sourceGiven)
      throw new AssayError(
        'USAGE',
        `--pick each imports every annotation as annotator:<name>; --as ${source} contradicts it.`,
        {
          hint: 'Leave out --as to keep every annotator, or use --pick latest|first|annotator:<name> with --as.',
        },
      );
    this.mode = pick === 'each' || (pick === undefined && !sourceGiven) ? 'each' : 'one';
    this.rule = pick ?? 'default';
  }

  /** The annotations of one task to import (cancelled ones already left out). */
  pick(annotations: LsAnnotation[]): Picked[] {
    if (this.mode === 'each') return annotations.map((a) => ({ annotation: a, source: this.eachSource(a) }));
    if (annotations.length === 0) return [];
    if (annotations.length > 1) {
      this.tasksWithSeveral++;
      this.left += annotations.length - 1;
    }
    return [{ annotation: this.choose(annotations), source: this.source }];
  }

  private eachSource(a: LsAnnotation): string {
    const who = annotatorOf(a);
    if (who === undefined && a.ground_truth) return 'ground_truth';
    if (this.singleAnnotator) return this.source;
    return `annotator:${sourcePart(who ?? 'unknown')}`;
  }

  private choose(list: LsAnnotation[]): LsAnnotation {
    if (list.length === 1) return list[0] as LsAnnotation;
    if (this.rule === 'default') {
      const marked = list.find((a) => a.ground_truth);
      if (marked) return marked;
    }
    if (this.rule === 'first') return earliest(list);
    if (this.rule.startsWith('annotator:')) {
      const name = this.rule.slice('annotator:'.length);
      const theirs = list.filter((a) => {
        const who = annotatorOf(a);
        return who !== undefined && (who === name || sourcePart(who) === name);
      });
      if (theirs.length > 0) return latest(theirs);
      this.fellBack++;
    }
    return latest(list);
  }

  /** What the user should know about the rule, or nothing. */
  notes(annotators: number): string[] {
    const notes: string[] = [];
    if (this.mode === 'each' && !this.singleAnnotator && annotators > 1)
      notes.push(
        `${annotators} annotators, imported as annotator:<name> sources; to import one annotation per task ` +
          'as ground truth pass --as ground_truth (--pick latest|first|annotator:<name> chooses among several)',
      );
    if (this.left > 0)
      notes.push(
        `${this.tasksWithSeveral} tasks have several annotations: one each imported as ${this.source} ` +
          `(--pick ${this.rule === 'default' ? 'latest, the default: the ground-truth-marked one, else the latest' : this.rule}); ` +
          `${this.left} others not imported (import without --as and --pick to keep every annotator)`,
      );
    if (this.fellBack > 0)
      notes.push(
        `${this.fellBack} tasks with several annotations have none by ${this.rule}: the latest was imported`,
      );
    return notes;
  }
}

function time(a: LsAnnotation, field: 'created_at' | 'updated_at'): number {
  const v = a[field];
  const t = typeof v === 'string' ? Date.parse(v) : Number.NaN;
  return Number.isFinite(t) ? t : Number.NaN;
}

/** The latest by updated_at, else created_at; ties and unknown times go to the one listed last. */
function latest(list: LsAnnotation[]): LsAnnotation {
  let best = list[list.length - 1] as LsAnnotation;
  let bestTime = Number.NEGATIVE_INFINITY;
  for (const a of list) {
    const t = Number.isFinite(time(a, 'updated_at')) ? time(a, 'updated_at') : time(a, 'created_at');
    if (Number.isFinite(t) && t >= bestTime) {
      best = a;
      bestTime = t;
    }
  }
  return best;
}

/** The earliest by created_at; unknown times go to the one listed first. */
function earliest(list: LsAnnotation[]): LsAnnotation {
  let best = list[0] as LsAnnotation;
  let bestTime = Number.POSITIVE_INFINITY;
  for (const a of list) {
    const t = time(a, 'created_at');
    if (Number.isFinite(t) && t < bestTime) {
      best = a;
      bestTime = t;
    }
  }
  return best;
}
