import type { RatingsAgreement, SpanScheme } from '@assay/core';
import { compareConll, corpusSpans } from '@assay/core/agree/compare-conll';
import { ratingsAgreement } from '@assay/core/agree/ratings-agreement';
import { spanAgreement } from '@assay/core/agree/span-agreement';
import { AssayError } from '@assay/core/errors';
import { loadConll, loadRatings } from '@assay/core/node/files';
import type { AgreementRunSummary } from '@assay/core/node/run-agreement';
import type { CommandContext } from '../context.js';
import { count, counted, type Output } from '../ui/output.js';
import { printProblems } from '../ui/problems.js';
import { snakeKeys } from '../ui/snake-keys.js';
import { table } from '../ui/table.js';

interface AgreeOptions {
  ratings?: string;
  spans?: string;
  pred?: string[];
  scheme: string;
  minAgreement: string;
  iou: string;
  level?: string;
}

const LEVELS = ['nominal', 'ordinal', 'interval', 'ratio'] as const;
type Level = (typeof LEVELS)[number];

function levelOf(text: string | undefined): Level | undefined {
  if (text === undefined) return undefined;
  if ((LEVELS as readonly string[]).includes(text)) return text as Level;
  throw new AssayError('USAGE', `--level takes ${LEVELS.join(', ')}, not "${text}".`);
}

const fmt = (x: number | null | undefined, digits = 4) =>
  x === null || x === undefined ? '—' : x.toFixed(digits);

function unitInterval(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || n > 1)
    throw new AssayError('USAGE', `${flag} takes a number from 0 to 1, not "${text}".`);
  return n;
}

/**
 * The figures for people. Ratings are read as nominal categories unless `--level` says they are ordered
 * (ordinal) or numbers (interval, ratio): only then do the alpha of that level and the weighted kappas
 * (linear, quadratic: they weigh a disagreement by the distance between the values) mean anything, and
 * only then are they printed. --json always holds every level.
 */
function printRatings(out: Output, r: RatingsAgreement, level: Level): void {
  out.line(
    `${counted(r.n_items, 'item')} × ${r.n_raters} raters, ${counted(r.n_ratings, 'rating')} ` +
      `(${counted(r.n_items_pairable, 'item')} with ≥ 2, ${count(r.fleiss.n_items)} rated by all); ` +
      `ratings read as ${level}${level === 'nominal' ? ' categories (--level for ordered or numeric ratings)' : ''}.`,
  );
  const a = r.krippendorff_alpha;
  const ordered = level !== 'nominal';
  out.line(
    table(
      [
        ['percent agreement', fmt(r.percent_agreement)],
        ["Fleiss' kappa (complete items)", fmt(r.fleiss_kappa)],
        ["Fleiss' kappa (items with ≥ 2 ratings)", fmt(r.fleiss_variable.kappa)],
        ["Krippendorff's alpha (nominal)", fmt(a.nominal)],
        ...(ordered ? [[`Krippendorff's alpha (${level})`, fmt(a[level])]] : []),
        ["mean Cohen's kappa", fmt(r.mean_cohen_kappa)],
      ],
      ['measure', 'value'],
    ),
  );
  out.line();
  out.line(
    table(
      r.cohen_kappa.map((p) => [
        `${p.raters[0]} / ${p.raters[1]}`,
        p.n_common,
        fmt(p.percent_agreement),
        fmt(p.unweighted),
        ...(ordered ? [fmt(p.linear), fmt(p.quadratic)] : []),
      ]),
      ['pair', 'items', 'agree', 'kappa', ...(ordered ? ['linear', 'quadratic'] : [])],
    ),
  );
}

async function ratingsMode(path: string, level: Level, ctx: CommandContext): Promise<number> {
  const { ratings, problems } = await loadRatings(path);
  if (ratings.items === 0)
    throw new AssayError('INVALID_INPUT', `${path} holds no readable ratings.`, {
      hint: 'One row per item after the header row of rater names; empty cells are missing ratings.',
    });
  const report = ratingsAgreement(ratings);
  ctx.out.result({ file: path, level, ...report, problems });
  printRatings(ctx.out, report, level);
  printProblems(ctx.out, problems, problems.filter((p) => p.severity === 'error').length);
  return 0;
}

