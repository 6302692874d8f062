import { runnable } from './runnable.js';
import { stdRedirected, writeStderr, writeStdout } from './std-streams.js';
import { terminalSafe } from './terminal-safe.js';

/**
 * Text for people. A plain string is one line of prose: every control character in it, newlines inside
 * it included, is shown escaped (terminal-safe.ts), so a name from the data cannot forge a line; only
 * blank lines it starts or ends with are kept. A `Table` (from `table()`) keeps its row breaks: its
 * cells were escaped when it was built.
 */
export type HumanText = string | Table;

/** Where commands print: human text on stdout, progress and notes on stderr, or one JSON document. */
export interface Output {
  json: boolean;
  debug: boolean;
  /** A line for people (suppressed under --json). */
  line(text?: HumanText): void;
  /** A note on stderr (suppressed under --json). */
  note(text: HumanText): void;
  /** The machine result (printed only under --json). */
  result(value: unknown): void;
  /** Stderr is a terminal and we may draw progress. */
  interactive: boolean;
}

export function createOutput(options: { json: boolean; debug: boolean }): Output {
  return {
    json: options.json,
    debug: options.debug,
    interactive: !options.json && !stdRedirected() && process.stderr.isTTY === true,
    line(text = '') {
      if (!options.json) writeStdout(`${humanText(text)}\n`);
    },
    note(text) {
      if (!options.json) writeStderr(`${humanText(text)}\n`);
    },
    result(value) {
      if (options.json) writeStdout(`${JSON.stringify(value, null, 2)}\n`);
    },
  };
}

/** Prose made terminal-safe (see HumanText) with its quoted commands runnable (runnable.ts); a table as it was built. */
export function humanText(text: HumanText): string {
  if (text instanceof Table) return text.text;
  const inner = /^(\n*)([\s\S]*?)(\n*)$/.exec(text);
  const [, before = '', body = text, after = ''] = inner ?? [];
  return `${before}${terminalSafe(runnable(body))}${after}`;
}

/** An aligned text table whose cells are terminal-safe (made by table.ts); print it with `out.line`. */
export class Table {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * A measured value for a table: whole numbers as `count` writes them, others with `digits` decimals and
 * the same thousands separators ("10,019.5" to 0 decimals is "10,020", as its whole neighbours read).
 */
export function measure(v: number, digits = 1): string {
  if (Number.isInteger(v)) return count(v);
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** "1 sample", "2 samples", "1,204 classes": the count and the word in the right number. */
export function counted(n: number, singular: string, plural = `${singular}s`): string {
  return `${count(n)} ${n === 1 ? singular : plural}`;
}
