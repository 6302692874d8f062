import type { Command } from 'commander';
import { action } from './program-action.js';

/** The commands that change a project, keep its history and release it: fix, edit, sample, resolve, history, select, simulate-al, split, undo, snapshot(s), release, diff, inspect. */
export function registerEditCommands(program: Command): void {
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
}
