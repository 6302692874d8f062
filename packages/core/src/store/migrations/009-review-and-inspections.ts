import type { Migration } from '../migration.js';

export const migration009: Migration = {
  version: 9,
  name: 'review queue and sampled inspections',
  // An inspection draws a seeded random sample of one source's annotations (stratified or not),
  // sized for a confidence level and margin (finite-population correction), or of a given size.
  // `inspection_strata` keeps each stratum's population and draw, so the stratified estimate weights
  // by population as it was when drawn. Each drawn item keeps the class it had then; a reviewer's
  // verdict (correct | incorrect, with an error kind) is stored on the item with author and time.
  // IF NOT EXISTS: project.test.ts drops later tables to make a database look older.
  sql: `
CREATE TABLE IF NOT EXISTS inspections (
id INTEGER PRIMARY KEY,
source VARCHAR NOT NULL,
stratify VARCHAR,
seed BIGINT NOT NULL,
confidence DOUBLE NOT NULL,
margin DOUBLE,
population BIGINT NOT NULL,
size INTEGER NOT NULL,
revision BIGINT NOT NULL,
author VARCHAR NOT NULL,
created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS inspection_strata (
inspection_id INTEGER NOT NULL,
stratum VARCHAR NOT NULL,
population BIGINT NOT NULL,
size INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS inspection_items (
inspection_id INTEGER NOT NULL,
item INTEGER NOT NULL,
annotation_id BIGINT NOT NULL,
sample_id INTEGER NOT NULL,
stratum VARCHAR NOT NULL,
label VARCHAR,
verdict VARCHAR,
error_kind VARCHAR,
note VARCHAR,
author VARCHAR,
marked_at TIMESTAMP
);
`,
};
