/**
 * Issue 16, licences and provenance in the store: COCO val2014's own licences (27+22+23 images under
 * the three NC licences, 15+9+4 under BY, BY-SA, BY-ND: counted from the fixture's images) give the
 * mixed-licence warning; a CSV and a folder rule override a sample's licence and add its source.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { licenceSummary } from '../licences/licence-summary.js';
import { sharedFixture } from '../test-kit/fixtures.js';
import { release } from './edits/release.js';
import { importDataset } from './import-dataset.js';
import { initProject, openProject, type Project } from './project.js';
import { loadProvenance, readProvenanceCsv, sampleKeysUnder, setProvenance } from './sample-provenance.js';

const FIXTURE = sharedFixture('coco-val2014-100/instances_val2014_100.json');

describe('issue 16: sample provenance and licences', () => {
  let dir = '';
  let project: Project;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-provenance-'));
    await initProject(join(dir, 'p'));
    project = await openProject(join(dir, 'p'));
    await importDataset(project, { format: 'coco', path: FIXTURE });
  });
  after(async () => {
    await project.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('COCO licences: 72 of 100 images forbid commercial use, mixed with 28 that allow it', async () => {
    const s = licenceSummary((await loadProvenance(project)).values());
    const by = (c: string) => s.licences.filter((l) => l.commercial === c).reduce((t, l) => t + l.samples, 0);
    assert.equal(by('forbidden'), 72);
    assert.equal(by('allowed'), 28);
    assert.equal(s.without_licence, 0);
    assert.match(s.warning ?? '', /^72 of 100 samples are under licences that forbid commercial use/);
  });

  it('a CSV and a folder rule set source and licence; unknown rows are reported', async () => {
    const coco = JSON.parse(await readFile(FIXTURE, 'utf8')) as { images: { file_name: string }[] };
    const csv = join(dir, 'provenance.csv');
    const rows = coco.images.map(
      (i) => `${i.file_name},CC BY 4.0,https://creativecommons.org/licenses/by/4.0/,re-licensed`,
    );
    await writeFile(
      csv,
      `file_name,licence,licence_url,source\n${rows.join('\n')}\nnot-a-sample.jpg,CC0,,x\n`,
    );
    const set = await setProvenance(project, await readProvenanceCsv(csv), 'csv');
    assert.deepEqual([set.set, set.unknownCount], [100, 1]);
    assert.match(set.unknown[0] ?? '', /provenance\.csv:102: not-a-sample\.jpg/);
    let s = licenceSummary((await loadProvenance(project)).values());
    assert.deepEqual(
      s.licences.map((l) => [l.licence, l.samples, l.commercial, l.sources]),
      [['CC BY 4.0', 100, 'allowed', ['re-licensed']]],
    );
    assert.equal(s.warning, undefined);
    // A folder rule: every key (no folder in COCO file names) with '.'.
    const keys = await sampleKeysUnder(project, '.');
    assert.equal(keys.length, 100);
    await setProvenance(
      project,
      keys.slice(0, 10).map((key) => ({ key, licence: 'CC BY-NC 2.0', source: 'flickr' })),
      'rule',
    );
    s = licenceSummary((await loadProvenance(project)).values());
    assert.match(s.warning ?? '', /^10 of 100 samples/);
    assert.deepEqual(await sampleKeysUnder(project, 'nowhere'), []);
    // A release carries the summary and its warning in manifest.json.
    const r = await release(project, 'r1', { out: join(dir, 'release') });
    assert.match(r.licences.warning ?? '', /^10 of 100 samples/);
    const manifest = JSON.parse(await readFile(join(dir, 'release', 'manifest.json'), 'utf8')) as {
      licences: { warning?: string };
    };
    assert.equal(manifest.licences.warning, r.licences.warning);
  });
});
