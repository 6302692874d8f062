/** Where commands print: human text on stdout, progress and notes on stderr, or one JSON document. */
export interface Output {
  json: boolean;
  debug: boolean;
  /** A line for people (suppressed under --json). */
  line(text?: string): void;
  /** A note on stderr (suppressed under --json). */
  note(text: string): void;
  /** The machine result (printed only under --json). */
  result(value: unknown): void;
  /** Stderr is a terminal and we may draw progress. */
  interactive: boolean;
}

export function createOutput(options: { json: boolean; debug: boolean }): Output {
  return {
    json: options.json,
    debug: options.debug,
    interactive: !options.json && process.stderr.isTTY === true,
    line(text = '') {
      if (!options.json) process.stdout.write(`${text}\n`);
    },
    note(text) {
      if (!options.json) process.stderr.write(`${text}\n`);
    },
    result(value) {
      if (options.json) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
  };
}

/** Formats rows as an aligned text table; numbers right-aligned. */
export function table(rows: (string | number)[][], header?: string[]): string {
  const all = header ? [header, ...rows] : rows;
  const widths: number[] = [];
  for (const row of all) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, String(cell).length);
    });
  }
  const fmt = (row: (string | number)[]) =>
    row
      .map((cell, i) =>
        typeof cell === 'number' ? String(cell).padStart(widths[i]!) : String(cell).padEnd(widths[i]!),
      )
      .join('  ')
      .trimEnd();
  const lines = all.map(fmt);
  if (header) lines.splice(1, 0, widths.map((w) => '─'.repeat(w)).join('  '));
  return lines.join('\n');
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}
