import type { Edit } from '../../edits/edit-types.js';
import type { FixRule } from '../../edits/fix-rules.js';
import { type FixInput, planFixes, type RulePlan } from '../../edits/plan-fixes.js';
import type { Project } from '../project.js';
import { storeDb } from '../store/duckdb-store.js';
import { shownSizeSql } from '../store/shown-size.js';
import { STATE_COLUMNS, STATE_JOINS, stateRows } from './annotation-row.js';
import { applyEdits } from './apply-edits.js';

/** Boxes are clipped to the image as it is shown (EXIF orientation applied; see shown-size.ts). */
const SHOWN = shownSizeSql('');

export interface FixExample {
  op: Edit['op'];
  annotation_id: number | null;
  issue_id: number | null;
  sample: string;
  reason: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** What one rule did (or, in a dry run, would do): field names are part of `assay fix --json`. */
export interface FixRuleSummary {
  index: number;
  rule: string;
  where: string;
  params: Record<string, unknown>;
  source: string;
  edits: number;
  deleted: number;
  updated: number;
  added: number;
  /** Samples excluded (their annotations are deleted with them, as edits of the same batch). */
  excluded: number;
  classes_created: string[];
  skipped: { count: number; reason: string }[];
  /** The edit batch written (null in a dry run or when the rule changed nothing). */
  batch: number | null;
  examples: FixExample[];
}

export interface RunFixOptions {
  dryRun?: boolean;
  author?: string;
  /** Examples listed per rule (default 5). */
  examples?: number;
}

export interface RunFixSummary {
  dry_run: boolean;
  rules: FixRuleSummary[];
  /** The project revision afterwards. */
  revision: number;
}

async function loadInput(project: Project): Promise<{ input: FixInput; keys: Map<number, string> }> {
  const db = storeDb(project.store);
  const samples = await db.all<{
    id: number;
    key: string;
    split: string | null;
    status: string;
    sha256: string | null;
    w: number | null;
    h: number | null;
  }>(
    `SELECT id, key, split, scan_status AS status, sha256, ${SHOWN.width} AS w,
        ${SHOWN.height} AS h FROM samples ORDER BY id`,
  );
  const imageSizes = new Map<number, [number, number]>();
  for (const s of samples) if (s.w && s.h) imageSizes.set(s.id, [s.w, s.h]);
  const annotations = await stateRows(
    db,
    `SELECT ${STATE_COLUMNS} FROM annotations a ${STATE_JOINS} ORDER BY a.id`,
  );
  const classes = (await project.store.listClasses()).map((c) => c.name);
  const issues = await project.store.listIssues({ status: ['open'] });
  const fixSamples = samples.map((s) => ({
    id: s.id,
    key: s.key,
    split: s.split,
    status: s.status,
    sha256: s.sha256,
  }));
  return {
    input: { classes, annotations, imageSizes, issues, samples: fixSamples },
    keys: new Map(samples.map((s) => [s.id, s.key])),
  };
}

function summarize(plan: RulePlan, input: FixInput, keys: Map<number, string>, n: number): FixRuleSummary {
  const byId = new Map(input.annotations.map((a) => [a.id, a]));
  const examples = plan.edits.slice(0, n).map((e): FixExample => {
    const id = 'annotationId' in e ? e.annotationId : null;
    const a = id === null ? undefined : byId.get(id);
    const set = e.op === 'update' ? (e.set as Record<string, unknown>) : null;
    return {
      op: e.op,
      annotation_id: id,
      issue_id: e.issueId ?? (e.op === 'issue_status' ? e.id : null),
      sample: a
        ? (keys.get(a.sampleId) ?? String(a.sampleId))
        : 'sampleId' in e
          ? (keys.get(e.sampleId) ?? '')
          : '',
      reason: e.reason ?? '',
      before:
        a && set
          ? Object.fromEntries(
              Object.keys(set).map((k) => [k, (a as unknown as Record<string, unknown>)[k] ?? null]),
            )
          : null,
      after: set ?? (e.op === 'add' ? (e.shape as Record<string, unknown>) : null),
    };
  });
  return {
    index: plan.rule.index,
    rule: plan.rule.name,
    where: plan.rule.where,
    params: plan.rule.params,
    source: plan.rule.source,
    edits: plan.edits.length,
    deleted: plan.edits.filter((e) => e.op === 'delete').length,
    added: plan.edits.filter((e) => e.op === 'add').length,
    excluded: plan.edits.filter((e) => e.op === 'exclude').length,
    updated: plan.edits.filter((e) => e.op === 'update').length,
    classes_created: plan.newClasses,
    skipped: plan.skipped,
    batch: null,
    examples,
  };
}

/**
 * `assay fix`: plans every rule (each on the result of the previous), then, unless a dry run, applies
 * each rule's edits as one batch, all in one transaction (an error changes nothing).
 */
export async function runFix(
  project: Project,
  rules: readonly FixRule[],
  options: RunFixOptions = {},
): Promise<RunFixSummary> {
  const { input, keys } = await loadInput(project);
  const plans = planFixes(input, rules);
  const summaries = plans.map((p) => summarize(p, input, keys, options.examples ?? 5));
  const db = storeDb(project.store);
  if (options.dryRun) {
    return {
      dry_run: true,
      rules: summaries,
      revision: await db.scalar('SELECT coalesce(max(seq), 0) FROM edits'),
    };
  }
  await project.store.transaction(async () => {
    for (const [i, plan] of plans.entries()) {
      if (plan.newClasses.length > 0)
        await project.store.upsertClasses(plan.newClasses.map((name) => ({ name })));
      if (plan.edits.length === 0) continue;
      const result = await applyEdits(project, plan.edits, {
        ...(options.author ? { author: options.author } : {}),
        rule: `${plan.rule.name} (${plan.rule.where})`,
      });
      summaries[i]!.batch = result.batch;
    }
  });
  return {
    dry_run: false,
    rules: summaries,
    revision: await db.scalar('SELECT coalesce(max(seq), 0) FROM edits'),
  };
}
