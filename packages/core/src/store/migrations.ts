/**
 * The project database schema, as numbered migrations. A migration is never edited once released:
 * add a new one. Each runs in one transaction and is recorded in schema_migrations.
 *
 * Notes on the choices:
 * - Ids are assigned by Assay (max + 1 under the single-writer lock), not by sequences, so that bulk
 *   appends stay fast and ids are stable across export/import.
 * - `annotations` has no primary-key index on purpose: DuckDB maintains ART indexes on every append, and
 *   imports append hundreds of thousands of rows.
 * - Polygon rings are a binary block (geometry/points-codec.ts): exact and far cheaper than JSON text.
 *   RLE masks and attributes are JSON text in VARCHAR columns (DuckDB's JSON type would validate every
 *   value on append); json_* functions still read them. Flat numeric lists (keypoints, probs) are DOUBLE[].
 * One file per migration in store/migrations/, named by its version: parallel branches each add a file
 * and one line below instead of editing one long array.
 */
import type { Migration } from './migration.js';
import { migration001 } from './migrations/001-initial-schema.js';
import { migration002 } from './migrations/002-sample-metrics.js';
import { migration003 } from './migrations/003-evaluation-matches.js';
import { migration004 } from './migrations/004-annotation-kind-as-an-enum.js';
import { migration005 } from './migrations/005-edits-with-history-and-snapshots.js';
import { migration006 } from './migrations/006-text-samples-and-span-annotations.js';
import { migration007 } from './migrations/007-embeddings.js';
import { migration008 } from './migrations/008-point-clouds-and-cuboids.js';
import { migration009 } from './migrations/009-review-and-inspections.js';
import { migration010 } from './migrations/010-provenance-and-prediction-models.js';
import { migration011 } from './migrations/011-text-languages-and-uncertainty.js';
import { migration012 } from './migrations/012-annotation-counts.js';
import { migration013 } from './migrations/013-point-cloud-origin.js';

export type { Migration } from './migration.js';

export const migrations: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
  migration010,
  migration011,
  migration012,
  migration013,
];

for (const [i, m] of migrations.entries()) {
  if (m.version !== i + 1)
    throw new Error(
      `store/migrations.ts: migration ${m.name} has version ${m.version}; expected ${i + 1} (versions are consecutive and in order)`,
    );
}

export const SCHEMA_VERSION = migrations[migrations.length - 1]?.version ?? 0;
