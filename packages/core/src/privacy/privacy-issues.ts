import type { NewIssue } from '../store/project-store.js';
import { findPii } from './find-pii.js';
import { maskSpans } from './mask-spans.js';
import { PII_TEXT_KINDS, type PiiKind } from './pii-kinds.js';
import type { TextField } from './text-fields.js';

export const PII_TEXT_ISSUE_TYPES = PII_TEXT_KINDS.map((k) => `pii_${k}`);

const TITLE: Record<PiiKind, string> = {
  email: 'E-mail address',
  phone: 'Phone number',
  rrn: 'Resident registration number',
  passport: 'Passport number',
  card: 'Card number',
};

/** The string with every finding masked (a file name shown in place of the real one). */
export function maskAllPii(value: string): string {
  return maskSpans(value, findPii(value));
}

/**
 * One `pii_<kind>` issue per finding in these fields: the field and the span (UTF-16 offsets into the
 * field's value, end exclusive) in `details`, the value masked in the reason and details; the value
 * itself is in no issue. When the sample's file name holds personal data, every issue of that sample
 * carries `details.masked_key`, which listings show instead of the path. Pure.
 */
export function privacyIssues(fields: Iterable<TextField>, kinds?: ReadonlySet<PiiKind>): NewIssue[] {
  const issues: NewIssue[] = [];
  const maskedKeys = new Map<number, string>();
  for (const f of fields) {
    const matches = findPii(f.value, kinds);
    if (matches.length === 0) continue;
    if (f.field === 'file_name') maskedKeys.set(f.sampleId, maskAllPii(f.value));
    for (const m of matches) {
      const issue: NewIssue = {
        sampleId: f.sampleId,
        type: `pii_${m.kind}`,
        severity: m.severity,
        score: m.severity === 'error' ? 1 : 0.5,
        reason: `${TITLE[m.kind]} in ${f.field} at ${m.start}–${m.end}: ${m.masked} (${m.note}).`,
        details: { kind: m.kind, field: f.field, start: m.start, end: m.end, masked: m.masked, note: m.note },
      };
      if (f.annotationId !== undefined) issue.annotationId = f.annotationId;
      issues.push(issue);
    }
  }
  for (const issue of issues) {
    const key = maskedKeys.get(issue.sampleId!);
    if (key !== undefined) issue.details!.masked_key = key;
  }
  return issues;
}
