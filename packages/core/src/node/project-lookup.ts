import type { ProjectLookup } from '../formats/define-format.js';
import type { Sensor } from '../model/sensor.js';
import type { ProjectStore, StoredSample } from '../store/project-store.js';
import { storeDb } from './store/duckdb-store.js';
import { type SensorRow, toSensor } from './store/recording-rows.js';

export interface BuildProjectLookupOptions {
  /** Load the project's sensors too (lookup.sensor), for formats that read cuboids (default false). */
  sensors?: boolean;
}

/** Builds the lookup formats use to resolve ids in results files against what the project holds. */
export async function buildProjectLookup(
  store: ProjectStore,
  options: BuildProjectLookupOptions = {},
): Promise<{ lookup: ProjectLookup; samples: StoredSample[] }> {
  const samples = await store.listSamples();
  const classes = await store.listClasses();
  const byOriginalId = new Map<string, string>();
  const byKey = new Map<string, StoredSample>();
  for (const s of samples) {
    if (s.originalId !== undefined && !byOriginalId.has(String(s.originalId)))
      byOriginalId.set(String(s.originalId), s.key);
    if (!byKey.has(s.key)) byKey.set(s.key, s);
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
      const s = byKey.get(key);
      const width = s?.probe.width ?? s?.width;
      const height = s?.probe.height ?? s?.height;
      return width && height ? { width, height } : undefined;
    },
  };
  return { lookup, samples };
}
