import type { DatasheetFacts } from './report-data.js';

/** A sample as the datasheet needs it (a StoredSample fits). */
export interface DatasheetSample {
  root: string;
  metadata?: Record<string, unknown>;
  probe: { status: string; width?: number; height?: number; format?: string; bytes?: number };
}

/** Licence names by the id the annotation file gave (COCO `licenses`), when the project kept them. */
export type LicenceNames = Map<string, { name: string; url?: string }>;

/**
 * Datasheet facts Assay can measure: formats, bytes, resolution range, licences (COCO images carry a
 * `license` id in their metadata), metadata fields present, images roots. Pure.
 */
export function datasheetFacts(
  samples: Iterable<DatasheetSample>,
  licenceNames?: LicenceNames,
): DatasheetFacts {
  const tally = new DatasheetTally();
  for (const s of samples) tally.add(s);
  return tally.facts(licenceNames);
}

/** datasheetFacts one sample at a time (for samples read in batches: the same facts in the same order). */
export class DatasheetTally {
  private readonly imageFormats: Record<string, number> = {};
  private readonly metadataFields: Record<string, number> = {};
  private readonly licences = new Map<string, number>();
  private readonly roots = new Set<string>();
  private totalBytes = 0;
  private res: DatasheetFacts['resolution'];

  add(s: DatasheetSample): void {
    const { imageFormats, metadataFields, licences } = this;
    this.roots.add(s.root);
    const p = s.probe;
    if (p.status === 'ok') {
      if (p.format) imageFormats[p.format] = (imageFormats[p.format] ?? 0) + 1;
      this.totalBytes += p.bytes ?? 0;
      if (p.width !== undefined && p.height !== undefined) {
        const res = (this.res ??= {
          minWidth: p.width,
          maxWidth: p.width,
          minHeight: p.height,
          maxHeight: p.height,
        });
        res.minWidth = Math.min(res.minWidth, p.width);
        res.maxWidth = Math.max(res.maxWidth, p.width);
        res.minHeight = Math.min(res.minHeight, p.height);
        res.maxHeight = Math.max(res.maxHeight, p.height);
      }
    }
    for (const [k, v] of Object.entries(s.metadata ?? {})) {
      if (v === undefined || v === null || v === '') continue;
      metadataFields[k] = (metadataFields[k] ?? 0) + 1;
      if (k === 'license' || k === 'licence') licences.set(String(v), (licences.get(String(v)) ?? 0) + 1);
    }
  }

  facts(licenceNames?: LicenceNames): DatasheetFacts {
    const licenses = [...this.licences.entries()].map(([id, n]) => {
      const known = licenceNames?.get(id);
      const entry: DatasheetFacts['licenses'][number] = {
        name: known?.name ?? `licence id ${id}`,
        samples: n,
      };
      if (known?.url) entry.url = known.url;
      return entry;
    });
    const facts: DatasheetFacts = {
      imageFormats: this.imageFormats,
      totalBytes: this.totalBytes,
      licenses,
      metadataFields: this.metadataFields,
      roots: [...this.roots],
    };
    if (this.res) facts.resolution = this.res;
    return facts;
  }
}
