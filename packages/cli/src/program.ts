// Start-up matters (`assay --version` should take well under 0.25 s): this file imports only commander
// and the small ui/ helpers. @assay/core and every command (DuckDB, sharp) are imported when needed.
import { Command, CommanderError } from 'commander';
import { classify, report } from './program-action.js';
import { registerDataCommands } from './register-data-commands.js';
import { registerEditCommands } from './register-edit-commands.js';
import { registerPeopleAndModelCommands } from './register-people-commands.js';
import { createOutput } from './ui/output.js';
import { writeStderr, writeStdout } from './ui/std-streams.js';

export function buildProgram(): Command {
  const program = new Command('assay')
    .description('Assay: quantify, clean, review and document training datasets.')
    .version('0.1.0')
    .option('--json', 'print one JSON document instead of tables')
    .option('--debug', 'show stack traces for every error')
    .option('--project <dir>', 'the project folder (default: found from the working folder upwards)')
    .showHelpAfterError()
    .exitOverride()
    // usage, help and commander's errors go where the rest of the output goes (ui/std-streams.ts)
    .configureOutput({ writeOut: writeStdout, writeErr: writeStderr });

  registerDataCommands(program);
  registerPeopleAndModelCommands(program);
  registerEditCommands(program);
  return program;
}

/**
 * Runs the command `argv` names (`[node, script, ...args]`, as process.argv) and sets process.exitCode:
 * 0, 2 for a usage error, else the command's own or its error's (errors.ts `exitCodeFor`).
 */
export async function runProgram(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    const { error: e, exitCode } = await classify(error);
    report(e, createOutput({ json: argv.includes('--json'), debug: argv.includes('--debug') }));
    process.exitCode = exitCode;
  }
}
