/**
 * Issue 10: every `--json` document uses snake_case keys (`runId`, `byStatus`, `elapsedMs`, `outDir`,
 * `issueTypes`, `labelIssues` were camelCase). This walks the JSON of every command, in project and file
 * modes, and checks each key; the keys of maps keyed by data (class, split, source, attribute and rater
 * names, sample ids) are data and are left out by their parent's name. (Project-mode consensus needs
 * class labels from several annotators, which the demo has not; its summary is checked by consensus.test.ts.)
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixture, sharedFixture } from '@assay/core/test-kit';
import { callCli } from './test-kit/call-cli.js';

const SNAKE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
/** Objects whose keys are data, not field names. */
const DATA_MAPS = new Set([
  'by_source',
  'by_split',
  'by_type',
  'by_status',
  'by_class',
  'by_kind',
  'counts',
  'original_ids',
  'distances',
  'labels',
  'target',
  'actual',
  'metadata',
  'attributes',
  'splits',
  'unplanned',
  'skipped',
  'skipped_images',
  'issues_by_type',
  'values',
  'cooccurrence',
  'scan',
  'per_class_counts',
  'dap',
  'per_type',
  'special',
]);

function badKeys(value: unknown, path: string, out: string[]): string[] {
  if (Array.isArray(value)) {
    for (const v of value.slice(0, 200)) badKeys(v, `${path}[]`, out);
  } else if (value !== null && typeof value === 'object') {
    const parent = path.split('.').pop()?.replace(/\[\]$/, '') ?? '';
    const isData = DATA_MAPS.has(parent);
    for (const [k, v] of Object.entries(value)) {
      if (!isData && !SNAKE.test(k)) out.push(`${path}.${k}`);
      badKeys(v, `${path}.${isData ? '*' : k}`, out);
    }
  }
  return out;
}

describe('issue 10: snake_case keys in every --json document', () => {
  let dir = '';
  let demo = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-json-keys-'));
    demo = join(dir, 'demo');
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function check(args: string[], cwd: string): Promise<void> {
    const run = await callCli(['--json', ...args], cwd);
    assert.equal(run.code, 0, `${args.join(' ')}: exit ${run.code}\n${run.stderr}`);
    const bad = badKeys(JSON.parse(run.stdout), args[0]!, []);
    assert.deepEqual(bad, [], `${args.join(' ')}: keys not in snake_case`);
  }

  it('project commands on the demo', async () => {
    await check(['demo', demo, '--images', '20'], dir);
    const data = join(demo, 'data');
    const images = join(data, 'images');
    for (const args of [
      ['info'],
      ['issues'],
      ['stats'],
      ['check'],
      ['scan', '--force'],
      ['label-errors', '--pred', 'prediction:model-a'],
      ['eval', '--pred', 'prediction:model-b'],
      ['report', '--out', join(dir, 'r.html')],
      ['export', 'coco', join(dir, 'out'), '--no-images'],
      ['import', 'coco', join(data, 'annotations', 'train.json'), '--images', images, '--as', 'annotator:a'],
      [
        'import',
        'coco',
        join(data, 'predictions', 'model-a.json'),
        '--images',
        images,
        '--as',
        'annotator:b',
      ],
      ['agree'],
    ])
      await check(args, demo);
    await check(['init', join(dir, 'fresh')], dir);
  });

  it('file modes', async () => {
    const coco = sharedFixture('coco-val2014-100/');
    const digits = sharedFixture('synthetic-classification-digits/');
    await writeFile(join(dir, 'ratings.csv'), 'a,b,c\n1,1,2\n2,2,2\n1,2,\n');
    for (const args of [
      [
        'eval',
        'coco',
        '--gt',
        `${coco}instances_val2014_100.json`,
        '--dt',
        `${coco}instances_val2014_fakebbox100_results.json`,
      ],
      ['label-errors', '--labels', `${digits}labels.npy`, '--pred-probs', `${digits}pred_probs.npy`],
      [
        'consensus',
        '--labels-multiannotator',
        `${digits}labels_multiannotator.npy`,
        '--pred-probs',
        `${digits}pred_probs.npy`,
      ],
      ['agree', '--ratings', join(dir, 'ratings.csv')],
      [
        'agree',
        '--spans',
        fixture('wnut17/emerging.test.annotated'),
        '--pred',
        fixture('wnut17/submissions/mic-cis.txt'),
      ],
    ])
      await check(args, dir);
  });
});
