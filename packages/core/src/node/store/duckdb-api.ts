import { createRequire } from 'node:module';
import type * as Api from '@duckdb/node-api';

// @duckdb/node-api is CommonJS of ~180 files re-exporting one another. Imported from ESM, Node first
// scans every one of them for its export names (cjs-module-lexer); loading it with require skips that
// scan (Node 20, loading the package alone: ~0.36 s of CPU through import, ~0.19 s through require; in a
// whole `assay info` process the saving measured smaller, ~0.04 s of ~1 s, on a heavily loaded machine).
// The store modules import DuckDB's API from here.
const api = createRequire(import.meta.url)('@duckdb/node-api') as typeof Api;

export const {
  DuckDBBlobVector,
  DuckDBDataChunk,
  DuckDBEnumType,
  DuckDBInstance,
  DuckDBListValue,
  DuckDBTableFunction,
  DuckDBTypeId,
  INTEGER,
  LIST,
  UBIGINT,
  blobValue,
  listValue,
} = api;

// The classes (and the enum) are types too.
export type DuckDBBlobVector = Api.DuckDBBlobVector;
export type DuckDBDataChunk = Api.DuckDBDataChunk;
export type DuckDBEnumType = Api.DuckDBEnumType;
export type DuckDBInstance = Api.DuckDBInstance;
export type DuckDBListValue = Api.DuckDBListValue;
export type DuckDBTableFunction = Api.DuckDBTableFunction;
export type DuckDBTypeId = Api.DuckDBTypeId;
export type {
  DuckDBAppender,
  DuckDBConnection,
  DuckDBType,
  DuckDBValue,
  DuckDBVector,
} from '@duckdb/node-api';
