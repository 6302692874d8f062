/**
 * Issue 16, image privacy end to end on two fixture photos (fixtures/photos-skimage: the astronaut, one
 * face labelled by hand in faces.json; the rocket, no face): `assay privacy --images` finds the face as a
 * `pii_face` issue with its region, and `assay export --redact faces` blurs it in the copy only.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { projectFixture } from '@assay/core/test-kit';
import sharp from 'sharp';
import { callCli } from './test-kit/call-cli.js';
import { json } from './test-kit/run-cli.js';

const PHOTOS = projectFixture('photos-skimage');
const sha = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');

/** Standard deviation of the grey values in a region: blurring lowers it. */
async function regionStd(path: string, [x, y, w, h]: number[]): Promise<number> {
  const px = await sharp(path)
    .extract({ left: x!, top: y!, width: w!, height: h! })
    .greyscale()
    .raw()
    .toBuffer();
  let sum = 0;
  let sq = 0;
  for (const v of px) {
    sum += v;
    sq += v * v;
  }
  const mean = sum / px.length;
  return Math.sqrt(sq / px.length - mean * mean);
}

const iou = (a: number[], b: number[]) => {
  const w = Math.min(a[0]! + a[2]!, b[0]! + b[2]!) - Math.max(a[0]!, b[0]!);
  const h = Math.min(a[1]! + a[3]!, b[1]! + b[3]!) - Math.max(a[1]!, b[1]!);
  const i = w > 0 && h > 0 ? w * h : 0;
  return i / (a[2]! * a[3]! + b[2]! * b[3]! - i);
};

describe('issue 16: faces and text regions found and blurred in export copies', () => {
  let dir = '';
  let project = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-issue-16-faces-'));
    project = join(dir, 'p');
    const faces = JSON.parse(await readFile(join(PHOTOS, 'faces.json'), 'utf8')) as {
      images: { id: number; file_name: string }[];
      annotations: { image_id: number }[];
    };
    const keep = new Set(
      faces.images.filter((i) => ['astronaut.jpg', 'rocket.jpg'].includes(i.file_name)).map((i) => i.id),
    );
    await writeFile(
      join(dir, 'faces.json'),
      JSON.stringify({
        ...faces,
        images: faces.images.filter((i) => keep.has(i.id)),
        annotations: faces.annotations.filter((a) => keep.has(a.image_id)),
      }),
    );
    assert.equal((await callCli(['init', project], dir)).code, 0);
    const imported = await callCli(['import', 'coco', join(dir, 'faces.json'), '--images', PHOTOS], project);
    assert.equal(imported.code, 0, imported.stderr);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('privacy --images: the astronaut’s face, none on the rocket; export --redact faces blurs the copy only', async () => {
    const run = await callCli(['privacy', '--images', '--json'], project);
    assert.equal(run.code, 0, run.stderr);
    const out = json<{
      issues: Record<string, number>;
      findings: { type: string; sample: string; region: number[] }[];
    }>(run);
    assert.equal(out.issues.pii_face, 1);
    // PP-OCRv4's detector finds one text-like region on the rocket photo (the launch lights, 0.95): a
    // false positive the test keeps as a known weakness; none on the astronaut (her badge is missed).
    assert.deepEqual(
      out.findings.filter((f) => f.type === 'pii_text_region').map((f) => f.sample),
      ['rocket.jpg'],
    );
    const face = out.findings.find((f) => f.type === 'pii_face')!;
    assert.equal(face.sample, 'astronaut.jpg');
    // faces.json: the face drawn by hand at [175, 55, 95, 120].
    assert.ok(
      iou(face.region, [175, 55, 95, 120]) >= 0.5,
      `IoU with the hand-drawn face: ${iou(face.region, [175, 55, 95, 120])}`,
    );

    const source = join(PHOTOS, 'astronaut.jpg');
    const before = await sha(source);
    const exported = await callCli(
      ['export', 'coco', join(dir, 'out'), '--redact', 'faces', '--json'],
      project,
    );
    assert.equal(exported.code, 0, exported.stderr);
    assert.deepEqual(json<{ redacted: { images: number; regions: number } }>(exported).redacted, {
      images: 1,
      regions: 1,
    });
    assert.equal(await sha(source), before, 'the source image is untouched');
    const copy = join(dir, 'out', 'images', 'astronaut.jpg');
    const region = face.region.map(Math.round);
    const [was, now] = [await regionStd(source, region), await regionStd(copy, region)];
    assert.ok(now < was * 0.6, `face region std ${was.toFixed(1)} → ${now.toFixed(1)}`);
    // Away from the face the copy keeps its detail (the flag, top left).
    const [flagWas, flagNow] = [
      await regionStd(source, [0, 0, 60, 200]),
      await regionStd(copy, [0, 0, 60, 200]),
    ];
    assert.ok(
      Math.abs(flagNow - flagWas) < flagWas * 0.1,
      `flag std ${flagWas.toFixed(1)} → ${flagNow.toFixed(1)}`,
    );
    await assert.rejects(readFile(join(dir, 'out', 'images', 'rocket.jpg.tmp')), 'no temp file left');
    const refused = await callCli(['export', 'coco', join(dir, 'out2'), '--redact', 'plates'], project);
    assert.equal(refused.code, 2, refused.stderr);
  });
});
