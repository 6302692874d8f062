import type { Migration } from '../migration.js';

export const migration012: Migration = {
  version: 12,
  name: 'annotation counts kept for assay info',
  // What `assay info` prints of the annotations (counts by source, kind and class; samples per source),
  // kept so that it reads a few hundred rows instead of scanning every annotation twice (issue 12: 1.2 s
  // of CPU at 19M annotations). `annotation_counts_state` is the fingerprint of the annotations the counts
  // were taken from (row count, highest id, last edit seq): a reader uses the counts only when it still
  // matches, else counts live; a writable store refreshes them when it closes (node/store/annotation-counts.ts).
  // Empty until then: a project migrated here counts live until its next write.
  sql: `
CREATE TABLE IF NOT EXISTS annotation_counts (
source_id INTEGER NOT NULL,
kind VARCHAR NOT NULL,
class_id INTEGER,
n BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS annotation_source_samples (
source_id INTEGER NOT NULL,
samples BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS annotation_counts_state (
annotations BIGINT NOT NULL,
max_id BIGINT NOT NULL,
edit_seq BIGINT NOT NULL
);
`,
};
