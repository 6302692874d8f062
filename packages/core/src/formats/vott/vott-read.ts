import { AssayError } from '../../errors.js';
import type { Annotation } from '../../model/annotation.js';
import type { ClassDef } from '../../model/class-def.js';
import type { Sample } from '../../model/sample.js';
import { counted } from '../counted.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import { withoutBom } from '../format-io.js';
import { joinPath, normalizePath, relativeInside } from '../paths.js';
import { previewJson } from '../preview-json.js';
import { ProblemList } from '../problems.js';
import { locateVott } from './vott-files.js';
import { readVottRegion } from './vott-region.js';

/** VoTT's AssetType: 1 image, 3 a video's frame (read as the frame's image); 2 video, 4 TFRecord are not read. */
const IMAGE = 1;
const VIDEO_FRAME = 3;

/**
 * A video frame asset's image name: VoTT names a frame `<video>#t=<seconds>` and, exporting it with
 * "Include Images", draws it to a JPEG and appends `.jpg` to the name it then writes (getAssetFrameImage in
 * htmlFileReader.ts), so the image beside the export is `<video>#t=<seconds>.jpg`; a name without it gets it.
 */
function frameName(name: string): string {
  return name.toLowerCase().endsWith('.jpg') ? name : `${name}.jpg`;
}

/** A frame's video and time as sample metadata (`parent.name`, `timestamp`). */
function frameMetadata(asset: Record<string, unknown>): Record<string, string | number> {
  const video = object(asset.parent)?.name;
  return {
    ...(typeof video === 'string' ? { video } : {}),
    ...(typeof asset.timestamp === 'number' ? { timestamp: asset.timestamp } : {}),
  };
}

