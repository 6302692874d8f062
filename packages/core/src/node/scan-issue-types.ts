// The issue types `assay scan` owns, apart from scan-project.ts: run-checks.ts and known-issue-types.ts
// (and through them `assay check`) need the names without loading the image probe (sharp).

/** Issue types scan owns: each scan replaces the open ones with what it finds now. */
export const SCAN_ISSUE_TYPES = [
  'missing_file',
  'corrupt_file',
  'unreadable_file',
  'too_large',
  'unsupported_format',
  'size_mismatch',
] as const;
