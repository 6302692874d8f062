/** Edit distance (insertions, deletions, substitutions), two rows of the usual table. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, row] = [row, prev];
  }
  return prev[b.length]!;
}

/**
 * The names a misspelt `name` most likely meant, closest first: those within an edit distance of a
 * third of the longer name (at least 2), compared without case, at most `max` of them.
 */
export function closeNames(name: string, candidates: Iterable<string>, max = 5): string[] {
  const lower = name.toLowerCase();
  const scored: { name: string; d: number }[] = [];
  for (const c of new Set(candidates)) {
    const d = editDistance(lower, c.toLowerCase());
    if (d <= Math.max(2, Math.floor(Math.max(name.length, c.length) / 3))) scored.push({ name: c, d });
  }
  scored.sort((x, y) => x.d - y.d || (x.name < y.name ? -1 : 1));
  return scored.slice(0, max).map((s) => s.name);
}

/** "did you mean a, b?" when there are close names, else the first few known names. */
export function namesHint(name: string, candidates: readonly string[], what: string): string {
  const close = closeNames(name, candidates);
  if (close.length > 0) return `Did you mean ${close.map((c) => JSON.stringify(c)).join(' or ')}?`;
  if (candidates.length === 0) return `The project has no ${what}.`;
  const shown = candidates.slice(0, 12).map((c) => JSON.stringify(c));
  return `Known ${what}: ${shown.join(', ')}${candidates.length > 12 ? `, … (${candidates.length} in all)` : ''}.`;
}