function object(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

async function parse(file: string, input: ReadInput): Promise<unknown> {
  try {
    return JSON.parse(withoutBom(await input.io.readText(file)));
  } catch (error) {
    throw new AssayError('INVALID_INPUT', `${file} is not valid JSON: ${(error as Error).message}`, {
      hint: 'VoTT writes its export and asset files as JSON; the file may be cut short.',
      details: { file },
    });
  }
}

/** The tags a project declares (`tags`: [{name, color}]), in its order. */
function declaredTags(project: unknown): string[] {
  const tags = object(project)?.tags;
  if (!Array.isArray(tags)) return [];
  return tags.flatMap((t) => {
    const name = object(t)?.name;
    return typeof name === 'string' && name.trim() !== '' ? [name] : [];
  });
}

/**
 * Reads VoTT (Microsoft's Visual Object Tagging Tool, v2) JSON: the "VoTT JSON" export
 * (vott-json-export/<project>-export.json: the project with `assets`, an object of asset metadata by id)
 * or the project's per-asset files (`<asset id>-asset.json`, each {asset, regions, version}, with the
 * .vott project's tags when it lies beside them). Each image asset ({name, path, size {width, height},
 * type}) is a sample keyed by its name below the export's folder (or --images), where VoTT's export puts
 * the images; a name that climbs out of it is refused. Each region (vott-region.ts) is one annotation per
 * tag; untagged regions are counted, not read. A video's frame asset (type 3) is the frame's image,
 * `<video>#t=<seconds>.jpg` (frameName), with its video and time as metadata; video and TFRecord assets
 * are counted, not read.
 */
export async function readVott(input: ReadInput): Promise<ReadResult> {
  const found = await locateVott(input.path, input.io);
  if (!found)
    throw new AssayError('INVALID_INPUT', `${input.path} is not a VoTT export or asset file.`, {
      hint: 'VoTT writes vott-json-export/<project>-export.json ({"assets": {"<id>": {"asset": {…}, "regions": […]}}, "tags": […]}) and one <id>-asset.json per image in the project folder; name one of them or their folder.',
      details: { file: input.path },
    });
  const imagesRoot = normalizePath(input.images ?? found.root);
  const problems = new ProblemList();
  const classes = new Map<string, ClassDef>();
  const samples = new Map<string, Sample>();
  const annotations: Annotation[] = [];
  const counts = { untagged: 0, video: 0, frames: 0, missing: 0 };
  const addClass = (name: string) => {
    if (!classes.has(name)) classes.set(name, { name });
  };
  if (found.project) for (const t of declaredTags(await parse(found.project, input))) addClass(t);

  const readAsset = async (from: string, where: string, raw: unknown) => {
    const meta = object(raw);
    // A project's own `assets` (the .vott file, or an export of one) hold the assets alone, no regions.
    const asset =
      object(meta?.asset) ?? (typeof meta?.name === 'string' && 'path' in meta ? meta : undefined);
    const name = asset?.name;
    if (!meta || !asset || typeof name !== 'string' || name === '') {
      problems.skip(from, where, `no asset with a name: ${previewJson(raw)}`);
      return;
    }
    const frame = asset.type === VIDEO_FRAME;
    if (asset.type !== undefined && asset.type !== IMAGE && !frame) {
      counts.video++;
      return;
    }
    if (frame) counts.frames++;
    const file = (frame ? frameName(name) : name).replaceAll('\\', '/');
    const key = relativeInside(imagesRoot, joinPath(imagesRoot, file));
    if (key === undefined || key === '') {
      problems.skip(from, where, `asset name "${name}" climbs out of ${imagesRoot}`);
      return;
    }
    if (samples.has(key)) {
      problems.skip(from, where, `asset "${key}" is named by an earlier asset too: skipped`);
      return;
    }
    const size = object(asset.size);
    const { width, height } = size ?? {};
    const sized = typeof width === 'number' && typeof height === 'number' && width > 0 && height > 0;
    samples.set(key, {
      key,
      kind: 'image',
      ...(sized ? { width, height } : {}),
      ...(typeof asset.id === 'string' ? { originalId: asset.id } : {}),
      ...(frame && Object.keys(frameMetadata(asset)).length > 0 ? { metadata: frameMetadata(asset) } : {}),
    });
    if (!(await input.io.exists(joinPath(imagesRoot, key)))) counts.missing++;
    const regions = Array.isArray(meta.regions) ? meta.regions : [];
    for (const [i, region] of regions.entries()) {
      const g = readVottRegion(region);
      if (typeof g === 'string') {
        problems.skip(from, `${where} regions[${i}]`, g);
        continue;
      }
      const tags = (object(region)?.tags ?? []) as unknown[];
      const names = Array.isArray(tags)
        ? tags.filter((t): t is string => typeof t === 'string' && t.trim() !== '')
        : [];
      if (names.length === 0) counts.untagged++;
      for (const label of names) {
        addClass(label);
        annotations.push({
          sample: key,
          source: input.source,
          label,
          ...g,
          ...(g.points ? { points: g.points.map((p) => [...p]) } : {}),
          ...(g.keypoints ? { keypoints: [...g.keypoints] } : {}),
        });
      }
    }
  };

  for (const file of found.files) {
    input.signal?.throwIfAborted();
    if (found.role === 'asset') {
      // One damaged asset file of a project's thousands skips that image, not the import.
      const json = await parse(file, input).catch((error: unknown) => {
        if (!(error instanceof AssayError)) throw error;
        problems.skip(file, undefined, error.message.replace(`${file} `, ''));
        return undefined;
      });
      if (json !== undefined) await readAsset(file, 'asset', json);
      continue;
    }
    const json = await parse(file, input);
    for (const t of declaredTags(json)) addClass(t);
    const assets = object(object(json)?.assets);
    if (!assets) {
      problems.skip(
        file,
        undefined,
        `"assets" is not an object of asset metadata: ${previewJson(object(json)?.assets)}`,
      );
      continue;
    }
    for (const [id, raw] of Object.entries(assets)) await readAsset(file, `assets["${id}"]`, raw);
  }

  // A point region is one keypoint, named as LabelMe's are: by its index.
  for (const a of annotations)
    if (a.kind === 'keypoints' && a.label) (classes.get(a.label) as ClassDef).keypoints = ['0'];
  const first = found.files[0] as string;
  if (counts.untagged > 0)
    problems.warn(
      first,
      undefined,
      `${counted(counts.untagged, 'region')} without a tag not read (Assay needs a class)`,
    );
  if (counts.video > 0)
    problems.warn(
      first,
      undefined,
      `${counted(counts.video, 'video or TFRecord asset')} not read: Assay reads images (a video's tagged frames are assets of their own)`,
    );
  if (counts.missing > 0)
    problems.warn(
      first,
      undefined,
      `${counted(counts.missing, 'asset')} with no image file of ${counts.missing === 1 ? 'its' : 'their'} name in ${imagesRoot}`,
      'VoTT copies the images beside its export only with "Include Images"; name their folder with --images.',
    );
  return {
    classes: [...classes.values()],
    samples: [...samples.values()],
    annotations,
    imagesRoot,
    problems: problems.items,
    notes: [
      `${counted(found.files.length, found.role === 'export' ? 'VoTT export' : 'VoTT asset file')}, ${counted(samples.size, 'image')}, ${counted(classes.size, 'class', 'classes')}`,
      ...(counts.frames > 0
        ? [
            `${counted(counts.frames, 'video frame')} read as ${counts.frames === 1 ? 'its image' : 'their images'}, <video>#t=<seconds>.jpg as VoTT exports them (video and timestamp as metadata)`,
          ]
        : []),
    ],
  };
}