async function spansMode(
  goldPath: string,
  predPaths: string[],
  scheme: SpanScheme,
  ctx: CommandContext,
): Promise<number> {
  if (predPaths.length === 0)
    throw new AssayError('USAGE', '--spans GOLD needs at least one --pred FILE to compare with it.', {
      hint: 'e.g. assay agree --spans gold.conll --pred alice.conll bob.conll',
    });
  const gold = await loadConll(goldPath);
  const preds = await Promise.all(predPaths.map((p) => loadConll(p)));
  const against = preds.map((p) => ({ file: p.file, ...compareConll(gold, p, scheme) }));
  const between = [];
  for (let i = 0; i < preds.length; i++)
    for (let j = i + 1; j < preds.length; j++) {
      const a = corpusSpans(preds[i]!, scheme);
      const b = corpusSpans(preds[j]!, scheme);
      const m = spanAgreement(a, b).micro;
      between.push({
        files: [preds[i]!.file, preds[j]!.file],
        spans: [a.length, b.length],
        matching: m.correct,
        f1: m.f1,
      });
    }
  const problems = [gold, ...preds].flatMap((c) => c.problems);
  ctx.out.result({ scheme, gold: gold.file, against_gold: against, between, problems });
  const { out } = ctx;
  out.line(
    `${gold.file}: ${counted(against[0]!.sentences, 'sentence')}, ${counted(against[0]!.tokens, 'token')}, ${counted(against[0]!.reference_spans, 'span')} (${scheme}).`,
  );
  out.line(
    table(
      against.map((c) => [
        c.file,
        c.predicted_spans,
        c.spans.micro.correct,
        fmt(c.spans.micro.precision),
        fmt(c.spans.micro.recall),
        fmt(c.spans.micro.f1),
        fmt(c.token_accuracy),
      ]),
      ['file', 'spans', 'correct', 'precision', 'recall', 'F1', 'token acc'],
    ),
  );
  if (between.length > 0) {
    out.line();
    out.line(
      table(
        between.map((b) => [`${b.files[0]} / ${b.files[1]}`, b.matching, fmt(b.f1)]),
        ['pair', 'same spans', 'F1'],
      ),
    );
  }
  printProblems(out, problems, 0);
  return 0;
}

function printProject(out: Output, s: AgreementRunSummary): void {
  out.line(`Annotators: ${s.annotators.join(', ')}.`);
  // Class labels are categories: only nominal figures mean something for them.
  if (s.classification) printRatings(out, s.classification, 'nominal');
  for (const b of s.boxes) {
    const t = b.thresholds.map((x) => `F1@${x.iou} ${fmt(x.f1, 3)} (same class ${fmt(x.f1_same_class, 3)})`);
    out.line(
      `Boxes ${b.annotators.join(' / ')}: ${count(b.boxes_a)} vs ${count(b.boxes_b)} on ${counted(b.samples, 'sample')}; ` +
        `${t.join(', ')}; mean IoU ${fmt(b.thresholds[0]?.mean_iou, 3)}; class alpha ${fmt(b.class_alpha, 3)}.`,
    );
  }
  for (const p of s.spans) {
    out.line(
      `Spans ${p.annotators.join(' / ')} (by ${p.unit}, conlleval counting): ${count(p.micro.support)} vs ` +
        `${count(p.micro.predicted)} spans, ${count(p.micro.correct)} the same; precision ${fmt(p.micro.precision, 4)}, ` +
        `recall ${fmt(p.micro.recall, 4)}, F1 ${fmt(p.micro.f1, 4)}; macro F1 ${fmt(p.macro_f1, 4)}.`,
    );
  }
  out.line(
    `Low agreement: ${counted(s.issues.low_agreement ?? 0, 'issue')} on ${counted(s.flagged_samples, 'sample')} (run ${s.runId}).`,
  );
  if (s.worst_samples.length > 0)
    out.line(
      table(
        s.worst_samples.slice(0, 10).map((w) => [w.sample, w.kind, fmt(w.score, 3)]),
        ['sample', 'kind', 'score'],
      ),
    );
}

async function projectMode(options: AgreeOptions, ctx: CommandContext): Promise<number> {
  // Project mode only: the store (DuckDB) is loaded here, so file mode starts without it.
  const { openProject } = await import('@assay/core/node/project');
  const { runAgreement } = await import('@assay/core/node/run-agreement');
  const project = await openProject(ctx.projectDir, { command: 'assay agree', onNote: ctx.out.note });
  try {
    const summary = await runAgreement(project, {
      minAgreement: unitInterval(options.minAgreement, '--min-agreement'),
      iou: unitInterval(options.iou, '--iou'),
      signal: ctx.signal,
    });
    ctx.out.result(snakeKeys(summary, 1));
    printProject(ctx.out, summary);
    return 0;
  } finally {
    await project.close();
  }
}

export async function run(options: AgreeOptions, ctx: CommandContext): Promise<number> {
  if (!['conlleval', 'iob2', 'ioe2', 'iobes', 'bilou'].includes(options.scheme))
    throw new AssayError(
      'USAGE',
      `--scheme takes conlleval, iob2, ioe2, iobes or bilou, not "${options.scheme}".`,
      {
        hint: "conlleval is seqeval's default mode; the others are its strict mode with that scheme.",
      },
    );
  if (options.ratings && options.spans)
    throw new AssayError('USAGE', 'Give either --ratings or --spans, not both.');
  const level = levelOf(options.level);
  if (options.ratings) return ratingsMode(options.ratings, level ?? 'nominal', ctx);
  if (level !== undefined)
    throw new AssayError('USAGE', '--level is for --ratings files.', {
      hint: "The project's class labels are categories (nominal); spans have no level.",
    });
  if (options.spans) return spansMode(options.spans, options.pred ?? [], options.scheme as SpanScheme, ctx);
  if (options.pred) throw new AssayError('USAGE', '--pred needs --spans GOLD.');
  return projectMode(options, ctx);
}
