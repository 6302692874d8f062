import type { Migration } from '../migration.js';

export const migration005: Migration = {
  version: 5,
  name: 'edits with history and snapshots',
  // `annotations` stays the current state, so every reader sees the current revision unchanged.
  // Each change is a row of `edits` (one global sequence; `batch` groups a rule's or a request's
  // edits; `undoes` names the edit a revert answers). The version an edit replaced or deleted is
  // kept whole in `annotation_revisions` (every annotations column, then the seq it became valid at
  // and the seq that superseded it), so history, undo and snapshots need no copy of the table.
  // An excluded sample's row moves to `excluded_samples` (with the seq that excluded it); its
  // metrics stay, so undo brings it back whole.
  // A snapshot is a name for an edit seq plus the highest sample/annotation ids imported by then.
  sql: `
CREATE TABLE edits (
seq BIGINT NOT NULL,
batch BIGINT NOT NULL,
kind VARCHAR NOT NULL,
author VARCHAR NOT NULL,
created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
reason VARCHAR,
issue_id BIGINT,
rule VARCHAR,
sample_id INTEGER,
annotation_id BIGINT,
before VARCHAR,
after VARCHAR,
undoes BIGINT
);

CREATE TABLE annotation_revisions AS
SELECT *, 0::BIGINT AS valid_from_seq, 0::BIGINT AS superseded_seq FROM annotations LIMIT 0;

CREATE TABLE excluded_samples AS SELECT *, 0::BIGINT AS excluded_seq FROM samples LIMIT 0;

CREATE TABLE snapshots (
name VARCHAR PRIMARY KEY,
seq BIGINT NOT NULL,
max_sample_id INTEGER NOT NULL,
max_annotation_id BIGINT NOT NULL,
message VARCHAR,
author VARCHAR NOT NULL,
created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
`,
};
