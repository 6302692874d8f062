import { minOf } from '../../arrays/append-all.js';
import { findNearDuplicates, type NearDuplicatePair } from '../../metrics/near-duplicates.js';
import type { NewIssue } from '../../store/project-store.js';
import type { MediaCheckOptions, MediaCheckSample } from './media-checks.js';

type Match = { kind: 'bytes' | 'pixels' | 'near' | 'embedding'; other: number; distance?: number };

/**
 * exact_duplicate (same SHA-256 of the bytes, else same decoded-pixel hash), near_duplicate
 * (perceptual hashes through a multi-index; see findNearDuplicates) and split_leakage (either kind
 * across two different splits). In a group of duplicates every sample but the first (lowest id)
 * gets the issue, so the count is the number of redundant samples; leakage is reported on each
 * sample that has a duplicate in another split.
 */
export function duplicateChecks(
  samples: readonly MediaCheckSample[],
  options: MediaCheckOptions,
): NewIssue[] {
  const matches = new Map<number, Match[]>();
  const add = (a: number, b: number, m: Omit<Match, 'other'>) => {
    push(matches, a, { ...m, other: b });
    push(matches, b, { ...m, other: a });
  };
  const byId = new Map(samples.map((s) => [s.id, s]));
  const exactPairs = new Set<string>();
  const exact = (kind: 'bytes' | 'pixels', group: MediaCheckSample[]) => {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const [a, b] = [group[i]!, group[j]!];
        if (kind === 'pixels' && a.probe.sha256 !== undefined && a.probe.sha256 === b.probe.sha256) continue;
        exactPairs.add(pairKey(a.id, b.id));
        add(a.id, b.id, { kind });
      }
    }
  };
  for (const group of groupBy(samples, (s) => s.probe.sha256)) exact('bytes', group);
  for (const group of groupBy(samples, (s) => s.metrics?.pixelHash)) exact('pixels', group);
  const withMetrics = samples.filter((s) => s.metrics !== undefined);
  const near = findNearDuplicates(
    withMetrics.map((s) => s.metrics!),
    options.nearDuplicateDistance === undefined ? {} : { maxDistance: options.nearDuplicateDistance },
  );
  for (const p of near) {
    const a = withMetrics[p.a]!.id;
    const b = withMetrics[p.b]!.id;
    if (!exactPairs.has(pairKey(a, b))) add(a, b, { kind: 'near', distance: p.distance });
  }
  const embedding = options.embeddingPairs;
  for (const p of embedding?.pairs ?? []) {
    if (p.a === p.b || !byId.has(p.a) || !byId.has(p.b) || exactPairs.has(pairKey(p.a, p.b))) continue;
    add(p.a, p.b, { kind: 'embedding', distance: p.distance });
  }
  return [...duplicateIssues(matches, byId, embedding?.model), ...leakageIssues(matches, byId)];
}

