import { type Command, Option } from 'commander';
import { action } from './program-action.js';

/** The commands that read data in and measure it: init, import, embed, similar, scan, info, export, label-errors, check, issues, stats, report, eval. */
export function registerDataCommands(program: Command): void {
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
      'auto, coco, yolo, voc, cvat, label-studio, label-studio-text, createml, labelme, via, supervisely, datumaro, open-images, mot, cityscapes, widerface, sam, image-list, coco-panoptic, vott, market1501, msmt17, camvid, celeba, segmentation-mask, box-csv, class-folders, class-csv, image-folder (photos without labels), text-csv, text-jsonl, conll, brat, kitti, kitti-raw, nuscenes, pcd, ply, las; or embeddings (.npy/.npz/.csv/.parquet)',
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
      'text-csv, text-jsonl: the label column(s), comma-separated or repeated (several: multi-label); via: the region attribute holding the class',
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
    .argument(
      '<format>',
      'coco, yolo, voc, cvat, label-studio, label-studio-text, createml, labelme, box-csv, class-folders, class-csv, text-csv, text-jsonl, conll, brat, kitti, nuscenes, pcd, ply',
    )
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
}
