import { AssayError } from '../errors.js';

/** Who said it: ground truth, one of several annotators, or a model's predictions. */
export type LabelSourceKind = 'ground_truth' | 'annotator' | 'prediction';

export interface LabelSource {
  /** Canonical name: `ground_truth`, `annotator:<name>` or `prediction:<model>`. */
  readonly name: string;
  readonly kind: LabelSourceKind;
}

const NAME_PART = /^[\p{L}\p{N}_.@+-]+$/u;

/** Parses `ground_truth`, `annotator:alice` or `prediction:yolov8`; anything else is a USAGE error. */
export function parseLabelSource(text: string): LabelSource {
  if (text === 'ground_truth' || text === 'gt') return { name: 'ground_truth', kind: 'ground_truth' };
  const colon = text.indexOf(':');
  const prefix = colon < 0 ? text : text.slice(0, colon);
  const rest = colon < 0 ? '' : text.slice(colon + 1);
  if ((prefix === 'annotator' || prefix === 'prediction') && NAME_PART.test(rest)) {
    return { name: `${prefix}:${rest}`, kind: prefix };
  }
  throw new AssayError('USAGE', `"${text}" is not a label source.`, {
    hint: 'Use ground_truth, annotator:<name> or prediction:<model> (letters, digits, _ . @ + -).',
  });
}
