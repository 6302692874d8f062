import { AssayError } from '../../errors.js';

/** Excel's first line naming the delimiter (`sep=;`), which it writes and honours. */
const EXCEL_SEP = /^sep=([^\r\n])\r?\n/;

/** One CSV record and the (1-based) line it starts on. */
export interface CsvRow {
  line: number;
  cells: string[];
}

/**
 * A small RFC 4180 reader: `delimiter`-separated fields, optional double quotes around a field
 * (`""` inside is one quote, delimiters and line breaks inside are kept), CRLF or LF line ends,
 * a UTF-8 BOM ignored, blank lines skipped; a first line `sep=;` (Excel's) names the delimiter and is no
 * row. Lenient where the RFC is strict: a quote inside an unquoted field is kept as text. An unterminated
 * quote is a PARSE_ERROR naming the line it opened on.
 */
export function parseCsv(text: string, file: string, delimiter = ','): CsvRow[] {
  const rows: CsvRow[] = [];
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const sep = EXCEL_SEP.exec(src);
  if (sep) delimiter = sep[1]!;
  let cells: string[] = [];
  let cell = '';
  let line = sep ? 2 : 1;
  let rowLine = line;
  let i = sep ? sep[0].length : 0;
  const endRow = (): void => {
    cells.push(cell);
    if (cells.length > 1 || cells[0] !== '') rows.push({ line: rowLine, cells });
    cells = [];
    cell = '';
  };
  while (i < src.length) {
    const c = src[i] as string;
    if (c === '"' && cell === '') {
      const opened = line;
      let j = i + 1;
      for (;;) {
        if (j >= src.length) {
          throw new AssayError(
            'PARSE_ERROR',
            `${file}: the quoted field opened on line ${opened} is never closed.`,
            {
              hint: 'The file may be truncated, or a field has an unbalanced double quote (write "" for a quote).',
              details: { file, line: opened },
            },
          );
        }
        const d = src[j] as string;
        if (d === '"' && src[j + 1] === '"') {
          cell += '"';
          j += 2;
        } else if (d === '"') break;
        else {
          if (d === '\n') line++;
          cell += d;
          j++;
        }
      }
      i = j + 1;
    } else if (c === delimiter) {
      cells.push(cell);
      cell = '';
      i++;
    } else if (c === '\n' || c === '\r') {
      endRow();
      i += c === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line++;
      rowLine = line;
    } else {
      cell += c;
      i++;
    }
  }
  if (cell !== '' || cells.length > 0) endRow();
  return rows;
}

/** A CSV field, quoted when it holds a delimiter, quote or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
