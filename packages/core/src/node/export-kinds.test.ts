/**
 * Issue 10 §3 (never claim what did not happen): a text project's entity spans exported as COCO were
 * written as annotations with no geometry, and the export said "Wrote 5 annotations". A format with no
 * form for any of the chosen annotations is refused, naming the formats that hold them; nothing is written.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError } from '../errors.js';
import { exportDataset } from './export-dataset.js';
import { importDataset } from './import-dataset.js';
import { initProject, openProject, type Project } from './project.js';

describe('export: a format with no form for the annotations is refused', () => {
  let dir = '';
  let project: Project | undefined;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-export-kinds-'));
    await mkdir(join(dir, 'data'));
    // CoNLL-2003 columns: token, POS, chunk, NER tag; a blank line between sentences
    await writeFile(
      join(dir, 'data', 'ner.conll'),
      'EU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\ncall NN I-NP O\n\nPeter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\n',
    );
    project = await openProject(await initProject(join(dir, 'p')), { command: 'test' });
    await importDataset(project, { format: 'conll', path: join(dir, 'data', 'ner.conll') });
  });
  after(async () => {
    await project?.close();
    await rm(dir, { recursive: true, force: true });
  });

  for (const format of ['coco', 'yolo', 'voc']) {
    it(`${format}: refused, naming conll among the formats that hold text spans; nothing written`, async () => {
      const out = join(dir, `out-${format}`);
      await assert.rejects(exportDataset(project!, { format, outDir: out, images: 'none' }), (e: unknown) => {
        assert.ok(e instanceof AssayError && e.code === 'UNSUPPORTED', String(e));
        assert.match(e.message, new RegExp(`^${format} has no form for .*3 annotations of text spans`));
        assert.match(e.hint ?? '', /Formats that hold them: .*conll/);
        return true;
      });
      assert.equal(existsSync(out), false);
    });
  }

  it('conll itself writes them', async () => {
    const summary = await exportDataset(project!, { format: 'conll', outDir: join(dir, 'out-conll') });
    assert.equal(summary.annotations, 3);
  });
});
