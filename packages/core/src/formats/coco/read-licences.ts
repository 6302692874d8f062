import type { Licence } from '../dataset.js';
import type { ProblemList } from '../problems.js';
import { isRecord } from './schema.js';

/**
 * The top-level `licenses` list of a COCO file: id (as text, as images' `license` is compared), name
 * and url. Entries without an id or a name are skipped with one warning naming the first of them.
 */
export function readLicences(value: unknown, file: string, problems: ProblemList): Licence[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.warn(file, 'licenses', 'licenses is not a list; licence names were not read');
    return [];
  }
  const out: Licence[] = [];
  let bad = -1;
  let badCount = 0;
  for (const [i, entry] of value.entries()) {
    const id = isRecord(entry) ? entry.id : undefined;
    const name = isRecord(entry) ? entry.name : undefined;
    if ((typeof id !== 'number' && typeof id !== 'string') || typeof name !== 'string' || name === '') {
      if (bad < 0) bad = i;
      badCount++;
      continue;
    }
    const licence: Licence = { id: String(id), name };
    const url = (entry as Record<string, unknown>).url;
    if (typeof url === 'string' && url !== '') licence.url = url;
    out.push(licence);
  }
  if (badCount > 0) {
    problems.warn(
      file,
      `licenses[${bad}]`,
      `${badCount} licence entr${badCount === 1 ? 'y has' : 'ies have'} no id or no name and were not kept`,
      'Give each licence an "id" and a "name", as COCO does.',
    );
  }
  return out;
}
