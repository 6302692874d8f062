const CAMEL = /^[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+$/;

/**
 * Every `--json` document uses snake_case keys. Core's run summaries name some fields in camelCase
 * (`runId`, `byStatus`, `elapsedMs`); this renames those at the output edge, down to `depth` levels of
 * objects (arrays do not count as a level). Deeper keys are left as they are: there the keys are data
 * (class, split, source and attribute names) and must stay exact.
 */
export function snakeKeys(value: unknown, depth: number): unknown {
  if (Array.isArray(value)) return value.map((v) => snakeKeys(v, depth));
  if (depth <= 0 || value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const name = CAMEL.test(key) ? key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) : key;
    out[name] = snakeKeys(v, depth - 1);
  }
  return out;
}
