/**
 * Per-record problems an importer collects instead of stopping: the user sees a summary
 * ("imported 4,812 samples; skipped 3 records") and the list, each naming its file and record.
 */
export interface Problem {
  file: string;
  /** Where in the file: "annotations[12] (id 845)", "line 7", "<image name=\"a.jpg\">". */
  record?: string;
  reason: string;
  hint?: string;
  /** `error`: the record was skipped. `warning`: it was kept, possibly changed (the reason says how). */
  severity: 'error' | 'warning';
}

export class ProblemList {
  readonly items: Problem[] = [];

  skip(file: string, record: string | undefined, reason: string, hint?: string): void {
    this.items.push({
      file,
      ...(record === undefined ? {} : { record }),
      reason,
      ...(hint ? { hint } : {}),
      severity: 'error',
    });
  }

  warn(file: string, record: string | undefined, reason: string, hint?: string): void {
    this.items.push({
      file,
      ...(record === undefined ? {} : { record }),
      reason,
      ...(hint ? { hint } : {}),
      severity: 'warning',
    });
  }

  get skipped(): number {
    return this.items.filter((p) => p.severity === 'error').length;
  }
}

/**
 * The message of an error a decoder threw about `file`, without the file name it begins with: the
 * problem names the file already, and the user would read it twice.
 */
export function reasonAbout(error: unknown, file: string): string {
  const message = error instanceof Error ? error.message : String(error);
  if (file === '' || !message.startsWith(file)) return message;
  const rest = message.slice(file.length).replace(/^:\s*/, '').trim();
  return rest === '' ? message : rest;
}
