/**
 * Issue 14: CLI tables misaligned with Korean class names: a Hangul syllable takes two terminal cells
 * but one UTF-16 unit, so every row holding one was padded short. Columns are now measured in terminal
 * cells (East Asian Width wide/fullwidth = 2, combining marks = 0).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from './test-kit/run-cli.js';
import { table } from './ui/table.js';

/**
 * Terminal cells of the characters this test uses, from Unicode's EastAsianWidth.txt (UAX #11), written
 * out independently of the implementation: Hangul syllables U+AC00–U+D7A3 are W (2), fullwidth forms
 * U+FF01–U+FF60 are F (2), U+0301 COMBINING ACUTE ACCENT is Mn (0), the rest here are Na/N/A (1).
 */
function cells(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0xac00 && c <= 0xd7a3) || (c >= 0xff01 && c <= 0xff60)) n += 2;
    else if (c !== 0x0301) n += 1;
  }
  return n;
}

/**
 * Checks that every row of each table in `text` lines up with the table's rule (`────  ───`): each cell
 * lies inside its column and starts at the column's start (left-aligned) or ends at its end (numbers).
 */
function assertAligned(text: string): number {
  const lines = text.split('\n');
  let tables = 0;
  for (let r = 0; r < lines.length; r++) {
    if (!/^─+( +─+)*$/.test(lines[r]!)) continue;
    tables++;
    const spans = [...lines[r]!.matchAll(/─+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
    for (
      let row = r - 1;
      row < lines.length && lines[row]!.trim() !== '';
      row = row === r - 1 ? r + 1 : row + 1
    ) {
      const line = lines[row]!;
      const tokens = [...line.matchAll(/\S+(?: \S+)*/g)].map((m) => {
        const start = cells(line.slice(0, m.index));
        return { text: m[0], start, end: start + cells(m[0]) };
      });
      assert.equal(tokens.length, spans.length, `cells of ${JSON.stringify(line)}`);
      tokens.forEach((t, i) => {
        const s = spans[i]!;
        assert.ok(
          t.start >= s.start && t.end <= s.end,
          `${JSON.stringify(t.text)} outside column ${i} in ${JSON.stringify(line)}`,
        );
        assert.ok(
          t.start === s.start || t.end === s.end,
          `${JSON.stringify(t.text)} not aligned in ${JSON.stringify(line)}`,
        );
      });
    }
  }
  return tables;
}

const CLASSES = ['고양이', '강아지', 'cat', 'ｆｕｌｌ', 'e\u0301cole'];

describe('issue 14: tables with East Asian wide characters', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-wide-'));
    const images = [1, 2, 3].map((id) => ({ id, file_name: `사진_${id}.jpg`, width: 64, height: 48 }));
    const annotations = Array.from({ length: 11 }, (_, k) => ({
      id: k + 1,
      image_id: (k % 3) + 1,
      category_id: (k % 5) + 1,
      bbox: [1 + k, 1, 10, 10],
      area: 100,
      iscrowd: 0,
    }));
    const categories = CLASSES.map((name, i) => ({ id: i + 1, name }));
    await writeFile(join(dir, 'gt.json'), JSON.stringify({ images, categories, annotations }));
    assert.equal((await runCli(['init', 'p'], dir)).code, 0);
    const p = join(dir, 'p');
    assert.equal((await runCli(['import', 'coco', join(dir, 'gt.json')], p)).code, 0);
    assert.equal((await runCli(['check'], p)).code, 0);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('measures cells, not UTF-16 units', () => {
    const t = table(
      [
        ['고양이', 2],
        ['cat', 13],
        ['e\u0301cole', 1],
      ],
      ['class', 'n'],
    ).text;
    assert.equal(t, ['class   n', '──────  ──', '고양이   2', 'cat     13', 'e\u0301cole    1'].join('\n'));
  });

  it('assay stats and assay issues line up Korean, fullwidth and combined names', async () => {
    const p = join(dir, 'p');
    const stats = await runCli(['stats'], p);
    assert.equal(stats.code, 0, stats.stderr);
    for (const c of CLASSES) assert.ok(stats.stdout.includes(c), `${c} in stats`);
    assert.ok(assertAligned(stats.stdout) >= 3, stats.stdout);
    const issues = await runCli(['issues'], p);
    assert.equal(issues.code, 0, issues.stderr);
    assert.match(issues.stdout, /Class "고양이" appears/);
    assert.equal(assertAligned(issues.stdout), 1, issues.stdout);
  });
});
