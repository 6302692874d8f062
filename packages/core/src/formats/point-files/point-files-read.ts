import { AssayError } from '../../errors.js';
import type { Annotation } from '../../model/annotation.js';
import type { ClassDef } from '../../model/class-def.js';
import type { PointCloudFormat, PointCloudInfo, Vec3 } from '../../model/point-cloud.js';
import type { Sample } from '../../model/sample.js';
import { parsePointLayout } from '../../point-cloud/decode-points.js';
import { ASPRS_CLASSES } from '../../point-cloud/las-header.js';
import { float32Step } from '../../point-cloud/point-origin.js';
import { summarizePoints } from '../../point-cloud/point-summary.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import { baseName, dirName, extName, joinPath } from '../paths.js';
import { ProblemList, reasonAbout } from '../problems.js';

/**
 * Fields taken as per-point class labels, in this order of preference, whatever their case (`classification`:
 * a LAS file's classes, as PDAL and Assay write them into PCD and PLY; `scalar_Label`,
 * `scalar_Classification`: CloudCompare's names, Toronto-3D's PLY files; `sem_class`: DALES Objects).
 */
export const LABEL_FIELDS = [
  'label',
  'class',
  'semantic',
  'semantic_label',
  'scalar_label',
  'classification',
  'scalar_classification',
  'sem_class',
];

/** LAS keeps its per-point classes in `classification` (ASPRS class codes), in every record format. */
const LAS_LABEL_FIELD = 'classification';

/** The file's name of the first of LABEL_FIELDS its header declares (read from its first 64 KiB), or undefined. */
async function labelField(
  input: ReadInput,
  file: string,
  format: 'pcd' | 'ply',
): Promise<string | undefined> {
  let head: Uint8Array = new Uint8Array(0);
  for await (const chunk of input.io.readChunks(file, 64 * 1024)) {
    head = chunk;
    break;
  }
  const layout = parsePointLayout(head, format, file);
  const names = layout?.fields.map((l) => l.name) ?? [];
  for (const f of LABEL_FIELDS) {
    const name = names.find((n) => n.toLowerCase() === f);
    if (name !== undefined) return name;
  }
  return undefined;
}

/**
 * The point files a path names: itself, or every file of the format below the folder (for LAS, its
 * compressed `.laz` files too, each then refused with the command that decompresses it, not left out
 * without a word).
 */
async function pointFiles(input: ReadInput, ext: string): Promise<{ root: string; keys: string[] }> {
  if (!(await input.io.isDirectory(input.path)))
    return { root: dirName(input.path), keys: [baseName(input.path)] };
  const exts = ext === '.las' ? ['.las', '.laz'] : [ext];
  const keys = (await input.io.listFiles(input.path, { recursive: true })).filter((f) =>
    exts.includes(extName(f)),
  );
  return { root: input.path, keys };
}

/** Float32 keeps centimetres below 131,072 (2^17) in a coordinate's magnitude: a coarser step is said. */
const COARSEST_STEP = 0.01;

function maxAbs(bounds: PointCloudInfo['bounds']): number {
  if (bounds === undefined) return 0;
  return Math.max(...bounds.min.map(Math.abs), ...bounds.max.map(Math.abs));
}

/** The info line naming the local origin of `files` (with the world bounds' largest magnitude). */
function originNote(origin: Vec3, files: { key: string; reach: number }[]): string {
  const reach = Math.max(...files.map((f) => f.reach));
  const named = files
    .slice(0, 3)
    .map((f) => f.key)
    .join(', ');
  const more = files.length > 3 ? ` and ${files.length - 3} more` : '';
  return `${named}${more}: coordinates up to ${Math.round(reach).toLocaleString('en-US')}, held relative to the local origin (${origin.join(', ')}) so that float32 keeps the file's precision (it moves in steps of ${float32Step(reach)} there); the 3D view shows them so, PCD/PLY exports add it back`;
}

