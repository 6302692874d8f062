import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ChangeEvent, ProjectResponse } from '@assay/api';
import { runCli } from '@assay/cli/test-kit';
import { openProject } from '@assay/core/node/project';
import { storeDb } from '@assay/core/node/store/duckdb-store';
import { CHILD_NODE_OPTIONS } from '@assay/core/test-kit/child-node';
import { cliInfo, makeDemo, serveDemo } from './test-kit/demo-server.js';

/** Collects the `change` events of GET /api/events. */
function listen(base: string): { changes: number[]; stop: () => void } {
  const changes: number[] = [];
  const controller = new AbortController();
  void (async () => {
    const res = await fetch(`${base}/api/events`, { signal: controller.signal });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (/^event: change$/m.test(block) && data) changes.push(ChangeEvent.parse(JSON.parse(data)).change);
        end = buffer.indexOf('\n\n');
      }
    }
  })().catch(() => undefined);
  return { changes, stop: () => controller.abort() };
}

describe('other commands run while `assay serve` owns the project', () => {
  let demo: Awaited<ReturnType<typeof makeDemo>>;
  let s: Awaited<ReturnType<typeof serveDemo>>;

  before(async () => {
    demo = await makeDemo(30);
    const project = await openProject(demo.project);
    await storeDb(project.store).run('DELETE FROM issues'); // so that `assay check` visibly adds them back
    await project.close();
    s = await serveDemo(demo.project);
  });
  after(async () => {
    await s?.server.close();
    await demo?.cleanup();
  });

  test('assay check in a child process: no lock error, change increases, issue counts update, SSE tells', async () => {
    const project = async () => ProjectResponse.parse(await (await s.get('/api/project')).json());
    const before = await project();
    assert.equal(before.counts.open_issues, 0);
    assert.ok(existsSync(join(demo.project, '.assay', 'server.json')));
    const events = listen(s.base);
    // The app keeps asking while the command runs: its requests wait for the database, none fails.
    let asking = true;
    const statuses: number[] = [];
    const asker = (async () => {
      while (asking) statuses.push((await s.get('/api/project')).status);
    })();
    const check = await runCli(['check'], demo.project);
    asking = false;
    await asker;
    assert.equal(check.code, 0, check.stderr);
    assert.doesNotMatch(check.stderr, /in use|locked/i);
    assert.ok(statuses.length > 0 && statuses.every((x) => x === 200), String(statuses));
    const afterCheck = await project();
    assert.ok(afterCheck.change > before.change, `${afterCheck.change} > ${before.change}`);
    const info = await cliInfo(demo.project); // read-only, beside the server
    assert.ok(info.issues.total > 0);
    const open = info.issues.total; // every issue of a fresh check is open
    assert.equal(afterCheck.counts.open_issues, open);
    for (let i = 0; i < 50 && !events.changes.includes(afterCheck.change); i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    events.stop();
    assert.equal(events.changes[0], before.change);
    assert.ok(events.changes.includes(afterCheck.change), String(events.changes));
  });

  test('a command that dies holding the database does not leave the server stuck', async () => {
    const before = ProjectResponse.parse(await (await s.get('/api/project')).json()).change;
    const code = await new Promise<number | null>((resolve) => {
      // Asks for the database through openProject, then exits without handing it back.
      const script = `import { openProject } from '@assay/core/node/project'; await openProject(process.argv[1]); process.exit(0);`;
      import('node:child_process').then(({ spawn }) => {
        const child = spawn(
          process.execPath,
          [...CHILD_NODE_OPTIONS, '--input-type=module', '-e', script, demo.project],
          {
            cwd: process.cwd(),
            stdio: 'ignore',
          },
        );
        child.on('close', resolve);
      });
    });
    assert.equal(code, 0);
    const res = ProjectResponse.parse(await (await s.get('/api/project')).json());
    assert.ok(res.change > before);
  });
});
