import type { Annotation } from '../../model/annotation.js';
import { groupPoints, type LsPoint, type LsRegion } from './label-studio-keypoints.js';
import type { Group, State } from './label-studio-read-state.js';
import { isSpatial, type LsResult, readLsResult, resultLabels } from './label-studio-result.js';

/** The original image size of a spatial result, or undefined (skipped with a problem). */
export function sizeFor(
  group: Group,
  r: LsResult,
  state: State,
  where: string,
): { W: number; H: number } | undefined {
  const W = r.original_width ?? group.sample.width;
  const H = r.original_height ?? group.sample.height;
  if (isSpatial(r) && !(W && H && W > 0 && H > 0)) {
    state.problems.skip(
      group.file,
      where,
      'the image size is unknown (no original_width/original_height)',
      'Scan the images first or export again from Label Studio.',
    );
    return undefined;
  }
  return { W: W ?? 0, H: H ?? 0 };
}

/** A keypoint result in pixels, or undefined (skipped with a problem). */
export function readPoint(group: Group, r: LsResult, state: State): LsPoint | undefined {
  const where = `${group.record} result ${r.id ?? ''} (${r.type ?? 'no type'})`;
  const size = sizeFor(group, r, state, where);
  if (size === undefined) return undefined;
  const read = readLsResult(r, size.W, size.H);
  if ('refused' in read) {
    state.problems.skip(group.file, where, read.refused);
    return undefined;
  }
  const [x, y] = read.annotations[0]?.keypoints ?? [Number.NaN, Number.NaN];
  const point: LsPoint = {
    x: x ?? Number.NaN,
    y: y ?? Number.NaN,
    name: resultLabels(r)[0] ?? 'point',
    from: r.from_name ?? 'keypoints',
  };
  if (r.id !== undefined) point.id = r.id;
  if (typeof r.parentID === 'string') point.parentID = r.parentID;
  return point;
}

/**
 * Points of one object become one keypoints annotation (label-studio-keypoints.ts): a parent rectangle
 * turns into that annotation (its box kept); a parent of another shape stays, and the keypoints
 * annotation gets its label and box; points grouped only by relations are labelled by their control's
 * name. A lone point is a keypoints annotation of one point labelled by its own label.
 */
export function addPoints(
  group: Group,
  points: LsPoint[],
  regions: LsRegion[],
  relations: LsResult[],
  state: State,
): void {
  const links = relations
    .filter((r) => r.from_id !== undefined && r.to_id !== undefined)
    .map((r) => ({ from: r.from_id as string, to: r.to_id as string }));
  for (const g of groupPoints(points, regions, links)) {
    const lone = g.parent === undefined && g.points.length === 1;
    const first = g.points[0] as LsPoint;
    const label = g.parent?.annotation.label ?? (lone ? first.name : first.from);
    const xs = g.points.map((p) => p.x);
    const ys = g.points.map((p) => p.y);
    const extent: [number, number, number, number] = [
      Math.min(...xs),
      Math.min(...ys),
      Math.max(...xs) - Math.min(...xs),
      Math.max(...ys) - Math.min(...ys),
    ];
    let a: Annotation;
    if (g.parent?.annotation.kind === 'bbox') {
      a = g.parent.annotation;
      a.kind = 'keypoints';
    } else {
      a = {
        sample: group.sample.key,
        source: group.source,
        kind: 'keypoints',
        bbox: g.parent?.annotation.bbox ?? extent,
      };
      if (g.parent?.annotation.score !== undefined) a.score = g.parent.annotation.score;
      else if (group.score !== undefined) a.score = group.score;
      if (first.id !== undefined && g.parent === undefined) a.originalId = first.id;
      state.annotations.push(a);
    }
    a.label = label;
    if (!state.classes.has(label)) state.classes.set(label, { name: label });
    // A lone point's class gets no point names: its one point is named by the class itself.
    const names = lone ? [] : (state.pointNames.get(label) ?? []);
    if (!lone) state.pointNames.set(label, names);
    const placed = new Map<string, [number, number]>();
    for (const p of g.points) {
      if (placed.has(p.name)) {
        state.problems.warn(
          group.file,
          `${group.record} result ${p.id ?? ''}`,
          `a second "${p.name}" point of one ${label}; the first is kept`,
        );
        continue;
      }
      placed.set(p.name, [p.x, p.y]);
      if (!names.includes(p.name)) names.push(p.name);
    }
    state.keypointSets.push({ annotation: a, points: placed });
  }
}
