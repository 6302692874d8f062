import type { Dataset, Licence } from '../dataset.js';
import type { ProblemList } from '../problems.js';

/** What either reading path (whole file or stream) gives readCoco. */
export interface CocoRead extends Dataset {
  problems: ProblemList;
  notes: string[];
  /** A results list (no class list of its own; `probs` follow the project's class order). */
  isResults?: boolean;
  /** NaN/Infinity tokens read as null. */
  nonFinite: number;
  licences?: Licence[];
}
