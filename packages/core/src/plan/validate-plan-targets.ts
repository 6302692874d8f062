import { AssayError } from '../errors.js';
import { namesHint } from './close-names.js';
import type { PlanInput } from './evaluate-plan.js';
import type { Plan } from './plan.js';

function unknown(plan: Plan, key: string, value: string, what: string, hint: string): AssayError {
  return new AssayError(
    'INVALID_INPUT',
    `${plan.file}: ${key} names ${what} "${value}", which the project does not have.`,
    {
      hint: `${hint} Fix the plan, or import the data it describes.`,
      details: { file: plan.file, key, value },
    },
  );
}

/**
 * A plan's composition targets must name what exists: a field that is `class`, `split`, an annotation
 * attribute or a sample metadata key, and (for `field: class`) classes of the class map. A misspelt
 * name would otherwise count as a value with no data and silently lower the overlap. Values of other
 * fields are not checked: a wanted value the data lacks is what the overlap is meant to measure.
 */
export function validatePlanTargets(plan: Plan, input: PlanInput): void {
  const fields = new Set(['class', 'split']);
  for (const a of input.annotations) for (const k of Object.keys(a.attributes ?? {})) fields.add(k);
  for (const s of input.samples) for (const k of Object.keys(s.metadata ?? {})) fields.add(k);
  const classNames = input.classNames;
  plan.composition.forEach((t, i) => {
    if (!fields.has(t.field))
      throw unknown(
        plan,
        `composition[${i}].field`,
        t.field,
        'the field',
        namesHint(t.field, [...fields], 'fields'),
      );
    if (t.field !== 'class' || classNames === undefined) return;
    const known = new Set(classNames);
    for (const value of Object.keys(t.target)) {
      if (!known.has(value))
        throw unknown(
          plan,
          `composition[${i}].target`,
          value,
          'the class',
          namesHint(value, classNames, 'classes'),
        );
    }
  });
}
