import { AssayError } from '../errors.js';
import { counted } from '../formats/counted.js';
import type { Format } from '../formats/define-format.js';
import { formats } from '../formats/index.js';
import type { AnnotationKind } from '../model/annotation.js';
import type { Db } from './store/db.js';

/** Kinds with no place in an image (text spans, 3D boxes, per-point labels): a format holds them or not. */
const OWN_MEDIUM: readonly AnnotationKind[] = ['span', 'cuboid', 'point_labels'];

const KIND_NAMES: Record<string, string> = {
  span: 'text spans',
  cuboid: '3D boxes (cuboids)',
  point_labels: 'per-point labels',
};

/**
 * Refuses an export whose chosen sources hold only annotations the format has no form for (a text
 * project's spans written as COCO became annotations with no geometry, and "Wrote 5 annotations"). The
 * hint names the formats that hold them. Projects with other kinds too are left to the writer's notes.
 */
export async function refuseForeignKinds(db: Db, format: Format, sources: string[]): Promise<void> {
  const rows = await db.all<{ kind: string; n: number }>(
    `SELECT a.kind::VARCHAR AS kind, count(*)::INTEGER AS n FROM annotations a JOIN sources s ON s.id = a.source_id
      WHERE s.name IN (${sources.map(() => '?').join(', ')}) GROUP BY 1 ORDER BY 1`,
    sources,
  );
  if (rows.length === 0) return;
  const foreign = rows.filter(
    (r) => OWN_MEDIUM.includes(r.kind as AnnotationKind) && !format.tasks.includes(r.kind as AnnotationKind),
  );
  if (foreign.length < rows.length) return;
  const kinds = foreign.map((r) => r.kind as AnnotationKind);
  const holders = formats
    .filter((f) => f.write !== undefined && kinds.some((k) => f.tasks.includes(k)))
    .map((f) => f.id);
  const what = foreign
    .map((r) => `${counted(r.n, 'annotation')} of ${KIND_NAMES[r.kind] ?? r.kind}`)
    .join(', ');
  throw new AssayError(
    'UNSUPPORTED',
    `${format.id} has no form for what ${sources.join(', ')} holds: ${what}. Nothing was written.`,
    {
      hint:
        holders.length > 0
          ? `Formats that hold them: ${holders.join(', ')} (assay export --help lists every format).`
          : 'No format Assay writes holds them.',
    },
  );
}
