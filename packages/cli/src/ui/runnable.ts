import { fileURLToPath } from 'node:url';
import { assayCommand } from './assay-command.js';

let command: string | undefined;

/**
 * Text with every command it quotes (`` `assay scan` ``) written as this installation runs from the
 * user's shell: unchanged when `assay` on PATH is this CLI, else `` `node /path/to/bin/assay.js scan` ``
 * (assay-command.ts), so a hint's command works as printed.
 */
export function runnable(text: string): string {
  if (!text.includes('`assay ')) return text;
  command ??= assayCommand(fileURLToPath(new URL('../../bin/assay.js', import.meta.url)));
  // Only a quoted command (`assay scan`), not the name itself (`assay`, as in "to type just `assay`").
  return command === 'assay' ? text : text.replaceAll('`assay ', `\`${command} `);
}
