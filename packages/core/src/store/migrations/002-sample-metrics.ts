import type { Migration } from '../migration.js';

export const migration002: Migration = {
  version: 2,
  name: 'sample metrics',
  // One row per decoded sample, written by scan (packages/core/src/metrics, docs/metrics.md). No
  // primary key: scan replaces rows by deleting a batch's ids and appending. 64-bit perceptual
  // hashes are UBIGINT (view_* hold the five 90% crops); the decoded-pixel hash is hex text.
  sql: `
CREATE TABLE sample_metrics (
sample_id INTEGER NOT NULL,
decoded_width INTEGER NOT NULL,
decoded_height INTEGER NOT NULL,
brightness DOUBLE NOT NULL,
brightness_p5 DOUBLE NOT NULL,
brightness_p50 DOUBLE NOT NULL,
brightness_p95 DOUBLE NOT NULL,
brightness_p99 DOUBLE NOT NULL,
contrast DOUBLE NOT NULL,
sharpness DOUBLE NOT NULL,
edge_std DOUBLE NOT NULL,
grey_histogram_std DOUBLE NOT NULL,
entropy DOUBLE NOT NULL,
colourfulness DOUBLE NOT NULL,
grayscale BOOLEAN NOT NULL,
aspect_ratio DOUBLE NOT NULL,
phash UBIGINT NOT NULL,
dhash UBIGINT NOT NULL,
view_phashes UBIGINT[] NOT NULL,
view_dhashes UBIGINT[] NOT NULL,
pixel_hash VARCHAR NOT NULL
);
`,
};
