import type { Scene } from './demo-scene.js';
import type { ImageEffect } from './render-scene.js';
import {
  type Box,
  type ShapeKind,
  type ShapePlacement,
  shapeArea,
  shapeBox,
  shapeOutline,
} from './shape-geometry.js';

/** One image file of the demo, planned before anything is drawn or written. */
export type Split = 'train' | 'test';

/** A shape in one image's pixel coordinates: what is drawn, or what the ground truth says. */
export interface DemoObject {
  kind: ShapeKind;
  box: Box;
  ring: number[];
  area: number;
}

/** A ground-truth annotation; `id` is given once every image is planned. */
export interface GtLabel extends DemoObject {
  id: number;
}

export type ImageSource =
  | {
      kind: 'render';
      scene: Scene;
      format: 'jpg' | 'png';
      quality: number;
      effect?: ImageEffect;
      keep?: number;
    }
  | { kind: 'copy'; of: DemoImage }
  | { kind: 'jpeg'; of: DemoImage; quality: number; width?: number; crop?: Box };

export interface DemoImage {
  /** COCO image id, unique across train.json and test.json. */
  id: number;
  /** Path relative to images/, e.g. "train/img_0001.jpg"; given once every image is planned. */
  name: string;
  split: Split;
  width: number;
  height: number;
  source: ImageSource;
  /** What is really drawn (the simulated detector sees these). */
  objects: DemoObject[];
  /** What the ground truth lists (planted problems make it differ from `objects`). */
  labels: GtLabel[];
  /** False for the planted corrupt files. */
  decodable: boolean;
  /** Set on the planted dark and blurry images (the simulated detector does worse there). */
  degraded: boolean;
}

export function objectOf(p: ShapePlacement): DemoObject {
  return { kind: p.kind, box: shapeBox(p), ring: shapeOutline(p), area: shapeArea(p) };
}

export function labelOf(o: DemoObject): GtLabel {
  return { ...o, box: { ...o.box }, ring: [...o.ring], id: 0 };
}

/** Scales then shifts a shape: x' = x * sx + dx, y' = y * sy + dy. */
export function objectTransformed(o: DemoObject, sx: number, sy: number, dx: number, dy: number): DemoObject {
  const box = { x: o.box.x * sx + dx, y: o.box.y * sy + dy, w: o.box.w * sx, h: o.box.h * sy };
  const ring = o.ring.map((v, i) => (i % 2 === 0 ? v * sx + dx : v * sy + dy));
  return { kind: o.kind, box, ring, area: o.area * sx * sy };
}

/** A new image planned from a scene, its ground truth listing every drawn shape. */
export function imageFromScene(
  scene: Scene,
  split: Split,
  format: 'jpg' | 'png',
  quality: number,
): DemoImage {
  const objects = scene.objects.map(objectOf);
  return {
    id: 0,
    name: '',
    split,
    width: scene.width,
    height: scene.height,
    source: { kind: 'render', scene, format, quality },
    objects,
    labels: objects.map(labelOf),
    decodable: true,
    degraded: false,
  };
}

export function extensionOf(image: DemoImage): 'jpg' | 'png' {
  if (image.source.kind === 'copy') return extensionOf(image.source.of);
  return image.source.kind === 'render' && image.source.format === 'png' ? 'png' : 'jpg';
}

/** A new image showing the same shapes as `of` (moved by `transform` when the pixels were resized or cropped). */
export function derivedImage(
  of: DemoImage,
  split: Split,
  source: ImageSource,
  transform: { sx: number; sy: number; dx: number; dy: number; width: number; height: number } | undefined,
): DemoImage {
  const t = transform ?? { sx: 1, sy: 1, dx: 0, dy: 0, width: of.width, height: of.height };
  const move = (o: DemoObject): DemoObject => objectTransformed(o, t.sx, t.sy, t.dx, t.dy);
  return {
    id: 0,
    name: '',
    split,
    width: t.width,
    height: t.height,
    source,
    objects: of.objects.map(move),
    labels: of.labels.map((l) => labelOf(move(l))),
    decodable: true,
    degraded: of.degraded,
  };
}
