import type { Migration } from '../migration.js';

export const migration011: Migration = {
  version: 11,
  name: 'detected languages and prediction uncertainty of text samples',
  // What `assay check` detects per text sample (eld: language as ISO 639-1, whether the detection is
  // reliable; the dominant Unicode script of its letters). A table of its own keyed by sample id, so
  // the samples table and its appender's column order stay as they are; each check run replaces it.
  sql: `
CREATE TABLE IF NOT EXISTS text_languages (
sample_id INTEGER PRIMARY KEY,
language VARCHAR,
script VARCHAR,
reliable BOOLEAN NOT NULL
);
-- Per-sample uncertainty of a prediction source on text samples (\`assay eval\`), ready for selection:
-- score is the one figure to rank by (margin with class probabilities, else 1 − the lowest span score).
CREATE TABLE IF NOT EXISTS sample_uncertainty (
sample_id INTEGER NOT NULL,
source VARCHAR NOT NULL,
run_id INTEGER,
score DOUBLE NOT NULL,
least_confidence DOUBLE,
margin DOUBLE,
entropy DOUBLE,
span_uncertainty DOUBLE,
PRIMARY KEY (sample_id, source)
);
`,
};
