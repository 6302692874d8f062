import type { Annotation } from '../model/annotation.js';
import type { ClassDef } from '../model/class-def.js';
import type { Sample } from '../model/sample.js';
import type { Frame, Sensor, Sequence } from '../model/sensor.js';
import type { Problem } from './problems.js';

/** A dataset in the canonical model, as a format reads it or is asked to write it. */
export interface Dataset {
  /** Ordered class map. */
  classes: ClassDef[];
  samples: Sample[];
  annotations: Annotation[];
  /** Sensor calibrations of a multi-sensor recording (LiDAR + cameras); frames refer to them by id. */
  sensors?: Sensor[];
  /** Samples captured together, each with its sensor and timestamp. */
  frames?: Frame[];
  sequences?: Sequence[];
}

/** A licence an annotation file names (COCO `licenses`); samples refer to it by id. */
export interface Licence {
  id: string;
  name: string;
  url?: string;
}

/** What a format's `read` returns. */
export interface ReadResult extends Dataset {
  /** Absolute folder the sample keys are relative to. */
  imagesRoot: string;
  problems: Problem[];
  /**
   * Class names in the order of every annotation's `probs`, when the file states one (COCO categories,
   * CSV probability columns). Import reorders `probs` into the project's class-map order with it; without
   * it, `probs` are taken to be in the project's order already (e.g. a results list Assay exported).
   */
  probsOrder?: string[];
  /** Free notes on what was read ("data.yaml names 3 classes; 2 splits: train, val"). */
  notes?: string[];
  /** Licences the file names (samples' `metadata.license` holds their ids). */
  licences?: Licence[];
}

export function emptyDataset(): Dataset {
  return { classes: [], samples: [], annotations: [] };
}
