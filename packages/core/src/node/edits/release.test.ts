import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError } from '../../errors.js';
import { importDataset } from '../import-dataset.js';
import { markInspection } from '../inspect/mark-inspection.js';
import { startInspection } from '../inspect/start-inspection.js';
import { initProject, openProject, type Project } from '../project.js';
import { applyEdits } from './apply-edits.js';
import { release } from './release.js';
import { listSnapshots } from './snapshots.js';

const COCO = {
  images: [
    { id: 1, file_name: 'a.jpg', width: 100, height: 80 },
    { id: 2, file_name: 'b.jpg', width: 100, height: 80 },
  ],
  categories: [
    { id: 1, name: 'cat' },
    { id: 2, name: 'dog' },
  ],
  annotations: [
    { id: 10, image_id: 1, category_id: 1, bbox: [10, 10, 20, 20], area: 400, iscrowd: 0 },
    { id: 11, image_id: 1, category_id: 1, bbox: [50, 10, 20, 20], area: 400, iscrowd: 0 },
    { id: 12, image_id: 2, category_id: 2, bbox: [5, 5, 30, 30], area: 900, iscrowd: 0 },
  ],
};

describe('release', () => {
  let tmp = '';
  let out = '';
  let project: Project;

  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'assay-release-'));
    out = await mkdtemp(join(tmpdir(), 'assay-release-out-'));
    await writeFile(join(tmp, 'gt.json'), JSON.stringify(COCO));
    await initProject(tmp);
    project = await openProject(tmp);
    await importDataset(project, { format: 'coco', path: join(tmp, 'gt.json') });
  });
  after(async () => {
    await project.close();
    await rm(tmp, { recursive: true, force: true });
    await rm(out, { recursive: true, force: true });
  });

  it('writes exports that re-import to the same counts, and a manifest whose checksums verify', async () => {
    const r = await release(project, 'r1', { out: join(out, 'r1'), formats: ['coco', 'yolo'] });
    assert.deepEqual(
      r.exports.map((e) => [e.format, e.samples, e.annotations]),
      [
        ['coco', 2, 3],
        ['yolo', 2, 3],
      ],
    );
    assert.equal(r.changes, null);
    const manifest = JSON.parse(await readFile(join(out, 'r1', 'manifest.json'), 'utf8')) as {
      files: { path: string; sha256: string; bytes: number }[];
    };
    const paths = manifest.files.map((f) => f.path);
    assert.ok(paths.includes('report.html') && paths.includes('changes.json'), paths.join(', '));
    assert.ok(paths.some((p) => p.startsWith('coco/')) && paths.some((p) => p.startsWith('yolo/')));
    for (const f of manifest.files) {
      const data = await readFile(join(out, 'r1', f.path));
      assert.equal(createHash('sha256').update(data).digest('hex'), f.sha256, f.path);
      assert.equal(data.length, f.bytes);
    }
    // Re-import the COCO export into a new project: same samples and annotations.
    const again = await mkdtemp(join(tmpdir(), 'assay-release-again-'));
    try {
      await initProject(again);
      const p2 = await openProject(again);
      try {
        const coco = paths.find((p) => p.startsWith('coco/') && p.endsWith('.json'))!;
        const s = await importDataset(p2, { format: 'coco', path: join(out, 'r1', coco) });
        const summary = await p2.store.summary();
        assert.equal(summary.samples, 2, JSON.stringify(s));
        assert.equal(summary.annotations.total, 3);
      } finally {
        await p2.close();
      }
    } finally {
      await rm(again, { recursive: true, force: true });
    }
  });

  it('the next release lists the changes since the previous; an earlier release is never overwritten', async () => {
    const [ann] = (await project.store.listAnnotations()).filter((a) => a.label === 'cat');
    await applyEdits(project, [{ op: 'update', annotationId: ann!.id, set: { label: 'dog' } }]);
    const r2 = await release(project, 'r2', { out: join(out, 'r2') });
    assert.equal(r2.previous, 'r1');
    assert.equal(r2.changes?.annotations.reclassed, 1);
    assert.equal(r2.changes?.changes.length, 1);
    const before = await readFile(join(out, 'r1', 'manifest.json'), 'utf8');
    await assert.rejects(
      release(project, 'r3', { out: join(out, 'r1') }),
      (e: unknown) => e instanceof AssayError && e.code === 'CONFLICT',
    );
    await assert.rejects(
      release(project, 'r1', { out: join(out, 'r1b') }),
      (e: unknown) => e instanceof AssayError && e.code === 'CONFLICT',
    );
    await assert.rejects(
      release(project, 'r4', { out: join(out, 'r4'), formats: ['nope'] }),
      (e: unknown) => e instanceof AssayError && e.code === 'USAGE',
    );
    assert.equal(await readFile(join(out, 'r1', 'manifest.json'), 'utf8'), before);
    assert.deepEqual(
      (await listSnapshots(project)).map((s) => s.name),
      ['r1', 'r2'],
    );
  });

  it('writes a datasheet and a quality report along the guideline, with the plan targets and the inspection', async () => {
    const drawn = await startInspection(project, { size: 3, seed: 1 });
    for (let item = 1; item <= drawn.size; item++)
      await markInspection(project, { item, verdict: 'correct' });
    const plan = join(tmp, 'plan.yaml');
    await writeFile(
      plan,
      'composition:\n  - {field: class, target: {cat: 0.5, dog: 0.5}, min_overlap: 0.7}\ninspection: {min_accuracy: 0.2}\n',
    );
    const r3 = await release(project, 'r3', { out: join(out, 'r3'), plan });
    const q = Object.fromEntries(r3.quality.map((c) => [c.id, c]));
    // After r2's edit: cat 1, dog 2 → overlap (1/3 + 1/2) / (1/2 + 2/3) = 0.714 against 0.7.
    assert.ok(Math.abs(q.statistical_diversity!.value! - 0.8333333333333333 / 1.1666666666666667) < 1e-12);
    assert.equal(q.statistical_diversity!.passed, true);
    // 3 of 3 correct: accuracy 1; Clopper–Pearson 95% low = 0.025^(1/3) = 0.2924 ≥ 0.2.
    assert.equal(q.semantic_accuracy!.value, 1);
    assert.equal(q.semantic_accuracy!.passed, true);
    assert.ok(Math.abs(Number(q.semantic_accuracy!.details.low) - 0.025 ** (1 / 3)) < 1e-9);
    assert.equal(q.syntactic_accuracy!.value, 1);
    assert.equal(q.validity!.passed, null, 'the plan sets no model target');
    const md = await readFile(join(out, 'r3', 'quality.md'), 'utf8');
    assert.match(md, /\| 의미 정확성 \(semantic accuracy\) \|.*\| 100\.0% \| 20\.0% \| pass \|/);
    const sheet = await readFile(join(out, 'r3', 'datasheet.md'), 'utf8');
    for (const theme of [
      'Motivation',
      'Composition',
      'Collection process',
      'Uses',
      'Distribution',
      'Maintenance',
    ])
      assert.match(sheet, new RegExp(`^## ${theme}$`, 'm'));
    assert.match(sheet, /\| Previous release \| r2 \|/);
    assert.match(sheet, /\| Label accuracy \(sampled inspection\) \| 100\.0% \(Clopper–Pearson 95%/);
    assert.ok((sheet.match(/_To fill in \(dataset owner\):_/g) ?? []).length >= 20);
    const files = r3.files.map((f) => f.path);
    for (const f of ['datasheet.md', 'quality.md', 'quality.json']) assert.ok(files.includes(f), f);
  });
});
