import type { Migration } from '../migration.js';

export const migration004: Migration = {
  version: 4,
  name: 'annotation kind as an enum',
  // One byte per annotation instead of a string: bulk imports write (and DuckDB compresses) less.
  // SQL still compares it with text (kind = 'bbox') and clients read text; ORDER BY kind follows
  // the order below, so sort by kind::VARCHAR for alphabetical order. The enum is written inline:
  // DuckDB 1.5.5 fails to replay from its WAL an ALTER to a named type (CREATE TYPE), which would
  // leave a project unopenable after a crash between the migration and the next checkpoint.
  sql: `
ALTER TABLE annotations ALTER COLUMN kind
SET DATA TYPE ENUM('classification', 'bbox', 'polygon', 'mask', 'keypoints', 'polyline');
`,
};
