import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { AssayError } from '../../errors.js';
import { sharedFixture } from '../../test-kit/fixtures.js';
import { csvField, parseCsv } from './csv-rows.js';

describe('parseCsv (RFC 4180)', () => {
  it('quoted commas, doubled quotes, line breaks in quotes, CRLF, BOM and blank lines', () => {
    const text = '\uFEFFpath,label\r\n"a, b.jpg","say ""hi"""\r\n\r\n"multi\nline.png",cat\nlast.jpg,dog';
    const rows = parseCsv(text, 't.csv');
    assert.deepEqual(rows, [
      { line: 1, cells: ['path', 'label'] },
      { line: 2, cells: ['a, b.jpg', 'say "hi"'] },
      { line: 4, cells: ['multi\nline.png', 'cat'] },
      { line: 6, cells: ['last.jpg', 'dog'] },
    ]);
  });

  it('an unterminated quote is a PARSE_ERROR naming the line it opened on', () => {
    assert.throws(
      () => parseCsv('path,label\na.jpg,cat\n"b.jpg,dog\n', 'cut.csv'),
      (e: unknown) =>
        e instanceof AssayError && e.code === 'PARSE_ERROR' && /cut\.csv.*line 3/.test(e.message),
    );
  });

  it('csvField quotes only when needed and round-trips through parseCsv', () => {
    const values = ['plain.jpg', 'a, b.jpg', 'q"uote', 'new\nline'];
    const line = values.map(csvField).join(',');
    assert.equal(csvField('plain.jpg'), 'plain.jpg');
    assert.deepEqual(parseCsv(line, 'x.csv')[0]?.cells, values);
  });

  it("reads Label Studio's tab-separated CSV export (label-studio-converter csv_test2_result.csv)", async () => {
    const path = sharedFixture('format-samples/label-studio/test_export_csv/csv_test2_result.csv');
    const rows = parseCsv(await readFile(path, 'utf8'), 'csv_test2_result.csv', '\t');
    assert.equal(rows.length, 2);
    assert.equal(rows[0]?.cells.length, 20);
    assert.equal(rows[1]?.cells.length, 20);
    // "alternative_titles" cell: "[""CHENG SHOU"",""RENG SHI ZHE YANG AI NI""]"
    assert.equal(rows[1]?.cells[2], '["CHENG SHOU","RENG SHI ZHE YANG AI NI"]');
    assert.equal(rows[1]?.cells[5], 'test@heartex.com');
  });
});
