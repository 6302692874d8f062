import { polygonArea } from '../../geometry/polygon.js';
import type { Annotation, AttributeValue } from '../../model/annotation.js';
import { type XmlNode, xmlChild, xmlLeaves, xmlList, xmlText } from './voc-xml.js';

/**
 * VOC coordinate convention. VOC numbers are 1-based pixel indices in the devkit's own tools; Assay
 * reads them, like Datumaro, CVAT and torchvision, as plain edge coordinates with no ±1 shift:
 *   bbox = [xmin, ymin, xmax - xmin, ymax - ymin]      and on write   xmin = x, xmax = x + w.
 * The two are exact inverses, so a write → read round trip gives back the same numbers. (A devkit
 * full-image box 1..W reads as [1, 1, W - 1, H - 1]: within one pixel of the image edge.)
 */
export function vocBox(bndbox: XmlNode | XmlNode[] | undefined): [number, number, number, number] | string {
  if (bndbox === undefined) return 'the object has no <bndbox>';
  const [xmin, ymin, xmax, ymax] = ['xmin', 'ymin', 'xmax', 'ymax'].map((tag) => {
    const text = xmlText(xmlChild(bndbox, tag));
    return text === undefined || text === '' ? Number.NaN : Number(text);
  }) as [number, number, number, number];
  if (![xmin, ymin, xmax, ymax].every(Number.isFinite)) {
    return `<bndbox> values are not all numbers (xmin ${xmin}, ymin ${ymin}, xmax ${xmax}, ymax ${ymax})`;
  }
  if (xmin < 0 || ymin < 0) return `<bndbox> has a negative coordinate (xmin ${xmin}, ymin ${ymin})`;
  if (xmax < xmin || ymax < ymin)
    return `<bndbox> has xmax < xmin or ymax < ymin (${xmin},${ymin} to ${xmax},${ymax})`;
  return [xmin, ymin, xmax - xmin, ymax - ymin];
}

/** VOC's 0/1 flags, read as booleans. */
export const VOC_FLAGS = ['difficult', 'truncated', 'occluded'] as const;
/** Prefix of the person-action flags of VOC's action task (<actions><jumping>1</jumping>). */
export const ACTION_PREFIX = 'action:';

/** "true"/"false" and plain numbers typed, everything else kept as text (Datumaro writes all as text). */
function typedValue(text: string): AttributeValue {
  if (text === 'true' || text === 'false') return text === 'true';
  if (text !== '' && String(Number(text)) === text) return Number(text);
  return text;
}

/** Flags, pose, actions and Datumaro's <attributes> of one <object> as annotation attributes. */
export function vocAttributes(object: XmlNode): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const flag of VOC_FLAGS) {
    const text = xmlText(xmlChild(object, flag));
    if (text === '0' || text === '1') out[flag] = text === '1';
    else if (text !== undefined && text !== '') out[flag] = typedValue(text);
  }
  const pose = xmlText(xmlChild(object, 'pose'));
  if (pose) out.pose = pose;
  for (const [action, text] of xmlLeaves(xmlChild(object, 'actions'))) {
    out[`${ACTION_PREFIX}${action}`] = text === '1' || text === 'true';
  }
  for (const attribute of xmlList(xmlChild(xmlChild(object, 'attributes'), 'attribute'))) {
    const name = xmlText(xmlChild(attribute, 'name'));
    const value = xmlText(xmlChild(attribute, 'value'));
    if (name) out[name] = typedValue(value ?? '');
  }
  return out;
}

/**
 * An object's `<polygon><x1>…</x1><y1>…</y1><x2>…` (Roboflow's and supervision's VOC export of
 * segmentation: numbered corners, same convention as the box) as one flat ring; undefined without a
 * polygon; a reason when it has one that is not at least 3 numbered corners.
 */
export function vocPolygon(object: XmlNode): number[] | string | undefined {
  const polygon = xmlChild(object, 'polygon');
  if (polygon === undefined) return undefined;
  const ring: number[] = [];
  for (let i = 1; ; i++) {
    const x = xmlText(xmlChild(polygon, `x${i}`));
    const y = xmlText(xmlChild(polygon, `y${i}`));
    if (x === undefined && y === undefined) break;
    const [px, py] = [Number(x), Number(y)];
    if (
      x === undefined ||
      y === undefined ||
      x === '' ||
      y === '' ||
      !Number.isFinite(px) ||
      !Number.isFinite(py)
    )
      return `<polygon> corner ${i} is not a number pair (x${i} ${x ?? 'missing'}, y${i} ${y ?? 'missing'})`;
    ring.push(px, py);
  }
  return ring.length >= 6 ? ring : '<polygon> has fewer than 3 corners <x1>/<y1>, <x2>/<y2>, …';
}

export interface VocObjectContext {
  sample: string;
  source: string;
  /** Reports a skipped object or part: record text and reason. */
  skip(record: string, reason: string): void;
}

/**
 * One <object> as a bbox annotation (a polygon annotation with the box when it has a numbered
 * `<polygon>`, see vocPolygon; originalId = its 1-based position in the file) plus one bbox
 * annotation per <part> (VOC person layout: head, hand, foot) with attribute `parent` = that position.
 */
export function vocObjectAnnotations(object: XmlNode, index: number, ctx: VocObjectContext): Annotation[] {
  const record = `<object> ${index}`;
  const label = xmlText(xmlChild(object, 'name'));
  if (!label) {
    ctx.skip(record, 'the object has no <name>');
    return [];
  }
  const bbox = vocBox(xmlChild(object, 'bndbox'));
  if (typeof bbox === 'string') {
    ctx.skip(`${record} (${label})`, bbox);
    return [];
  }
  const attributes = vocAttributes(object);
  const base = { sample: ctx.sample, source: ctx.source, kind: 'bbox' as const };
  const ring = vocPolygon(object);
  if (typeof ring === 'string')
    ctx.skip(`${record} (${label}) <polygon>`, `${ring}; the object is read as its box`);
  const shape = Array.isArray(ring)
    ? { kind: 'polygon' as const, points: [ring], area: polygonArea(ring) }
    : { area: bbox[2] * bbox[3] };
  const out: Annotation[] = [
    {
      ...base,
      label,
      bbox,
      ...shape,
      originalId: index,
      ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
    },
  ];
  for (const [p, part] of xmlList(xmlChild(object, 'part')).entries()) {
    const partLabel = xmlText(xmlChild(part, 'name'));
    const partBox = vocBox(xmlChild(part, 'bndbox'));
    if (!partLabel || typeof partBox === 'string') {
      ctx.skip(`${record} <part> ${p + 1}`, partLabel ? (partBox as string) : 'the part has no <name>');
      continue;
    }
    out.push({
      ...base,
      label: partLabel,
      bbox: partBox,
      area: partBox[2] * partBox[3],
      attributes: { parent: index },
    });
  }
  return out;
}
