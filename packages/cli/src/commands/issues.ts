import { AssayError } from '@assay/core/errors';
// The project module alone, not the @assay/core/node barrel (loaded only to check --type names): a page of
// issues starts fast (issue 12).
import { openProject } from '@assay/core/node/project';
import type { CommandContext } from '../context.js';
import { count } from '../ui/output.js';
import { table } from '../ui/table.js';

interface IssuesOptions {
  type?: string;
  limit?: string;
}

type Severity = 'error' | 'warning' | 'info';
const SEVERITIES: Severity[] = ['error', 'warning', 'info'];
/** Issues a human listing shows without --limit. */
const SHOWN = 30;

/** One issue as `assay issues --json` prints it: field names are part of the public contract. */
export interface IssueView {
  id: number;
  type: string;
  severity: Severity;
  score: number;
  /** The sample's path as imported (its key), or null for an issue about a class or the dataset. */
  sample: string | null;
  /** Paths of the other samples involved (details.related_sample_ids). */
  related: string[];
  reason: string;
  annotation_id: number | null;
  status: string;
  details: Record<string, unknown>;
}

function limitOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0)
    throw new AssayError('USAGE', `--limit takes a whole number, not "${text}".`);
  return n;
}

/** The --type list; a type no command writes is a usage error, as `assay check --only` makes it. */
async function typesOf(text: string | undefined): Promise<string[] | undefined> {
  const types = text
    ?.split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  if (types === undefined) return undefined;
  const { KNOWN_ISSUE_TYPES } = await import('@assay/core/node/known-issue-types');
  const unknown = types.filter((t) => !KNOWN_ISSUE_TYPES.includes(t));
  if (unknown.length > 0) {
    throw new AssayError('USAGE', `Unknown issue type(s): ${unknown.join(', ')}.`, {
      hint: `Issue types: ${KNOWN_ISSUE_TYPES.join(', ')}.`,
    });
  }
  return types;
}

/**
 * `assay issues [--type T,...] [--limit N]`: open and confirmed issues with counts by type and severity,
 * most important first (severity, then score). Reads the counts by GROUP BY and only the issues it prints.
 */
export async function run(options: IssuesOptions, ctx: CommandContext): Promise<number> {
  const types = await typesOf(options.type);
  const limit = limitOf(options.limit);
  const { out } = ctx;
  const project = await openProject(ctx.projectDir, { readOnly: true });
  try {
    const query = types === undefined ? {} : { types };
    const byType: Record<string, Record<Severity | 'total', number>> = {};
    let total = 0;
    for (const c of await project.store.issueCounts(query)) {
      byType[c.type] ??= { error: 0, warning: 0, info: 0, total: 0 };
      byType[c.type]![c.severity] += c.n;
      byType[c.type]!.total += c.n;
      total += c.n;
    }
    const pageSize = out.json ? limit : Math.min(limit ?? SHOWN, total);
    const listed = total === 0 ? [] : await project.store.listIssuePage({ ...query, limit: pageSize });
    const issues: IssueView[] = listed.map((i) => ({
      id: i.id,
      type: i.type,
      severity: i.severity,
      score: i.score,
      sample: i.sampleKey ?? null,
      related: i.relatedKeys,
      reason: i.reason,
      annotation_id: i.annotationId ?? null,
      status: i.status,
      details: i.details ?? {},
    }));
    out.result({ total, by_type: byType, issues });
    if (total === 0) {
      out.line(
        types ? `No issues of type ${types.join(', ')}.` : 'No issues. Run `assay scan` and `assay check`.',
      );
      return 0;
    }
    const rows = Object.entries(byType).map(([t, c]) => [t, ...SEVERITIES.map((s) => c[s]), c.total]);
    out.line(table(rows, ['type', ...SEVERITIES, 'total']));
    out.line();
    for (const i of issues) {
      const also =
        i.related.length > 0
          ? ` (with ${i.related.slice(0, 3).join(', ')}${i.related.length > 3 ? ', …' : ''})`
          : '';
      out.line(
        `${i.severity.padEnd(7)} ${i.score.toFixed(2)}  ${i.sample ?? '(dataset)'}  ${i.type}: ${i.reason}${also}`,
      );
    }
    if (total > issues.length)
      out.line(`… and ${count(total - issues.length)} more (--limit N, --type T, or --json for all).`);
    return 0;
  } finally {
    await project.close();
  }
}
