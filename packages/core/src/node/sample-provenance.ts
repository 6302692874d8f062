import type { SampleProvenance } from '../licences/licence-summary.js';
import { type ProvenanceRow, parseProvenanceCsv } from '../licences/provenance-csv.js';
import type { Project } from './project.js';
import { loadLicenceNames } from './project-licences.js';
import { readTextFile } from './read-text-file.js';
import { storeDb } from './store/duckdb-store.js';

/** A provenance CSV from disk (see parseProvenanceCsv for its columns). */
export async function readProvenanceCsv(path: string): Promise<ProvenanceRow[]> {
  return parseProvenanceCsv(await readTextFile(path, 'provenance CSV'), path);
}

export interface SetProvenanceResult {
  /** Samples whose provenance was set. */
  set: number;
  /** Rows naming no sample of the project (first few), with their file and line. */
  unknown: string[];
  unknownCount: number;
}

/**
 * Stores each row's source and licence on its sample (table sample_provenance, migration 10), as
 * `origin` (`csv`, `rule`); a sample's earlier row is replaced. Rows naming unknown samples are
 * counted and the first few returned.
 */
export async function setProvenance(
  project: Project,
  rows: readonly (Omit<ProvenanceRow, 'where'> & { where?: string })[],
  origin: string,
): Promise<SetProvenanceResult> {
  const db = storeDb(project.store);
  const ids = new Map<string, number>();
  for (const s of await db.all<{ id: number; key: string }>('SELECT id, key FROM samples'))
    ids.set(s.key, s.id);
  const unknown: string[] = [];
  let unknownCount = 0;
  const byId = new Map<number, Omit<ProvenanceRow, 'where'>>();
  for (const r of rows) {
    const id = ids.get(r.key);
    if (id === undefined) {
      unknownCount++;
      if (unknown.length < 5) unknown.push(`${r.where ?? 'rule'}: ${r.key}`);
    } else byId.set(id, r);
  }
  await project.store.transaction(async () => {
    const list = [...byId.entries()];
    for (let at = 0; at < list.length; at += 1000) {
      const chunk = list.slice(at, at + 1000);
      await db.run(
        `DELETE FROM sample_provenance WHERE sample_id IN (${chunk.map(([id]) => id).join(', ')})`,
      );
      await db.run(
        `INSERT INTO sample_provenance (sample_id, source, licence, licence_url, origin) VALUES ${chunk
          .map(() => '(?, ?, ?, ?, ?)')
          .join(', ')}`,
        chunk.flatMap(([id, r]) => [id, r.source ?? null, r.licence ?? null, r.url ?? null, origin]),
      );
    }
  });
  return { set: byId.size, unknown, unknownCount };
}

/** Sample keys under a folder (a key prefix ending in `/`; `.` or empty for every sample). */
export async function sampleKeysUnder(project: Project, folder: string): Promise<string[]> {
  const prefix = folder.replace(/^\.\/?/, '').replace(/\/*$/, '');
  const db = storeDb(project.store);
  const rows = await db.all<{ key: string }>(
    prefix === ''
      ? 'SELECT key FROM samples ORDER BY id'
      : 'SELECT key FROM samples WHERE starts_with(key, ?) ORDER BY id',
    prefix === '' ? [] : [`${prefix}/`],
  );
  return rows.map((r) => r.key);
}

/**
 * Every sample's provenance by id, in id order: its sample_provenance row, else the licence its COCO
 * file gave (metadata `license` id, named by the file's `licenses`), else undefined.
 */
export async function loadProvenance(project: Project): Promise<Map<number, SampleProvenance | undefined>> {
  const db = storeDb(project.store);
  const names = await loadLicenceNames(project.store);
  const rows = await db.all<{
    id: number;
    licence_id: string | null;
    source: string | null;
    licence: string | null;
    licence_url: string | null;
    origin: string | null;
  }>(
    `SELECT s.id, json_extract_string(s.metadata, '$.license') AS licence_id, p.source, p.licence, p.licence_url, p.origin
       FROM samples s LEFT JOIN sample_provenance p ON p.sample_id = s.id ORDER BY s.id`,
  );
  const out = new Map<number, SampleProvenance | undefined>();
  for (const r of rows) {
    if (r.origin !== null) {
      const p: SampleProvenance = { origin: r.origin };
      const coco = r.licence_id ? names.get(r.licence_id) : undefined;
      if (r.licence !== null) p.licence = r.licence;
      else if (coco?.name) p.licence = coco.name;
      if (r.licence_url !== null) p.url = r.licence_url;
      else if (r.licence === null && coco?.url) p.url = coco.url;
      if (r.source !== null) p.source = r.source;
      out.set(r.id, p);
    } else if (r.licence_id !== null && r.licence_id !== '') {
      const known = names.get(r.licence_id);
      const p: SampleProvenance = { origin: 'coco', licence: known?.name || `licence id ${r.licence_id}` };
      if (known?.url) p.url = known.url;
      out.set(r.id, p);
    } else out.set(r.id, undefined);
  }
  return out;
}
