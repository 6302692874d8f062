import { AssayError } from '../../errors.js';
import type { KittiObject } from './kitti-objects.js';

export type KittiLabelRole = 'ground truth' | 'results';

export interface ParseKittiEvalLabelsOptions {
  /** The file, for messages. */
  path: string;
  /** Ground truth has 15 fields per line (a 16th is ignored); results need the 16th, the score. */
  role: KittiLabelRole;
}

const FIELDS = [
  'truncated',
  'occluded',
  'alpha',
  'bbox left',
  'bbox top',
  'bbox right',
  'bbox bottom',
  'height',
  'width',
  'length',
  'x',
  'y',
  'z',
  'rotation_y',
  'score',
];

function fieldError(path: string, line: number, message: string, hint: string): AssayError {
  return new AssayError('PARSE_ERROR', `${path} line ${line}: ${message}`, {
    hint,
    details: { file: path, line },
  });
}

/**
 * Parses one KITTI label_2 file (ground truth) or results file (the same with a score column), one
 * object per non-empty line, as the devkit's `fscanf` does for well-formed files. A short line, a field
 * that is not a number or a fractional occlusion throws PARSE_ERROR naming the file and line: the
 * devkit would silently read such a file out of step.
 */
export function parseKittiEvalLabels(text: string, options: ParseKittiEvalLabelsOptions): KittiObject[] {
  const { path, role } = options;
  const need = role === 'results' ? 16 : 15;
  const objects: KittiObject[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const parts = (lines[i] ?? '').trim().split(/\s+/);
    if (parts.length === 1 && parts[0] === '') continue;
    if (parts.length < need) {
      throw fieldError(
        path,
        i + 1,
        `${parts.length} fields where KITTI ${role} lines have ${need}.`,
        role === 'results'
          ? 'Results lines are: type truncated occluded alpha x1 y1 x2 y2 h w l x y z ry score (the score last).'
          : 'Label lines are: type truncated occluded alpha x1 y1 x2 y2 h w l x y z ry.',
      );
    }
    const values = new Float64Array(15);
    for (let k = 1; k < need; k++) {
      const v = Number(parts[k]);
      if (Number.isNaN(v) || parts[k] === '') {
        throw fieldError(
          path,
          i + 1,
          `field ${k + 1} (${FIELDS[k - 1]}) is not a number.`,
          'Check the file is a KITTI label_2 or results file.',
        );
      }
      values[k - 1] = v;
    }
    const occlusion = values[1] as number;
    if (!Number.isInteger(occlusion)) {
      throw fieldError(
        path,
        i + 1,
        'field 3 (occluded) is not an integer.',
        'KITTI occlusion is 0, 1, 2 or 3 (-1 for DontCare).',
      );
    }
    objects.push({
      type: parts[0] as string,
      truncation: values[0] as number,
      occlusion,
      alpha: values[2] as number,
      x1: values[3] as number,
      y1: values[4] as number,
      x2: values[5] as number,
      y2: values[6] as number,
      h: values[7] as number,
      w: values[8] as number,
      l: values[9] as number,
      tx: values[10] as number,
      ty: values[11] as number,
      tz: values[12] as number,
      ry: values[13] as number,
      score: role === 'results' ? (values[14] as number) : Number.NaN,
    });
  }
  return objects;
}
