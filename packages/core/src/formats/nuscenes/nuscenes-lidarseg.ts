import type { Annotation } from '../../model/annotation.js';
import type { Sample } from '../../model/sample.js';
import { decodePointLabelFile } from '../../point-cloud/point-label-file.js';
import type { FormatIO } from '../format-io.js';
import { labelCounts } from '../kitti-raw/semantic-kitti-labels.js';
import { joinPath } from '../paths.js';
import type { ProblemList } from '../problems.js';
import { reasonAbout } from '../problems.js';
import type { NuCategory, NuLidarseg, NuSampleData } from './nuscenes-tables.js';

/** What lidarsegLabels needs of a nuScenes read. */
export interface LidarsegContext {
  io: FormatIO;
  /** The dataset root (lidarseg file names are relative to it) and the tables' folder. */
  root: string;
  dir: string;
  source: string;
  sampleData: readonly NuSampleData[];
  categories: readonly NuCategory[];
  /** The samples read so far: a sweep's point count checks its label file. */
  samples: readonly Sample[];
}

/**
 * nuScenes-lidarseg (lidarseg.json: a label file a key frame LiDAR sweep, one uint8 a point, the value a
 * category's `index`): each file a `point_labels` annotation on its sweep, the points per category, the
 * file kept as the sweep's per-point labels. A file of another length than its sweep, or of a sweep not
 * read, is skipped as a problem naming it.
 */
export async function lidarsegLabels(
  records: readonly NuLidarseg[],
  context: LidarsegContext,
  problems: ProblemList,
): Promise<Annotation[]> {
  const { io, root, dir } = context;
  const dataByToken = new Map(context.sampleData.map((d) => [d.token, d]));
  const sweeps = new Map(context.samples.filter((s) => s.kind === 'point_cloud').map((s) => [s.key, s]));
  const nameOf = new Map(
    context.categories.filter((c) => c.index !== undefined).map((c) => [c.index!, c.name] as const),
  );
  const out: Annotation[] = [];
  for (const r of records) {
    const file = joinPath(root, r.filename);
    const sweep = sweeps.get(dataByToken.get(r.sample_data_token)?.filename ?? '');
    if (sweep?.pointCloud === undefined) {
      problems.skip(
        joinPath(dir, 'lidarseg.json'),
        `token ${r.token}`,
        `its sweep (sample_data ${r.sample_data_token}) was not read`,
      );
      continue;
    }
    try {
      const labels = decodePointLabelFile(await io.readBytes(file), 'u8', file, sweep.pointCloud.count);
      const counts = labelCounts(labels);
      const values = [...counts.keys()].sort((a, b) => a - b);
      const name = (v: number) => nameOf.get(v) ?? String(v);
      out.push({
        sample: sweep.key,
        source: context.source,
        kind: 'point_labels',
        pointLabels: {
          file: r.filename,
          encoding: 'u8',
          classes: Object.fromEntries(values.map((v) => [String(v), name(v)])),
          counts: Object.fromEntries(values.map((v) => [name(v), counts.get(v)!])),
        },
      });
    } catch (error) {
      problems.skip(file, undefined, (await io.exists(file)) ? reasonAbout(error, file) : 'is missing');
    }
  }
  return out;
}
