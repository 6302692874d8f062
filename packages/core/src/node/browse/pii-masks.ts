import type { MaskedSpan } from '../../privacy/mask-spans.js';
import { maskSpans } from '../../privacy/mask-spans.js';
import { type Db, parseJson } from '../store/db.js';
import { idListSql } from './id-list.js';

/** Stored findings of one sample by field (`file_name`, `text`, `metadata.<path>`), and of its annotations. */
export interface SampleMasks {
  fields: Map<string, MaskedSpan[]>;
  /** By annotation id, then field (`attributes.<name>`). */
  annotations: Map<number, Map<string, MaskedSpan[]>>;
}

function add(map: Map<string, MaskedSpan[]>, field: string, span: MaskedSpan): void {
  const list = map.get(field);
  if (list) list.push(span);
  else map.set(field, [span]);
}

/**
 * What `assay privacy` found in these samples' strings, from its stored `pii_*` issues (each holds the
 * field, the span and the masked form; never the value): the browse answers show those strings masked,
 * as the report does. Findings marked `ignored` (not personal data after all) are left out.
 */
export async function piiMasks(db: Db, sampleIds: readonly number[]): Promise<Map<number, SampleMasks>> {
  const out = new Map<number, SampleMasks>();
  if (sampleIds.length === 0) return out;
  const inIds = idListSql('sample_id', sampleIds);
  const rows = await db.all<{ sample_id: number; annotation_id: number | null; details: string | null }>(
    `SELECT sample_id, annotation_id, details::VARCHAR AS details FROM issues
      WHERE starts_with(type, 'pii_') AND status <> 'ignored' AND details IS NOT NULL
        AND ${inIds.text}`,
    inIds.params,
  );
  for (const r of rows) {
    const d = parseJson<Record<string, unknown>>(r.details);
    const { field, start, end, masked } = d ?? {};
    if (typeof field !== 'string' || typeof start !== 'number' || typeof end !== 'number') continue;
    if (typeof masked !== 'string') continue;
    let masks = out.get(r.sample_id);
    if (!masks) {
      masks = { fields: new Map(), annotations: new Map() };
      out.set(r.sample_id, masks);
    }
    const span = { start, end, masked };
    if (r.annotation_id === null) add(masks.fields, field, span);
    else {
      let own = masks.annotations.get(r.annotation_id);
      if (!own) {
        own = new Map();
        masks.annotations.set(r.annotation_id, own);
      }
      add(own, field, span);
    }
  }
  return out;
}

/** A string field masked by its findings (unchanged without any). */
export function maskField(
  fields: ReadonlyMap<string, MaskedSpan[]> | undefined,
  field: string,
  value: string,
): string {
  const spans = fields?.get(field);
  return spans ? maskSpans(value, spans) : value;
}

/** Every string in a metadata value masked by the findings of its path (`metadata.a.b[0]`, text-fields.ts). */
export function maskMetadata(
  fields: ReadonlyMap<string, MaskedSpan[]> | undefined,
  value: unknown,
  path = 'metadata',
): unknown {
  if (!fields || fields.size === 0) return value;
  if (typeof value === 'string') return maskField(fields, path, value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v, i) => maskMetadata(fields, v, `${path}[${i}]`));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, maskMetadata(fields, v, `${path}.${k}`)]),
  );
}
