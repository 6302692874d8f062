import type { ProjectLookup } from '../formats/define-format.js';
import type { Sensor } from '../model/sensor.js';
import type { ProjectStore } from '../store/project-store.js';
import { storeDb } from './store/duckdb-store.js';
import { type SensorRow, toSensor } from './store/recording-rows.js';
import { shownSizeSql } from './store/shown-size.js';

/** Sizes as the images are shown: predictions (YOLO's normalised ones too) are in that frame. */
const SHOWN = shownSizeSql('');

export interface BuildProjectLookupOptions {
  /** Load the project's sensors too (lookup.sensor), for formats that read cuboids (default false). */
  sensors?: boolean;
}

/**
 * What import needs of a sample the project has: which sample a read key is (sample-partition.ts), and
 * whether its original id is set (an import fills it in when it is not). A StoredSample is one too.
 */
export interface KnownSample {
  id: number;
  key: string;
  root: string;
  hasOriginalId: boolean;
}

/** The project's samples as KnownSamples with their sizes, read as columns (not whole StoredSamples). */
async function knownSamples(store: ProjectStore) {
  const reader = await storeDb(store).readAll(
    `SELECT id, key, root, original_id, ${SHOWN.width} AS w, ${SHOWN.height} AS h FROM samples ORDER BY id`,
  );
  // An empty result has no columns at all.
  const [ids = [], keys = [], roots = [], originals = [], widths = [], heights = []] =
    reader.getColumnsJS() as [
      number[],
      string[],
      string[],
      (string | null)[],
      (number | null)[],
      (number | null)[],
    ];
  const n = ids.length;
  const samples: KnownSample[] = new Array(n);
  const sizes = new Int32Array(n * 2);
  const rootNames = new Map<string, string>(); // one string per root, not one per sample
  for (let i = 0; i < n; i++) {
    const root = roots[i] as string;
    let interned = rootNames.get(root);
    if (interned === undefined) rootNames.set(root, (interned = root));
    samples[i] = {
      id: ids[i] as number,
      key: keys[i] as string,
      root: interned,
      hasOriginalId: originals[i] !== null,
    };
    sizes[2 * i] = widths[i] ?? 0;
    sizes[2 * i + 1] = heights[i] ?? 0;
  }
  return { samples, originals, sizes };
}

/**
 * Builds the lookup formats use to resolve ids in results files against what the project holds. It
 * keeps, per sample, a KnownSample, its key and original id in two Maps and its size in an Int32Array
 * (at 1M samples whole StoredSamples, with their probe and parsed metadata, took several times that).
 */
export async function buildProjectLookup(
  store: ProjectStore,
  options: BuildProjectLookupOptions = {},
): Promise<{ lookup: ProjectLookup; samples: KnownSample[] }> {
  const { samples, originals, sizes } = await knownSamples(store);
  const classes = await store.listClasses();
  const byOriginalId = new Map<string, string>();
  const byKey = new Map<string, number>();
  for (let i = 0; i < samples.length; i++) {
    const { key } = samples[i] as KnownSample;
    const original = originals[i];
    if (original !== null && original !== undefined && !byOriginalId.has(original))
      byOriginalId.set(original, key);
    if (!byKey.has(key)) byKey.set(key, i);
  }
  const classByFormatId = new Map<string, string>();
  for (const c of classes) {
    for (const [format, id] of Object.entries(c.originalIds ?? {}))
      classByFormatId.set(`${format}\u0000${id}`, c.name);
  }
  const sensors = new Map<string, Sensor>();
  if (options.sensors) {
    for (const r of await storeDb(store).all<SensorRow>('SELECT * FROM sensors'))
      sensors.set(r.id, toSensor(r));
  }
  const lookup: ProjectLookup = {
    sensor: (id) => sensors.get(id),
    sampleKeyByOriginalId: (id) => byOriginalId.get(String(id)),
    hasSampleKey: (key) => byKey.has(key),
    classNameByOriginalId: (format, id) => classByFormatId.get(`${format}\u0000${id}`),
    sampleSize: (key) => {
      const i = byKey.get(key);
      const width = i === undefined ? 0 : (sizes[2 * i] as number);
      const height = i === undefined ? 0 : (sizes[2 * i + 1] as number);
      return width && height ? { width, height } : undefined;
    },
  };
  return { lookup, samples };
}
