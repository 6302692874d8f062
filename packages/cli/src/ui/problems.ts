import type { Problem } from '@assay/core';
import { count, counted, type Output } from './output.js';

const SHOWN = 20;

/** "skipped 3 records" and the first problems, each naming its file and record. */
export function printProblems(out: Output, problems: Problem[], skipped: number): void {
  if (problems.length === 0) return;
  const warnings = problems.length - skipped;
  out.line(`Skipped ${counted(skipped, 'record')}; ${counted(warnings, 'warning')}:`);
  for (const p of problems.slice(0, SHOWN)) {
    // One line per problem: out.line escapes the names it holds (a newline in a file name included).
    const where = p.record ? `${p.file} ${p.record}` : p.file;
    out.line(
      `  ${p.severity === 'error' ? '✖ skipped' : '! warning'}  ${where}: ${p.reason}${p.hint ? ` (${p.hint})` : ''}`,
    );
  }
  if (problems.length > SHOWN)
    out.line(`  … and ${count(problems.length - SHOWN)} more (all of them with --json).`);
}
