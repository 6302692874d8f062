import { DETECTION_ISSUE_TYPES } from '../detection-issues/detection-issues.js';
import { EMBEDDING_ISSUE_TYPES } from './embeddings/analyze-embeddings.js';
import { PRIVACY_ISSUE_TYPES } from './privacy-issue-types.js';
import { AGREEMENT_ISSUE_TYPES } from './run-agreement.js';
import { CHECK_ISSUE_TYPES } from './run-checks.js';
import { CONSENSUS_ISSUE_TYPES } from './run-consensus.js';
import { LABEL_ERROR_ISSUE_TYPES } from './run-label-errors.js';
import { SCAN_ISSUE_TYPES } from './scan-issue-types.js';

/** Every issue type some Assay command writes (scan, check, label-errors, agree, consensus, privacy), sorted. */
export const KNOWN_ISSUE_TYPES: readonly string[] = [
  ...new Set([
    ...SCAN_ISSUE_TYPES,
    ...CHECK_ISSUE_TYPES,
    ...LABEL_ERROR_ISSUE_TYPES,
    ...DETECTION_ISSUE_TYPES,
    ...AGREEMENT_ISSUE_TYPES,
    ...CONSENSUS_ISSUE_TYPES,
    ...EMBEDDING_ISSUE_TYPES,
    ...PRIVACY_ISSUE_TYPES,
  ]),
].sort();
