import { z } from 'zod';
import { Filter } from './filter.js';
import { ValueCount } from './histogram.js';

/**
 * POST /api/facets/attributes: annotation attribute values under a filter, kept small however many
 * distinct values an attribute has (free text): the top `limit` values per attribute name, and a
 * case-insensitive `search` over all of them. `name` asks for one attribute only.
 */
export const AttributeFacetsRequest = z.object({
  filter: Filter,
  name: z.string().max(200).optional(),
  search: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(100).optional(),
});
export type AttributeFacetsRequest = z.infer<typeof AttributeFacetsRequest>;

export const AttributeFacet = z.object({
  name: z.string(),
  /** Distinct values (matching `search` when given); `values` lists the most frequent of them. */
  distinct: z.number().int(),
  /** Annotations having the attribute (with a value matching `search` when given). */
  annotations: z.number().int(),
  values: z.array(ValueCount),
});
export type AttributeFacet = z.infer<typeof AttributeFacet>;

export const AttributeFacetsResponse = z.object({
  took_ms: z.number(),
  attributes: z.array(AttributeFacet),
});
export type AttributeFacetsResponse = z.infer<typeof AttributeFacetsResponse>;
