import { parse as parseYaml } from 'yaml';
import { AssayError } from '../errors.js';

import { SUGGESTION_TYPES } from './suggestion-rules.js';

type ParamType = 'string' | 'strings' | 'number' | 'map' | 'types';

/** Every rule `assay fix` knows, with its parameters (docs/fix-rules.md). `source` is allowed on each. */
export const FIX_RULES: Record<string, { params: Record<string, ParamType>; required: string[] }> = {
  rename_class: { params: { from: 'string', to: 'string' }, required: ['from', 'to'] },
  merge_classes: { params: { from: 'strings', to: 'string' }, required: ['from', 'to'] },
  remap_classes: { params: { map: 'map' }, required: ['map'] },
  remove_duplicate_labels: { params: { iou: 'number' }, required: [] },
  clip_boxes: { params: {}, required: [] },
  drop_small_boxes: { params: { min_area: 'number', min_side: 'number' }, required: [] },
  accept_predictions: { params: { prediction: 'string', min_score: 'number' }, required: [] },
  remove_exact_duplicate_samples: { params: {}, required: [] },
  exclude_missing_files: { params: {}, required: [] },
  apply_suggestions: { params: { types: 'types' }, required: ['types'] },
  accept_consensus: { params: { min_quality: 'number' }, required: [] },
};

/** One rule with its parameters, and where it was written (for messages). */
export interface FixRule {
  name: string;
  params: Record<string, unknown>;
  /** Label source the rule edits (default `ground_truth`). */
  source: string;
  /** "rules.yaml, rule 2" or "argument 1". */
  where: string;
  /** 1-based position in the file or the argument list. */
  index: number;
  file: string | null;
}

function invalid(
  rule: Pick<FixRule, 'where' | 'index' | 'file'>,
  key: string | null,
  problem: string,
): AssayError {
  return new AssayError('INVALID_INPUT', `${rule.where}${key ? `, key "${key}"` : ''}: ${problem}`, {
    hint: `Rules: ${Object.keys(FIX_RULES).join(', ')} (see docs/fix-rules.md). Nothing was changed.`,
    details: { file: rule.file, rule: rule.index, key },
  });
}

function checkValue(
  at: Pick<FixRule, 'where' | 'index' | 'file'>,
  key: string,
  type: ParamType,
  v: unknown,
): unknown {
  const ok =
    type === 'string'
      ? typeof v === 'string' && v !== ''
      : type === 'number'
        ? typeof v === 'number' && Number.isFinite(v) && v >= 0
        : type === 'types'
          ? Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && x in SUGGESTION_TYPES)
          : type === 'strings'
            ? Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && x !== '')
            : v !== null &&
              typeof v === 'object' &&
              !Array.isArray(v) &&
              Object.values(v).every((x) => typeof x === 'string' && x !== '');
  if (!ok) {
    const want = {
      string: 'a class name',
      number: 'a number >= 0',
      strings: 'a list of class names',
      map: 'a map of class name to class name',
      types: `a list of issue types among ${Object.keys(SUGGESTION_TYPES).join(', ')}`,
    }[type];
    throw invalid(at, key, `expects ${want}, not ${JSON.stringify(v)}`);
  }
  return v;
}

/** Validates one rule given as `{name: {params}}` (or a bare name). */
export function validateRule(raw: unknown, at: Pick<FixRule, 'where' | 'index' | 'file'>): FixRule {
  let name: string;
  let params: unknown;
  if (typeof raw === 'string') [name, params] = [raw, {}];
  else if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && Object.keys(raw).length === 1)
    [name, params] = Object.entries(raw)[0]!;
  else throw invalid(at, null, 'a rule is one name with its parameters, e.g. `- clip_boxes: {}`');
  const spec = FIX_RULES[name];
  if (!spec) throw invalid(at, name, `unknown rule "${name}"`);
  params ??= {};
  if (typeof params !== 'object' || Array.isArray(params))
    throw invalid(at, name, 'parameters must be a map');
  const out: Record<string, unknown> = {};
  let source = 'ground_truth';
  for (const [key, value] of Object.entries(params as Record<string, unknown>)) {
    if (key === 'source') {
      source = String(checkValue(at, key, 'string', value));
      continue;
    }
    const type = spec.params[key];
    if (!type)
      throw invalid(
        at,
        key,
        `${name} has no parameter "${key}" (it takes ${Object.keys(spec.params).join(', ') || 'none'}, and source)`,
      );
    out[key] = checkValue(at, key, type, value);
  }
  for (const key of spec.required) if (!(key in out)) throw invalid(at, key, `${name} needs "${key}"`);
  if (name === 'remove_duplicate_labels') {
    const iou = (out.iou as number | undefined) ?? 0.9;
    if (iou <= 0 || iou > 1) throw invalid(at, 'iou', `expects an IoU in (0, 1], not ${iou}`);
    out.iou = iou;
  }
  if (name === 'drop_small_boxes' && out.min_area === undefined && out.min_side === undefined)
    throw invalid(at, 'min_area', 'drop_small_boxes needs min_area or min_side');
  return { name, params: out, source, ...at };
}

/** A rule file (YAML or JSON): `rules: [ {rename_class: {from: a, to: b}}, {clip_boxes: {}} ]`. */
export function parseRuleFile(text: string, file: string): FixRule[] {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    throw new AssayError(
      'PARSE_ERROR',
      `${file} is not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}`,
      {
        hint: 'A rule file looks like `rules:` followed by `- clip_boxes: {}` lines.',
      },
    );
  }
  const rules = (doc as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(rules) || rules.length === 0)
    throw new AssayError('INVALID_INPUT', `${file}: expected a non-empty \`rules:\` list.`, {
      hint: 'See docs/fix-rules.md for the shape of a rule file.',
      details: { file, key: 'rules' },
    });
  return rules.map((r, i) => validateRule(r, { where: `${file}, rule ${i + 1}`, index: i + 1, file }));
}

function argValue(text: string): unknown {
  if (text.includes('+')) return text.split('+');
  if (text.includes('>')) return Object.fromEntries(text.split(';').map((p) => p.split('>', 2)));
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}

/**
 * Rules on the command line: `NAME` or `NAME:key=value,key=value`; lists join with `+`
 * (`merge_classes:from=a+b,to=c`), maps with `>` and `;` (`remap_classes:map=a>b;c>d`).
 */
export function parseRuleArgs(args: readonly string[]): FixRule[] {
  return args.map((arg, i) => {
    const at = { where: `argument ${i + 1} (${arg})`, index: i + 1, file: null };
    const [name, rest] = [arg.split(':', 1)[0]!, arg.includes(':') ? arg.slice(arg.indexOf(':') + 1) : ''];
    const params: Record<string, unknown> = {};
    for (const pair of rest.split(',').filter((p) => p !== '')) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw invalid(at, pair, 'parameters are key=value');
      const key = pair.slice(0, eq);
      const value = argValue(pair.slice(eq + 1));
      const list = (key === 'from' && name === 'merge_classes') || key === 'types';
      params[key] = list && !Array.isArray(value) ? [value] : value;
    }
    return validateRule({ [name]: params }, at);
  });
}
