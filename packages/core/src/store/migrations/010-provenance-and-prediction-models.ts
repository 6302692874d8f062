import type { Migration } from '../migration.js';

export const migration010: Migration = {
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
};