/** `classes.txt` beside the files (one name a line; line n names label value n), when present. */
async function classNames(input: ReadInput, root: string): Promise<string[] | undefined> {
  const file = joinPath(root, 'classes.txt');
  if (!(await input.io.exists(file))) return undefined;
  return (await input.io.readText(file))
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/**
 * Reads PCD, PLY or LAS point files (one file, or a folder of them) as point_cloud samples; a label field
 * (label, class, semantic...; LAS: classification) becomes one `point_labels` annotation per file with the
 * points per class (class names from classes.txt beside the files, else the label values; LAS: the ASPRS
 * standard class names).
 */
export async function readPointFiles(
  input: ReadInput,
  format: Extract<PointCloudFormat, 'pcd' | 'ply' | 'las'>,
): Promise<ReadResult> {
  const { io } = input;
  const problems = new ProblemList();
  const { root, keys } = await pointFiles(input, `.${format}`);
  const names = (await classNames(input, root)) ?? (format === 'las' ? ASPRS_CLASSES : undefined);
  const samples: Sample[] = [];
  const annotations: Annotation[] = [];
  const classes = new Map<string, ClassDef>();
  const nameOf = (v: number) => names?.[v] ?? String(v);
  const origins = new Map<string, { origin: Vec3; files: { key: string; reach: number }[] }>();
  for (const key of keys.sort()) {
    input.signal?.throwIfAborted();
    const file = joinPath(root, key);
    try {
      const field = format === 'las' ? LAS_LABEL_FIELD : await labelField(input, file, format);
      const counts = new Map<number, number>();
      const pointCloud = await summarizePoints(io.readChunks(file), format, {
        file,
        origin: 'auto',
        ...(field ? { countField: field, counts } : {}),
      });
      samples.push({ key, kind: 'point_cloud', pointCloud });
      const { origin, bounds } = pointCloud;
      if (origin !== undefined && bounds !== undefined) {
        const world = {
          min: bounds.min.map((v, k) => v + origin[k]!),
          max: bounds.max.map((v, k) => v + origin[k]!),
        };
        const group = origins.get(origin.join()) ?? { origin, files: [] };
        group.files.push({ key, reach: Math.max(...world.min.map(Math.abs), ...world.max.map(Math.abs)) });
        origins.set(origin.join(), group);
      }
      // Relative to the origin, a file spanning more than 131 km is still coarser than a centimetre in float32.
      const step = float32Step(maxAbs(bounds));
      if (step > COARSEST_STEP)
        problems.warn(
          file,
          undefined,
          `spans coordinates up to ${Math.round(maxAbs(bounds)).toLocaleString('en-US')}${origin === undefined ? '' : ` from its local origin (${origin.join(', ')})`}, which Assay holds as float32: in steps of ${step} there (the 3D view, the checks and exports keep that precision)`,
          'To keep every centimetre, cut the file into tiles of less than 131 km (e.g. `pdal tile`) and import those.',
        );
      if (field === undefined) continue;
      const values = [...counts.keys()].sort((a, b) => a - b);
      for (const v of values)
        if (!classes.has(nameOf(v)))
          classes.set(nameOf(v), { name: nameOf(v), originalIds: { [format]: v } });
      annotations.push({
        sample: key,
        source: input.source,
        kind: 'point_labels',
        pointLabels: {
          field,
          classes: Object.fromEntries(values.map((v) => [String(v), nameOf(v)])),
          counts: Object.fromEntries(values.map((v) => [nameOf(v), counts.get(v)!])),
        },
      });
    } catch (error) {
      // A LAZ file named alone is the error itself: what it is and the command that decompresses it.
      if (error instanceof AssayError && keys.length === 1 && extName(input.path) === '.laz') throw error;
      const hint = error instanceof AssayError ? error.hint : undefined;
      problems.skip(file, undefined, reasonAbout(error, file), hint);
    }
  }
  return {
    classes: [...classes.values()],
    samples,
    annotations,
    imagesRoot: root,
    problems: problems.items,
    notes: [
      `${samples.length} ${format.toUpperCase()} file${samples.length === 1 ? '' : 's'}, ${annotations.length} with per-point labels`,
      ...[...origins.values()].map((g) => originNote(g.origin, g.files)),
    ],
  };
}
