import { AssayError } from '@assay/core';
import { openProject } from '@assay/core/node';
import type { CommandContext } from '../context.js';
import { count, table } from '../ui/output.js';

interface IssuesOptions {
  type?: string;
  limit?: string;
}

type Severity = 'error' | 'warning' | 'info';
const SEVERITIES: Severity[] = ['error', 'warning', 'info'];

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

/** `assay issues [--type T,...] [--limit N]`: open and confirmed issues with counts by type and severity. */
export async function run(options: IssuesOptions, ctx: CommandContext): Promise<number> {
  const types = options.type
    ?.split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  const limit = limitOf(options.limit);
  const project = await openProject(ctx.projectDir, { readOnly: true });
  try {
    const [stored, samples] = await Promise.all([
      project.store.listIssues(types === undefined ? {} : { types }),
      project.store.listSamples(),
    ]);
    const keys = new Map(samples.map((s) => [s.id, s.key]));
    const issues: IssueView[] = stored.map((i) => {
      const related = i.details?.related_sample_ids;
      return {
        id: i.id,
        type: i.type,
        severity: i.severity,
        score: i.score,
        sample: i.sampleId === undefined ? null : (keys.get(i.sampleId) ?? null),
        related: Array.isArray(related) ? related.map((id) => keys.get(Number(id)) ?? `sample ${id}`) : [],
        reason: i.reason,
        annotation_id: i.annotationId ?? null,
        status: i.status,
        details: i.details ?? {},
      };
    });
    const byType: Record<string, Record<Severity | 'total', number>> = {};
    for (const i of issues) {
      byType[i.type] ??= { error: 0, warning: 0, info: 0, total: 0 };
      byType[i.type]![i.severity]++;
      byType[i.type]!.total++;
    }
    const { out } = ctx;
    out.result({
      total: issues.length,
      by_type: byType,
      issues: limit === undefined ? issues : issues.slice(0, limit),
    });
    if (issues.length === 0) {
      out.line(
        types ? `No issues of type ${types.join(', ')}.` : 'No issues. Run `assay scan` and `assay check`.',
      );
      return 0;
    }
    const rows = Object.entries(byType).map(([t, c]) => [t, ...SEVERITIES.map((s) => c[s]), c.total]);
    out.line(table(rows, ['type', ...SEVERITIES, 'total']));
    out.line();
    const shown = issues.slice(0, limit ?? 30);
    for (const i of shown) {
      const also =
        i.related.length > 0
          ? ` (with ${i.related.slice(0, 3).join(', ')}${i.related.length > 3 ? ', …' : ''})`
          : '';
      out.line(`${i.severity.padEnd(7)} ${i.score.toFixed(2)}  ${i.type}: ${i.reason}${also}`);
    }
    if (issues.length > shown.length)
      out.line(`… and ${count(issues.length - shown.length)} more (--limit N, --type T, or --json for all).`);
    return 0;
  } finally {
    await project.close();
  }
}
