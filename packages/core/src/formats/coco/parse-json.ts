import { AssayError } from '../../errors.js';
import { findJsonError, type JsonErrorSite } from './_json-error.js';

/** Bare NaN / Infinity tokens in value position, as Python's json.dump writes them. */
const NON_FINITE = /(?<=[[,:]\s*)(?:-?Infinity|NaN)(?=\s*[,\]}])/g;

export interface ParsedJson {
  value: unknown;
  /** How many NaN/Infinity tokens were read as null (0 for valid JSON). */
  nonFinite: number;
}

/** `text` with NaN/Infinity read as null, when that is what stops it from being JSON. */
function parseNonFinite(text: string, site: JsonErrorSite | undefined): ParsedJson | undefined {
  if (!site || !/NaN|Infinity/.test(site.reason)) return undefined;
  let nonFinite = 0;
  const patched = text.replace(NON_FINITE, () => {
    nonFinite++;
    return 'null';
  });
  try {
    return { value: JSON.parse(patched), nonFinite };
  } catch {
    return undefined;
  }
}

/** JSON.parse, then the NaN/Infinity leniency; otherwise the error site (if found) and the cause. */
function parseLenient(text: string): ParsedJson | { site: JsonErrorSite | undefined; cause: unknown } {
  try {
    return { value: JSON.parse(text), nonFinite: 0 };
  } catch (cause) {
    const site = findJsonError(text);
    return parseNonFinite(text, site) ?? { site, cause };
  }
}

/**
 * Parses a JSON annotation file. Files written by Python with NaN/Infinity (not JSON, but common) are
 * read with those values as null, so the record checks report them one by one. Anything else that is
 * not JSON is a PARSE_ERROR naming the file, line, column and offset.
 */
export function parseJson(text: string, file: string): ParsedJson {
  const parsed = parseLenient(text);
  if ('value' in parsed) return parsed;
  const { site, cause } = parsed;
  const where = site
    ? ` at line ${site.line}, column ${site.column} (offset ${site.offset}): ${site.reason}`
    : `: ${(cause as Error).message}`;
  throw new AssayError('PARSE_ERROR', `${file} is not valid JSON${where}.`, {
    hint:
      site && site.offset >= text.length
        ? 'The file looks truncated; copy or download it again.'
        : 'Fix the file at that position (a JSON validator shows the context), or export it again.',
    details: { file, ...(site ?? {}) },
    cause,
  });
}

/**
 * Parses one piece of a JSON file (a list element, when the file is read as a stream) that starts at
 * byte `offset` of the file, as parseJson does; a PARSE_ERROR gives the byte offset in the file.
 */
export function parseJsonAt(text: string, file: string, offset: number): ParsedJson {
  const parsed = parseLenient(text);
  if ('value' in parsed) return parsed;
  const { site, cause } = parsed;
  const at = offset + (site ? new TextEncoder().encode(text.slice(0, site.offset)).length : 0);
  const reason = site?.reason ?? (cause as Error).message;
  throw new AssayError('PARSE_ERROR', `${file} is not valid JSON at byte offset ${at}: ${reason}.`, {
    hint: 'Fix the file at that byte offset (a JSON validator shows the context), or export it again.',
    details: { file, offset: at, reason },
    cause,
  });
}
