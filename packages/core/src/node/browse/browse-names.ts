import { AssayError } from '../../errors.js';
import type { Db } from '../store/db.js';
import { projectionFingerprints } from './map-region.js';

/**
 * Names the project knows, looked up once per request: class and source ids, the latest eval run
 * (whose matches give TP/FP/FN), and the stored projections' fingerprints.
 */
export interface BrowseNames {
  classIds: Map<string, number>;
  classNames: Map<number, string>;
  sourceIds: Map<string, number>;
  sourceNames: Map<number, string>;
  evalRunId: number | undefined;
  /** Each stored projection's fingerprint (map-region.ts), for refusing a map region drawn on an older one. */
  projections: Map<string, string>;
}

export async function browseNames(db: Db): Promise<BrowseNames> {
  const classes = await db.all<{ id: number; name: string }>('SELECT id, name FROM classes ORDER BY id');
  const sources = await db.all<{ id: number; name: string }>('SELECT id, name FROM sources ORDER BY id');
  const run = await db.one<{ id: number | null }>(
    "SELECT max(id) AS id FROM runs WHERE kind = 'eval' AND status = 'ok' AND id IN (SELECT DISTINCT run_id FROM eval_matches)",
  );
  return {
    classIds: new Map(classes.map((c) => [c.name, c.id])),
    classNames: new Map(classes.map((c) => [c.id, c.name])),
    sourceIds: new Map(sources.map((s) => [s.name, s.id])),
    sourceNames: new Map(sources.map((s) => [s.id, s.name])),
    evalRunId: run?.id ?? undefined,
    projections: await projectionFingerprints(db),
  };
}

/** Ids of the named things; an unknown name is an INVALID_INPUT error naming the field (name in details). */
export function idsOf(names: readonly string[], known: Map<string, number>, field: string): number[] {
  return names.map((name) => {
    const id = known.get(name);
    if (id === undefined) {
      throw new AssayError(
        'INVALID_INPUT',
        `The filter's ${field} names something the project does not have.`,
        {
          hint: `Use names from GET /api/project (${field}).`,
          details: { field, value: name },
        },
      );
    }
    return id;
  });
}
