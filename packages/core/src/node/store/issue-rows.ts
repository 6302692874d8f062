import type { NewIssue } from '../../store/project-store.js';
import type { Db } from './db.js';

export async function appendIssues(db: Db, runId: number, issues: NewIssue[]): Promise<void> {
  if (issues.length === 0) return;
  let next = (await db.scalar('SELECT coalesce(max(id), 0) FROM issues')) + 1;
  const appender = await db.connection.createAppender('issues');
  for (const issue of issues) {
    appender.appendBigInt(BigInt(next++));
    appender.appendInteger(runId);
    if (issue.sampleId === undefined) appender.appendNull();
    else appender.appendInteger(issue.sampleId);
    if (issue.annotationId === undefined) appender.appendNull();
    else appender.appendBigInt(BigInt(issue.annotationId));
    appender.appendVarchar(issue.type);
    appender.appendVarchar(issue.severity);
    appender.appendDouble(Math.min(1, Math.max(0, issue.score)));
    appender.appendVarchar(issue.reason);
    if (issue.details === undefined) appender.appendNull();
    else appender.appendVarchar(JSON.stringify(issue.details));
    appender.appendVarchar('open');
    appender.appendDefault();
    appender.endRow();
  }
  appender.closeSync();
}
