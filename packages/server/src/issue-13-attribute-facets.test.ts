import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AttributeFacetsResponse } from '@assay/api';
import { openProject } from '@assay/core/node/project';
import { storeDb } from '@assay/core/node/store/duckdb-store';
import { makeDemo, serveDemo } from './test-kit/demo-server.js';

// Issue 13: the app asks for attribute values on every filter change; a project whose annotations have no
// attributes answers none without running the query (BrowseCache.hasAttributes, once per change), one
// with attributes still gets them.
let demo: Awaited<ReturnType<typeof makeDemo>>;
before(async () => {
  demo = await makeDemo(20);
});
after(async () => {
  await demo?.cleanup();
});

async function attributeNames(filter: object): Promise<string[]> {
  const s = await serveDemo(demo.project);
  try {
    const res = await s.post('/api/facets/attributes', { filter, limit: 5 });
    assert.equal(res.status, 200, await res.clone().text());
    return AttributeFacetsResponse.parse(await res.json()).attributes.map((a) => a.name);
  } finally {
    await s.server.close();
  }
}

test('issue 13: attribute values are asked only of a project that has attributes', async () => {
  // assay demo's boxes have no attributes
  assert.deepEqual(await attributeNames({}), []);
  assert.deepEqual(await attributeNames({ splits: ['train'] }), []);
  const project = await openProject(demo.project, { command: 'test' });
  try {
    await storeDb(project.store).run(
      `UPDATE annotations SET attributes = '{"colour": "red", "note": "n' || id || '"}' WHERE id % 2 = 0`,
    );
  } finally {
    await project.close();
  }
  assert.deepEqual((await attributeNames({})).sort(), ['colour', 'note']);
  assert.deepEqual((await attributeNames({ splits: ['train'] })).sort(), ['colour', 'note']);
});
