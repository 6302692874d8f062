/** A group (folder, patient, video…) whose samples are in more than one split. */
export interface GroupLeak {
  group: string;
  /** Rows of the group per split name, ascending. */
  splits: Map<string, number[]>;
}

/**
 * Groups that cross splits: rows sharing a key (a folder, a metadata field's value) but assigned to
 * different splits. Rows without a key or without a split are left out. Groups in the order of their
 * first row.
 */
export function groupLeakage(
  keys: readonly (string | undefined)[],
  splits: readonly (string | null)[],
): GroupLeak[] {
  const groups = new Map<string, Map<string, number[]>>();
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const split = splits[i];
    if (key === undefined || split == null) continue;
    let bySplit = groups.get(key);
    if (!bySplit) groups.set(key, (bySplit = new Map()));
    const rows = bySplit.get(split);
    if (rows) rows.push(i);
    else bySplit.set(split, [i]);
  }
  const out: GroupLeak[] = [];
  for (const [group, bySplit] of groups) if (bySplit.size > 1) out.push({ group, splits: bySplit });
  return out;
}
