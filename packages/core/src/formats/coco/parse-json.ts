import { AssayError } from '../../errors.js';
import { findJsonError } from './_json-error.js';

/** Bare NaN / Infinity tokens in value position, as Python's json.dump writes them. */
const NON_FINITE = /(?<=[[,:]\s*)(?:-?Infinity|NaN)(?=\s*[,\]}])/g;

export interface ParsedJson {
  value: unknown;
  /** How many NaN/Infinity tokens were read as null (0 for valid JSON). */
  nonFinite: number;
}

/**
 * Parses a JSON annotation file. Files written by Python with NaN/Infinity (not JSON, but common) are
 * read with those values as null, so the record checks report them one by one. Anything else that is
 * not JSON is a PARSE_ERROR naming the file, line, column and offset.
 */
export function parseJson(text: string, file: string): ParsedJson {
  try {
    return { value: JSON.parse(text), nonFinite: 0 };
  } catch (first) {
    const site = findJsonError(text);
    if (site && /NaN|Infinity/.test(site.reason)) {
      let nonFinite = 0;
      const patched = text.replace(NON_FINITE, () => {
        nonFinite++;
        return 'null';
      });
      try {
        return { value: JSON.parse(patched), nonFinite };
      } catch {
        throw parseError(file, text, first);
      }
    }
    throw parseError(file, text, first);
  }
}

function parseError(file: string, text: string, cause: unknown): AssayError {
  const site = findJsonError(text);
  const where = site
    ? ` at line ${site.line}, column ${site.column} (offset ${site.offset}): ${site.reason}`
    : `: ${(cause as Error).message}`;
  return new AssayError('PARSE_ERROR', `${file} is not valid JSON${where}.`, {
    hint:
      site && site.offset >= text.length
        ? 'The file looks truncated; copy or download it again.'
        : 'Fix the file at that position (a JSON validator shows the context), or export it again.',
    details: { file, ...(site ?? {}) },
    cause,
  });
}
