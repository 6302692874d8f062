/**
 * Query by committee over C members' n × k probability matrices (row-major), as in Settles (2009) §3.2
 * and modAL's `vote_entropy` / `KL_max_disagreement` (there: the max over members; here the mean, as
 * McCallum & Nigam 1998 define it).
 * Vote entropy: −Σ_c (V(c)/C) ln(V(c)/C) / ln k over the members' votes (argmax, first on ties).
 * Mean KL: (1/C) Σ_m KL(P_m ‖ P̄), P̄ the members' mean distribution (natural log).
 */
export function voteEntropy(members: readonly Float64Array[], n: number, k: number): Float64Array {
  const out = new Float64Array(n);
  const votes = new Float64Array(k);
  const C = members.length;
  const norm = k > 1 ? Math.log(k) : 1;
  for (let i = 0; i < n; i++) {
    votes.fill(0);
    for (const m of members) {
      let best = 0;
      for (let j = 1; j < k; j++) if (m[i * k + j]! > m[i * k + best]!) best = j;
      votes[best]!++;
    }
    let h = 0;
    for (let j = 0; j < k; j++) {
      const p = votes[j]! / C;
      if (p > 0) h -= p * Math.log(p);
    }
    out[i] = h / norm;
  }
  return out;
}

export function meanKl(members: readonly Float64Array[], n: number, k: number): Float64Array {
  const out = new Float64Array(n);
  const mean = new Float64Array(k);
  const C = members.length;
  for (let i = 0; i < n; i++) {
    mean.fill(0);
    for (const m of members) for (let j = 0; j < k; j++) mean[j]! += m[i * k + j]! / C;
    let kl = 0;
    for (const m of members)
      for (let j = 0; j < k; j++) {
        const p = m[i * k + j]!;
        if (p > 0) kl += p * Math.log(p / mean[j]!);
      }
    out[i] = kl / C;
  }
  return out;
}
