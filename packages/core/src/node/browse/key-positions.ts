/**
 * The samples holding each (class, source) key, as positions: positions[start[key] .. start[key + 1]),
 * ascending. The index's per-sample lists (csStart/csKey) inverted once, so a class or source filter
 * marks the samples of its keys (a twentieth of the pairs for one class of twenty) instead of reading
 * every sample's list.
 */
export interface KeyPositions {
  start: Uint32Array;
  positions: Int32Array;
}

/** Inverts per-sample key lists (keys[sampleStart[i] .. sampleStart[i + 1]) of sample i) for `keyCount` keys. */
export function keyPositions(sampleStart: Uint32Array, keys: Uint16Array, keyCount: number): KeyPositions {
  const n = sampleStart.length - 1;
  const start = new Uint32Array(keyCount + 1);
  for (let k = 0; k < sampleStart[n]!; k++) start[keys[k]! + 1]!++;
  for (let key = 0; key < keyCount; key++) start[key + 1]! += start[key]!;
  const next = start.slice(0, keyCount);
  const positions = new Int32Array(start[keyCount]!);
  for (let i = 0; i < n; i++)
    for (let k = sampleStart[i]!, end = sampleStart[i + 1]!; k < end; k++) positions[next[keys[k]!]!++] = i;
  return { start, positions };
}
