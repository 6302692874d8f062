import type { PngPixels } from '../png-mask.js';

/** PASCAL VOC's 21 classes in index order, the labels when a mask export has no labelmap.txt. */
export const VOC_CLASSES = [
  'background',
  'aeroplane',
  'bicycle',
  'bird',
  'boat',
  'bottle',
  'bus',
  'car',
  'cat',
  'chair',
  'cow',
  'diningtable',
  'dog',
  'horse',
  'motorbike',
  'person',
  'pottedplant',
  'sheep',
  'sofa',
  'train',
  'tvmonitor',
];

/** A colour as one number: r·65536 + g·256 + b. */
export const rgb = (r: number, g: number, b: number): number => r * 65536 + g * 256 + b;

/** VOC's void colour (224, 224, 192): object borders and ignored pixels, no class. */
export const VOID = rgb(224, 224, 192);

/** The colour VOC's devkit gives index `i` (VOClabelcolormap.m: its bits spread over r, g, b). */
export function vocColour(i: number): number {
  let r = 0;
  let g = 0;
  let b = 0;
  let c = i;
  for (let j = 0; j < 8; j++) {
    r |= ((c >> 0) & 1) << (7 - j);
    g |= ((c >> 1) & 1) << (7 - j);
    b |= ((c >> 2) & 1) << (7 - j);
    c >>= 3;
  }
  return rgb(r, g, b);
}

/** A label of labelmap.txt: its name and colour. */
export interface MapLabel {
  name: string;
  colour: number;
}

/**
 * CVAT's and Datumaro's labelmap.txt (`# label:color_rgb:parts:actions`, then `name:r,g,b::` per line);
 * a label without a colour takes VOC's colour of its index. The reason when a line is not a label.
 */
export function parseLabelmap(text: string): { labels: MapLabel[]; bad: string[] } {
  const labels: MapLabel[] = [];
  const bad: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\uFEFF/, '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const [name, colour] = line.split(':');
    const parts = (colour ?? '').split(',').map((v) => v.trim());
    const values = parts.map(Number);
    if (!name || name.trim() === '') {
      bad.push(line);
      continue;
    }
    if (parts.length === 3 && values.every((v) => Number.isInteger(v) && v >= 0 && v <= 255))
      labels.push({
        name: name.trim(),
        colour: rgb(values[0] as number, values[1] as number, values[2] as number),
      });
    else if ((colour ?? '').trim() === '')
      labels.push({ name: name.trim(), colour: vocColour(labels.length) });
    else bad.push(line);
  }
  return { labels, bad };
}

/**
 * Each pixel's colour (r·65536 + g·256 + b) of an 8-bit RGB(A) or a palette PNG (through its PLTE); a
 * greyscale pixel's value is an index, given as VOC's colour of that index (`indexColour`). The reason
 * when the PNG is neither.
 */
export function pixelColours(p: PngPixels, indexColour: (i: number) => number): Uint32Array | string {
  const out = new Uint32Array(p.width * p.height);
  if ((p.colour === 2 || p.colour === 6) && p.depth === 8) {
    for (let y = 0; y < p.height; y++)
      for (let x = 0; x < p.width; x++) {
        const at = y * p.stride + x * p.channels;
        out[y * p.width + x] = rgb(p.raw[at] ?? 0, p.raw[at + 1] ?? 0, p.raw[at + 2] ?? 0);
      }
    return out;
  }
  if ((p.colour === 3 || p.colour === 0) && p.depth <= 8) {
    const palette = p.palette;
    if (p.colour === 3 && !palette) return 'a palette PNG without its palette (PLTE)';
    for (let y = 0; y < p.height; y++)
      for (let x = 0; x < p.width; x++) {
        const bit = x * p.depth;
        const byte = p.raw[y * p.stride + (bit >>> 3)] ?? 0;
        const i = p.depth === 8 ? byte : (byte >>> (8 - p.depth - (bit & 7))) & ((1 << p.depth) - 1);
        out[y * p.width + x] =
          palette === undefined
            ? indexColour(i)
            : rgb(palette[i * 3] ?? 0, palette[i * 3 + 1] ?? 0, palette[i * 3 + 2] ?? 0);
      }
    return out;
  }
  return `the PNG is colour type ${p.colour} at depth ${p.depth}, not an 8-bit RGB, palette or greyscale mask`;
}
