/**
 * Seeded mutations of point files for the fuzz suite: truncation inside the point data (not only the
 * header), a sweep cut to a length that is no whole number of points, header fields that lie (a point
 * count larger than the data, an unknown type or impossible size, PLY x made a list), and bytes
 * changed inside the points. Text formats' headers are edited as text; the data after them stays bytes.
 */
import type { Mutation, Random } from './mutate.js';

const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

/** Byte offset just after a PCD `DATA ...` line or a PLY `end_header` line (0 when none). */
function headerEnd(bytes: Buffer): number {
  const head = bytes.subarray(0, Math.min(bytes.length, 4096)).toString('latin1');
  const m = /(^|\n)(DATA [^\n]*|end_header[^\n]*)\n/.exec(head);
  return m === null ? 0 : m.index + m[0].length;
}

/** Replaces the first match of `re` in the header; the data bytes are kept as they are. */
function editHeader(
  bytes: Buffer,
  re: RegExp,
  to: (m: RegExpExecArray) => string,
  what: string,
): Mutation | undefined {
  const end = headerEnd(bytes);
  if (end === 0) return undefined;
  const head = bytes.subarray(0, end).toString('latin1');
  const m = re.exec(head);
  if (m === null) return undefined;
  const edited = head.slice(0, m.index) + to(m) + head.slice(m.index + m[0].length);
  return { bytes: Buffer.concat([Buffer.from(edited, 'latin1'), bytes.subarray(end)]), what };
}

/** Every header lie that applies to the file (PCD or PLY), each a mutation of its own. */
export function headerLies(bytes: Buffer): Mutation[] {
  const lies: (() => Mutation | undefined)[] = [
    () =>
      editHeader(
        bytes,
        /POINTS (\d+)/,
        (m) => `POINTS ${Number(m[1]) * 2 + 3}`,
        'PCD POINTS larger than the data',
      ),
    () => editHeader(bytes, /WIDTH (\d+)/, (m) => `WIDTH ${Number(m[1]) + 7}`, 'PCD WIDTH changed'),
    () => editHeader(bytes, /TYPE ([FUI])/, () => 'TYPE X', 'PCD TYPE of x unknown'),
    () => editHeader(bytes, /SIZE (\d)/, () => 'SIZE 3', 'PCD SIZE of x impossible'),
    () => editHeader(bytes, /COUNT 1/, () => 'COUNT 0', 'PCD COUNT 0'),
    () => editHeader(bytes, /FIELDS x/, () => 'FIELDS q', 'PCD field x renamed'),
    () =>
      editHeader(
        bytes,
        /element vertex (\d+)/,
        (m) => `element vertex ${Number(m[1]) + 5}`,
        'PLY vertex count larger than the data',
      ),
    () => editHeader(bytes, /property float x/, () => 'property list uchar int x', 'PLY x retyped as a list'),
    () => editHeader(bytes, /format (\w+)/, () => 'format utf9', 'PLY format unknown'),
  ];
  return lies.map((lie) => lie()).filter((m): m is Mutation => m !== undefined);
}

export type PointMutationKind = 'cut-data' | 'odd-length' | 'header' | 'flip-data';

/** One seeded mutation of a point file (PCD, PLY, KITTI or nuScenes .bin, SemanticKITTI .label); `kind` picks its kind. */
export function mutatePointFile(bytes: Buffer, random: Random, kind?: PointMutationKind): Mutation {
  const start = headerEnd(bytes);
  kind ??= pick(random, ['cut-data', 'cut-data', 'odd-length', 'header', 'header', 'flip-data'] as const);
  if (kind === 'header') {
    const lies = headerLies(bytes);
    if (lies.length > 0) return pick(random, lies);
  }
  const head = bytes.subarray(0, start).toString('latin1');
  if (/DATA ascii|format ascii/.test(head)) {
    // Text points: a cut anywhere before the last line's start loses at least one whole point.
    const last = bytes.lastIndexOf(10, bytes.length - 2);
    const n = start + Math.floor(random() * Math.max(1, last - start));
    if (kind !== 'flip-data')
      return { bytes: bytes.subarray(0, n), what: `truncated in the point data at ${n} of ${bytes.length}` };
  }
  if (kind === 'odd-length' || kind === 'header') {
    // Not a whole number of 4-byte values (nor of 16-byte KITTI points).
    const n = Math.max(0, bytes.length - 1 - Math.floor(random() * 3));
    return { bytes: bytes.subarray(0, n), what: `cut to ${n} of ${bytes.length} bytes (no whole point)` };
  }
  if (kind === 'flip-data') {
    const out = Buffer.from(bytes);
    for (let k = 0; k < 16 && out.length > start; k++)
      out[start + Math.floor(random() * (out.length - start))] = Math.floor(random() * 256);
    return { bytes: out, what: '16 bytes of the point data changed' };
  }
  const n = start + Math.floor(random() * Math.max(1, bytes.length - start));
  return { bytes: bytes.subarray(0, n), what: `truncated in the point data at ${n} of ${bytes.length}` };
}

/** True for the files mutatePointFile handles. */
export const isPointFile = (name: string): boolean => /\.(pcd|ply|bin|label)$/i.test(name);
