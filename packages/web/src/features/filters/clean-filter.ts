import type { Filter } from '@assay/api';

/** Drops empty fields so the URL stays short and `{}` means "everything". */
export function cleanFilter(filter: Filter): Filter {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(filter)) {
    if (v === undefined || v === '') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    out[k] = v;
  }
  return out as Filter;
}
