import { type GroupLeak, groupLeakage } from '../../split/group-leakage.js';
import type { NewIssue } from '../../store/project-store.js';
import type { Project } from '../project.js';
import { storeDb } from '../store/duckdb-store.js';
import { fieldValue, loadSplitSamples } from './split-inputs.js';

/**
 * `split_leakage` issues for groups that cross splits, one per group and grouping: `by` names the
 * groupings (`folder` or a metadata field; default: the field the latest `assay split --group` kept
 * together, none when it grouped by near-duplicates, which the duplicate checks already cover). The
 * issue sits on the first sample of the group's smallest split (the ones to move).
 */
export async function groupLeakageIssues(project: Project, by?: readonly string[]): Promise<NewIssue[]> {
  const fields = by ?? (await lastSplitGroups(project));
  if (fields.length === 0) return [];
  const samples = await loadSplitSamples(project);
  const splits = samples.map((s) => s.split);
  const issues: NewIssue[] = [];
  for (const field of fields)
    for (const leak of groupLeakage(
      samples.map((s) => fieldValue(s, field)),
      splits,
    ))
      issues.push(leakIssue(leak, field, samples));
  return issues;
}

function leakIssue(
  leak: GroupLeak,
  field: string,
  samples: readonly { id: number; key: string }[],
): NewIssue {
  const parts = [...leak.splits].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  const smallest = parts.at(-1)!;
  const first = samples[smallest[1][0]!]!;
  const counts = parts.map(([split, rows]) => `${split} ${rows.length}`).join(', ');
  const ids = parts.flatMap(([, rows]) => rows).map((r) => samples[r]!.id);
  return {
    sampleId: first.id,
    type: 'split_leakage',
    severity: 'error',
    score: 1,
    reason: `The ${field} group "${leak.group}" is split across ${parts.length} splits (${counts}): its samples should stay together; ${first.key} and the other ${smallest[1].length - 1} in ${smallest[0]} would move.`,
    details: {
      match: 'group',
      group_by: field,
      group: leak.group,
      splits: Object.fromEntries(parts.map(([split, rows]) => [split, rows.length])),
      related_sample_ids: ids.slice(0, 100),
    },
  };
}

/** The `--group` of the latest `assay split` (from its edits' reason), unless near-duplicates. */
async function lastSplitGroups(project: Project): Promise<string[]> {
  const row = await storeDb(project.store).one<{ reason: string | null }>(
    "SELECT reason FROM edits WHERE rule = 'split' ORDER BY seq DESC LIMIT 1",
  );
  const group = row?.reason?.match(/ grouped by (.+) \(seed \d+\)$/)?.[1];
  return group === undefined || group === 'near-duplicates' ? [] : [group];
}
