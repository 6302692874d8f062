/**
 * Numeric per-sample metrics (objects such as SampleMetrics) as one column per metric name, for
 * computeStats. Only finite-number fields are kept (hashes, flags and text are not histogrammed);
 * `skip` names fields to leave out (default: the decoded size, which says how scan decoded, not the data).
 */
export function metricColumns(
  rows: Iterable<object>,
  skip: ReadonlySet<string> = new Set(['decodedWidth', 'decodedHeight']),
): Record<string, Float64Array> {
  const lists = new Map<string, number[]>();
  for (const row of rows) {
    for (const [name, v] of Object.entries(row)) {
      if (typeof v !== 'number' || skip.has(name)) continue;
      let list = lists.get(name);
      if (!list) lists.set(name, (list = []));
      list.push(v);
    }
  }
  const out: Record<string, Float64Array> = {};
  for (const [name, list] of lists) out[name] = Float64Array.from(list);
  return out;
}
