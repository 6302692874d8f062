/**
 * Reads the files of `assay agree` file mode: a ratings table (CSV with a header row of rater names, or
 * a NumPy `.npy` items × raters matrix with NaN for missing ratings) and CoNLL-style tagged files.
 */
import { basename, extname } from 'node:path';
import { type ConllSentence, parseConll } from '../agree/parse-conll.js';
import { parseRatingsCsv } from '../agree/parse-ratings-csv.js';
import type { RatingMatrix } from '../agree/rating-matrix.js';
import { AssayError } from '../errors.js';
import type { Problem } from '../formats/problems.js';
import { readNpy } from './arrays/read-npz.js';
import { readTextFile } from './read-text-file.js';

export interface LoadedRatings {
  ratings: RatingMatrix;
  /** Rows skipped (CSV), each naming its line. */
  problems: Problem[];
}

export interface LoadedConll {
  file: string;
  sentences: ConllSentence[];
  problems: Problem[];
}

function readText(path: string): Promise<string> {
  return readTextFile(path);
}

/** Ratings from `.csv` (header of rater names) or `.npy` (2-D, items × raters, NaN = missing). */
export async function loadRatings(path: string): Promise<LoadedRatings> {
  const name = basename(path);
  if (extname(path).toLowerCase() === '.npy') {
    const array = await readNpy(path);
    if (array.shape.length !== 2) {
      throw new AssayError(
        'INVALID_INPUT',
        `${name} has shape (${array.shape.join(', ')}); ratings must be 2-D.`,
        {
          hint: 'Save an items × raters matrix with NaN for missing ratings, e.g. numpy.save("ratings.npy", r).',
        },
      );
    }
    const [items, raters] = array.shape as [number, number];
    const names = Array.from({ length: raters }, (_, i) => String(i));
    return { ratings: { raters: names, items, values: Float64Array.from(array.data) }, problems: [] };
  }
  const parsed = parseRatingsCsv(await readText(path), name);
  return { ratings: parsed.ratings, problems: parsed.problems.items };
}

/** A CoNLL-style token/tag file (tag in the last column, blank line between sentences). */
export async function loadConll(path: string): Promise<LoadedConll> {
  const name = basename(path);
  const parsed = parseConll(await readText(path), name);
  if (parsed.sentences.length === 0) {
    throw new AssayError('INVALID_INPUT', `${name} holds no tagged tokens.`, {
      hint: 'Expected one "token TAG" per line and a blank line between sentences (CoNLL style).',
    });
  }
  return { file: name, sentences: parsed.sentences, problems: parsed.problems.items };
}
