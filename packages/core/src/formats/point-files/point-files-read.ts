import type { Annotation } from '../../model/annotation.js';
import type { ClassDef } from '../../model/class-def.js';
import type { PointCloudFormat, PointCloudInfo } from '../../model/point-cloud.js';
import type { Sample } from '../../model/sample.js';
import { parsePointLayout } from '../../point-cloud/decode-points.js';
import { ASPRS_CLASSES } from '../../point-cloud/las-header.js';
import { summarizePoints } from '../../point-cloud/point-summary.js';
import { shellQuote } from '../../shell-quote.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import { baseName, dirName, extName, joinPath } from '../paths.js';
import { ProblemList, reasonAbout } from '../problems.js';

/**
 * Fields taken as per-point class labels, in this order of preference (`classification`: a LAS file's
 * classes, as PDAL and Assay write them into PCD and PLY).
 */
export const LABEL_FIELDS = [
  'label',
  'class',
  'semantic',
  'semantic_label',
  'scalar_label',
  'classification',
];

/** LAS keeps its per-point classes in `classification` (ASPRS class codes), in every record format. */
const LAS_LABEL_FIELD = 'classification';

/** The first of LABEL_FIELDS the file's header declares (read from its first 64 KiB), or undefined. */
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
  return LABEL_FIELDS.find((f) => layout?.fields.some((l) => l.name === f));
}

/** The point files a path names: itself, or every file of the format below the folder. */
async function pointFiles(input: ReadInput, ext: string): Promise<{ root: string; keys: string[] }> {
  if (!(await input.io.isDirectory(input.path)))
    return { root: dirName(input.path), keys: [baseName(input.path)] };
  const keys = (await input.io.listFiles(input.path, { recursive: true })).filter((f) => extName(f) === ext);
  return { root: input.path, keys };
}

/** Float32 keeps centimetres below 131,072 (2^17) in a coordinate's magnitude: a coarser step is said. */
const COARSEST_STEP = 0.01;

function maxAbs(bounds: PointCloudInfo['bounds']): number {
  if (bounds === undefined) return 0;
  return Math.max(...bounds.min.map(Math.abs), ...bounds.max.map(Math.abs));
}

/** The distance between neighbouring float32 values at the bounds' largest magnitude (0 without bounds). */
function float32Step(bounds: PointCloudInfo['bounds']): number {
  const m = maxAbs(bounds);
  return m > 0 && Number.isFinite(m) ? 2 ** (Math.floor(Math.log2(m)) - 23) : 0;
}

/**
 * A PDAL command writing the file's points moved by whole kilometres towards the origin (its bounds' minimum,
 * rounded down), beside it as `<name>-local.las`.
 */
function localOriginCommand(file: string, bounds: NonNullable<PointCloudInfo['bounds']>): string {
  const shift = bounds.min.map((v, k) =>
    Math.abs(bounds.max[k]!) >= 2 ** 17 || Math.abs(v) >= 2 ** 17 ? Math.floor(v / 1000) * 1000 : 0,
  );
  const matrix = [1, 0, 0, -shift[0]!, 0, 1, 0, -shift[1]!, 0, 0, 1, -shift[2]!, 0, 0, 0, 1];
  return `pdal translate ${shellQuote(file)} ${shellQuote(`${file.replace(/\.las$/i, '')}-local.las`)} -f filters.transformation --filters.transformation.matrix="${matrix.join(' ')}"`;
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
  for (const key of keys.sort()) {
    input.signal?.throwIfAborted();
    const file = joinPath(root, key);
    try {
      const field = format === 'las' ? LAS_LABEL_FIELD : await labelField(input, file, format);
      const counts = new Map<number, number>();
      const pointCloud = await summarizePoints(io.readChunks(file), format, {
        file,
        ...(field ? { countField: field, counts } : {}),
      });
      samples.push({ key, kind: 'point_cloud', pointCloud });
      // LAS stores integers at the header's scale: float32 can be coarser than the file (PCD/PLY hold float32 already)
      const step = format === 'las' ? float32Step(pointCloud.bounds) : 0;
      if (step > COARSEST_STEP)
        problems.warn(
          file,
          undefined,
          `has coordinates up to ${Math.round(maxAbs(pointCloud.bounds)).toLocaleString('en-US')}, which Assay holds as float32: in steps of ${step} there (the 3D view, the checks and PCD/PLY exports keep that precision)`,
          `To keep every centimetre, move the points to a local origin and import that file: ${localOriginCommand(file, pointCloud.bounds!)}`,
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
      problems.skip(file, undefined, reasonAbout(error, file));
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
    ],
  };
}
