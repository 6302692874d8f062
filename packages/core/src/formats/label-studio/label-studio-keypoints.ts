import type { Annotation } from '../../model/annotation.js';

/** A Label Studio keypoint result in pixels; `name` is its keypointlabels label. */
export interface LsPoint {
  id?: string;
  x: number;
  y: number;
  name: string;
  /** The keypoint control's from_name (names a group of points that has no parent region). */
  from: string;
  parentID?: string;
}

/** A region read from the same annotation: a possible parent of points. */
export interface LsRegion {
  id: string;
  annotation: Annotation;
}

export interface PointGroup {
  parent?: LsRegion;
  points: LsPoint[];
}

/** Axis-aligned, unrotated rectangles can enclose points. */
function isRectangle(r: LsRegion): boolean {
  return r.annotation.kind === 'bbox' && r.annotation.attributes?.rotation === undefined;
}

function encloses(r: LsRegion, p: LsPoint): boolean {
  const [x, y, w, h] = r.annotation.bbox ?? [0, 0, -1, -1];
  return p.x >= x && p.x <= x + w && p.y >= y && p.y <= y + h;
}

/**
 * Which points belong to one object, first rule that applies to a point:
 *  1. its `parentID` names a region of the annotation;
 *  2. a relation links it to a region (either direction);
 *  3. the smallest unrotated rectangle that encloses it.
 * Points linked to each other by relations (and to no region) form one group; a point in no group
 * stands alone. Returns groups in order of their first point.
 */
export function groupPoints(
  points: LsPoint[],
  regions: LsRegion[],
  relations: { from: string; to: string }[],
): PointGroup[] {
  const regionById = new Map(regions.map((r) => [r.id, r]));
  const pointIds = new Set(points.map((p) => p.id).filter((id) => id !== undefined));
  const linked = new Map<string, string[]>();
  for (const { from, to } of relations) {
    linked.set(from, [...(linked.get(from) ?? []), to]);
    linked.set(to, [...(linked.get(to) ?? []), from]);
  }
  const parentOf = (p: LsPoint): LsRegion | undefined => {
    if (p.parentID !== undefined && regionById.has(p.parentID)) return regionById.get(p.parentID);
    for (const other of linked.get(p.id ?? '') ?? []) if (regionById.has(other)) return regionById.get(other);
    let best: LsRegion | undefined;
    let bestArea = Number.POSITIVE_INFINITY;
    for (const r of regions) {
      if (!isRectangle(r) || !encloses(r, p)) continue;
      const [, , w, h] = r.annotation.bbox ?? [0, 0, 0, 0];
      if (w * h < bestArea) {
        best = r;
        bestArea = w * h;
      }
    }
    return best;
  };
  const groups: PointGroup[] = [];
  const byParent = new Map<string, PointGroup>();
  const byPoint = new Map<string, PointGroup>();
  for (const p of points) {
    const parent = parentOf(p);
    if (parent) {
      let g = byParent.get(parent.id);
      if (!g) {
        g = { parent, points: [] };
        byParent.set(parent.id, g);
        groups.push(g);
      }
      g.points.push(p);
      continue;
    }
    // Points related only to points: one group per connected set.
    const friends = (linked.get(p.id ?? '') ?? []).filter((id) => pointIds.has(id));
    const g = friends.map((id) => byPoint.get(id)).find((x) => x !== undefined) ?? { points: [] };
    if (g.points.length === 0) groups.push(g);
    g.points.push(p);
    if (p.id !== undefined) byPoint.set(p.id, g);
    for (const id of friends) if (!byPoint.has(id)) byPoint.set(id, g);
  }
  return groups;
}

/** A keypoints annotation whose points are filled in once every name of its class is known. */
export interface PendingKeypoints {
  annotation: Annotation;
  points: Map<string, [number, number]>;
}

/**
 * Fills each pending annotation's `keypoints` in the order of its class's names (v = 2 for a point
 * Label Studio placed, 0 for a name it has not), and sets each class's `keypoints` names.
 */
export function finishKeypoints(
  pending: PendingKeypoints[],
  names: Map<string, string[]>,
  classes: Map<string, { keypoints?: string[] }>,
): void {
  for (const [label, list] of names) {
    const c = classes.get(label);
    if (c) c.keypoints = list;
  }
  for (const { annotation, points } of pending) {
    const list = names.get(annotation.label ?? '') ?? [...points.keys()];
    annotation.keypoints = list.flatMap((n) => {
      const p = points.get(n);
      return p ? [p[0], p[1], 2] : [0, 0, 0];
    });
  }
}
