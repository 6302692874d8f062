import type { AttributeValue } from '../../model/annotation.js';

/** Region attribute names that usually hold the class, in the order they are preferred (any case). */
const CLASS_NAMES = ['label', 'class', 'category', 'type', 'name', 'object', 'class_name', 'classname'];

/** A region attribute's value as text: a string, a number, or a checkbox's options set true. */
export function viaValue(v: unknown): AttributeValue | undefined {
  if (typeof v === 'string') return v.trim() === '' ? undefined : v;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'object' && v !== null) {
    const on = Object.entries(v)
      .filter(([, x]) => x === true)
      .map(([k]) => k);
    return on.length > 0 ? on.join(',') : undefined;
  }
  return undefined;
}

/**
 * The region attribute that holds the class: the one named (--label-column), else the project's first
 * dropdown or radio attribute (`_via_attributes.region`: a closed list, as VIA's class lists are), else
 * the only attribute regions have, else the first of CLASS_NAMES they have; undefined when none fits.
 */
export function viaClassAttribute(
  named: string | undefined,
  declared: Record<string, unknown> | undefined,
  seen: Set<string>,
): { name: string; why: string } | undefined {
  if (named !== undefined) return { name: named, why: 'named by --label-column' };
  for (const [name, spec] of Object.entries(declared ?? {})) {
    const type = (spec as { type?: unknown } | null)?.type;
    if (type === 'dropdown' || type === 'radio')
      return { name, why: `the project's first ${type} region attribute` };
  }
  if (seen.size === 1) return { name: [...seen][0] as string, why: 'the only region attribute' };
  for (const want of CLASS_NAMES) {
    const name = [...seen].find((s) => s.toLowerCase() === want);
    if (name !== undefined) return { name, why: `a region attribute named "${name}"` };
  }
  return undefined;
}
