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
    .argument(
      '<format>',
      'auto, coco, yolo, voc, cvat, label-studio, class-folders, class-csv, text-csv, text-jsonl, conll',
    )
    .argument('<path>', 'annotation file or dataset folder')
    .option('--images <dir>', 'folder the image paths are relative to')
    .option(
      '--as <source>',
      'label source: ground_truth, annotator:<name> or prediction:<model> (default: ground_truth)',
    )
    .option(
      '--pick <rule>',
      'label-studio: which annotation of a task with several to import as --as: latest (default), first, ' +
        'annotator:<name>; or each (every annotation as annotator:<completed_by>)',
    )
    .option(
      '--map-prefix <from=to>',
      'label-studio: replace an image reference prefix (s3://bucket/=/data/); repeatable',
      (value: string, list: string[] = []) => [...list, value],
    )
    .option('--text-column <name>', 'text-csv, text-jsonl: the column or field holding the text')
    .option(
      '--label-column <names>',
      'text-csv, text-jsonl: the label column(s), comma-separated or repeated (several: multi-label)',
      (value: string, list: string[] = []) => [...list, value],
    )
    .option('--id-column <name>', 'text-csv, text-jsonl: the column or field holding a record id (the key)')
    .option(
      '--key-prefix <name>',
      'text formats: record n is the sample <name>#<n> (default: the file name without extension); ' +
        'give annotators and predictions the gold file’s prefix',
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
    .option('--single-file', 'coco: one annotations.json for every split (default: one file per split)')
    .option('--force', 'write into a folder that has files')
    .action(action(program, () => import('./commands/export.js')));

  program
    .command('label-errors')
    .description('find likely label errors: confident learning from labels and predicted probabilities')
    .option('--labels <file>', 'file mode: given labels (.npy, or .csv one per line / a label column)')
    .option('--pred-probs <file>', 'file mode: out-of-sample predicted probabilities (.npy or .csv, N × K)')
    .option('--label-column <name>', 'the label column of a labels CSV with several columns', 'label')
    .option(
      '--pred <source>',
      'project mode: the prediction source with class probabilities (prediction:NAME)',
    )
    .option('--gt <source>', 'project mode: the labels to check', 'ground_truth')
    .option(
      '--method <m>',
      'prune_by_noise_rate, prune_by_class, both, confident_learning, predicted_neq_given, low_normalized_margin, low_self_confidence',
      'prune_by_noise_rate',
    )
    .option(
      '--score <s>',
      'rank by self_confidence, normalized_margin or confidence_weighted_entropy',
      'self_confidence',
    )
    .option('--frac-noise <f>', 'flag this fraction of the estimated errors (prune methods)')
    .option('--min-examples-per-class <n>', 'never flag a class below this many examples (default 1)')
    .option('--normalize', 'clip probabilities to [0, 1] and renormalise each row first')
    .option('--top <n>', 'rows in the table of top issues', '20')
    .action(action(program, () => import('./commands/label-errors.js')));

  program
    .command('check')
    .description(
      'run the media and label checks, store the issues, and evaluate a quality plan (exit 1 when it fails)',
    )
    .option('--plan <file>', 'plan file (YAML or JSON): composition targets and issue limits')
    .option('--only <types>', 'comma-separated issue types to check (default: all)')
    .action(action(program, () => import('./commands/check.js')));

  program
    .command('issues')
    .description('list issues with their evidence, with counts by type and severity')
    .option('--type <types>', 'comma-separated issue types to list')
    .option('--limit <n>', 'list at most this many issues (default: 30 in the table, all with --json)')
    .action(action(program, () => import('./commands/issues.js')));

  program
    .command('stats')
    .description(
      'dataset statistics: classes per split and source, objects per image, box sizes, co-occurrence, metrics',
    )
    .action(action(program, () => import('./commands/stats.js')));

  program
    .command('report')
    .description(
      'write one self-contained HTML report: overview, plots, issues with thumbnails, plan, datasheet',
    )
    .option('--out <file>', 'HTML file to write', 'report.html')
    .option('--plan <file>', 'plan file (YAML or JSON) whose results the report shows')
    .option('--examples <n>', 'worst examples shown per issue type', '6')
    .action(action(program, () => import('./commands/report.js')));

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
    .description(
      'generate the shapes demo dataset with planted problems, import, scan and check it, and write a report',
    )
    .argument('[dir]', 'folder to create', 'assay-demo')
    .option('--images <n>', 'number of images', '300')
    .option('--seed <n>', 'random seed', '7')
    .action(action(program, () => import('./commands/demo.js')));

  program
    .command('consensus')
    .description(
      'consensus labels, annotator quality and disagreements from the annotator:* sources (or .npy files)',
    )
    .option(
      '--pred <source>',
      'prediction source with class probabilities: CROWDLAB (default: majority vote)',
    )
    .option(
      '--labels-multiannotator <file>',
      'file mode: .npy of labels, examples × annotators, NaN = not labeled',
    )
    .option('--pred-probs <file>', 'file mode: .npy of predicted probabilities, examples × classes')
    .option('--method <m>', 'file mode: best_quality or majority_vote')
    .option('--quality <q>', 'file mode: crowdlab or agreement')
    .action(action(program, () => import('./commands/consensus.js')));

  program
    .command('agree')
    .description(
      'annotator agreement: kappa and alpha on a ratings file, span F1 on CoNLL files, or the project annotators',
    )
    .option('--ratings <file>', 'file mode: ratings CSV (header of rater names, one row per item) or .npy')
    .option('--spans <gold>', 'file mode: gold CoNLL file (token and BIO tag per line)')
    .option('--pred <files...>', 'with --spans: CoNLL files of systems or annotators to compare')
    .option('--scheme <s>', 'span reading: conlleval (as conlleval.pl) or iob2 (strict)', 'conlleval')
    .option('--min-agreement <x>', 'project mode: samples agreeing less become issues', '1')
    .option('--iou <t>', 'project mode: IoU a box match needs', '0.5')
    .action(action(program, () => import('./commands/agree.js')));

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
