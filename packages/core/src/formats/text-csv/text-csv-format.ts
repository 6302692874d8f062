import { parseCsv } from '../classification/csv-rows.js';
import { defineFormat } from '../define-format.js';
import { baseName, extName } from '../paths.js';
import { TEXT_NAMES, textPair } from '../text-records.js';
import { guessHeaderlessColumns, isHeaderless } from './headerless.js';
import { csvDelimiter, readTextCsv, textColumns } from './text-csv-read.js';
import { tokenColumns } from './token-rows.js';

/**
 * Text classification as CSV or TSV (banking77's `text,category`): a header naming a text column and
 * label column(s), chosen by name or by `--text-column` / `--label-column` / `--id-column`; a file without
 * a header row (GLUE's CoLA, `label<TAB>text` files) by its columns' numbers, guessed from its rows. A token-per-row
 * NER CSV (Kaggle's `Sentence #,Word,POS,Tag`) is read as sentences with entity spans.
 */
export const textCsv = defineFormat({
  id: 'text-csv',
  title: 'Text classification CSV/TSV (text,label)',
  tasks: ['classification'],
  capabilities: { roundTrip: ['classification'], keepsClassIds: false, needsImages: false, scores: false },
  readOptions: ['text-column', 'label-column', 'id-column', 'key-prefix'],
  async detect(path, io) {
    if (!['.csv', '.tsv', '.tab'].includes(extName(path)) || (await io.isDirectory(path))) return undefined;
    const text = (await io.readText(path)).slice(0, 65536);
    try {
      const rows = parseCsv(
        text.slice(0, text.lastIndexOf('\n') + 1 || text.length),
        baseName(path),
        csvDelimiter(path, text),
      );
      const header = rows[0]?.cells;
      if (!header) return undefined;
      const tokens = tokenColumns(header, rows);
      if (tokens !== undefined)
        return {
          confidence: 0.8,
          reason: `a token-per-row NER CSV: sentence "${header[tokens.sentence]}", token "${header[tokens.token]}", tag "${header[tokens.tag]}" (BIO)`,
        };
      if (isHeaderless(header)) {
        const guess = guessHeaderlessColumns(rows);
        return guess === undefined
          ? {
              confidence: 0.3,
              reason: `a CSV without a header row (its first row is data): assay import text-csv ${path} --text-column <N> --label-column <N> (columns by number, from 1)`,
            }
          : {
              confidence: 0.6,
              reason: `a CSV without a header row: column ${guess.text + 1} holds sentences, column ${guess.label + 1} few values (a label)`,
            };
      }
      const lower = header.map((h) => h.trim().toLowerCase());
      if (
        !lower.some((h) => TEXT_NAMES.includes(h)) &&
        !textPair((f) => lower.includes(f)) &&
        header.length >= 2
      )
        // No column named as a text: a weak guess naming the columns and the options that choose them.
        return {
          confidence: 0.3,
          reason: `a CSV with the columns ${header.slice(0, 8).join(', ')}${header.length > 8 ? ', …' : ''} and none named as the text (${TEXT_NAMES.join(', ')}): assay import text-csv ${path} --text-column <column> --label-column <column(s)>`,
        };
      const cols = textColumns(header, path);
      if (cols.labels.length === 0) return undefined;
      const what = cols.pair
        ? `text columns "${header[cols.pair[0]]}" and "${header[cols.pair[1]]}" (a pair)`
        : `a text column "${header[cols.text]}"`;
      return {
        confidence: 0.75,
        reason: `a CSV with ${what} and a label column "${header[cols.labels[0]!]}"`,
      };
    } catch {
      return undefined;
    }
  },
  read: readTextCsv,
  write: async (input) => (await import('./text-csv-write.js')).writeTextCsv(input),
});