function duplicateIssues(
  matches: Map<number, Match[]>,
  byId: Map<number, MediaCheckSample>,
  model: string | undefined,
): NewIssue[] {
  const issues: NewIssue[] = [];
  for (const [id, list] of matches) {
    const s = byId.get(id)!;
    const exact = list.filter((m) => m.kind === 'bytes' || m.kind === 'pixels');
    const earlierExact = exact.filter((m) => m.other < id);
    if (earlierExact.length > 0) {
      const how = earlierExact.some((m) => m.kind === 'bytes') ? 'bytes' : 'pixels';
      const related = exact.map((m) => m.other).sort((a, b) => a - b);
      issues.push({
        sampleId: id,
        type: 'exact_duplicate',
        severity: 'warning',
        score: 1,
        reason: `${s.key} is an exact duplicate (${how === 'bytes' ? 'same file bytes' : 'same decoded pixels'}) of ${keys(related, byId)}.`,
        details: { related_sample_ids: related, match: how },
      });
      continue;
    }
    const near = list.filter((m) => m.kind === 'near' || m.kind === 'embedding');
    if (!near.some((m) => m.other < id)) continue;
    const related = [...new Set(near.map((m) => m.other))].sort((a, b) => a - b);
    const hash = near.filter((m) => m.kind === 'near');
    const emb = near.filter((m) => m.kind === 'embedding');
    const distance = hash.length > 0 ? minOf(hash.map((m) => m.distance ?? 0)) : undefined;
    const embeddingDistance = emb.length > 0 ? minOf(emb.map((m) => m.distance ?? 0)) : undefined;
    const evidence = [
      ...(distance === undefined ? [] : [`pHash + dHash distance ${distance} of 128 bits`]),
      ...(embeddingDistance === undefined
        ? []
        : [`${model ?? 'embedding'} cosine distance ${embeddingDistance.toFixed(4)}`]),
    ];
    issues.push({
      sampleId: id,
      type: 'near_duplicate',
      severity: 'warning',
      score: distance !== undefined ? nearScore(distance) : Math.max(0.5, 1 - (embeddingDistance ?? 0) * 5),
      reason: `${s.key} is a near duplicate of ${keys(related, byId)} (${evidence.join('; ')}).`,
      details: {
        related_sample_ids: related,
        methods: [...(hash.length > 0 ? ['hash'] : []), ...(emb.length > 0 ? ['embedding'] : [])],
        ...(distance === undefined
          ? {}
          : { distance, distances: Object.fromEntries(hash.map((m) => [m.other, m.distance])) }),
        ...(embeddingDistance === undefined
          ? {}
          : {
              embedding_model: model,
              embedding_distance: round4(embeddingDistance),
              embedding_distances: Object.fromEntries(emb.map((m) => [m.other, round4(m.distance ?? 0)])),
            }),
      },
    });
  }
  return issues;
}

function leakageIssues(matches: Map<number, Match[]>, byId: Map<number, MediaCheckSample>): NewIssue[] {
  const issues: NewIssue[] = [];
  for (const [id, list] of matches) {
    const s = byId.get(id)!;
    if (s.split === undefined) continue;
    const across = list.filter((m) => {
      const split = byId.get(m.other)?.split;
      return split !== undefined && split !== s.split;
    });
    if (across.length === 0) continue;
    const exact = across.some((m) => m.kind === 'bytes' || m.kind === 'pixels');
    const related = [...new Set(across.map((m) => m.other))].sort((a, b) => a - b);
    const splits = [...new Set(related.map((r) => byId.get(r)!.split!))].sort();
    const hashAcross = across.filter((m) => m.kind === 'near');
    const distance = exact || hashAcross.length === 0 ? 0 : minOf(hashAcross.map((m) => m.distance ?? 0));
    issues.push({
      sampleId: id,
      type: 'split_leakage',
      severity: 'error',
      score: exact ? 1 : nearScore(distance),
      reason: `${s.key} (${s.split}) has ${exact ? 'an exact' : 'a near'} duplicate in ${splits.join(', ')}: ${keys(related, byId)}.`,
      details: {
        related_sample_ids: related,
        split: s.split,
        other_splits: splits,
        match: exact ? 'exact' : 'near',
        distance,
        ...(across.some((m) => m.kind === 'embedding') && !exact
          ? {
              embedding_distance: round4(
                minOf(across.filter((m) => m.kind === 'embedding').map((m) => m.distance ?? 0)),
              ),
            }
          : {}),
      },
    });
  }
  return issues;
}

/** 1 for identical hashes, falling linearly to 0.5 at the default largest distance (20). */
function nearScore(distance: number): number {
  return Math.max(0.5, 1 - distance / 40);
}

function round4(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}

function keys(ids: number[], byId: Map<number, MediaCheckSample>): string {
  const names = ids.slice(0, 3).map((i) => byId.get(i)?.key ?? `#${i}`);
  return ids.length > 3 ? `${names.join(', ')} and ${ids.length - 3} more` : names.join(', ');
}

function pairKey(a: number, b: number): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | undefined): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key !== undefined) push(groups, key, item);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}

export type { NearDuplicatePair };
