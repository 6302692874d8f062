import { AssayError } from '../../errors.js';
import type { Annotation } from '../../model/annotation.js';
import type { ClassDef } from '../../model/class-def.js';
import type { PointCloud } from '../../model/point-cloud.js';
import type { Sample } from '../../model/sample.js';
import type { Frame, Sensor } from '../../model/sensor.js';
import { collectPoints } from '../../point-cloud/decode-points.js';
import { pointBounds } from '../../point-cloud/point-summary.js';
import type { ReadResult } from '../dataset.js';
import type { ReadInput } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { joinPath, stripExt } from '../paths.js';
import { ProblemList, reasonAbout } from '../problems.js';
import { type KittiCalib, kittiSensors, parseKittiCalib, veloToRect } from './kitti-calib.js';
import { parseKittiLabels } from './kitti-label.js';
import { kittiLabelAnnotations } from './kitti-label-annotations.js';
import { isKittiLabelsOnly, readKittiPredictions } from './kitti-predictions-read.js';

const FOLDERS = ['velodyne', 'image_2', 'calib', 'label_2'] as const;

/** The parts of a KITTI object folder: itself, or its training/ and testing/ folders (as splits). */
export async function kittiParts(root: string, io: FormatIO): Promise<{ prefix: string; split?: string }[]> {
  const parts: { prefix: string; split?: string }[] = [];
  for (const split of ['training', 'testing']) {
    for (const folder of ['velodyne', 'image_2']) {
      if (await io.isDirectory(joinPath(root, split, folder))) {
        parts.push({ prefix: `${split}/`, split });
        break;
      }
    }
  }
  return parts.length > 0 ? parts : [{ prefix: '' }];
}

interface Collected {
  samples: Sample[];
  annotations: Annotation[];
  sensors: Sensor[];
  frames: Frame[];
  classes: Map<string, ClassDef>;
}

async function readFrame(
  input: ReadInput,
  prefix: string,
  split: string | undefined,
  id: string,
  files: Record<(typeof FOLDERS)[number], Set<string>> & { imageByStem: Map<string, string> },
  out: Collected,
  problems: ProblemList,
): Promise<void> {
  const { io, path: root } = input;
  const frame: Frame = { name: `${prefix}${id}`, members: [] };
  const veloKey = `${prefix}velodyne/${id}.bin`;
  let cloud: PointCloud | undefined;
  const imageName = files.imageByStem.get(id);
  const imageKey = imageName === undefined ? undefined : `${prefix}image_2/${imageName}`;
  let calib: KittiCalib | undefined;
  if (files.calib.has(`${id}.txt`)) {
    const file = joinPath(root, `${prefix}calib/${id}.txt`);
    try {
      calib = parseKittiCalib(await io.readText(file), file);
    } catch (error) {
      const hint = error instanceof AssayError ? `${error.hint ?? ''} ` : '';
      problems.skip(
        file,
        undefined,
        reasonAbout(error, file),
        `${hint}Frames without calibration get no sensors and no 3D boxes.`,
      );
    }
  } else if (files.calib.size > 0)
    // A 2D layout (image_2/ and label_2/ only, as KITTI's 2D detection benchmark is often shared) has no
    // calibration or sweep to miss: one note says so instead of two warnings per frame.
    problems.warn(
      joinPath(root, `${prefix}calib`),
      `${id}.txt`,
      'is missing: the frame has no calibration and no 3D boxes',
    );
  const twoD = files.calib.size === 0 && files.velodyne.size === 0;
  if (!twoD && !files.velodyne.has(`${id}.bin`) && files.label_2.has(`${id}.txt`)) {
    problems.warn(
      joinPath(root, `${prefix}velodyne`),
      `${id}.bin`,
      'is missing: the frame has no sweep and its 3D boxes are not kept',
    );
  }
  if (files.velodyne.has(`${id}.bin`)) {
    const file = joinPath(root, veloKey);
    try {
      cloud = await collectPoints(io.readChunks(file), 'kitti-bin', { file });
      const pointCloud = {
        format: 'kitti-bin' as const,
        count: cloud.count,
        fields: Object.keys(cloud.fields),
        bounds: pointBounds(cloud),
      };
      out.samples.push({ key: veloKey, kind: 'point_cloud', pointCloud, ...(split ? { split } : {}) });
      frame.members.push({ sample: veloKey, sensor: `${frame.name}/velodyne` });
    } catch (error) {
      problems.skip(file, undefined, reasonAbout(error, file));
    }
  }
  let size: { width: number; height: number } | undefined;
  if (imageKey !== undefined) {
    size = await io.imageSize(joinPath(root, imageKey));
    out.samples.push({ key: imageKey, ...(size ?? {}), ...(split ? { split } : {}) });
    frame.members.push({ sample: imageKey, sensor: `${frame.name}/image_2` });
  }
  if (calib !== undefined) out.sensors.push(...kittiSensors(frame.name, calib, size));
  if (frame.members.length > 0) out.frames.push(frame);
  if (!files.label_2.has(`${id}.txt`)) return;
  const file = joinPath(root, `${prefix}label_2/${id}.txt`);
  const objects = parseKittiLabels(await io.readText(file), file, problems);
  const dontCare = kittiLabelAnnotations(
    objects,
    {
      file,
      frame: frame.name,
      source: input.source,
      ...(imageKey === undefined ? {} : { imageKey }),
      // Only a sweep that was read is a sample (a file that failed to read is a skipped record).
      ...(cloud === undefined ? {} : { veloKey }),
      ...(calib === undefined ? {} : { rect: veloToRect(calib) }),
      ...(cloud === undefined ? {} : { cloud }),
    },
    out,
    problems,
  );
  // DontCare regions are kept apart from the objects: on the image sample, not as annotations or a class.
  const image = out.samples.find((s) => s.key === imageKey);
  if (image !== undefined && dontCare.length > 0) image.metadata = { ...image.metadata, dontCare };
}

