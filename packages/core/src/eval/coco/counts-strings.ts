/**
 * Compressed RLE counts strings left in the JSON text they were read from. A segm results file is
 * mostly such strings (60k detections: 11.5 of 19 MB); parsing makes each one a string of its own,
 * which the collector then copies. `extractCountsStrings` gives the JSON text with every valid
 * `"counts":"..."` string replaced by its number here, and where each one is in the original text;
 * the loaders read a number in `counts` as that string (CocoMasks decodes it from the text).
 */
export interface CountsStrings {
  /** The original JSON text. */
  text: string;
  count: number;
  /** String i is the JSON string content text[start[i] .. end[i]) (backslashes doubled). */
  start: Float64Array;
  end: Float64Array;
}

/**
 * Whether text[p0 .. p1) is a pycocotools counts string that decodes (see segmentationProblem).
 * `escaped`: the range is JSON string content, where the one character of the alphabet that needs
 * escaping, the backslash, is written twice (any other escape makes it false).
 */
export function countsRangeOk(text: string, p0: number, p1: number, escaped = false): boolean {
  let more = 0;
  for (let p = p0; p < p1; p++) {
    const group = text.charCodeAt(p) - 48;
    if (group < 0 || group > 63) return false;
    if (escaped && group === 44 && text.charCodeAt(++p) !== 92) return false;
    more = group & 0x20;
  }
  return more === 0;
}

/**
 * Whether every `"counts"` member of the text is a string or a list, so that a number in `counts`
 * after the extraction can only be an extracted string.
 */
function onlyStringsAndLists(text: string): boolean {
  const space = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
  for (let at = text.indexOf('"counts"'); at >= 0; at = text.indexOf('"counts"', at + 8)) {
    let p = at + 8;
    while (space(text.charCodeAt(p))) p++;
    if (text.charCodeAt(p) !== 0x3a) continue; // a value "counts", not a member name
    p++;
    while (space(text.charCodeAt(p))) p++;
    const c = text.charCodeAt(p);
    if (c !== 0x22 && c !== 0x5b) return false;
  }
  return true;
}

/**
 * The JSON text with every `"counts":"..."` string that is a valid counts string (its backslashes
 * written `\\`) replaced by its index; undefined when there is none. Strings with other escapes or
 * characters outside the RLE alphabet stay as they are (parsed, and judged, as before); so does the
 * whole text when some `counts` member is neither a string nor a list. A match is always a member
 * name: inside a string its quotes would be escaped.
 */
export function extractCountsStrings(text: string): { json: string; counts: CountsStrings } | undefined {
  if (!onlyStringsAndLists(text)) return undefined;
  const needle = '"counts":"';
  const parts: string[] = [];
  const start: number[] = [];
  const end: number[] = [];
  let from = 0;
  let at = text.indexOf(needle);
  while (at >= 0) {
    const p0 = at + needle.length;
    const p1 = text.indexOf('"', p0);
    if (p1 < 0) break;
    // A quote preceded by a backslash may be escaped: then it is no counts string (the check fails).
    if (countsRangeOk(text, p0, p1, true)) {
      parts.push(text.slice(from, p0 - 1), String(start.length));
      start.push(p0);
      end.push(p1);
      from = p1 + 1;
    }
    at = text.indexOf(needle, p1 + 1);
  }
  if (start.length === 0) return undefined;
  parts.push(text.slice(from));
  const counts = {
    text,
    count: start.length,
    start: Float64Array.from(start),
    end: Float64Array.from(end),
  };
  return { json: parts.join(''), counts };
}
