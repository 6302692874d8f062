import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError } from '../errors.js';
import { boxIou } from '../geometry/box.js';
import { storedIssues } from './_stored-issues-test-helpers.js';
import { openProject } from './project.js';
import { runDemo } from './run-demo.js';
import { runDetectionIssues } from './run-detection-issues.js';

interface Planted {
  kind: string;
  samples: string[];
  annotation?: { id?: number; bbox?: [number, number, number, number]; true_category?: string };
}

describe('runDetectionIssues on the demo dataset', () => {
  let dir = '';
  let project = '';
  let planted: Planted[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-detissues-'));
    const demo = await runDemo(join(dir, 'demo'), { images: 240, seed: 11 });
    project = demo.project;
    planted = (JSON.parse(await readFile(demo.layout.manifest, 'utf8')) as { planted: Planted[] }).planted;
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const model of ['model-a', 'model-b']) {
    it(`finds the planted swapped classes and missing boxes with prediction:${model}`, async () => {
      const p = await openProject(project);
      const summary = await runDetectionIssues(p, { prediction: `prediction:${model}` });
      const annotations = await p.store.listAnnotations(['ground_truth']);
      const samples = await p.store.listSamples();
      await p.close();
      {
        assert.ok(summary.runId > 0);
        const keyOf = new Map(samples.map((s) => [s.id, s.key]));
        const stored = await storedIssues(project);
        const swapped = planted.filter((x) => x.kind === 'swapped_classes');
        const missing = planted.filter((x) => x.kind === 'missing_boxes');
        assert.ok(swapped.length >= 3 && missing.length >= 3, 'the demo plants several of each');
        // A swap is found when a wrong_class issue names the swapped annotation (its COCO id in the manifest).
        const foundSwaps = swapped.filter((x) => {
          const ann = annotations.find(
            (a) => a.originalId === x.annotation?.id && keyOf.get(a.sampleId) === x.samples[0],
          );
          return (
            ann !== undefined && stored.some((i) => i.type === 'wrong_class' && i.annotation_id === ann.id)
          );
        });
        // A missing box is found when a missing_label issue on that image points at a prediction on the box.
        const foundMissing = missing.filter((x) =>
          stored.some(
            (i) =>
              i.type === 'missing_label' &&
              keyOf.get(i.sample_id) === x.samples[0] &&
              boxIou(i.details.pred_bbox as [number, number, number, number], x.annotation!.bbox!) >= 0.5,
          ),
        );
        const wrong = stored.filter((i) => i.type === 'wrong_class');
        const strong = wrong.filter((i) => i.score >= 0.5);
        console.log(
          `${model}: wrong_class scores of the planted swaps ${wrong
            .filter((i) =>
              foundSwaps.some(
                (x) => x.annotation?.id === annotations.find((a) => a.id === i.annotation_id)?.originalId,
              ),
            )
            .map((i) => i.score.toFixed(2))
            .join(' ')}; ${strong.length} of ${wrong.length} wrong_class issues score >= 0.5`,
        );
        const recall = (foundSwaps.length + foundMissing.length) / (swapped.length + missing.length);
        console.log(
          `${model}: wrong_class found ${foundSwaps.length}/${swapped.length} swaps, missing_label ` +
            `${foundMissing.length}/${missing.length} missing boxes (recall ${recall.toFixed(2)}); ` +
            `issues ${JSON.stringify(summary.issues)} on ${summary.flagged_images}/${summary.images} images`,
        );
        // The simulated detectors find 86-94% of objects and confuse 5-10% (simulate-detector.ts), so a
        // planted problem can go unseen; most must be found.
        assert.ok(recall >= 0.6, `recall ${recall}`);
        for (const i of stored) {
          assert.ok(i.score >= 0 && i.score <= 1);
          assert.ok(i.reason.length > 20);
        }
      }
    });
  }

  it('names the known prediction sources when the one asked for does not exist', async () => {
    const p = await openProject(project);
    try {
      await assert.rejects(runDetectionIssues(p, { prediction: 'prediction:nope' }), (e: unknown) => {
        assert.ok(e instanceof AssayError);
        assert.equal(e.code, 'NOT_FOUND');
        assert.match(e.hint ?? '', /prediction:model-a, prediction:model-b/);
        return true;
      });
    } finally {
      await p.close();
    }
  });
});