/**
 * Reads a KITTI 3D object folder (velodyne/, image_2/, calib/, label_2/, or training/ and testing/
 * holding them): one frame per id with a point_cloud and an image sample, the calibration as sensors
 * (velodyne = common frame), each object as a 2D box on the image and a cuboid on the sweep (same
 * originalId `<frame>:<line>`), truncation, occlusion and alpha as attributes, DontCare regions as the
 * image sample's `metadata.dontCare` boxes. A folder of label files alone is read by
 * readKittiPredictions (kitti-predictions-read.ts).
 */
export async function readKitti(input: ReadInput): Promise<ReadResult> {
  // Label files alone (detector results): objects go onto the project's frames of the same ids.
  if (await isKittiLabelsOnly(input)) return readKittiPredictions(input);
  const { io, path: root } = input;
  const problems = new ProblemList();
  const out: Collected = { samples: [], annotations: [], sensors: [], frames: [], classes: new Map() };
  for (const { prefix, split } of await kittiParts(root, io)) {
    const files = { imageByStem: new Map<string, string>() } as Record<
      (typeof FOLDERS)[number],
      Set<string>
    > & {
      imageByStem: Map<string, string>;
    };
    for (const folder of FOLDERS) {
      const dir = joinPath(root, `${prefix}${folder}`);
      files[folder] = new Set((await io.isDirectory(dir)) ? await io.listFiles(dir) : []);
    }
    const ids = new Set<string>();
    for (const f of files.velodyne) if (f.endsWith('.bin')) ids.add(stripExt(f));
    for (const f of files.image_2) {
      ids.add(stripExt(f));
      files.imageByStem.set(stripExt(f), f);
    }
    for (const f of files.label_2) if (f.endsWith('.txt')) ids.add(stripExt(f));
    // No calib/ at all (sweeps alone): said once, not once per frame.
    if (files.calib.size === 0 && files.velodyne.size > 0)
      problems.warn(
        joinPath(root, `${prefix}calib`),
        undefined,
        'is missing or empty: the frames have no calibration and no 3D boxes',
        'KITTI keeps one calib/NNNNNN.txt per frame (P0–P3, R0_rect, Tr_velo_to_cam).',
      );
    for (const id of [...ids].sort()) {
      input.signal?.throwIfAborted();
      await readFrame(input, prefix, split, id, files, out, problems);
    }
  }
  // Nothing found at all (frames that failed to read are problems naming their files instead).
  if (out.frames.length === 0 && problems.items.length === 0)
    throw new AssayError('INVALID_INPUT', `${root} holds no KITTI frames.`, {
      hint: 'Point at a KITTI object folder: velodyne/, image_2/, calib/ and label_2/, or training/ and testing/ holding them.',
    });
  const sweeps = out.samples.filter((s) => s.kind === 'point_cloud').length;
  return {
    classes: [...out.classes.values()],
    samples: out.samples,
    annotations: out.annotations,
    sensors: out.sensors,
    frames: out.frames,
    imagesRoot: root,
    problems: problems.items,
    notes: [
      `${out.frames.length} frames, ${out.annotations.filter((a) => a.kind === 'cuboid').length} 3D boxes`,
      ...(sweeps === 0 && out.sensors.length === 0
        ? ['no velodyne/ nor calib/: a 2D layout (images and 2D boxes only)']
        : []),
      ...wideSweepNotes(out.samples),
    ],
  };
}

/**
 * A note per count of values a point other than KITTI's 4 (x, y, z, intensity) among the sweeps: Waymo
 * frames converted to KITTI form by mmdetection3d hold 6 (…, elongation, mask index), read so.
 */
function wideSweepNotes(samples: Sample[]): string[] {
  const byDims = new Map<number, string[]>();
  for (const s of samples) {
    const n = s.pointCloud?.fields.length ?? 4;
    if (s.pointCloud?.format === 'kitti-bin' && n !== 4) byDims.set(n, [...(byDims.get(n) ?? []), s.key]);
  }
  return [...byDims].map(
    ([n, keys]) =>
      `${keys.length} sweep${keys.length === 1 ? '' : 's'} (${keys[0]}${keys.length > 1 ? ', ...' : ''}) hold ${n} float32 values a point, not 4: read as x, y, z, intensity, ${Array.from({ length: n - 4 }, (_, k) => `dim_${k + 4}`).join(', ')} (mmdetection3d's Waymo conversion writes elongation and mask index there)`,
  );
}
