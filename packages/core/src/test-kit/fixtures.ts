/**
 * Where test data lives. Sets fetched from public repositories are read from the shared fixture folder
 * beside the checkout (`../shared/fixtures/`, or `ASSAY_SHARED_FIXTURES`), never copied into the project;
 * sets the project made itself live in the repository's `fixtures/`. scripts/test.mjs leaves out the test
 * files that name `sharedFixture` when the shared folder is absent (saying so), except under CI=true.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** The shared fixture folder: `ASSAY_SHARED_FIXTURES`, else `../shared/fixtures` beside the checkout. */
export const SHARED_FIXTURES = resolve(
  process.env.ASSAY_SHARED_FIXTURES ?? join(REPO_ROOT, '..', 'shared', 'fixtures'),
);

/** The repository's own generated fixtures. */
export const PROJECT_FIXTURES = resolve(REPO_ROOT, 'fixtures');

/** True when the shared fixture folder is present. */
export const hasSharedFixtures = (): boolean => existsSync(SHARED_FIXTURES);

/** Absolute path of a file or folder under the shared fixtures (`coco-val2014-100/...`). */
export function sharedFixture(rel = ''): string {
  return `${SHARED_FIXTURES}/${rel}`;
}

/** Absolute path of a file or folder under the repository's own `fixtures/`. */
export function projectFixture(rel = ''): string {
  return `${PROJECT_FIXTURES}/${rel}`;
}

/** A fixture path by set name: the repository's own set when it has one of that name, else the shared one. */
export function fixture(rel: string): string {
  const set = rel.split('/')[0] ?? '';
  return existsSync(join(PROJECT_FIXTURES, set)) ? projectFixture(rel) : sharedFixture(rel);
}
