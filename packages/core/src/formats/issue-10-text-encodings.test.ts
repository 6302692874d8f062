/**
 * Issue 10 (text sets nobody here made): files as spreadsheet programs and hand edits leave them, built
 * here: Excel's "Unicode Text" (UTF-16 little endian with its byte order mark, tab-separated), Excel's
 * `sep=;` first line naming the delimiter, and a CoNLL file whose last line has no line break.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../node/fs-format-io.js';
import { emptyLookup } from './conformance.js';
import { detectFormat } from './detect-format.js';
import { formats } from './index.js';
import { toPosix } from './paths.js';

const io = createNodeFormatIO();
/** The format `import auto` takes for the file and what it reads: each sample's text and labels. */
async function imported(path: string): Promise<[string, string[][]]> {
  const { format } = await detectFormat(formats, path, io);
  const got = await format.read({ path, source: 'ground_truth', io, lookup: emptyLookup });
  assert.deepEqual(got.problems, []);
  return [
    format.id,
    got.samples.map((s) => [
      s.text ?? '',
      ...got.annotations
        .filter((a) => a.sample === s.key)
        .map((a) => (a.span ? `${a.label}:${s.text?.slice(a.span.start, a.span.end)}` : a.label!)),
    ]),
  ];
}

describe('issue 10: text files as spreadsheets and editors leave them', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-text-encodings-')));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('UTF-16 LE with a byte order mark (Excel "Unicode Text"): read as its text', async () => {
    const path = `${dir}/unicode.tsv`;
    const text = 'text\tlabel\r\nCafé crème\tfood\r\n"Zürich, Genève"\tplace\r\n';
    await writeFile(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    assert.deepEqual(await imported(path), [
      'text-csv',
      [
        ['Café crème', 'food'],
        ['Zürich, Genève', 'place'],
      ],
    ]);
  });

  it("Excel's sep=; first line names the delimiter", async () => {
    const path = `${dir}/excel.csv`;
    await writeFile(path, 'sep=;\r\ntext;label\r\n"Hello, world";greeting\r\nBye;farewell\r\n');
    assert.deepEqual(await imported(path), [
      'text-csv',
      [
        ['Hello, world', 'greeting'],
        ['Bye', 'farewell'],
      ],
    ]);
  });

  it('CoNLL without a line break after its last line: detected and read', async () => {
    const path = `${dir}/short.txt`;
    await writeFile(path, 'EU B-ORG\nrejects O');
    assert.deepEqual(await imported(path), ['conll', [['EU rejects', 'ORG:EU']]]);
  });
});
