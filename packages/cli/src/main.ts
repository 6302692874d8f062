import { type AssayError, exitCodeFor, toAssayError } from '@assay/core';
import { Command, CommanderError, Option } from 'commander';
import type { CommandContext } from './context.js';
import { createOutput, type Output } from './ui/output.js';

/** Prints an error as STYLE.md says: `✖ message` and the hint; a stack only when unexpected or --debug. */
function report(error: AssayError, out: Output): void {
  if (out.json) {
    process.stdout.write(`${JSON.stringify({ error: error.toJSON() }, null, 2)}\n`);
  } else {
    process.stderr.write(`✖ ${error.message}\n`);
    if (error.hint) process.stderr.write(`  ${error.hint}\n`);
  }
  const cause = error.cause instanceof Error ? error.cause : undefined;
  if (out.debug || error.code === 'INTERNAL') process.stderr.write(`${(cause ?? error).stack ?? ''}\n`);
}

type Loader = () => Promise<{ run: (args: never, ctx: CommandContext) => Promise<number> }>;

function action(program: Command, load: Loader) {
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    const globals = program.opts<{ json?: boolean; debug?: boolean; project?: string }>();
    const out = createOutput({ json: globals.json === true, debug: globals.debug === true });
    const controller = new AbortController();
    let interrupts = 0;
    const onSigint = () => {
      interrupts++;
      if (interrupts > 1) process.exit(130);
      out.note(
        '\nInterrupted: finishing the files in flight and saving what is done (Ctrl-C again to quit now).',
      );
      controller.abort();
    };
    process.on('SIGINT', onSigint);
    const ctx: CommandContext = {
      out,
      projectDir: globals.project ?? process.cwd(),
      signal: controller.signal,
    };
    try {
      const positional = args.slice(0, -2);
      const options = command.opts();
      const mod = await load();
      process.exitCode = await mod.run({ ...options, args: positional } as never, ctx);
    } catch (error) {
      const e = toAssayError(error);
      report(e, out);
      process.exitCode = exitCodeFor(e);
    } finally {
      process.off('SIGINT', onSigint);
    }
  };
}

export function buildProgram(): Command {
  const program = new Command('assay')
    .description('Assay: quantify, clean, review and document training datasets.')
    .version('0.1.0')
    .option('--json', 'print one JSON document instead of tables')
    .option('--debug', 'show stack traces for every error')
    .option('--project <dir>', 'the project folder (default: found from the working folder upwards)')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('init')
    .description('create a project folder (.assay/ holds its database)')
    .argument('[dir]', 'folder to create', '.')
    .option('--name <name>', 'project name (default: the folder name)')
    .action(action(program, () => import('./commands/init.js')));

  program
    .command('import')
    .description('import annotations (or predictions) in a format, or `auto` to detect it')
    .argument('<format>', 'auto, coco, yolo, voc, cvat, label-studio, class-folders, class-csv')
    .argument('<path>', 'annotation file or dataset folder')
    .option('--images <dir>', 'folder the image paths are relative to')
    .option(
      '--as <source>',
      'label source: ground_truth, annotator:<name> or prediction:<model>',
      'ground_truth',
    )
    .option('--split <name>', 'assign every imported sample to this split')
    .option('--replace', "replace the source's existing annotations")
    .action(action(program, () => import('./commands/import.js')));

  program
    .command('scan')
    .description('probe every image: size, format, hash; missing, corrupt and mismatched files become issues')
    .option('--force', 're-probe files whose size and modification time are unchanged')
    .option('--concurrency <n>', 'files in flight (default: a few per core)')
    .addOption(
      new Option('--max-pixels <n>', 'refuse to decode larger images (decompression bombs)').default(
        '100000000',
      ),
    )
    .action(action(program, () => import('./commands/scan.js')));

  program
    .command('info')
    .description('what the project holds: samples, sources, classes, splits, scan status, issues')
    .action(action(program, () => import('./commands/info.js')));

  program
    .command('export')
    .description('write the project in a format')
    .argument('<format>', 'coco, yolo, voc, cvat, label-studio, class-folders, class-csv')
    .argument('<out>', 'output folder (must be empty unless --force)')
    .option('--source <names...>', 'label sources to export', ['ground_truth'])
    .option('--no-images', 'write annotations only, do not copy images')
    .option('--force', 'write into a folder that has files')
    .action(action(program, () => import('./commands/export.js')));

  program
    .command('eval')
    .description(
      'evaluate predictions: `eval coco --gt GT.json --dt DT.json` (files), or `eval --gt SOURCE --pred prediction:NAME` (project)',
    )
    .argument('[mode]', 'coco: COCO JSON files, pycocotools-exact; omit for project mode')
    .option('--gt <x>', 'ground truth: a COCO JSON file (coco) or a label source (project)')
    .option('--dt <file>', 'coco: the COCO results JSON (a list of detections)')
    .option('--pred <source>', 'project: the prediction source, prediction:<model>')
    .addOption(
      new Option('--iou-type <type>', 'what to compare')
        .choices(['bbox', 'segm', 'keypoints'])
        .default('bbox'),
    )
    .option('--iou <t>', 'project: IoU threshold of a match', '0.5')
    .option('--use-cats', 'match detections only to ground truth of the same class (default)', true)
    .option('--no-use-cats', 'match detections to ground truth of any class')
    .action(action(program, () => import('./commands/eval.js')));

  program
    .command('demo')
    .description('generate the shapes demo dataset with planted problems, import it and scan it')
    .argument('[dir]', 'folder to create', 'assay-demo')
    .option('--images <n>', 'number of images', '300')
    .option('--seed <n>', 'random seed', '7')
    .action(action(program, () => import('./commands/demo.js')));

  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    const e = toAssayError(error);
    report(e, createOutput({ json: argv.includes('--json'), debug: argv.includes('--debug') }));
    process.exitCode = exitCodeFor(e);
  }
}

await main(process.argv);
