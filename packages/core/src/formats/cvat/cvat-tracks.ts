import type { Annotation } from '../../model/annotation.js';
import { CVAT_SHAPES, parseCvatPoints, readCvatShape, type ShapeContext } from './cvat-shapes.js';
import { type XmlNode, xmlAttr, xmlChildren } from './cvat-xml.js';

/** One shape of a track at one frame, as the XML lists it. */
interface Keyframe {
  tag: string;
  frame: number;
  outside: boolean;
  node: XmlNode;
}

const COORDS: Record<string, readonly string[]> = {
  box: ['xtl', 'ytl', 'xbr', 'ybr', 'rotation'],
  ellipse: ['cx', 'cy', 'rx', 'ry', 'rotation'],
};

function lerp(a: number, b: number, t: number): number {
  return a + (b - a) * t;
}

function interpolatePoints(a: string | undefined, b: string | undefined, t: number): string | undefined {
  const pa = parseCvatPoints(a);
  const pb = parseCvatPoints(b);
  if (!pa || !pb || pa.length !== pb.length) return a;
  const out: string[] = [];
  for (let i = 0; i + 1 < pa.length; i += 2)
    out.push(`${lerp(pa[i] ?? 0, pb[i] ?? 0, t)},${lerp(pa[i + 1] ?? 0, pb[i + 1] ?? 0, t)}`);
  return out.join(';');
}

/**
 * The shape between keyframes `a` and `b` at fraction `t`, as CVAT interpolates: box corners (an
 * ellipse's centre and half-axes) and rotation linearly; polygons, polylines and points linearly point by point when both keyframes have
 * as many points (else `a`'s shape is kept: CVAT then resamples the contours, which Assay does not);
 * a skeleton's points each linearly; attributes and flags are `a`'s.
 */
export function interpolateShape(tag: string, a: XmlNode, b: XmlNode, t: number): XmlNode {
  const out: XmlNode = { ...a };
  const coords = COORDS[tag];
  if (coords) {
    for (const k of coords) {
      const va = Number(xmlAttr(a, k) ?? (k === 'rotation' ? 0 : Number.NaN));
      const vb = Number(xmlAttr(b, k) ?? (k === 'rotation' ? 0 : Number.NaN));
      if (Number.isFinite(va) && Number.isFinite(vb) && (k !== 'rotation' || va !== 0 || vb !== 0))
        out[`@_${k}`] = String(lerp(va, vb, t));
    }
  } else if (tag === 'skeleton') {
    const bByLabel = new Map(xmlChildren(b, 'points').map((p) => [xmlAttr(p, 'label'), p]));
    out.points = xmlChildren(a, 'points').map((p) => {
      const q = bByLabel.get(xmlAttr(p, 'label'));
      return q ? { ...p, '@_points': interpolatePoints(xmlAttr(p, 'points'), xmlAttr(q, 'points'), t) } : p;
    });
  } else if (tag !== 'mask') {
    out['@_points'] = interpolatePoints(xmlAttr(a, 'points'), xmlAttr(b, 'points'), t);
  }
  return out;
}

export interface TrackFrames {
  /** Frame index → the shape of the track there (node and tag). */
  shapes: Map<number, { tag: string; node: XmlNode; keyframe: boolean }>;
}

/**
 * The frames a track covers and its shape on each, CVAT's rules: from each listed shape that is not
 * `outside` to the next listed shape, interpolated (interpolateShape) when the next one is not outside
 * either, else held as it is; an `outside="1"` shape ends the segment; after the last listed shape that
 * is not outside the object stays until `lastFrame`. Listed shapes (keyframes or not) are used as
 * they are.
 */
export function trackFrames(track: XmlNode, lastFrame: number): TrackFrames {
  const keys: Keyframe[] = [];
  for (const tag of Object.keys(CVAT_SHAPES)) {
    for (const node of xmlChildren(track, tag)) {
      const frame = Number(xmlAttr(node, 'frame'));
      if (!Number.isInteger(frame) || frame < 0) continue;
      keys.push({ tag, frame, outside: xmlAttr(node, 'outside') === '1', node });
    }
  }
  keys.sort((x, y) => x.frame - y.frame);
  const shapes: TrackFrames['shapes'] = new Map();
  keys.forEach((k, i) => {
    if (k.outside) return;
    const next = keys[i + 1];
    shapes.set(k.frame, { tag: k.tag, node: k.node, keyframe: xmlAttr(k.node, 'keyframe') !== '0' });
    const end = next ? next.frame - 1 : lastFrame;
    for (let f = k.frame + 1; f <= end; f++) {
      const node =
        next && !next.outside && next.tag === k.tag
          ? interpolateShape(k.tag, k.node, next.node, (f - k.frame) / (next.frame - k.frame))
          : k.node;
      shapes.set(f, { tag: k.tag, node, keyframe: false });
    }
  });
  return { shapes };
}

/** Reads one track's shape at a frame into an annotation with the track id, or the reason it fails. */
export function readTrackShape(
  tag: string,
  node: XmlNode,
  trackId: number | string,
  ctx: ShapeContext,
): { annotation: Annotation } | { refused: string } {
  const shape = readCvatShape(tag, node, ctx);
  if ('refused' in shape) return shape;
  shape.annotation.attributes = { ...shape.annotation.attributes, track_id: trackId };
  return shape;
}
