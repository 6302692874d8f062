/**
 * Licence names from COCO `licenses` reach the report's datasheet. Expected names and counts are
 * those of fixtures/coco-val2014-100/instances_val2014_100.json itself (its `licenses` list and its
 * images' `license` ids: 100 images).
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sharedFixture } from '../test-kit/fixtures.js';
import { importDataset } from './import-dataset.js';
import { initProject, openProject } from './project.js';
import { loadLicenceNames } from './project-licences.js';
import { gatherReportData } from './report/gather-report-data.js';

const FIXTURE = sharedFixture('coco-val2014-100/instances_val2014_100.json');

interface CocoLicences {
  licenses: { id: number; name: string; url: string }[];
  images: { license: number }[];
}

describe('licences named by COCO files', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-licences-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('are kept at import and named in the datasheet with the number of images under each', async () => {
    const coco = JSON.parse(await readFile(FIXTURE, 'utf8')) as CocoLicences;
    await initProject(join(dir, 'p'));
    const project = await openProject(join(dir, 'p'));
    try {
      await importDataset(project, { format: 'coco', path: FIXTURE });
      const names = await loadLicenceNames(project.store);
      assert.equal(names.size, coco.licenses.length);
      for (const l of coco.licenses) assert.deepEqual(names.get(String(l.id)), { name: l.name, url: l.url });
      const data = await gatherReportData(project);
      const expected = new Map<string, number>();
      for (const image of coco.images) {
        const name = coco.licenses.find((l) => l.id === image.license)?.name as string;
        expected.set(name, (expected.get(name) ?? 0) + 1);
      }
      assert.deepEqual(
        new Map(data.datasheet.licenses.map((l) => [l.name, l.samples])),
        expected,
        'every licence of the images by its name, none as a bare id',
      );
    } finally {
      await project.close();
    }
  });

  it('keep the first name of an id named twice, with a warning; entries without a name are reported', async () => {
    const file = join(dir, 'other.json');
    await writeFile(
      file,
      JSON.stringify({
        licenses: [{ id: 1, name: 'CC0' }, { id: 9 }],
        images: [{ id: 5, file_name: 'x.jpg', width: 4, height: 4, license: 1 }],
        categories: [],
        annotations: [],
      }),
    );
    const project = await openProject(join(dir, 'p'));
    try {
      const summary = await importDataset(project, { format: 'coco', path: file });
      const reasons = summary.problems.map((p) => p.reason);
      assert.ok(
        reasons.some((r) => /licence id 1 is "CC0" here but "Attribution/.test(r)),
        reasons.join('; '),
      );
      assert.ok(
        reasons.some((r) => /^1 licence entry has no name; it was not kept$/.test(r)),
        reasons.join('; '),
      );
      assert.match((await loadLicenceNames(project.store)).get('1')?.name ?? '', /^Attribution/);
    } finally {
      await project.close();
    }
  });
});
