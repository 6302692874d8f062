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
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE project_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);

CREATE TABLE classes (
  id INTEGER PRIMARY KEY,
  name VARCHAR NOT NULL UNIQUE,
  supercategory VARCHAR,
  original_ids JSON,
  keypoints JSON,
  skeleton JSON
);

CREATE TABLE sources (
  id INTEGER PRIMARY KEY,
  name VARCHAR NOT NULL UNIQUE,
  kind VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE samples (
  id INTEGER PRIMARY KEY,
  key VARCHAR NOT NULL,
  root VARCHAR NOT NULL,
  kind VARCHAR NOT NULL DEFAULT 'image',
  original_id VARCHAR,
  split VARCHAR,
  tags VARCHAR[],
  metadata JSON,
  declared_width INTEGER,
  declared_height INTEGER,
  width INTEGER,
  height INTEGER,
  channels INTEGER,
  format VARCHAR,
  bytes BIGINT,
  mtime_ms DOUBLE,
  sha256 VARCHAR,
  orientation INTEGER,
  scan_status VARCHAR NOT NULL DEFAULT 'pending',
  scan_error VARCHAR,
  scanned_at TIMESTAMP,
  UNIQUE (root, key)
);

CREATE TABLE annotations (
  id BIGINT NOT NULL,
  sample_id INTEGER NOT NULL,
  source_id INTEGER NOT NULL,
  kind VARCHAR NOT NULL,
  class_id INTEGER,
  x DOUBLE, y DOUBLE, w DOUBLE, h DOUBLE,
  points BLOB,
  mask VARCHAR,
  keypoints DOUBLE[],
  area DOUBLE,
  iscrowd BOOLEAN NOT NULL DEFAULT false,
  score DOUBLE,
  probs DOUBLE[],
  attributes VARCHAR,
  original_id VARCHAR,
  run_id INTEGER
);

CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  kind VARCHAR NOT NULL,
  params JSON,
  version VARCHAR NOT NULL,
  started_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
  finished_at TIMESTAMP,
  status VARCHAR NOT NULL DEFAULT 'running',
  samples INTEGER,
  summary JSON
);

