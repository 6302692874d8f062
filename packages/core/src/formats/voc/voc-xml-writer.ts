import type { AttributeValue } from '../../model/annotation.js';
import { xmlEscape } from '../xml.js';
import { ACTION_PREFIX, VOC_FLAGS } from './voc-object.js';

export interface VocBoxOut {
  label: string;
  /** [x, y, w, h] in pixels; written as xmin = x, xmax = x + w (see voc-object.ts). */
  bbox: number[];
}

export interface VocObjectOut extends VocBoxOut {
  attributes: Record<string, AttributeValue>;
  parts: VocBoxOut[];
}

export interface VocImageOut {
  filename: string;
  width: number;
  height: number;
  depth: number;
  objects: VocObjectOut[];
}

/** Coordinates with at most 3 decimals: integers stay integers, fractions survive a round trip. */
const coord = (v: number): string => String(Math.round(v * 1000) / 1000);
const flag = (v: AttributeValue | undefined): string =>
  v === true ? '1' : v === false || v === undefined ? '0' : String(v);
const tag = (name: string, text: string): string => `<${name}>${xmlEscape(text)}</${name}>`;

function bndbox([x = 0, y = 0, w = 0, h = 0]: number[], pad: string): string {
  const values = [
    tag('xmin', coord(x)),
    tag('ymin', coord(y)),
    tag('xmax', coord(x + w)),
    tag('ymax', coord(y + h)),
  ];
  return `${pad}<bndbox>\n${values.map((v) => `${pad}\t${v}`).join('\n')}\n${pad}</bndbox>`;
}

/** Attributes VOC has its own elements for; the rest goes to Datumaro's <attributes> list. */
function isOwnElement(key: string): boolean {
  return key === 'pose' || key.startsWith(ACTION_PREFIX) || (VOC_FLAGS as readonly string[]).includes(key);
}

function objectXml(o: VocObjectOut): string {
  const a = o.attributes;
  const lines = [
    `\t<object>`,
    `\t\t${tag('name', o.label)}`,
    `\t\t${tag('pose', String(a.pose ?? 'Unspecified'))}`,
    `\t\t${tag('truncated', flag(a.truncated))}`,
    `\t\t${tag('difficult', flag(a.difficult))}`,
    ...(a.occluded === undefined ? [] : [`\t\t${tag('occluded', flag(a.occluded))}`]),
    bndbox(o.bbox, '\t\t'),
  ];
  for (const part of o.parts) {
    lines.push('\t\t<part>', `\t\t\t${tag('name', part.label)}`, bndbox(part.bbox, '\t\t\t'), '\t\t</part>');
  }
  const actions = Object.entries(a).filter(([k]) => k.startsWith(ACTION_PREFIX));
  if (actions.length > 0) {
    lines.push('\t\t<actions>');
    for (const [k, v] of actions) lines.push(`\t\t\t${tag(k.slice(ACTION_PREFIX.length), flag(v))}`);
    lines.push('\t\t</actions>');
  }
  const extra = Object.entries(a).filter(([k]) => !isOwnElement(k));
  if (extra.length > 0) {
    lines.push('\t\t<attributes>');
    for (const [k, v] of extra) {
      lines.push(`\t\t\t<attribute>${tag('name', k)}${tag('value', String(v))}</attribute>`);
    }
    lines.push('\t\t</attributes>');
  }
  lines.push('\t</object>');
  return lines.join('\n');
}

/** One Annotations/<id>.xml. <filename> holds the sample key (relative to JPEGImages/). */
export function vocAnnotationXml(image: VocImageOut): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<annotation>',
    `\t${tag('folder', 'JPEGImages')}`,
    `\t${tag('filename', image.filename)}`,
    '\t<source>',
    `\t\t${tag('annotation', 'Assay')}`,
    '\t</source>',
    '\t<size>',
    `\t\t${tag('width', String(image.width))}`,
    `\t\t${tag('height', String(image.height))}`,
    `\t\t${tag('depth', String(image.depth))}`,
    '\t</size>',
    `\t${tag('segmented', '0')}`,
    ...image.objects.map(objectXml),
    '</annotation>',
    '',
  ].join('\n');
}
