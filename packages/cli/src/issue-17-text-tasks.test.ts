/**
 * Issue 17, second part, the CLI's program called in this process (test-kit/call-cli.ts): a Label Studio text export (two annotators,
 * a model's prediction with class probabilities through text-jsonl) goes through `import auto`, `check`
 * (mojibake, a text in another language), `consensus` over the annotators' spans, `eval` (entity P/R/F1
 * and label accuracy, uncertainty saved), `stats` (detected languages), `report` (its Text section) and
 * export back to Label Studio.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { callCli } from './test-kit/call-cli.js';
import { json } from './test-kit/run-cli.js';

const TEXTS = [
  'Ann Lee flew from Paris to Berlin on Monday morning with her colleagues.',
  'The bank in London closed my account without telling me why it happened.',
  'Bob Marley played a concert in Kingston that everyone still remembers today.',
  // UTF-8 read as Windows-1252 somewhere upstream: "Café René" as mojibake.
  new TextDecoder('windows-1252').decode(
    new TextEncoder().encode('The Café René in Lyon serves the best coffee in town.'),
  ),
  'Der Zug nach München hatte heute Morgen wieder eine Stunde Verspätung.',
  'Maria visited the museum in Madrid with her brother last summer holiday.',
];

function span(text: string, piece: string, label: string, id: string) {
  const start = text.indexOf(piece);
  return {
    id,
    type: 'labels',
    from_name: 'label',
    to_name: 'text',
    value: { start, end: start + piece.length, text: piece, labels: [label] },
  };
}

function exportJson() {
  return TEXTS.map((text, i) => {
    const first = text.split(' ')[0]!;
    const a = [
      span(text, first, 'PER', `a${i}`),
      {
        id: `c${i}`,
        type: 'choices',
        from_name: 'topic',
        to_name: 'text',
        value: { choices: [i % 2 ? 'complaint' : 'travel'] },
      },
    ];
    // Annotator b agrees except on task 2, where it marks the first word as ORG.
    const b = [
      span(text, first, i === 2 ? 'ORG' : 'PER', `b${i}`),
      {
        id: `d${i}`,
        type: 'choices',
        from_name: 'topic',
        to_name: 'text',
        value: { choices: [i % 2 ? 'complaint' : 'travel'] },
      },
    ];
    return {
      id: i + 1,
      data: { text },
      annotations: [
        { id: 10 + i, completed_by: { id: 1, email: 'ann@x.org' }, result: a },
        { id: 20 + i, completed_by: { id: 2, email: 'bo@x.org' }, result: b },
      ],
      predictions: [],
    };
  });
}

describe('issue 17: Label Studio text tasks through check, consensus, eval, stats and export', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-issue-17-ls-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('import auto → check → consensus → eval → stats → export', async () => {
    const project = join(dir, 'p');
    assert.equal((await callCli(['init', project], dir)).code, 0);
    await mkdir(join(dir, 'data'));
    const file = join(dir, 'data', 'tasks.json');
    await writeFile(file, JSON.stringify(exportJson()));
    const imported = await callCli(['import', 'auto', file, '--json'], project);
    assert.equal(imported.code, 0, imported.stderr);
    const summary = json<{ format: string; samples: { total: number } }>(imported);
    assert.equal(summary.format, 'label-studio-text');
    assert.equal(summary.samples.total, 6);

    // Ground truth from annotator ann's file, predictions with probabilities and span scores as JSONL.
    const gold = join(dir, 'data', 'gold.jsonl');
    const pred = join(dir, 'data', 'pred.jsonl');
    const lines = (f: (t: string, i: number) => object) =>
      `${TEXTS.map((t, i) => JSON.stringify(f(t, i))).join('\n')}\n`;
    await writeFile(
      gold,
      lines((t, i) => ({
        id: `tasks#${i + 1}`,
        text: t,
        label: i % 2 ? 'complaint' : 'travel',
        spans: [{ start: 0, end: t.indexOf(' '), label: 'PER' }],
      })),
    );
    await writeFile(
      pred,
      lines((t, i) => ({
        id: `tasks#${i + 1}`,
        text: t,
        label: i === 1 ? 'travel' : i % 2 ? 'complaint' : 'travel',
        probs:
          i === 1
            ? { travel: 0.55, complaint: 0.45 }
            : { travel: i % 2 ? 0.1 : 0.9, complaint: i % 2 ? 0.9 : 0.1 },
        spans: i === 5 ? [] : [{ start: 0, end: t.indexOf(' '), label: 'PER', score: i === 3 ? 0.3 : 0.95 }],
      })),
    );
    assert.equal((await callCli(['import', 'text-jsonl', gold], project)).code, 0);
    const p = await callCli(['import', 'text-jsonl', pred, '--as', 'prediction:m'], project);
    assert.equal(p.code, 0, p.stderr);

    const check = await callCli(
      [
        'check',
        '--json',
        '--only',
        'encoding_damage,unexpected_language,single_annotator_class',
        '--languages',
        'en',
      ],
      project,
    );
    assert.equal(check.code, 0, check.stderr);
    const issues = await callCli(['issues', '--json'], project);
    const listed = json<{ issues: { type: string; sample: string; reason: string }[] }>(issues).issues;
    const byType = (t: string) => listed.filter((i) => i.type === t).map((i) => i.sample);
    assert.deepEqual(byType('encoding_damage'), ['tasks#4']);
    assert.deepEqual(byType('unexpected_language'), ['tasks#5']);
    // Only annotator bo uses ORG (task 3).
    assert.deepEqual(byType('single_annotator_class'), ['tasks#3']);
    assert.match(listed.find((i) => i.type === 'encoding_damage')!.reason, /"Ã©" reads as "é"/);

    const consensus = await callCli(['consensus', '--json'], project);
    assert.equal(consensus.code, 0, consensus.stderr);
    const c = json<{ spans: { samples: number; annotators: { annotator: string; f1: number }[] } }>(
      consensus,
    );
    assert.equal(c.spans.samples, 6);
    // Two annotators, one disputed span: neither kept there by majority (1 of 2), so each has F1 5/5.5.
    assert.deepEqual(
      c.spans.annotators.map((a) => [a.annotator, Number(a.f1.toFixed(4))]),
      [
        ['annotator:ann@x.org', Number((10 / 11).toFixed(4))],
        ['annotator:bo@x.org', Number((10 / 11).toFixed(4))],
      ],
    );

    const evalRun = await callCli(['eval', '--pred', 'prediction:m', '--json'], project);
    assert.equal(evalRun.code, 0, evalRun.stderr);
    const e = json<{
      ner: { micro: { precision: number; recall: number; f1: number } };
      classification: { accuracy: number };
      uncertainty: { samples: number; most_uncertain: { sample: string; score: number }[] };
    }>(evalRun);
    // 5 predicted spans, all correct, of 6 reference spans.
    assert.deepEqual([e.ner.micro.precision, e.ner.micro.recall], [1, 5 / 6]);
    assert.equal(e.classification.accuracy, 5 / 6);
    // Margin 1 − (0.55 − 0.45) = 0.9 for task 2 ranks first.
    assert.equal(e.uncertainty.samples, 6);
    assert.equal(e.uncertainty.most_uncertain[0]?.sample, 'tasks#2');
    assert.ok(Math.abs(e.uncertainty.most_uncertain[0]!.score - 0.9) < 1e-9);

    const stats = await callCli(['stats', '--json'], project);
    const t = json<{ text: { languages: Record<string, number>; scripts: Record<string, number> } }>(
      stats,
    ).text;
    assert.deepEqual(t.languages, { en: 5, de: 1 });
    assert.deepEqual(t.scripts, { Latin: 6 });

    const report = await callCli(['report', '--out', join(dir, 'report.html')], project);
    assert.equal(report.code, 0, report.stderr);
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    assert.match(html, /<a href="#text">Text<\/a>/);
    assert.match(html, /<section id="text"><h2>Text<\/h2><p class="lead">6 text samples\.<\/p>/);
    assert.ok(html.includes('encoding_damage') && html.includes('Texts per language'));

    const out = join(dir, 'out');
    const exported = await callCli(
      [
        'export',
        'label-studio-text',
        out,
        '--source',
        'ground_truth',
        'annotator:ann@x.org',
        'annotator:bo@x.org',
        'prediction:m',
      ],
      project,
    );
    assert.equal(exported.code, 0, exported.stderr);
    const tasks = JSON.parse(await readFile(join(out, 'label-studio.json'), 'utf8')) as {
      annotations: unknown[];
      predictions: unknown[];
    }[];
    assert.equal(tasks.length, 6);
    // Ground truth and both annotators as annotations, the model as a prediction.
    assert.equal(tasks[0]!.annotations.length, 3);
    assert.equal(tasks[0]!.predictions.length, 1);
  });
});
