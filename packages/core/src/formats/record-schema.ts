/**
 * Record validation with zod for every format: a record of the wrong shape becomes a per-record
 * problem that says which field was wrong and how (`result: expected a list, got string`), instead
 * of a crash deep inside a reader. Schemas live beside each format (`<format>-schema.ts`).
 */
import { z } from 'zod';

/** A value that may be absent or null in the file; null is read as absent (`.optional()`: zod 4 keys with a transform are required otherwise). */
export function optional<T extends z.ZodType>(schema: T) {
  return schema
    .nullish()
    .transform((v): z.output<T> | undefined => v ?? undefined)
    .optional();
}

/** An id: a string or a number as the file gives it; anything else (a list, an object) is no id. */
export const looseId = z
  .unknown()
  .transform((v): string | number | undefined =>
    typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) ? v : undefined,
  )
  .optional();

/** A JSON object (not a list, not null). */
export const jsonObject = z.record(z.string(), z.unknown());

/** What a JSON value is, in words ("a list", "a number", "null"). */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

const EXPECTED: Record<string, string> = {
  array: 'a list',
  object: 'an object',
  record: 'an object',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
};

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const p of path)
    v = typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

/** The first thing wrong with `value`, in words: "annotations: expected a list, got a number". */
export function describeIssue(error: z.ZodError, value: unknown): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'the record is not valid';
  const where = pathText(issue.path);
  const what =
    issue.code === 'invalid_type'
      ? `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${kindOf(valueAt(value, issue.path))}`
      : issue.message;
  return where ? `${where}: ${what}` : what;
}

/** Parses one record: its typed value, or the reason it is refused. */
export function checkRecord<T extends z.ZodType>(
  schema: T,
  value: unknown,
): { ok: true; value: z.output<T> } | { ok: false; reason: string } {
  const parsed = schema.safeParse(value);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, reason: describeIssue(parsed.error, value) };
}
