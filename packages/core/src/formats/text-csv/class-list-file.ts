import type { FormatIO } from '../format-io.js';
import { dirName, joinPath } from '../paths.js';
import type { TextRecord } from '../text-records.js';

/** The class list beside a file: `classes.txt`, one name a line (Zhang et al.'s AG News, DBpedia, Yelp sets). */
const CLASS_LIST = 'classes.txt';

/**
 * Int labels named by the `classes.txt` beside `path`: labels 1…N (as the char-CNN sets number them) or
 * 0…N−1 are lines 1…N; the records' labels are replaced and a note says how. Undefined (records left as
 * they are) without such a file, or when a label is not a whole number in either range.
 */
export async function nameByClassList(
  path: string,
  io: FormatIO,
  records: TextRecord[],
): Promise<string | undefined> {
  const file = joinPath(dirName(path), CLASS_LIST);
  if (!(await io.exists(file))) return undefined;
  const names = (await io.readText(file))
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const values = records.flatMap((r) => r.labels);
  if (names.length === 0 || values.length === 0 || !values.every((v) => /^\d+$/.test(v))) return undefined;
  const numbers = values.map(Number);
  const min = Math.min(...numbers);
  const max = Math.max(...numbers);
  const base = min >= 1 && max <= names.length ? 1 : max < names.length ? 0 : undefined;
  if (base === undefined) return undefined;
  for (const r of records) r.labels = r.labels.map((v) => names[Number(v) - base]!);
  return `class names from ${CLASS_LIST} beside the file (label ${base} is its first line)`;
}
