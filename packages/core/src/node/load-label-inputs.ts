/**
 * Reads given labels and predicted probabilities for `assay label-errors` file mode from `.npy` (any
 * numeric dtype) or `.csv` files. CSV labels: one integer per line, or a column of a CSV with a header
 * (the column named `label`, or the one asked for). CSV probabilities: one row of numbers per example; a
 * first row that is not numbers is a header and is skipped.
 */
import { basename, extname } from 'node:path';
import { AssayError } from '../errors.js';
import type { ProbMatrix } from '../label-errors/prob-matrix.js';
import { readNpy } from './arrays/read-npz.js';
import { readTextFile } from './read-text-file.js';

export interface LabelInputs {
  labels: Int32Array;
  probs: ProbMatrix;
}

export interface LoadLabelInputsOptions {
  /** CSV labels with several columns: the column holding the label; default `label`. */
  labelColumn?: string;
}

export async function loadLabelInputs(
  labelsPath: string,
  probsPath: string,
  options: LoadLabelInputsOptions = {},
): Promise<LabelInputs> {
  const [labels, probs] = await Promise.all([loadLabels(labelsPath, options), loadProbs(probsPath)]);
  return { labels, probs };
}

export async function loadLabels(path: string, options: LoadLabelInputsOptions = {}): Promise<Int32Array> {
  const name = basename(path);
  let values: ArrayLike<number>;
  if (isCsv(path)) values = csvLabelColumn(await readText(path), name, options.labelColumn ?? 'label');
  else {
    const array = await readNpy(path);
    if (array.shape.length !== 1 && !(array.shape.length === 2 && array.shape[1] === 1)) {
      throw new AssayError(
        'INVALID_INPUT',
        `${name} has shape (${array.shape.join(', ')}); labels must be 1-D.`,
        {
          hint: 'Save one class index per example, e.g. numpy.save("labels.npy", y).',
        },
      );
    }
    values = array.data;
  }
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isInteger(v) || v < 0) {
      throw new AssayError(
        'INVALID_INPUT',
        `${name}: label ${i} is ${v}, not a class index (0, 1, 2, ...).`,
        {
          hint: 'Labels must be zero-based integer class indices.',
        },
      );
    }
    out[i] = v;
  }
  return out;
}

export async function loadProbs(path: string): Promise<ProbMatrix> {
  const name = basename(path);
  if (isCsv(path)) return csvMatrix(await readText(path), name);
  const array = await readNpy(path);
  if (array.shape.length !== 2) {
    throw new AssayError(
      'INVALID_INPUT',
      `${name} has shape (${array.shape.join(', ')}); predicted probabilities must be 2-D (examples × classes).`,
      { hint: 'Save one row of class probabilities per example.' },
    );
  }
  const [rows, cols] = array.shape as [number, number];
  return { data: Float64Array.from(array.data), rows, cols };
}

function isCsv(path: string): boolean {
  const ext = extname(path).toLowerCase();
  return ext === '.csv' || ext === '.txt' || ext === '.tsv';
}

function readText(path: string): Promise<string> {
  return readTextFile(path);
}

function csvRows(text: string): string[][] {
  const sep = text.includes('\t') && !text.includes(',') ? '\t' : ',';
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => line.split(sep).map((cell) => cell.trim().replace(/^"(.*)"$/, '$1')));
}

const isNumberCell = (cell: string): boolean => cell !== '' && Number.isFinite(Number(cell));

function csvLabelColumn(text: string, name: string, column: string): number[] {
  const rows = csvRows(text);
  const header = rows[0] && !rows[0].every(isNumberCell) ? rows[0] : undefined;
  let col = 0;
  if (header && header.length > 1) {
    col = header.indexOf(column);
    if (col < 0) {
      throw new AssayError(
        'INVALID_INPUT',
        `${name} has no column "${column}" (columns: ${header.join(', ')}).`,
        {
          hint: 'Name the label column with --label-column, or give one label per line.',
        },
      );
    }
  }
  return (header ? rows.slice(1) : rows).map((row, i) => {
    const cell = row[col] ?? '';
    if (!isNumberCell(cell)) {
      throw new AssayError(
        'PARSE_ERROR',
        `${name}, line ${i + (header ? 2 : 1)}: label "${cell}" is not a number.`,
        {
          hint: 'Labels must be integer class indices.',
        },
      );
    }
    return Number(cell);
  });
}

function csvMatrix(text: string, name: string): ProbMatrix {
  const rows = csvRows(text);
  const skip = rows[0] && !rows[0].every(isNumberCell) ? 1 : 0;
  const body = rows.slice(skip);
  const cols = body[0]?.length ?? 0;
  const data = new Float64Array(body.length * cols);
  body.forEach((row, i) => {
    if (row.length !== cols) {
      throw new AssayError(
        'PARSE_ERROR',
        `${name}, line ${i + skip + 1}: ${row.length} values, expected ${cols}.`,
        {
          hint: 'Every row needs one probability per class.',
        },
      );
    }
    row.forEach((cell, j) => {
      if (!isNumberCell(cell)) {
        throw new AssayError('PARSE_ERROR', `${name}, line ${i + skip + 1}: "${cell}" is not a number.`, {
          hint: 'Probabilities must be plain numbers.',
        });
      }
      data[i * cols + j] = Number(cell);
    });
  });
  return { data, rows: body.length, cols };
}
