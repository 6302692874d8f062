import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { parsePlan } from '../../plan/parse-plan.js';
import { checkPlan } from '../check-plan.js';
import { importDataset } from '../import-dataset.js';
import { initProject, openProject, type Project } from '../project.js';
import { scanProject } from '../scan-project.js';
import { release } from './release.js';

// Three real files: a.jpg 100×80 JPEG, b.png 100×80 PNG, c.jpg 40×30 JPEG.
const FILES = [
  { name: 'a.jpg', w: 100, h: 80, kind: 'jpeg' },
  { name: 'b.png', w: 100, h: 80, kind: 'png' },
  { name: 'c.jpg', w: 40, h: 30, kind: 'jpeg' },
] as const;

describe('issue 14: 기준 적합성 (criteria conformance) has plan targets', () => {
  let tmp = '';
  let outRoot = '';
  let project: Project;
  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'assay-conformance-'));
    outRoot = await mkdtemp(join(tmpdir(), 'assay-conformance-out-'));
    for (const f of FILES) {
      const img = sharp({ create: { width: f.w, height: f.h, channels: 3, background: '#808080' } });
      await (f.kind === 'png' ? img.png() : img.jpeg()).toFile(join(tmp, f.name));
    }
    const coco = {
      images: FILES.map((f, i) => ({ id: i + 1, file_name: f.name, width: f.w, height: f.h })),
      categories: [{ id: 1, name: 'cat' }],
      annotations: FILES.map((_, i) => ({ id: i + 1, image_id: i + 1, category_id: 1, bbox: [1, 1, 9, 9] })),
    };
    await writeFile(join(tmp, 'gt.json'), JSON.stringify(coco));
    await initProject(tmp);
    project = await openProject(tmp);
    await importDataset(project, { format: 'coco', path: join(tmp, 'gt.json') });
  });
  after(async () => {
    await project.close();
    await rm(tmp, { recursive: true, force: true });
    await rm(outRoot, { recursive: true, force: true });
  });

  it('counts unscanned samples as not meeting the requirements', async () => {
    const plan = parsePlan('conformance: {min_width: 64}\n', 'p.yaml');
    const r = await checkPlan(project, plan);
    assert.deepEqual(r.criteria[0]!.details.missing_by_reason, { not_scanned: 3 });
    assert.equal(r.passed, false);
  });

  it('measures resolution and format on what scan read; the quality report quotes value and target', async () => {
    await scanProject(project);
    const plan = parsePlan(
      'conformance: {min_width: 64, min_height: 48, formats: [jpg], min_share: 0.5}\n',
      'p.yaml',
    );
    const r = await checkPlan(project, plan);
    const c = r.criteria[0]!;
    assert.equal(c.name, 'conformance:samples');
    // a.jpg meets both; b.png is a PNG; c.jpg is 40×30, under 64×48.
    assert.equal(c.value, 1 / 3);
    assert.equal(c.limit, 0.5);
    assert.equal(c.passed, false);
    assert.deepEqual(c.details.missing_by_reason, { format: 1, too_small: 1 });
    const ok = await checkPlan(
      project,
      parsePlan('conformance: {max_width: 100, formats: [jpeg, png]}\n', 'p.yaml'),
    );
    assert.equal(ok.criteria[0]!.value, 1);
    assert.equal(ok.passed, true);

    const planFile = join(tmp, 'plan.yaml');
    await writeFile(
      planFile,
      'conformance: {min_width: 64, min_height: 48, formats: [jpg], min_share: 0.5}\n',
    );
    const out = join(outRoot, 'r1');
    const rel = await release(project, 'r1', { out, plan: planFile, formats: ['coco'] });
    const q = rel.quality.find((x) => x.id === 'criteria_conformance')!;
    assert.equal(q.target, 0.5);
    assert.equal(q.passed, false);
    const md = await readFile(join(out, 'quality.md'), 'utf8');
    assert.match(
      md,
      /\| 기준 적합성 \(criteria conformance\) \| share of samples meeting the plan's requirements.*\| 33\.3% \| 50\.0% \| FAIL \|/,
    );
  });

  it('refuses bad conformance keys, naming the file and key', () => {
    assert.throws(
      () => parsePlan('conformance: {min_widht: 64}\n', 'q.yaml'),
      /q\.yaml: conformance\.min_widht is not a plan key/,
    );
    assert.throws(
      () => parsePlan('conformance: {min_width: 6.5}\n', 'q.yaml'),
      /conformance\.min_width must be a whole number of pixels/,
    );
    assert.throws(
      () => parsePlan('conformance: {min_bytes: 9, max_bytes: 3}\n', 'q.yaml'),
      /min_bytes \(9\) is larger than max_bytes/,
    );
    assert.throws(
      () => parsePlan('conformance: {formats: []}\n', 'q.yaml'),
      /conformance\.formats must be a list/,
    );
    assert.throws(() => parsePlan('conformance: {min_share: 0.9}\n', 'q.yaml'), /sets no requirement/);
  });
});
