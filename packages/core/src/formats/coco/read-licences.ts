import type { Licence } from '../dataset.js';
import type { ProblemList } from '../problems.js';
import { isRecord } from './schema.js';

type Verdict = { licence: Licence } | { placeholder: true } | { reason: string };

/** One `licenses` entry: kept, an empty placeholder, or why it is left out. */
function readEntry(entry: unknown): Verdict {
  if (!isRecord(entry)) return { reason: 'is not an object' };
  const { id, name, url } = entry;
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  if (typeof id !== 'number' && typeof id !== 'string') return { reason: 'has no id' };
  if (typeof name !== 'string' && text(url) === '') return { reason: 'has no name' };
  if (text(name) === '' && text(url) === '') return { placeholder: true };
  // A licence known only by its url is named by it.
  const licence: Licence = { id: String(id), name: text(name) || text(url) };
  if (text(url) !== '') licence.url = text(url);
  return { licence };
}

/**
 * The top-level `licenses` list of a COCO file: id (as text, as images' `license` is compared; 0 is an
 * id like any other), name and url. An entry with neither name nor url is a placeholder (Datumaro writes
 * `{"id": 0, "name": "", "url": ""}`) and is left out without a warning; an entry without an id, or
 * not an object, is left out with one warning per reason naming the first such entry (so is one with neither a name
 * field nor a url).
 */
export function readLicences(value: unknown, file: string, problems: ProblemList): Licence[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.warn(file, 'licenses', 'licenses is not a list; licence names were not read');
    return [];
  }
  const out: Licence[] = [];
  const bad = new Map<string, { first: number; count: number }>();
  for (const [i, entry] of value.entries()) {
    const verdict = readEntry(entry);
    if ('licence' in verdict) out.push(verdict.licence);
    else if ('reason' in verdict) {
      const seen = bad.get(verdict.reason);
      if (seen) seen.count++;
      else bad.set(verdict.reason, { first: i, count: 1 });
    }
  }
  for (const [reason, { first, count }] of bad) {
    const subject = count === 1 ? '1 licence entry' : `${count} licence entries`;
    const verb = count === 1 ? reason : reason.replace(/^has /, 'have ').replace(/^is /, 'are ');
    problems.warn(
      file,
      `licenses[${first}]`,
      `${subject} ${verb}; ${count === 1 ? 'it was' : 'they were'} not kept`,
      'Give each licence an "id" and a "name", as COCO does.',
    );
  }
  return out;
}
