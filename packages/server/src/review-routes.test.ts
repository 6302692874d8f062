/**
 * Issue 14 part 3, the server's write path: the app's edits go through core's applyEdits on the project
 * opened for writing (ProjectHandle.write); a stale revision is 409 CONFLICT and changes nothing; writes
 * accept only JSON from the app's own origin; undo; inspection verdicts. Checked against the real CLI.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  EditsResponse,
  ErrorBody,
  HistoryResponse,
  InspectionItemsResponse,
  InspectionReportResponse,
  ProjectResponse,
  ReviewQueueResponse,
  UndoResponse,
} from '@assay/api';
import { json, runCli } from '@assay/cli/test-kit';
import { makeDemo, serveDemo } from './test-kit/demo-server.js';

interface CliHistory {
  annotations: { id: number; current: boolean; versions: { annotation: { label?: string } }[] }[];
  edits: { kind: string; author: string }[];
}

describe('the review write path of `assay serve`', () => {
  let demo: Awaited<ReturnType<typeof makeDemo>>;
  let s: Awaited<ReturnType<typeof serveDemo>>;
  before(async () => {
    demo = await makeDemo(20);
    s = await serveDemo(demo.project);
  });
  after(async () => {
    await s?.server.close();
    await demo?.cleanup();
  });

  test('re-class an annotation from the queue, refuse a stale revision, undo the batch', async () => {
    const queue = ReviewQueueResponse.parse(
      await (
        await s.post('/api/review/queue', { filter: { types: ['wrong_class'] }, offset: 0, limit: 10 })
      ).json(),
    );
    assert.ok(queue.total >= 1);
    assert.equal(queue.revision, 0);
    assert.ok(
      queue.types.some((t) => t.value === 'duplicate_label'),
      'type counts ignore the type filter',
    );
    const issue = queue.items.find((i) => i.details?.pred_class && i.annotation_id !== null)!;
    const to = String(issue.details!.pred_class);
    assert.notEqual(issue.class, to);
    const change0 = ProjectResponse.parse(await (await s.get('/api/project')).json()).change;
    const body = {
      author: 'rita',
      expected_revision: queue.revision,
      edits: [
        { op: 'update', annotation_id: issue.annotation_id, class: to, issue_id: issue.issue_id },
        { op: 'issue_status', issue_id: issue.issue_id, status: 'fixed' },
      ],
    };
    const res = await s.post('/api/edits', body);
    assert.equal(res.status, 200, await res.clone().text());
    const done = EditsResponse.parse(await res.json());
    assert.equal(done.seqs.length, 2);
    const project = ProjectResponse.parse(await (await s.get('/api/project')).json());
    assert.ok(project.change > change0, 'the write bumps change (the SSE hub tells the app)');

    // The same request again is stale: 409, and nothing more is written.
    const stale = await s.post('/api/edits', body);
    assert.equal(stale.status, 409);
    assert.equal(ErrorBody.parse(await stale.json()).error.code, 'CONFLICT');
    const history = json<CliHistory>(await runCli(['history', issue.path, '--json'], demo.project));
    assert.deepEqual(
      history.edits.map((e) => [e.kind, e.author]),
      [
        ['update', 'rita'],
        ['issue_status', 'rita'],
      ],
    );
    const versions = history.annotations.find((a) => a.id === issue.annotation_id)!.versions;
    assert.deepEqual(
      versions.map((v) => v.annotation.label),
      [issue.class, to],
    );
    const fixedQueue = ReviewQueueResponse.parse(
      await (
        await s.post('/api/review/queue', { filter: { types: ['wrong_class'] }, offset: 0, limit: 10 })
      ).json(),
    );
    assert.equal(fixedQueue.total, queue.total - 1, 'the fixed issue left the open queue');
    assert.equal(fixedQueue.revision, done.revision);

    const h = HistoryResponse.parse(await (await s.get(`/api/samples/${issue.sample_id}/history`)).json());
    assert.equal(h.edits[0]!.kind, 'issue_status', 'newest first');

    const undo = await s.post('/api/edits/undo', {
      author: 'rita',
      expected_revision: done.revision,
      batch: done.batch,
    });
    assert.equal(undo.status, 200, await undo.clone().text());
    assert.deepEqual(UndoResponse.parse(await undo.json()).undone, [...done.seqs].reverse());
    const back = json<CliHistory>(await runCli(['history', issue.path, '--json'], demo.project));
    const now = back.annotations.find((a) => a.id === issue.annotation_id)!.versions.at(-1)!;
    assert.equal(now.annotation.label, issue.class);
  });

  test('writes need JSON from the app: a form post or another origin is refused and changes nothing', async () => {
    const queue = ReviewQueueResponse.parse(
      await (await s.post('/api/review/queue', { filter: {}, offset: 0, limit: 1 })).json(),
    );
    const body = JSON.stringify({
      author: 'mallory',
      expected_revision: queue.revision,
      edits: [{ op: 'issue_status', issue_id: queue.items[0]!.issue_id, status: 'ignored' }],
    });
    const form = await fetch(`${s.base}/api/edits`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: s.base },
      body,
    });
    assert.equal(form.status, 403);
    const cross = await fetch(`${s.base}/api/edits`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
      body,
    });
    assert.equal(cross.status, 403);
    const unknown = await s.post('/api/edits', {
      author: 'rita',
      expected_revision: queue.revision,
      edits: [{ op: 'update', annotation_id: queue.items[0]!.annotation_id ?? 1, class: 'no-such-class' }],
    });
    assert.equal(unknown.status, 400);
    const again = ReviewQueueResponse.parse(
      await (await s.post('/api/review/queue', { filter: {}, offset: 0, limit: 1 })).json(),
    );
    assert.equal(again.revision, queue.revision);
    assert.equal(again.total, queue.total);
  });

  test('inspection drawn by the CLI while serving, judged in the app, reported', async () => {
    const none = await s.get('/api/inspection');
    assert.equal(none.status, 404);
    const started = await runCli(['inspect', 'start', '--size', '6', '--seed', '1'], demo.project);
    assert.equal(started.code, 0, started.stderr);
    const items = InspectionItemsResponse.parse(await (await s.get('/api/inspection?pending=1')).json());
    assert.equal(items.total, 6);
    for (const [k, item] of items.items.entries()) {
      const res = await s.post('/api/inspection/mark', {
        author: 'rita',
        item: item.item,
        verdict: k === 0 ? 'incorrect' : 'correct',
        ...(k === 0 ? { error: 'bad_box' } : {}),
      });
      assert.equal(res.status, 200, await res.clone().text());
    }
    const report = InspectionReportResponse.parse(await (await s.get('/api/inspection/report')).json());
    assert.equal(report.judged, 6);
    assert.equal(report.estimate.overall.correct, 5);
    assert.deepEqual(report.errors, { bad_box: 1 });
  });
});
