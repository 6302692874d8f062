// Start-up matters (`assay --version` should take well under 0.25 s): this file imports only commander
// and the small ui/ helpers. @assay/core and every command (DuckDB, sharp) are imported when needed.
import { Command, CommanderError } from 'commander';
import { classify, report } from './program-action.js';
import { registerDataCommands } from './register-data-commands.js';
import { registerEditCommands } from './register-edit-commands.js';
import { registerPeopleAndModelCommands } from './register-people-commands.js';
import { closeQuietlyOnBrokenPipe } from './ui/broken-pipe.js';
import { createOutput } from './ui/output.js';

export function buildProgram(): Command {
  const program = new Command('assay')
    .description('Assay: quantify, clean, review and document training datasets.')
    .version('0.1.0')
    .option('--json', 'print one JSON document instead of tables')
    .option('--debug', 'show stack traces for every error')
    .option('--project <dir>', 'the project folder (default: found from the working folder upwards)')
    .showHelpAfterError()
    .exitOverride();

  registerDataCommands(program);
  registerPeopleAndModelCommands(program);
  registerEditCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  closeQuietlyOnBrokenPipe();
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

await main(process.argv);
