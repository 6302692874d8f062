import type { Migration } from '../migration.js';

export const migration006: Migration = {
  version: 6,
  name: 'text samples and span annotations',
  // A text sample keeps its text in the store (samples.text), with its language and where it came
  // from (file and record). A span annotation holds character offsets into that text (end exclusive)
  // and token offsets when the source had tokens. The kind enum grows by 'span' (appended, so the
  // existing one-byte codes stay). IF NOT EXISTS: a database whose later tables were dropped to look
  // older (project.test.ts) still has these columns. The history tables of migration 5 (copies of the
  // annotations and samples columns) get the same columns; rows move between them by column name.
  sql: `
ALTER TABLE samples ADD COLUMN IF NOT EXISTS text VARCHAR;
ALTER TABLE samples ADD COLUMN IF NOT EXISTS language VARCHAR;
ALTER TABLE samples ADD COLUMN IF NOT EXISTS text_source VARCHAR;
ALTER TABLE annotations ALTER COLUMN kind
SET DATA TYPE ENUM('classification', 'bbox', 'polygon', 'mask', 'keypoints', 'polyline', 'span');
ALTER TABLE annotations ADD COLUMN IF NOT EXISTS span_start INTEGER;
ALTER TABLE annotations ADD COLUMN IF NOT EXISTS span_end INTEGER;
ALTER TABLE annotations ADD COLUMN IF NOT EXISTS token_start INTEGER;
ALTER TABLE annotations ADD COLUMN IF NOT EXISTS token_end INTEGER;
ALTER TABLE annotation_revisions ALTER COLUMN kind
SET DATA TYPE ENUM('classification', 'bbox', 'polygon', 'mask', 'keypoints', 'polyline', 'span');
ALTER TABLE annotation_revisions ADD COLUMN IF NOT EXISTS span_start INTEGER;
ALTER TABLE annotation_revisions ADD COLUMN IF NOT EXISTS span_end INTEGER;
ALTER TABLE annotation_revisions ADD COLUMN IF NOT EXISTS token_start INTEGER;
ALTER TABLE annotation_revisions ADD COLUMN IF NOT EXISTS token_end INTEGER;
ALTER TABLE excluded_samples ADD COLUMN IF NOT EXISTS text VARCHAR;
ALTER TABLE excluded_samples ADD COLUMN IF NOT EXISTS language VARCHAR;
ALTER TABLE excluded_samples ADD COLUMN IF NOT EXISTS text_source VARCHAR;
`,
};
