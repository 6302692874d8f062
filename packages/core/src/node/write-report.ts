import { renderReport } from '../report/render-report.js';
import { reportPlan } from '../report/report-plan.js';
import { writeFileAtomic } from './atomic-write.js';
import { checkPlan, loadPlan } from './check-plan.js';
import { guardOutput, projectProtectedPaths } from './output-guard.js';
import type { Project } from './project.js';
import { gatherReportData } from './report/gather-report-data.js';
import type { IssueThumbnailOptions } from './report/issue-thumbnail.js';

export interface WriteReportOptions {
  /** Where to write the HTML file (resolved against the working folder). */
  out: string;
  /** A plan file (YAML or JSON) to evaluate and include: pass/fail per criterion, composition against target. */
  plan?: string;
  /** Worst examples shown per issue type (default 6). */
  examplesPerType?: number;
  thumbnails?: IssueThumbnailOptions;
  signal?: AbortSignal;
  /** Fixed timestamp (tests); default now. */
  now?: Date;
}

export interface WriteReportSummary {
  /** Absolute path of the written file. */
  path: string;
  bytes: number;
  issueTypes: number;
  thumbnails: number;
  charts: number;
  /** Whether the plan passed, when one was given. */
  planPassed?: boolean;
}

/** `assay report`: gathers the project's data and writes one self-contained HTML file atomically. */
export async function writeReport(
  project: Project,
  options: WriteReportOptions,
): Promise<WriteReportSummary> {
  const guard = { kind: 'file', label: 'the report', protect: await projectProtectedPaths(project) } as const;
  guardOutput(options.out, guard); // before the work, so a refused path costs nothing
  const plan = options.plan ? reportPlan(await checkPlan(project, await loadPlan(options.plan))) : undefined;
  const data = await gatherReportData(project, {
    ...(plan ? { plan } : {}),
    ...(options.examplesPerType === undefined ? {} : { examplesPerType: options.examplesPerType }),
    ...(options.thumbnails ? { thumbnails: options.thumbnails } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const html = renderReport(data);
  const path = guardOutput(options.out, guard);
  const bytes = Buffer.from(html, 'utf8');
  await writeFileAtomic(path, bytes);
  const summary: WriteReportSummary = {
    path,
    bytes: bytes.length,
    issueTypes: data.issues.length,
    thumbnails: data.issues.reduce((n, g) => n + g.examples.filter((e) => e.thumbnail).length, 0),
    charts: (html.match(/<svg class="chart"/g) ?? []).length,
  };
  if (plan) summary.planPassed = plan.passed;
  return summary;
}
