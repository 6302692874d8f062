import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { routeFromSearch, searchFromRoute } from './route-url.js';

describe('route in the URL', () => {
  it('round-trips view, filter (base64url JSON in ?f=), sample and index', () => {
    const route = {
      view: 'grid' as const,
      filter: { classes: ['star', 'ünïcode/ß'], metrics: { brightness: [0.1, null] as [number, null] } },
      sample: 12,
      index: 3,
    };
    const search = searchFromRoute(route);
    assert.match(search, /^\?v=grid&f=[A-Za-z0-9_-]+&s=12&i=3$/);
    assert.deepEqual(routeFromSearch(search), route);
  });

  it('the overview with no filter is the bare URL; junk gives the defaults', () => {
    assert.equal(searchFromRoute({ view: 'overview', filter: {}, sample: null, index: null }), '');
    assert.deepEqual(routeFromSearch('?v=nope&f=%%%&s=-1&i=x'), {
      view: 'overview',
      filter: {},
      sample: null,
      index: null,
    });
  });
});
