// The bundle's second entry point: bin/assay.js runs it for a line with `eval` and `coco` in it, and
// main.ts when it answers false. A plain `assay eval coco …` line (eval-coco-argv.ts) runs here without
// commander; every other line goes through commander (main.ts) as before.
import { evalCocoArgv } from './eval-coco-argv.js';
import { runCommand } from './program-action.js';
import { closeQuietlyOnBrokenPipe } from './ui/broken-pipe.js';

/** Runs `argv` (as process.argv) when it is a plain `eval coco` line; false (nothing done) otherwise. */
export async function runEvalCoco(argv: readonly string[]): Promise<boolean> {
  const line = evalCocoArgv(argv);
  if (line === undefined) return false;
  closeQuietlyOnBrokenPipe();
  await runCommand(line.globals, line.options, line.positional, () => import('./commands/eval.js'));
  return true;
}
