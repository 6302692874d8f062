/**
 * JSON text with the value of every `"key":` member replaced by `null`, for a parse that does not
 * need them (a box evaluation reads no segmentation: half of a COCO file's text is polygons, and
 * parsing them is half of its load time). Each value dropped is checked to be valid JSON first; when
 * one is not, the text is returned unchanged, so the parser reports the error as it would have.
 * A match is always a member name: inside a string the quotes would be escaped.
 */
export function dropJsonValues(text: string, key: string): string {
  const needle = `"${key}":`;
  const parts: string[] = [];
  let from = 0;
  let at = text.indexOf(needle);
  while (at >= 0) {
    const start = skipSpace(text, at + needle.length);
    const end = skipValue(text, start, 0);
    if (end < 0) return text;
    parts.push(text.slice(from, start), 'null');
    from = end;
    at = text.indexOf(needle, end);
  }
  if (parts.length === 0) return text;
  parts.push(text.slice(from));
  return parts.join('');
}

function skipSpace(text: string, p: number): number {
  let c = text.charCodeAt(p);
  while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++p);
  return p;
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/** End of the JSON value starting at p, or -1 when it is not one. */
function skipValue(text: string, p: number, depth: number): number {
  const c = text.charCodeAt(p);
  if (c === 0x5b) return skipArray(text, p, depth);
  if (c === 0x7b) return skipObject(text, p, depth);
  if (c === 0x22) return skipString(text, p);
  if (c === 0x2d || isDigit(c)) return skipNumber(text, p);
  for (const word of ['null', 'true', 'false']) if (text.startsWith(word, p)) return p + word.length;
  return -1;
}

function skipArray(text: string, p: number, depth: number): number {
  if (depth > 64) return -1;
  p = skipSpace(text, p + 1);
  if (text.charCodeAt(p) === 0x5d) return p + 1;
  for (;;) {
    p = skipValue(text, p, depth + 1);
    if (p < 0) return -1;
    p = skipSpace(text, p);
    const c = text.charCodeAt(p);
    if (c === 0x5d) return p + 1;
    if (c !== 0x2c) return -1;
    p = skipSpace(text, p + 1);
  }
}

function skipObject(text: string, p: number, depth: number): number {
  if (depth > 64) return -1;
  p = skipSpace(text, p + 1);
  if (text.charCodeAt(p) === 0x7d) return p + 1;
  for (;;) {
    if (text.charCodeAt(p) !== 0x22) return -1;
    p = skipSpace(text, skipString(text, p));
    if (p < 0 || text.charCodeAt(p) !== 0x3a) return -1;
    p = skipValue(text, skipSpace(text, p + 1), depth + 1);
    if (p < 0) return -1;
    p = skipSpace(text, p);
    const c = text.charCodeAt(p);
    if (c === 0x7d) return p + 1;
    if (c !== 0x2c) return -1;
    p = skipSpace(text, p + 1);
  }
}

function skipString(text: string, p: number): number {
  for (p++; p < text.length; p++) {
    const c = text.charCodeAt(p);
    if (c === 0x22) return p + 1;
    if (c < 0x20) return -1;
    if (c !== 0x5c) continue;
    const e = text.charCodeAt(++p);
    if (e === 0x75) {
      if (!/^[0-9a-fA-F]{4}$/.test(text.slice(p + 1, p + 5))) return -1;
      p += 4;
    } else if (
      !(
        e === 0x22 ||
        e === 0x5c ||
        e === 0x2f ||
        e === 0x62 ||
        e === 0x66 ||
        e === 0x6e ||
        e === 0x72 ||
        e === 0x74
      )
    )
      return -1;
  }
  return -1;
}

/** -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)? */
function skipNumber(text: string, p: number): number {
  if (text.charCodeAt(p) === 0x2d) p++;
  if (text.charCodeAt(p) === 0x30) p++;
  else if (isDigit(text.charCodeAt(p))) while (isDigit(text.charCodeAt(p))) p++;
  else return -1;
  if (text.charCodeAt(p) === 0x2e) {
    if (!isDigit(text.charCodeAt(++p))) return -1;
    while (isDigit(text.charCodeAt(p))) p++;
  }
  let c = text.charCodeAt(p);
  if (c === 0x65 || c === 0x45) {
    c = text.charCodeAt(++p);
    if (c === 0x2b || c === 0x2d) p++;
    if (!isDigit(text.charCodeAt(p))) return -1;
    while (isDigit(text.charCodeAt(p))) p++;
  }
  return p;
}
