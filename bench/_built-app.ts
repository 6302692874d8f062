/**
 * Another built web app (e.g. main's packages/web/dist, copied before a change) served by the browser in
 * place of the server's own, API requests left to the server: how web.bench and map-browser.bench
 * compare two builds on one server. `await target.route(builtApp.match, builtApp.serve(dist))`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Route } from 'playwright-core';

export const builtApp = {
  match: (u: URL): boolean => !u.pathname.startsWith('/api/'),
  serve:
    (dist: string) =>
    async (route: Route): Promise<void> => {
      const path = new URL(route.request().url()).pathname;
      const file = resolve(dist, path.startsWith('/assets/') ? path.slice(1) : 'index.html');
      const type = file.endsWith('.js')
        ? 'text/javascript'
        : file.endsWith('.css')
          ? 'text/css'
          : 'text/html';
      await route.fulfill({ body: readFileSync(file), contentType: type });
    },
};
