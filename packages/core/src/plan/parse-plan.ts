import { parse as parseYaml, YAMLParseError } from 'yaml';
import { AssayError } from '../errors.js';
import { parseLidarThresholds } from './parse-lidar-thresholds.js';
import {
  type CompositionTarget,
  type CompositionUnit,
  type ConformanceTarget,
  DEFAULT_MIN_OVERLAP,
  type InspectionTarget,
  type IssueLimit,
  MODEL_METRICS,
  type ModelMetric,
  type ModelTarget,
  type Plan,
} from './plan.js';

const SHARE_SUM_TOLERANCE = 1e-3;
const HINT =
  'A plan has `composition:` (a list of {field, target: {value: share}, min_overlap}), `limits:` ({issue_type: largest share}), `inspection:` ({min_accuracy}) and/or `models:` (a list of {prediction, min_map}) and/or `conformance:` ({min_width, formats, max_bytes, min_share, ...}); see README "Quality plan".';

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

function parseInspection(file: string, v: unknown): InspectionTarget | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObj(v)) throw bad(file, 'inspection', 'must be a mapping like {min_accuracy: 0.95}.');
  unknownKeys(file, 'inspection.', v, ['min_accuracy', 'method', 'confidence', 'require_complete']);
  if (v.min_accuracy === undefined) throw bad(file, 'inspection.min_accuracy', 'is required.');
  const method = v.method ?? 'clopper-pearson';
  if (method !== 'clopper-pearson' && method !== 'wilson')
    throw bad(file, 'inspection.method', `must be clopper-pearson or wilson, got ${JSON.stringify(method)}.`);
  if (v.require_complete !== undefined && typeof v.require_complete !== 'boolean')
    throw bad(file, 'inspection.require_complete', 'must be true or false.');
  const confidence =
    v.confidence === undefined ? undefined : share(file, 'inspection.confidence', v.confidence);
  if (confidence !== undefined && (confidence <= 0 || confidence >= 1))
    throw bad(file, 'inspection.confidence', 'must lie strictly between 0 and 1.');
  return {
    minAccuracy: share(file, 'inspection.min_accuracy', v.min_accuracy),
    method,
    ...(confidence === undefined ? {} : { confidence }),
    requireComplete: v.require_complete !== false,
  };
}

function parseModels(file: string, v: unknown): ModelTarget[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v))
    throw bad(file, 'models', 'must be a list like [{prediction: prediction:NAME, min_map: 0.5}].');
  return v.map((item, i) => {
    const at = `models[${i}]`;
    if (!isObj(item)) throw bad(file, at, 'must be a mapping with prediction and min_map.');
    unknownKeys(file, `${at}.`, item, ['prediction', 'min_map', 'metric']);
    if (typeof item.prediction !== 'string' || !item.prediction.startsWith('prediction:'))
      throw bad(file, `${at}.prediction`, 'must name a prediction source (prediction:NAME).');
    const metric = (item.metric ?? 'map') as ModelMetric;
    if (!MODEL_METRICS.includes(metric))
      throw bad(
        file,
        `${at}.metric`,
        `must be one of ${MODEL_METRICS.join(', ')}, got ${JSON.stringify(item.metric)}.`,
      );
    if (item.min_map === undefined)
      throw bad(file, `${at}.min_map`, 'is required (the smallest value that passes).');
    return { prediction: item.prediction, metric, min: share(file, `${at}.min_map`, item.min_map) };
  });
}

const CONFORMANCE_BOUNDS = {
  min_width: 'minWidth',
  min_height: 'minHeight',
  max_width: 'maxWidth',
  max_height: 'maxHeight',
  min_bytes: 'minBytes',
  max_bytes: 'maxBytes',
} as const;

function parseConformance(file: string, v: unknown): ConformanceTarget | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObj(v)) throw bad(file, 'conformance', 'must be a mapping like {min_width: 640, formats: [jpeg]}.');
  unknownKeys(file, 'conformance.', v, [...Object.keys(CONFORMANCE_BOUNDS), 'formats', 'min_share']);
  const out: ConformanceTarget = {
    minShare: v.min_share === undefined ? 1 : share(file, 'conformance.min_share', v.min_share),
  };
  for (const [key, field] of Object.entries(CONFORMANCE_BOUNDS)) {
    const n = v[key];
    if (n === undefined) continue;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
      throw bad(
        file,
        `conformance.${key}`,
        `must be a whole number of ${key.endsWith('bytes') ? 'bytes' : 'pixels'}, got ${JSON.stringify(n)}.`,
      );
    out[field] = n;
  }
  for (const [lo, hi] of [
    ['min_width', 'max_width'],
    ['min_height', 'max_height'],
    ['min_bytes', 'max_bytes'],
  ] as const) {
    const a = out[CONFORMANCE_BOUNDS[lo]];
    const b = out[CONFORMANCE_BOUNDS[hi]];
    if (a !== undefined && b !== undefined && a > b)
      throw bad(file, `conformance.${lo}`, `(${a}) is larger than ${hi} (${b}); no sample could meet both.`);
  }
  if (v.formats !== undefined) {
    if (
      !Array.isArray(v.formats) ||
      v.formats.length === 0 ||
      !v.formats.every((f) => typeof f === 'string' && f !== '')
    )
      throw bad(file, 'conformance.formats', 'must be a list of format names like [jpeg, png].');
    out.formats = v.formats.map((f: string) => (f.toLowerCase() === 'jpg' ? 'jpeg' : f.toLowerCase()));
  }
  if (Object.keys(out).length === 1)
    throw bad(
      file,
      'conformance',
      'sets no requirement: add min_width, min_height, max_width, max_height, formats, min_bytes or max_bytes.',
    );
  return out;
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
  unknownKeys(file, '', doc, ['composition', 'limits', 'inspection', 'models', 'conformance', 'lidar']);
  const composition = doc.composition ?? [];
  if (!Array.isArray(composition)) throw bad(file, 'composition', 'must be a list of targets.');
  const plan: Plan = {
    file,
    composition: composition.map((item, i) => parseTarget(file, item, i)),
    limits: parseLimits(file, doc.limits, knownTypes),
    models: parseModels(file, doc.models),
  };
  const inspection = parseInspection(file, doc.inspection);
  if (inspection) plan.inspection = inspection;
  const conformance = parseConformance(file, doc.conformance);
  if (conformance) plan.conformance = conformance;
  if (doc.lidar !== undefined) plan.lidar = parseLidarThresholds(file, doc.lidar);
  if (
    plan.composition.length === 0 &&
    plan.limits.length === 0 &&
    !inspection &&
    plan.models.length === 0 &&
    !conformance &&
    plan.lidar === undefined
  )
    throw bad(
      file,
      '(top level)',
      'has no criteria: add composition targets, limits, inspection, models, conformance or lidar thresholds.',
    );
  return plan;
}
