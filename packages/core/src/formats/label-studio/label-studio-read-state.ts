import type { Annotation } from '../../model/annotation.js';
import type { ClassDef } from '../../model/class-def.js';
import type { Sample } from '../../model/sample.js';
import type { ReadInput } from '../define-format.js';
import type { ProblemList } from '../problems.js';
import type { ImageRefResolver } from './label-studio-image-ref.js';
import type { PendingKeypoints } from './label-studio-keypoints.js';
import type { PickRule } from './label-studio-pick.js';
import type { LsResult } from './label-studio-result.js';

/** What the Label Studio reader builds up while it reads tasks. */
export interface State {
  input: ReadInput;
  imagesRoot: string;
  classes: Map<string, ClassDef>;
  samples: Map<string, Sample>;
  annotations: Annotation[];
  problems: ProblemList;
  pick: PickRule;
  refs: ImageRefResolver;
  /** Keypoints annotations waiting for their class's point names, and those names per class. */
  keypointSets: PendingKeypoints[];
  pointNames: Map<string, string[]>;
}

export interface Group {
  file: string;
  record: string;
  sample: Sample;
  source: string;
  results: LsResult[];
  score?: number;
}
