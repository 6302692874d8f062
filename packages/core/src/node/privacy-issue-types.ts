import { PII_TEXT_ISSUE_TYPES } from '../privacy/privacy-issues.js';

// The issue types of `assay privacy`, apart from run-privacy.ts: known-issue-types.ts (and through it
// `assay check`) needs the names without loading the face and text-region detectors (sharp, zod).

/** Issue types of the image scan (`images: true`). */
export const PII_IMAGE_ISSUE_TYPES: readonly string[] = ['pii_face', 'pii_text_region'];

/** Every issue type `assay privacy` writes. */
export const PRIVACY_ISSUE_TYPES: readonly string[] = [...PII_TEXT_ISSUE_TYPES, ...PII_IMAGE_ISSUE_TYPES];
