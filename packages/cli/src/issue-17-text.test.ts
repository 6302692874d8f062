/**
 * Issue 17 end to end, the CLI's program called in this process (test-kit/call-cli.ts): a generated text-classification CSV with
 * planted problems (an empty text, duplicates with conflicting labels, a text in two splits) is imported,
 * checked, exported as CSV and JSONL and imported again; wnut17's CoNLL gold goes through import, check
 * and export back to the same bytes.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sharedFixture } from '@assay/core/test-kit';
import { callCli } from './test-kit/call-cli.js';
import { json } from './test-kit/run-cli.js';

interface CheckOut {
  issues: Record<string, number>;
}

describe('issue 17: text projects from import to export', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-issue-17-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('text CSV: import → check (planted problems found) → export csv/jsonl → re-import', async () => {
    const project = join(dir, 'p');
    assert.equal((await callCli(['init', project], dir)).code, 0);
    // The source folder is never written into: exports go beside it.
    await mkdir(join(dir, 'data'));
    const csv = join(dir, 'data', 'intents.csv');
    await writeFile(
      csv,
      'id,utterance,intent,split\r\n' +
        'u1,"Where is my card?",card_arrival,train\r\n' +
        'u2,"where is  my   card?",lost_card,train\r\n' +
        'u3,"   ",card_arrival,train\r\n' +
        'u4,"Top up failed,\r\nwhat now?",top_up_failed,train\r\n' +
        'u5,"Top up failed,\r\nwhat now?",top_up_failed,test\r\n' +
        'u6,"How do I change my PIN?",change_pin,test\r\n',
    );
    const imported = await callCli(
      ['import', 'auto', csv, '--text-column', 'utterance', '--label-column', 'intent', '--json'],
      project,
    );
    assert.equal(imported.code, 0, imported.stderr);
    const summary = json<{ format: string; samples: { total: number }; annotations: { total: number } }>(
      imported,
    );
    assert.equal(summary.format, 'text-csv');
    assert.equal(summary.samples.total, 6);
    assert.equal(summary.annotations.total, 6);

    // Scan has no file to probe in a text project (texts are in the store): nothing becomes missing.
    const scan = await callCli(['scan'], project);
    assert.equal(scan.code, 0, scan.stderr);
    const check = await callCli(['check', '--json'], project);
    assert.equal(check.code, 0, check.stderr);
    const found = json<{ check: CheckOut } & CheckOut>(check);
    const issues = found.issues ?? found.check.issues;
    assert.equal(issues.empty_text, 1, JSON.stringify(issues));
    assert.equal(issues.conflicting_labels, 2, 'u1 and u2: on every sample of the group');
    assert.equal(issues.duplicate_text, 2, 'u2 (normalised) and u5 (exact)');
    assert.equal(issues.split_leakage, 2, 'u4 and u5');
    assert.equal(issues.missing ?? 0, 0);
    const all = json<{ issues: { type: string }[] }>(await callCli(['issues', '--json'], project));
    assert.equal(
      all.issues.filter((i) => i.type === 'missing').length,
      0,
      'no text sample became a missing file',
    );
    const list = json<{ issues: { type: string; sample: string }[] }>(
      await callCli(['issues', '--type', 'conflicting_labels', '--json'], project),
    );
    assert.deepEqual(list.issues.map((i) => i.sample).sort(), ['u1', 'u2']);

    for (const format of ['text-csv', 'text-jsonl']) {
      const out = join(dir, `out-${format}`);
      const exported = await callCli(['export', format, out, '--json'], project);
      assert.equal(exported.code, 0, exported.stderr);
      const file = join(out, format === 'text-csv' ? 'text.csv' : 'text.jsonl');
      const again = join(dir, `again-${format}`);
      assert.equal((await callCli(['init', again], dir)).code, 0);
      const back = await callCli(['import', format, file, '--json'], again);
      assert.equal(back.code, 0, back.stderr);
      assert.equal(json<{ annotations: { total: number } }>(back).annotations.total, 6);
      const info = json<{ sample_kinds: Record<string, number> }>(await callCli(['info', '--json'], again));
      assert.deepEqual(info.sample_kinds, { text: 6 });
      const written = await readFile(file, 'utf8');
      const texts =
        format === 'text-csv'
          ? [written.includes('"Top up failed,\r\nwhat now?"') ? 'Top up failed,\r\nwhat now?' : '']
          : written
              .trim()
              .split('\n')
              .map((l) => (JSON.parse(l) as { text: string }).text)
              .filter((t) => t.startsWith('Top'));
      assert.equal(texts[0], 'Top up failed,\r\nwhat now?', 'the line break inside the text is kept');
    }
  });

  it('CoNLL: wnut17 gold imported, checked, exported back byte for byte', async () => {
    const project = join(dir, 'ner');
    assert.equal((await callCli(['init', project], dir)).code, 0);
    const gold = sharedFixture('wnut17/emerging.test.annotated');
    const imported = await callCli(['import', 'auto', gold, '--json'], project);
    assert.equal(imported.code, 0, imported.stderr);
    const summary = json<{ format: string; samples: { total: number }; annotations: { total: number } }>(
      imported,
    );
    // ../shared/fixtures/wnut17/README.md: 1287 sentences; 1079 gold entities (seqeval supports in expected/).
    assert.equal(summary.format, 'conll');
    assert.equal(summary.samples.total, 1287);
    assert.equal(summary.annotations.total, 1079);
    const check = await callCli(['check', '--json'], project);
    assert.equal(check.code, 0, check.stderr);
    const out = join(dir, 'ner-out');
    const exported = await callCli(['export', 'conll', out], project);
    assert.equal(exported.code, 0, exported.stderr);
    assert.equal(await readFile(join(out, 'data.conll'), 'utf8'), await readFile(gold, 'utf8'));
  });

  it('agree on span annotators (project mode): wnut17 gold vs the arcada submission, as seqeval counts', async () => {
    const project = join(dir, 'agree');
    assert.equal((await callCli(['init', project], dir)).code, 0);
    const gold = sharedFixture('wnut17/emerging.test.annotated');
    const arcada = sharedFixture('wnut17/submissions/arcada');
    const a = await callCli(['import', 'conll', gold, '--as', 'annotator:gold'], project);
    assert.equal(a.code, 0, a.stderr);
    // The submission names its sentences as the gold file does (its own file name differs).
    const b = await callCli(
      ['import', 'conll', arcada, '--as', 'annotator:arcada', '--key-prefix', 'emerging.test'],
      project,
    );
    assert.equal(b.code, 0, b.stderr);
    const run = await callCli(['agree', '--json'], project);
    assert.equal(run.code, 0, run.stderr);
    const out = json<{
      spans: {
        annotators: string[];
        unit: string;
        micro: { precision: number; recall: number; f1: number };
      }[];
    }>(run);
    assert.equal(out.spans.length, 1);
    const [pair] = out.spans;
    assert.deepEqual(pair?.annotators, ['annotator:arcada', 'annotator:gold']);
    assert.equal(pair?.unit, 'tokens');
    // seqeval default mode (== conlleval) on the same files, ../shared/fixtures/wnut17/expected/ner_arcada.json:
    // precision 0.47395171537484115, recall 0.3456904541241891, f1 0.3997856377277599 (gold as reference;
    // here arcada is the first annotator, so precision and recall swap and F1 stays).
    assert.ok(Math.abs((pair?.micro.f1 ?? 0) - 0.3997856377277599) < 1e-12);
    assert.ok(Math.abs((pair?.micro.recall ?? 0) - 0.47395171537484115) < 1e-12);
    assert.ok(Math.abs((pair?.micro.precision ?? 0) - 0.3456904541241891) < 1e-12);
  });

  it('label-errors --pred on a text project: the planted wrong labels are the ones flagged', async () => {
    const project = join(dir, 'le');
    assert.equal((await callCli(['init', project], dir)).code, 0);
    await mkdir(join(dir, 'le-data'));
    const classes = ['billing', 'card', 'transfer'];
    const gold: string[] = ['id,text,label'];
    const pred: string[] = [];
    const planted = new Set([7, 21, 40]);
    for (let i = 0; i < 60; i++) {
      const truth = i % 3;
      const given = planted.has(i) ? (truth + 1) % 3 : truth;
      gold.push(`t${i},"message ${i} about ${classes[truth]}",${classes[given]}`);
      // A confident model that is right about every text (its probability of the true class 0.9).
      const probs = Object.fromEntries(classes.map((c, k) => [c, k === truth ? 0.9 : 0.05]));
      pred.push(JSON.stringify({ id: `t${i}`, text: `message ${i} about ${classes[truth]}`, probs }));
    }
    await writeFile(join(dir, 'le-data', 'gold.csv'), `${gold.join('\n')}\n`);
    await writeFile(join(dir, 'le-data', 'pred.jsonl'), `${pred.join('\n')}\n`);
    assert.equal((await callCli(['import', 'text-csv', join(dir, 'le-data', 'gold.csv')], project)).code, 0);
    const p = await callCli(
      ['import', 'text-jsonl', join(dir, 'le-data', 'pred.jsonl'), '--as', 'prediction:m'],
      project,
    );
    assert.equal(p.code, 0, p.stderr);
    const run = await callCli(['label-errors', '--pred', 'prediction:m', '--json'], project);
    assert.equal(run.code, 0, run.stderr);
    const out = json<{ examples: number; top: { sample: string; given: string; suggested: string }[] }>(run);
    assert.equal(out.examples, 60);
    assert.deepEqual(out.top.map((t) => t.sample).sort(), ['t21', 't40', 't7']);
    // t7's text is about card (7 mod 3 = 1) and was labelled transfer: the model suggests card.
    const t7 = out.top.find((t) => t.sample === 't7');
    assert.deepEqual([t7?.given, t7?.suggested], ['transfer', 'card']);
  });
});
