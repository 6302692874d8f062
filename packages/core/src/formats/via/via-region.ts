import { ellipseArea, ellipseBox, ellipsePolygon } from '../../geometry/ellipse.js';
import type { Annotation } from '../../model/annotation.js';
import { extentBox } from '../cvat/cvat-shapes.js';
import { previewJson } from '../preview-json.js';

/** A region's geometry, or the reason it cannot be read; `approximated` names a circle or ellipse. */
export type ViaGeometry = Pick<Annotation, 'kind' | 'bbox' | 'points' | 'keypoints' | 'area'> & {
  approximated?: 'circle' | 'ellipse';
};

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function numbers(s: Record<string, unknown>, names: string[]): number[] | string {
  const values = names.map((n) => s[n]);
  return values.every(finite)
    ? (values as number[])
    : `${names.join(', ')} must be numbers: ${previewJson(s)}`;
}

function pointList(s: Record<string, unknown>, min: number, what: string): number[] | string {
  const { all_points_x: xs, all_points_y: ys } = s;
  if (!Array.isArray(xs) || !Array.isArray(ys) || xs.length !== ys.length || ![...xs, ...ys].every(finite))
    return `all_points_x and all_points_y must be lists of numbers of one length: ${previewJson(s)}`;
  // VIA 1.x closes a polygon by repeating its first point.
  let n = xs.length;
  if (what === 'polygon' && n > 3 && xs[0] === xs[n - 1] && ys[0] === ys[n - 1]) n--;
  if (n < min) return `a ${what} needs at least ${min} points, it has ${n}`;
  const flat: number[] = [];
  for (let i = 0; i < n; i++) flat.push(xs[i] as number, ys[i] as number);
  return flat;
}

/**
 * A VIA `shape_attributes` (VGG Image Annotator 1.x/2.x, pixels): rect {x, y, width, height} → bbox;
 * polygon and polyline {all_points_x, all_points_y} → polygon / polyline; point {cx, cy} → keypoints;
 * circle {cx, cy, r} and ellipse {cx, cy, rx, ry, theta: radians, clockwise on screen as the canvas
 * turns it} → a 32-point polygon with the shape's own box and area.
 */
export function readViaShape(raw: unknown): ViaGeometry | string {
  if (typeof raw !== 'object' || raw === null)
    return `shape_attributes is not an object: ${previewJson(raw)}`;
  const s = raw as Record<string, unknown>;
  switch (s.name) {
    case 'rect': {
      const v = numbers(s, ['x', 'y', 'width', 'height']);
      if (typeof v === 'string') return v;
      const [x, y, w, h] = v as [number, number, number, number];
      if (w < 0 || h < 0) return `width and height must not be negative (${w} × ${h})`;
      return { kind: 'bbox', bbox: [x, y, w, h] };
    }
    case 'polygon':
    case 'polyline': {
      const flat = pointList(s, s.name === 'polygon' ? 3 : 2, s.name);
      if (typeof flat === 'string') return flat;
      return { kind: s.name, points: [flat], bbox: extentBox(flat) };
    }
    case 'point': {
      const v = numbers(s, ['cx', 'cy']);
      if (typeof v === 'string') return v;
      const [x, y] = v as [number, number];
      return { kind: 'keypoints', keypoints: [x, y, 2], bbox: [x, y, 0, 0] };
    }
    case 'circle':
    case 'ellipse': {
      const circle = s.name === 'circle';
      const v = numbers(s, circle ? ['cx', 'cy', 'r'] : ['cx', 'cy', 'rx', 'ry']);
      if (typeof v === 'string') return v;
      const [cx, cy, rx, ry] = circle ? [v[0], v[1], v[2], v[2]] : v;
      const e = { cx, cy, rx, ry, degrees: finite(s.theta) ? (s.theta * 180) / Math.PI : 0 } as {
        cx: number;
        cy: number;
        rx: number;
        ry: number;
        degrees: number;
      };
      if (!(e.rx > 0 && e.ry > 0)) return `the radius must be positive: ${previewJson(s)}`;
      return {
        kind: 'polygon',
        points: [ellipsePolygon(e)],
        bbox: ellipseBox(e),
        area: ellipseArea(e),
        approximated: circle ? 'circle' : 'ellipse',
      };
    }
    default:
      return `shape "${String(s.name)}" is not one VIA draws (rect, circle, ellipse, polygon, polyline, point)`;
  }
}
