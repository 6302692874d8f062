/**
 * Issue 16, privacy scan of text: personal data planted in file names, image metadata, annotation
 * attributes and text samples is found by `assay privacy` with its field and span, and the values
 * appear in no output (privacy JSON and table, `assay issues`, the HTML report).
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { callCli } from './test-kit/call-cli.js';
import { json } from './test-kit/run-cli.js';

interface PrivacyOut {
  issues: Record<string, number>;
  flagged_samples: number;
  findings: { type: string; sample: string; field: string; start: number; end: number; masked: string }[];
}

/** Planted values; none may appear in any output. */
const PHONE = '010-2345-6789';
const EMAIL = 'minji.kim@example.co.kr';
const RRN = '900101-1234568'; // check digit 8: see privacy/find-pii.test.ts
const CARD = '4111 1111 1111 1111';
const PASSPORT = 'M12345678';

describe('issue 16: assay privacy on text fields', () => {
  let dir = '';
  let project = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-issue-16-privacy-'));
    project = join(dir, 'p');
    await mkdir(join(dir, 'data'));
    const coco = {
      images: [
        { id: 1, file_name: `call_${PHONE}.jpg`, width: 64, height: 48 },
        { id: 2, file_name: '000000397133.jpg', width: 64, height: 48, photographer: { contact: EMAIL } },
        { id: 3, file_name: 'street.jpg', width: 64, height: 48, note: 'clean' },
      ],
      categories: [{ id: 1, name: 'person' }],
      annotations: [
        { id: 1, image_id: 3, category_id: 1, bbox: [1, 1, 10, 10], attributes: { caption: `card ${CARD}` } },
        { id: 2, image_id: 1, category_id: 1, bbox: [1, 1, 10, 10], attributes: { caption: 'a person' } },
      ],
    };
    await writeFile(join(dir, 'data', 'instances.json'), JSON.stringify(coco));
    const texts = [
      { id: 't1', text: `My number is ${RRN}, passport ${PASSPORT}.`, label: 'pii' },
      { id: 't2', text: 'Nothing personal here, call 1588 or see page 010.', label: 'clean' },
    ];
    await writeFile(join(dir, 'data', 'texts.jsonl'), texts.map((t) => JSON.stringify(t)).join('\n'));
    assert.equal((await callCli(['init', project], dir)).code, 0);
    const coco1 = await callCli(
      ['import', 'coco', join(dir, 'data', 'instances.json'), '--images', join(dir, 'data')],
      project,
    );
    assert.equal(coco1.code, 0, coco1.stderr);
    const text1 = await callCli(['import', 'text-jsonl', join(dir, 'data', 'texts.jsonl')], project);
    assert.equal(text1.code, 0, text1.stderr);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const leaks = (text: string) => [PHONE, EMAIL, RRN, CARD, PASSPORT].filter((v) => text.includes(v));

  it('finds each planted value in its field with its span, masked in JSON and table', async () => {
    const run = await callCli(['privacy', '--json'], project);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(leaks(run.stdout), []);
    const out = json<PrivacyOut>(run);
    assert.deepEqual(out.issues, { pii_email: 1, pii_phone: 1, pii_rrn: 1, pii_passport: 1, pii_card: 1 });
    assert.equal(out.flagged_samples, 4);
    const by = new Map(out.findings.map((f) => [f.type, f]));
    // The file name holding a phone number is itself shown masked.
    const phone = by.get('pii_phone');
    assert.deepEqual(
      [phone?.sample, phone?.field, phone?.start, phone?.end, phone?.masked],
      ['call_***-****-**89.jpg', 'file_name', 5, 18, '***-****-**89'],
    );
    assert.equal(by.get('pii_email')?.field, 'metadata.photographer.contact');
    assert.equal(by.get('pii_email')?.masked, 'm***@***.kr');
    assert.equal(by.get('pii_card')?.field, 'attributes.caption');
    assert.deepEqual([by.get('pii_card')?.start, by.get('pii_card')?.end], [5, 24]);
    assert.deepEqual([by.get('pii_rrn')?.field, by.get('pii_rrn')?.start], ['text', 13]);
    const human = await callCli(['privacy'], project);
    assert.equal(human.code, 0, human.stderr);
    assert.deepEqual(leaks(human.stdout + human.stderr), []);
    assert.match(human.stdout, /pii_rrn\s+1/);
  });

  it('assay issues and the report show the findings, never the values', async () => {
    const issues = await callCli(['issues', '--type', 'pii_phone,pii_card', '--json'], project);
    assert.equal(issues.code, 0, issues.stderr);
    assert.deepEqual(leaks(issues.stdout), []);
    assert.match(issues.stdout, /call_\*\*\*-\*\*\*\*-\*\*89\.jpg/);
    const report = await callCli(['report', '--out', join(dir, 'report.html')], project);
    assert.equal(report.code, 0, report.stderr);
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    assert.match(html, /pii_rrn/);
    assert.deepEqual(leaks(html), []);
  });
});
