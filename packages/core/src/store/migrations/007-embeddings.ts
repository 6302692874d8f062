import type { Migration } from '../migration.js';

export const migration007: Migration = {
  version: 7,
  name: 'embeddings, projections and embedding scores',
  // One row per (model, sample): the vector as a BLOB of `encoding` values (float16 little-endian, or
  // int8) times `scale` (the vector's largest magnitude, so float16 never overflows and int8 uses its
  // whole range); embeddings/vector-codec.ts encodes and decodes. No index, like annotations: bulk
  // appends stay fast, and readers scan one model at a time. `embedding_models` says what made the
  // vectors (a built-in name, a model file and its sha256, or an imported file) in `spec`.
  // Projections (2D, e.g. UMAP) and k-NN scores (outlier, typicality, uniqueness, global and within
  // the sample's class) are per model; each run replaces a model's rows. IF NOT EXISTS: a database
  // made to look older by dropping later migrations' records (project.test.ts) still has these tables.
  sql: `
CREATE TABLE IF NOT EXISTS embedding_models (
name VARCHAR PRIMARY KEY,
dim INTEGER NOT NULL,
encoding VARCHAR NOT NULL,
spec JSON,
created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS embeddings (
model VARCHAR NOT NULL,
sample_id INTEGER NOT NULL,
scale FLOAT NOT NULL,
vector BLOB NOT NULL
);

CREATE TABLE IF NOT EXISTS embedding_projections (
model VARCHAR NOT NULL,
method VARCHAR NOT NULL,
sample_id INTEGER NOT NULL,
x FLOAT NOT NULL,
y FLOAT NOT NULL
);

CREATE TABLE IF NOT EXISTS embedding_scores (
model VARCHAR NOT NULL,
sample_id INTEGER NOT NULL,
outlier FLOAT,
typicality FLOAT,
uniqueness FLOAT,
class_outlier FLOAT,
class_typicality FLOAT,
knn_distance FLOAT
);
`,
};
