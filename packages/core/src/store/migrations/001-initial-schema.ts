import type { Migration } from '../migration.js';

export const migration001: Migration = {
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
};
