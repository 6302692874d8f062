// Kept out of output.ts, which every command loads: string-width's module takes ~0.05 s of CPU to load
// (its Unicode property regular expressions); --version, --help and `eval coco --json` draw no table.
import stringWidth from 'string-width';
import { Table } from './output.js';
import { terminalSafe } from './terminal-safe.js';

/**
 * Formats rows as an aligned text table; numbers right-aligned; cells escaped (terminal-safe.ts).
 * Columns are measured in terminal cells (string-width: East Asian wide and fullwidth characters take
 * two, combining marks none), so Korean, Chinese and Japanese names line up with Latin ones.
 */
export function table(rows: (string | number)[][], header?: string[]): Table {
  const safe = (cell: string | number) => (typeof cell === 'number' ? String(cell) : terminalSafe(cell));
  const all = (header ? [header, ...rows] : rows).map((row) => row.map(safe));
  const right = (header ? [header, ...rows] : rows).map((row) => row.map((c) => typeof c === 'number'));
  const cells = all.map((row) => row.map((cell) => stringWidth(cell)));
  const widths: number[] = [];
  for (const row of cells) {
    row.forEach((w, i) => {
      widths[i] = Math.max(widths[i] ?? 0, w);
    });
  }
  const fmt = (row: string[], r: number) =>
    row
      .map((cell, i) => {
        const pad = ' '.repeat(widths[i]! - cells[r]![i]!);
        return right[r]![i] ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  const lines = all.map((row, r) => fmt(row, r));
  if (header) lines.splice(1, 0, widths.map((w) => '─'.repeat(w)).join('  '));
  return new Table(lines.join('\n'));
}
