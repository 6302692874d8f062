/**
 * A word as a POSIX shell reads it back unchanged: bare when it is plain, else single-quoted (for commands in
 * hints). The CLI keeps its own copy (cli/src/ui/assay-command.ts) so that its start loads no part of core.
 */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
