/**
 * Phone photos carry an EXIF orientation: stored on their side, shown upright. Ultralytics (exif_size),
 * Label Studio and browsers put labels in the frame as shown, and so do Assay's thumbnails, report and
 * models. A YOLO dataset of such photos was read with the stored size (its boxes turned), the scan
 * flagged labels declaring the shown size and passed those declaring the stored one, and the grid drew
 * boxes over a frame of the stored size.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import type { StoredSample } from '../store/project-store.js';
import { pageItems } from './browse/sample-page.js';
import { importDataset } from './import-dataset.js';
import { initProject, openProject, type Project } from './project.js';
import { mediaIssues, scanProject } from './scan-project.js';
import { storeDb } from './store/duckdb-store.js';

describe('EXIF orientation: labels in the frame as shown', () => {
  let dir = '';
  let project: Project | undefined;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-exif-'));
    await mkdir(join(dir, 'data', 'images'), { recursive: true });
    await mkdir(join(dir, 'data', 'labels'), { recursive: true });
    // stored 64 × 32; orientation 6 shows it 32 wide and 64 high
    const photo = await sharp({ create: { width: 64, height: 32, channels: 3, background: '#468' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    await writeFile(join(dir, 'data', 'images', 'upright.jpg'), photo);
    // a box on the upper half of the picture as shown: centre (16, 16), 16 × 32
    await writeFile(join(dir, 'data', 'labels', 'upright.txt'), '0 0.5 0.25 0.5 0.5\n');
    await writeFile(join(dir, 'data', 'data.yaml'), 'path: .\ntrain: images\nnames: [thing]\n');
    project = await openProject(await initProject(join(dir, 'p')), { command: 'test' });
  });
  after(async () => {
    await project?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('YOLO reads normalised boxes against the size as shown; the scan finds no mismatch; the grid draws in it', async () => {
    await importDataset(project!, { format: 'yolo', path: join(dir, 'data') });
    const [sample] = await project!.store.listSamples();
    assert.deepEqual([sample?.width, sample?.height], [32, 64]);
    const [box] = await project!.store.listAnnotations();
    assert.deepEqual(box?.bbox, [8, 0, 16, 32]);
    await scanProject(project!);
    const issues = await project!.store.listIssues();
    assert.deepEqual(
      issues.filter((i) => i.type === 'size_mismatch'),
      [],
    );
    const [item] = await pageItems(storeDb(project!.store), [sample!.id]);
    assert.deepEqual([item?.width, item?.height], [32, 64]);
    // a model's YOLO predictions, read against the project's sizes after the scan
    await importDataset(project!, { format: 'yolo', path: join(dir, 'data'), source: 'prediction:m' });
    const [predicted] = await project!.store.listAnnotations(['prediction:m']);
    assert.deepEqual(predicted?.bbox, [8, 0, 16, 32]);
  });

  it('labels declaring the stored size of a turned photo are a warning saying so', () => {
    const sample = { id: 1, key: 'upright.jpg', width: 64, height: 32 } as StoredSample;
    const probe = { status: 'ok' as const, width: 64, height: 32, orientation: 6 };
    const [issue] = mediaIssues(sample, probe);
    assert.equal(issue?.type, 'size_mismatch');
    assert.equal(issue?.severity, 'warning');
    assert.match(issue?.reason ?? '', /declare 64×32, the size as stored, .*orientation \(6\).* 32×64/);
    assert.deepEqual(mediaIssues({ ...sample, width: 32, height: 64 }, probe), []);
    const [other] = mediaIssues({ ...sample, width: 50, height: 50 }, probe);
    assert.equal(other?.severity, 'error');
    assert.match(other?.reason ?? '', /declare 50×50 but the file is 32×64 as shown \(64×32 stored/);
  });
});