CREATE TABLE issues (
  id BIGINT NOT NULL,
  run_id INTEGER NOT NULL,
  sample_id INTEGER,
  annotation_id BIGINT,
  type VARCHAR NOT NULL,
  severity VARCHAR NOT NULL,
  score DOUBLE NOT NULL,
  reason VARCHAR NOT NULL,
  details JSON,
  status VARCHAR NOT NULL DEFAULT 'open',
  created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE import_problems (
  run_id INTEGER NOT NULL,
  file VARCHAR NOT NULL,
  record VARCHAR,
  reason VARCHAR NOT NULL,
  hint VARCHAR,
  severity VARCHAR NOT NULL
);
`,
  },
  {
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
  },
  {
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
  },
  {
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
  },
  {
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
  },
  {
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
  },
  {
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
  },
  {
    version: 8,
    name: 'point clouds, sensors, frames and cuboids',
    // A point_cloud sample keeps what its file says (format, point count, fields, bounds as
    // [min x, min y, min z, max x, max y, max z]); the points stay in the file. `sensors` holds one row
    // per calibration (model/sensor.ts): extrinsics sensor → common frame as a quaternion [w, x, y, z]
    // and a translation, pinhole intrinsics. `frames` group samples captured together; `frame_samples`
    // give each its sensor and own timestamp (seconds, DOUBLE: ~0.2 µs resolution at Unix times) and,
    // when the source has one, the pose of the common frame in the world at that time (ego pose).
    // A cuboid annotation has its centre, size (length, width, height), yaw, optional full rotation,
    // coordinate frame and track id in columns of their own; point_labels (JSON) says where per-point
    // labels are. The kind enum grows by 'cuboid' and 'point_labels' (appended, codes unchanged). The
    // history tables of migration 5 get the same columns.
    sql: `
ALTER TABLE samples ADD COLUMN IF NOT EXISTS point_format VARCHAR;
ALTER TABLE samples ADD COLUMN IF NOT EXISTS point_count INTEGER;
ALTER TABLE samples ADD COLUMN IF NOT EXISTS point_fields VARCHAR[];
ALTER TABLE samples ADD COLUMN IF NOT EXISTS point_bounds DOUBLE[];
ALTER TABLE excluded_samples ADD COLUMN IF NOT EXISTS point_format VARCHAR;
ALTER TABLE excluded_samples ADD COLUMN IF NOT EXISTS point_count INTEGER;
ALTER TABLE excluded_samples ADD COLUMN IF NOT EXISTS point_fields VARCHAR[];
ALTER TABLE excluded_samples ADD COLUMN IF NOT EXISTS point_bounds DOUBLE[];
ALTER TABLE annotations ALTER COLUMN kind SET DATA TYPE ENUM('classification', 'bbox', 'polygon', 'mask',
  'keypoints', 'polyline', 'span', 'cuboid', 'point_labels');
ALTER TABLE annotations ADD COLUMN IF NOT EXISTS cx DOUBLE;
ALTER TABLE annotations ADD COLUMN IF NOT EXISTS cy DOUBLE;
ALTER TABLE annotations ADD COLUMN IF NOT EXISTS cz DOUBLE;
ALTER TABLE annotations ADD COLUMN IF NOT EXISTS size_l DOUBLE;
ALTER TABLE annotations ADD COLUMN IF NOT EXISTS size_w DOUBLE;
ALTER TABLE annotations ADD COLUMN IF NOT EXISTS size_h DOUBLE;
ALTER TABLE annotations ADD COLUMN IF NOT EXISTS yaw DOUBLE;
ALTER TABLE annotations ADD COLUMN IF NOT EXISTS rotation DOUBLE[];
ALTER TABLE annotations ADD COLUMN IF NOT EXISTS coord_frame VARCHAR;
ALTER TABLE annotations ADD COLUMN IF NOT EXISTS track_id VARCHAR;
ALTER TABLE annotations ADD COLUMN IF NOT EXISTS point_labels VARCHAR;
ALTER TABLE annotation_revisions ALTER COLUMN kind SET DATA TYPE ENUM('classification', 'bbox', 'polygon',
  'mask', 'keypoints', 'polyline', 'span', 'cuboid', 'point_labels');
ALTER TABLE annotation_revisions ADD COLUMN IF NOT EXISTS cx DOUBLE;
ALTER TABLE annotation_revisions ADD COLUMN IF NOT EXISTS cy DOUBLE;
ALTER TABLE annotation_revisions ADD COLUMN IF NOT EXISTS cz DOUBLE;
ALTER TABLE annotation_revisions ADD COLUMN IF NOT EXISTS size_l DOUBLE;
ALTER TABLE annotation_revisions ADD COLUMN IF NOT EXISTS size_w DOUBLE;
ALTER TABLE annotation_revisions ADD COLUMN IF NOT EXISTS size_h DOUBLE;
ALTER TABLE annotation_revisions ADD COLUMN IF NOT EXISTS yaw DOUBLE;
ALTER TABLE annotation_revisions ADD COLUMN IF NOT EXISTS rotation DOUBLE[];
ALTER TABLE annotation_revisions ADD COLUMN IF NOT EXISTS coord_frame VARCHAR;
ALTER TABLE annotation_revisions ADD COLUMN IF NOT EXISTS track_id VARCHAR;
ALTER TABLE annotation_revisions ADD COLUMN IF NOT EXISTS point_labels VARCHAR;

CREATE TABLE IF NOT EXISTS sensors (
  id VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,
  common_frame VARCHAR NOT NULL,
  rotation DOUBLE[] NOT NULL,
  translation DOUBLE[] NOT NULL,
  fx DOUBLE, fy DOUBLE, cx DOUBLE, cy DOUBLE, skew DOUBLE,
  width INTEGER, height INTEGER,
  distortion DOUBLE[],
  metadata JSON
);

CREATE TABLE IF NOT EXISTS sequences (
  name VARCHAR PRIMARY KEY,
  reference_sensor VARCHAR,
  metadata JSON
);

CREATE TABLE IF NOT EXISTS frames (
  id INTEGER PRIMARY KEY,
  name VARCHAR NOT NULL UNIQUE,
  sequence VARCHAR,
  seq_index INTEGER,
  timestamp DOUBLE
);

CREATE TABLE IF NOT EXISTS frame_samples (
  frame_id INTEGER NOT NULL,
  sample_id INTEGER NOT NULL,
  sensor_id VARCHAR NOT NULL,
  timestamp DOUBLE,
  pose_rotation DOUBLE[],
  pose_translation DOUBLE[]
);
`,
  },
  {
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
  },
  {
    version: 10,
    name: 'sample provenance and prediction models',
    // A sample's source and licence as the user states them (a CSV or a folder rule; COCO licences
    // stay in the sample's metadata and project_meta.licences). `origin` says how it was set (csv,
    // rule). One row per sample at most; samples without a row fall back to their COCO licence id.
    // prediction_models describes the model behind a prediction source written by `assay predict`
    // (name, version, file and its sha256, classes, parameters) so exports can name model_version;
    // predicted_samples lists the samples it has done (with or without detections), so a stopped
    // `assay predict` resumes where it stopped.
    sql: `
CREATE TABLE IF NOT EXISTS sample_provenance (
  sample_id INTEGER PRIMARY KEY,
  source VARCHAR,
  licence VARCHAR,
  licence_url VARCHAR,
  origin VARCHAR NOT NULL,
  updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS prediction_models (
  source_id INTEGER PRIMARY KEY,
  model VARCHAR NOT NULL,
  model_version VARCHAR NOT NULL,
  path VARCHAR,
  sha256 VARCHAR,
  classes JSON,
  params JSON,
  created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS predicted_samples (
  source_id INTEGER NOT NULL,
  sample_id INTEGER NOT NULL
);
`,
  },
  {
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
  },
];

export const SCHEMA_VERSION = migrations[migrations.length - 1]?.version ?? 0;
