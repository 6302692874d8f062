import { AssayError } from '../../errors.js';
import { csvField, parseCsv } from '../../formats/classification/csv-rows.js';
import { writeFileAtomic } from '../atomic-write.js';
import { guardOutput, projectProtectedPaths } from '../output-guard.js';
import type { Project } from '../project.js';
import { readTextFile } from '../read-text-file.js';
import { storeDb } from '../store/duckdb-store.js';
import { inspectionItems } from './inspection-report.js';
import { INSPECTION_ERRORS, type InspectionError, markInspection } from './mark-inspection.js';

const HEADER = ['item', 'annotation_id', 'sample', 'stratum', 'class', 'verdict', 'error', 'note', 'author'];

/**
 * `assay inspect export FILE`: an inspection's items as CSV for reviewers working in a spreadsheet
 * (verdict empty until judged); `inspect import` reads the verdict, error, note and author columns back.
 */
export async function exportInspectionCsv(
  project: Project,
  file: string,
  options: { inspection?: number } = {},
): Promise<{ inspection: number; items: number; path: string }> {
  const path = guardOutput(file, {
    kind: 'file',
    label: 'the inspection sheet',
    protect: await projectProtectedPaths(project),
  });
  const page = await inspectionItems(storeDb(project.store), options);
  const lines = [HEADER.join(',')];
  for (const i of page.items)
    lines.push(
      [
        i.item,
        i.annotation_id,
        i.path ?? '',
        i.stratum,
        i.label ?? '',
        i.verdict ?? '',
        i.error_kind ?? '',
        i.note ?? '',
        i.author ?? '',
      ]
        .map((v) => csvField(String(v)))
        .join(','),
    );
  await writeFileAtomic(path, `${lines.join('\n')}\n`);
  return { inspection: page.inspection.id, items: page.items.length, path };
}

export interface InspectionCsvImport {
  inspection: number;
  marked: number;
  cleared: number;
  /** Rows whose verdict cell is empty (not judged yet). */
  unjudged: number;
}

/**
 * `assay inspect import FILE`: verdicts from a sheet `inspect export` wrote. Every row is checked first
 * (an unknown item or verdict is an error naming the line, and nothing is marked); then all are marked
 * in one transaction. A verdict of `clear` removes one; an empty verdict leaves the item as it is.
 */
export async function importInspectionCsv(
  project: Project,
  file: string,
  options: { inspection?: number; author?: string } = {},
): Promise<InspectionCsvImport> {
  const rows = parseCsv(await readTextFile(file, 'inspection sheet'), file);
  const header = rows[0]?.cells.map((c) => c.trim().toLowerCase()) ?? [];
  const col = (name: string) => header.indexOf(name);
  if (col('item') < 0 || col('verdict') < 0)
    throw new AssayError('INVALID_INPUT', `${file}: the first line must name the columns item and verdict.`, {
      hint: 'Start from the sheet `assay inspect export FILE` writes.',
      details: { file },
    });
  const page = await inspectionItems(storeDb(project.store), options);
  const known = new Set(page.items.map((i) => i.item));
  const cell = (cells: string[], name: string) => (col(name) < 0 ? '' : (cells[col(name)] ?? '').trim());
  const plan: {
    item: number;
    verdict: 'correct' | 'incorrect' | null;
    error?: InspectionError;
    note?: string;
    author?: string;
  }[] = [];
  let unjudged = 0;
  for (const row of rows.slice(1)) {
    const where = `${file}, line ${row.line}`;
    const item = Number(cell(row.cells, 'item'));
    if (!known.has(item))
      throw new AssayError(
        'INVALID_INPUT',
        `${where}: inspection ${page.inspection.id} has no item "${cell(row.cells, 'item')}".`,
        {
          hint: 'Keep the item column as `assay inspect export` wrote it. Nothing was marked.',
          details: { file, line: row.line },
        },
      );
    const v = cell(row.cells, 'verdict').toLowerCase();
    if (v === '') {
      unjudged++;
      continue;
    }
    if (!['correct', 'incorrect', 'clear'].includes(v))
      throw new AssayError(
        'INVALID_INPUT',
        `${where}: the verdict is correct, incorrect, clear or empty, not "${v}".`,
        {
          hint: 'Nothing was marked.',
          details: { file, line: row.line },
        },
      );
    const error = cell(row.cells, 'error');
    if (error !== '' && (v !== 'incorrect' || !INSPECTION_ERRORS.includes(error as InspectionError)))
      throw new AssayError(
        'INVALID_INPUT',
        `${where}: the error "${error}" needs the verdict incorrect and one of ${INSPECTION_ERRORS.join(', ')}.`,
        { hint: 'Nothing was marked.', details: { file, line: row.line } },
      );
    const note = cell(row.cells, 'note');
    const author = cell(row.cells, 'author') || options.author;
    plan.push({
      item,
      verdict: v === 'clear' ? null : (v as 'correct' | 'incorrect'),
      ...(error ? { error: error as InspectionError } : {}),
      ...(note ? { note } : {}),
      ...(author ? { author } : {}),
    });
  }
  await project.store.transaction(async () => {
    for (const p of plan) await markInspection(project, { inspection: page.inspection.id, ...p });
  });
  return {
    inspection: page.inspection.id,
    marked: plan.filter((p) => p.verdict !== null).length,
    cleared: plan.filter((p) => p.verdict === null).length,
    unjudged,
  };
}
