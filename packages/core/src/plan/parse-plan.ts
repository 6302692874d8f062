import { parse as parseYaml, YAMLParseError } from 'yaml';
import { AssayError } from '../errors.js';
import { parseLidarThresholds } from './parse-lidar-thresholds.js';
import {
  type CompositionTarget,
  type CompositionUnit,
  DEFAULT_MIN_OVERLAP,
  type IssueLimit,
  type Plan,
} from './plan.js';

const SHARE_SUM_TOLERANCE = 1e-3;
const HINT =
  'A plan has `composition:` (a list of {field, target: {value: share}, min_overlap}) and/or `limits:` ({issue_type: largest share}); see README "Quality plan".';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function bad(file: string, key: string, what: string, hint = HINT): AssayError {
  return new AssayError('INVALID_INPUT', `${file}: ${key} ${what}`, { hint, details: { file, key } });
}

function share(file: string, key: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1)
    throw bad(file, key, `must be a number from 0 to 1, got ${JSON.stringify(v)}.`);
  return v;
}

function unknownKeys(file: string, at: string, o: Obj, allowed: string[]): void {
  const extra = Object.keys(o).find((k) => !allowed.includes(k));
  if (extra !== undefined)
    throw bad(file, `${at}${extra}`, `is not a plan key (expected one of: ${allowed.join(', ')}).`);
}

function parseTarget(file: string, item: unknown, i: number): CompositionTarget {
  const at = `composition[${i}]`;
  if (!isObj(item)) throw bad(file, at, 'must be a mapping with field, target and min_overlap.');
  unknownKeys(file, `${at}.`, item, ['field', 'target', 'min_overlap', 'unit']);
  if (typeof item.field !== 'string' || item.field === '')
    throw bad(file, `${at}.field`, 'must name `class`, `split` or an attribute.');
  if (!isObj(item.target) || Object.keys(item.target).length === 0)
    throw bad(file, `${at}.target`, 'must map each value to its target share, e.g. {cat: 0.4, dog: 0.6}.');
  const target: Record<string, number> = {};
  let sum = 0;
  for (const [k, v] of Object.entries(item.target)) {
    target[k] = share(file, `${at}.target.${k}`, v);
    sum += target[k];
  }
  if (Math.abs(sum - 1) > SHARE_SUM_TOLERANCE)
    throw bad(
      file,
      `${at}.target`,
      `shares sum to ${+sum.toFixed(6)}; they must sum to 1.`,
      'Write shares as fractions (0.4, not 40) that add up to 1.',
    );
  const unit = item.unit ?? 'annotations';
  if (unit !== 'annotations' && unit !== 'samples')
    throw bad(file, `${at}.unit`, `must be "annotations" or "samples", got ${JSON.stringify(unit)}.`);
  return {
    field: item.field,
    target,
    minOverlap:
      item.min_overlap === undefined
        ? DEFAULT_MIN_OVERLAP
        : share(file, `${at}.min_overlap`, item.min_overlap),
    unit: unit as CompositionUnit,
  };
}

function parseLimits(
  file: string,
  limits: unknown,
  knownTypes: ReadonlySet<string> | undefined,
): IssueLimit[] {
  if (limits === undefined || limits === null) return [];
  if (!isObj(limits)) throw bad(file, 'limits', 'must map issue types to their largest allowed share.');
  return Object.entries(limits).map(([type, v]) => {
    if (knownTypes && !knownTypes.has(type))
      throw bad(
        file,
        `limits.${type}`,
        'is not an issue type Assay checks.',
        `Known types: ${[...knownTypes].sort().join(', ')}.`,
      );
    return { type, maxShare: share(file, `limits.${type}`, v) };
  });
}

/**
 * The whole of a YAML parser error: where (line and column), the reason as a sentence, and the lines
 * the parser quotes with its caret (the message used to stop at "…at line 4, column 1:").
 */
function yamlErrorMessage(file: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const [first = '', ...frame] = message.split('\n');
  const reason = first.replace(/ at line \d+, column \d+:?$/, '').replace(/[.:]?$/, '.');
  const pos = error instanceof YAMLParseError ? error.linePos?.[0] : undefined;
  const where = pos ? `, line ${pos.line}, column ${pos.col}` : '';
  const quoted = frame.filter((l) => l.trim() !== '').map((l) => `    ${l}`);
  return [`${file}${where} is not valid YAML or JSON: ${reason}`, ...quoted].join('\n');
}

/**
 * Parses a plan file's text (YAML, or JSON, which YAML reads too) and validates it; every error names
 * the file and the key. `knownTypes` (the issue types Assay writes) catches misspelt limits.
 */
export function parsePlan(text: string, file: string, knownTypes?: ReadonlySet<string>): Plan {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    throw new AssayError('PARSE_ERROR', yamlErrorMessage(file, error), {
      hint: HINT,
      cause: error,
    });
  }
  if (!isObj(doc)) throw bad(file, '(top level)', 'must be a mapping with composition and/or limits.');
  unknownKeys(file, '', doc, ['composition', 'limits', 'lidar']);
  const composition = doc.composition ?? [];
  if (!Array.isArray(composition)) throw bad(file, 'composition', 'must be a list of targets.');
  const plan: Plan = {
    file,
    composition: composition.map((item, i) => parseTarget(file, item, i)),
    limits: parseLimits(file, doc.limits, knownTypes),
  };
  if (doc.lidar !== undefined) plan.lidar = parseLidarThresholds(file, doc.lidar);
  if (plan.composition.length === 0 && plan.limits.length === 0 && plan.lidar === undefined)
    throw bad(file, '(top level)', 'has no criteria: add composition targets or limits.');
  return plan;
}
