import type { Migration } from '../migration.js';

export const migration003: Migration = {
  version: 3,
  name: 'evaluation matches and per-sample counts',
  // One row per ground-truth and prediction object of an `eval` run: its outcome at the run's IoU,
  // the object it matched and the IoU, and its TIDE error type (cls, loc, both, dupe, bkg, miss) or
  // NULL. eval_samples holds the TP/FP/FN counts per sample. Metrics stay in runs.summary.
  sql: `
CREATE TABLE eval_matches (
run_id INTEGER NOT NULL,
annotation_id BIGINT NOT NULL,
sample_id INTEGER NOT NULL,
role VARCHAR NOT NULL,
class_id INTEGER,
score DOUBLE,
matched_id BIGINT,
iou DOUBLE,
outcome VARCHAR NOT NULL,
error VARCHAR
);

CREATE TABLE eval_samples (
run_id INTEGER NOT NULL,
sample_id INTEGER NOT NULL,
tp INTEGER NOT NULL,
fp INTEGER NOT NULL,
fn INTEGER NOT NULL
);
`,
};
