import { browseNames, facetCounts, openProject, prepareFacetBase, storeDb } from '@assay/core/node';

const p = await openProject(process.argv[2]!, { readOnly: true });
const db = storeDb(p.store);
const names = await browseNames(db);
let t = performance.now();
const base = await prepareFacetBase(db);
console.log('base', (performance.now() - t).toFixed(0));
for (const f of [{}, { classes: ['class_3'] }, { tags: ['rain'] }, { splits: ['val'] }]) {
  for (let i = 0; i < 2; i++) {
    t = performance.now();
    const r = await facetCounts(db, names, f as never, base);
    console.log(
      'facets',
      JSON.stringify(f),
      (performance.now() - t).toFixed(0),
      r.total,
      JSON.stringify(r.facets.metrics.brightness?.counts).slice(0, 40),
      r.facets.class.length,
      r.facets.split.length,
    );
  }
}
await p.close();
