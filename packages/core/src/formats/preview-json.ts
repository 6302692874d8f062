/**
 * A short preview of a JSON value for a problem message. JSON.stringify recurses into nested lists
 * and serialises all of a value: a segmentation nested 100,000 levels deep threw "Maximum call stack
 * size exceeded", and a million-item list was written out whole to keep 60 characters of it.
 */

const MAX_DEPTH = 4;
const MAX_ITEMS = 8;

function preview(value: unknown, depth: number): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'string')
      return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
    return JSON.stringify(value) ?? String(value);
  }
  const list = Array.isArray(value);
  if (depth >= MAX_DEPTH) return list ? '[...]' : '{...}';
  const entries = list ? value : Object.entries(value as Record<string, unknown>);
  const parts: string[] = [];
  for (let i = 0; i < entries.length && i < MAX_ITEMS; i++) {
    const item = entries[i];
    if (list) parts.push(preview(item, depth + 1));
    else {
      const [k, v] = item as [string, unknown];
      parts.push(`${JSON.stringify(k)}:${preview(v, depth + 1)}`);
    }
  }
  if (entries.length > MAX_ITEMS) parts.push('...');
  return list ? `[${parts.join(',')}]` : `{${parts.join(',')}}`;
}

/** JSON text of `value`, cut to `max` characters (`...` at the end when cut); never deeper than 4 levels. */
export function previewJson(value: unknown, max = 60): string {
  const text = preview(value, 0);
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/** Whether a parsed JSON value nests lists/objects more than `max` levels deep (walked without recursion). */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (depth > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v as object))
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}
