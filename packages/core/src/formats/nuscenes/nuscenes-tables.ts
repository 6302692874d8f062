/**
 * The nuScenes tables Assay reads and writes (schema: nuscenes.org "Data format", devkit
 * docs/schema_nuscenes.md). Rotations are quaternions [w, x, y, z]; sizes are [width, length, height];
 * timestamps are microseconds; sample_data filenames are relative to the dataset root.
 */
export interface NuSensor {
  token: string;
  channel: string;
  modality: 'lidar' | 'camera' | 'radar';
}

export interface NuCalibratedSensor {
  token: string;
  sensor_token: string;
  translation: number[];
  rotation: number[];
  camera_intrinsic: number[][];
}

export interface NuEgoPose {
  token: string;
  timestamp: number;
  rotation: number[];
  translation: number[];
}

export interface NuLog {
  token: string;
  logfile: string;
  vehicle: string;
  date_captured: string;
  location: string;
}

export interface NuScene {
  token: string;
  log_token: string;
  nbr_samples: number;
  first_sample_token: string;
  last_sample_token: string;
  name: string;
  description: string;
}

export interface NuSample {
  token: string;
  timestamp: number;
  scene_token: string;
  prev: string;
  next: string;
}

export interface NuSampleData {
  token: string;
  sample_token: string;
  ego_pose_token: string;
  calibrated_sensor_token: string;
  timestamp: number;
  fileformat: string;
  is_key_frame: boolean;
  height: number;
  width: number;
  filename: string;
  prev: string;
  next: string;
}

export interface NuCategory {
  token: string;
  name: string;
  description: string;
  /** nuScenes-lidarseg: the value this category has in the lidarseg label files. */
  index?: number;
}

/** nuScenes-lidarseg: one key frame LiDAR sweep's label file (one uint8 category index a point). */
export interface NuLidarseg {
  token: string;
  sample_data_token: string;
  filename: string;
}

export interface NuInstance {
  token: string;
  category_token: string;
  nbr_annotations: number;
  first_annotation_token: string;
  last_annotation_token: string;
}

export interface NuSampleAnnotation {
  token: string;
  sample_token: string;
  instance_token: string;
  visibility_token: string;
  attribute_tokens: string[];
  translation: number[];
  size: number[];
  rotation: number[];
  prev: string;
  next: string;
  num_lidar_pts: number;
  num_radar_pts: number;
}

export interface NuAttribute {
  token: string;
  name: string;
  description: string;
}

export interface NuVisibility {
  token: string;
  level: string;
  description: string;
}

/** nuScenes' four visibility levels (the share of the object visible in the 6 camera images). */
export const NU_VISIBILITY: NuVisibility[] = [
  { token: '1', level: 'v0-40', description: 'visibility of whole object is between 0 and 40%' },
  { token: '2', level: 'v40-60', description: 'visibility of whole object is between 40 and 60%' },
  { token: '3', level: 'v60-80', description: 'visibility of whole object is between 60 and 80%' },
  { token: '4', level: 'v80-100', description: 'visibility of whole object is between 80 and 100%' },
];

/** The table files, by name (without .json). */
export const NU_TABLES = [
  'attribute',
  'calibrated_sensor',
  'category',
  'ego_pose',
  'instance',
  'log',
  'map',
  'sample',
  'sample_annotation',
  'sample_data',
  'scene',
  'sensor',
  'visibility',
] as const;

/** A 32-hex token for a name (FNV-1a over four seeds): the same name gives the same token. A token is kept as it is. */
export function nuToken(name: string): string {
  if (/^[0-9a-f]{32}$/.test(name)) return name;
  let out = '';
  for (const seed of [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x85ebca6b]) {
    let h = seed >>> 0;
    for (let i = 0; i < name.length; i++) {
      h ^= name.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    out += h.toString(16).padStart(8, '0');
  }
  return out;
}
