/**
 * The text checks `assay check` runs over the store in batches (run-text-checks.ts: texts and spans
 * streamed from DuckDB into a TextChecker) find exactly what textChecks finds over the same samples and
 * annotations listed in memory, with batches of 2 rows so that a text's spans cross batches.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CheckIssue } from '../checks/check-types.js';
import { TEXT_CHECK_TYPES, type TextCheckSample, textChecks } from '../checks/text/text-checks.js';
import { importDataset } from './import-dataset.js';
import { initProject, openProject, type Project } from './project.js';
import { runTextChecks } from './run-text-checks.js';

const mojibake = new TextDecoder('windows-1252').decode(new TextEncoder().encode('café déjà vu'));
const SENTENCE = 'Ann Lee flew from Paris to Berlin on Monday';
const ROWS = [
  // Overlapping spans and one cutting a word; many spans so that they cross a batch of 2.
  {
    id: 'a',
    text: SENTENCE,
    label: 'travel',
    spans: [
      { start: 0, end: 7, label: 'PER' },
      { start: 4, end: 7, label: 'PER' },
      { start: 18, end: 23, label: 'LOC' },
      { start: 27, end: 31, label: 'LOC' },
      { start: 36, end: 40, label: 'DATE' },
    ],
  },
  { id: 'b', text: SENTENCE, label: 'other', split: 'train' },
  { id: 'c', text: `  ${SENTENCE.toUpperCase()} `, label: 'travel', split: 'test' },
  { id: 'd', text: '   ', label: 'empty' },
  { id: 'e', text: mojibake, label: 'travel' },
  { id: 'f', text: 'Ann Lee flew from Paris to Berlin on Monday night', label: 'travel' },
];
const CONLL = 'EU B-ORG\nrejects O\nGerman I-MISC\ncall O\n\nPeter B-PER\nBlackburn I-PER\n';

describe('runTextChecks (store, in batches) = textChecks (in memory)', () => {
  let dir = '';
  let project: Project;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-text-run-'));
    project = await openProject(await initProject(join(dir, 'p')));
    await writeFile(join(dir, 'texts.jsonl'), `${ROWS.map((r) => JSON.stringify(r)).join('\n')}\n`);
    await writeFile(join(dir, 'ner.conll'), CONLL);
    await importDataset(project, { format: 'text-jsonl', path: join(dir, 'texts.jsonl') });
    await importDataset(project, { format: 'conll', path: join(dir, 'ner.conll') });
  });
  after(async () => {
    await project?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const sorted = (issues: CheckIssue[]) =>
    issues
      .map((i) => JSON.stringify(i))
      .sort()
      .map((s) => JSON.parse(s) as CheckIssue);

  it('finds the same issues, every text check type but languages', async () => {
    const only = new Set<string>(TEXT_CHECK_TYPES.filter((t) => t !== 'unexpected_language'));
    const run = await runTextChecks(project, {
      source: 'ground_truth',
      only,
      batchSize: 2,
      keepSamples: true,
    });
    const samples: TextCheckSample[] = (await project.store.listSamples({ kind: 'text' })).map((s) => {
      const conll = s.metadata?.conll as { tags?: string[]; scheme?: string } | undefined;
      return {
        id: s.id,
        key: s.key,
        text: s.text ?? '',
        ...(s.split === undefined ? {} : { split: s.split }),
        ...(conll?.tags && conll.scheme !== 'iob1' ? { tags: conll.tags } : {}),
      };
    });
    const annotations = await project.store.listAnnotations(['ground_truth']);
    const memory = textChecks(samples, annotations, { only });
    const types = new Set(run.issues.map((i) => i.type));
    for (const t of [
      'overlapping_spans',
      'span_boundary',
      'duplicate_text',
      'conflicting_labels',
      'split_leakage',
      'empty_text',
      'encoding_damage',
      'near_duplicate',
      'invalid_tag_sequence',
    ])
      assert.ok(types.has(t), `${t} not found: ${[...types].join(', ')}`);
    assert.deepEqual(sorted(run.issues), sorted(memory.issues));
    assert.equal(run.count, samples.length);
    assert.deepEqual(
      run.samples,
      samples.map((s) => ({ id: s.id, key: s.key })),
    );
  });
});
