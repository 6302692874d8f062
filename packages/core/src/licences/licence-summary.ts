import { type CommercialUse, licenceTerms } from './licence-terms.js';

/** One sample's provenance: where it came from and under which licence. */
export interface SampleProvenance {
  licence?: string;
  url?: string;
  /** Where the sample came from (a site, a collection, a vendor). */
  source?: string;
  /** How Assay learnt it: `coco` (the file's licenses), `csv`, `rule`. */
  origin: string;
}

export interface LicenceRow {
  /** The licence name, or `unknown` for samples without one. */
  licence: string;
  url?: string;
  samples: number;
  commercial: CommercialUse;
  /** The sources its samples came from, most samples first. */
  sources: string[];
}

export interface LicenceSummary {
  licences: LicenceRow[];
  samples: number;
  /** Samples with no licence stated. */
  without_licence: number;
  /** Set when licences that forbid commercial use are mixed with others (the whole set is then NC). */
  warning?: string;
}

/**
 * Samples per licence (with their sources and what the licence says about commercial use), and a
 * warning when the set mixes licences forbidding commercial use with others: the set as a whole then
 * cannot be used commercially, though part of it could. Pure.
 */
export function licenceSummary(provenance: Iterable<SampleProvenance | undefined>): LicenceSummary {
  const rows = new Map<string, LicenceRow & { bySource: Map<string, number> }>();
  let samples = 0;
  let without = 0;
  for (const p of provenance) {
    samples++;
    const name = p?.licence ?? 'unknown';
    if (p?.licence === undefined) without++;
    let row = rows.get(name);
    if (!row) {
      const terms = p?.licence === undefined ? undefined : licenceTerms(p.licence, p.url);
      row = {
        licence: name,
        samples: 0,
        commercial: terms?.commercial ?? 'unknown',
        sources: [],
        bySource: new Map(),
      };
      if (p?.url) row.url = p.url;
      rows.set(name, row);
    }
    row.samples++;
    if (p?.source) row.bySource.set(p.source, (row.bySource.get(p.source) ?? 0) + 1);
  }
  const licences = [...rows.values()]
    .sort((a, b) => b.samples - a.samples || a.licence.localeCompare(b.licence))
    .map(({ bySource, ...row }) => ({
      ...row,
      sources: [...bySource.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([s]) => s),
    }));
  const summary: LicenceSummary = { licences, samples, without_licence: without };
  const forbidden = licences.filter((l) => l.commercial === 'forbidden');
  const others = licences.filter((l) => l.commercial !== 'forbidden');
  if (forbidden.length > 0 && others.length > 0) {
    const n = forbidden.reduce((t, l) => t + l.samples, 0);
    summary.warning =
      `${n} of ${samples} samples are under licences that forbid commercial use ` +
      `(${forbidden.map((l) => l.licence).join(', ')}), mixed with ${others.map((l) => l.licence).join(', ')}: ` +
      'the set as a whole cannot be used commercially; release the commercial-use samples apart if needed.';
  }
  return summary;
}
