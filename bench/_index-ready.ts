/**
 * Waits until `assay serve` answers facet counts from its in-memory index (header x-assay-engine; the
 * index is built in the background after a start or change, and SQL answers until then), polling with
 * a cheap filter. Resolves with the seconds waited.
 */
export async function indexReady(url: string, timeoutMs = 600_000): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const res = await fetch(`${url}/api/facets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify({ filter: { ids: [1] } }),
    });
    await res.arrayBuffer();
    if (res.headers.get('x-assay-engine') === 'index') return (performance.now() - t0) / 1000;
    if (performance.now() - t0 > timeoutMs) throw new Error('the facet index was not ready in time');
    await new Promise((r) => setTimeout(r, 1000));
  }
}
