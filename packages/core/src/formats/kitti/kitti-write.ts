import { mat34FromRigid, mat34InvertRigid, mat34Multiply, wrapAngle } from '../../geometry3d/mat34.js';
import { projectCuboidBox } from '../../geometry3d/project-points.js';
import type { Annotation } from '../../model/annotation.js';
import type { Sample } from '../../model/sample.js';
import type { Frame, Sensor } from '../../model/sensor.js';
import { collectPoints } from '../../point-cloud/decode-points.js';
import { encodeRawFloat } from '../../point-cloud/encode-points.js';
import type { WriteInput, WriteResult } from '../define-format.js';
import { extName, joinPath } from '../paths.js';
import { type KittiCalib, parseKittiCalib, veloToRect } from './kitti-calib.js';
import { cuboidToKitti, formatKittiLine } from './kitti-label.js';

function row(values: number[]): string {
  return values.map((v) => v.toExponential(12)).join(' ');
}

/** A calib file for sensors without KITTI's own lines: R0_rect = I, Tr_velo_to_cam from the extrinsics, P_i = K [I | 0]. */
function composeCalib(lidar: Sensor, camera: Sensor | undefined): string[] {
  const k = camera?.intrinsics;
  const P =
    k === undefined
      ? [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0]
      : [k.fx, k.skew ?? 0, k.cx, 0, 0, k.fy, k.cy, 0, 0, 0, 1, 0];
  const toCam =
    camera === undefined
      ? Float64Array.of(0, -1, 0, 0, 0, 0, -1, 0, 1, 0, 0, 0)
      : mat34Multiply(mat34InvertRigid(mat34FromRigid(camera.extrinsics)), mat34FromRigid(lidar.extrinsics));
  return [
    ...[0, 1, 2, 3].map((i) => `P${i}: ${row(P)}`),
    `R0_rect: ${row([1, 0, 0, 0, 1, 0, 0, 0, 1])}`,
    `Tr_velo_to_cam: ${row([...toCam])}`,
  ];
}

/** Frames of the dataset; without any, one per point_cloud sample (with no camera). */
function framesOf(input: WriteInput): Frame[] {
  if (input.dataset.frames !== undefined && input.dataset.frames.length > 0) return input.dataset.frames;
  return input.dataset.samples
    .filter((s) => s.kind === 'point_cloud')
    .map((s) => ({ name: s.key, members: [{ sample: s.key, sensor: '' }] }));
}

function frameIds(frames: Frame[]): string[] {
  const stems = frames.map((f) => f.name.slice(f.name.lastIndexOf('/') + 1));
  const ok = new Set(stems).size === stems.length && stems.every((s) => /^[\w.-]+$/.test(s));
  return ok ? stems : frames.map((_, i) => String(i).padStart(6, '0'));
}

/**
 * Writes a KITTI 3D object folder: velodyne/<id>.bin (copied, or converted from PCD/PLY/nuScenes),
 * image_2/, calib/ (the source's own lines when it was KITTI, else composed from the sensors),
 * label_2/ (a cuboid with its paired 2D box, else the cuboid's projection; DontCare regions back from
 * the image's metadata). One folder per frame id; frames come from the dataset (or one per sweep).
 */
export async function writeKitti(input: WriteInput): Promise<WriteResult> {
  const { dataset, io, outDir, imagesRoot } = input;
  const files: string[] = [];
  const notes = new Set<string>();
  const samples = new Map<string, Sample>(dataset.samples.map((s) => [s.key, s]));
  const sensors = new Map<string, Sensor>((dataset.sensors ?? []).map((s) => [s.id, s]));
  const bySample = new Map<string, Annotation[]>();
  for (const a of dataset.annotations) {
    const list = bySample.get(a.sample) ?? [];
    list.push(a);
    bySample.set(a.sample, list);
  }
  const frames = framesOf(input);
  const ids = frameIds(frames);
  let written = 0;
  for (let f = 0; f < frames.length; f++) {
    input.signal?.throwIfAborted();
    const frame = frames[f]!;
    const id = ids[f]!;
    const lidarMember = frame.members.find((m) => samples.get(m.sample)?.kind === 'point_cloud');
    const cameraMember = frame.members.find((m) => samples.get(m.sample)?.kind !== 'point_cloud');
    if (frame.members.filter((m) => samples.get(m.sample)?.kind !== 'point_cloud').length > 1) {
      notes.add('KITTI object holds one camera (image_2) per frame: the other cameras are left out');
    }
    if (frame.members.some((m) => m.timestamp !== undefined))
      notes.add('KITTI object has no timestamps: they are left out');
    const lidar = lidarMember && samples.get(lidarMember.sample);
    const camera = cameraMember && samples.get(cameraMember.sample);
    if (lidar !== undefined && input.images !== 'none') {
      const target = joinPath(outDir, 'velodyne', `${id}.bin`);
      const source = joinPath(imagesRoot, lidar.key);
      if (lidar.pointCloud?.format === 'kitti-bin') await io.copyFile(source, target);
      else {
        const cloud = await collectPoints(io.readChunks(source), lidar.pointCloud?.format ?? 'kitti-bin', {
          file: source,
        });
        await io.writeBytes(target, encodeRawFloat(cloud, 'kitti-bin'));
        notes.add('point clouds converted to float32 x, y, z, intensity (other fields left out)');
      }
      files.push(target);
    }
    if (camera !== undefined && input.images !== 'none') {
      const target = joinPath(outDir, 'image_2', `${id}${extName(camera.key)}`);
      await io.copyFile(joinPath(imagesRoot, camera.key), target);
      files.push(target);
    }
    const lidarSensor = lidarMember && sensors.get(lidarMember.sensor);
    const cameraSensor = cameraMember && sensors.get(cameraMember.sensor);
    const lines = lidarSensor?.metadata?.kittiCalib;
    let calibLines: string[] | undefined;
    if (Array.isArray(lines) && lines.every((l) => typeof l === 'string')) calibLines = lines as string[];
    else if (lidarSensor !== undefined) calibLines = composeCalib(lidarSensor, cameraSensor);
    if (calibLines !== undefined) {
      const target = joinPath(outDir, 'calib', `${id}.txt`);
      await io.writeText(target, `${calibLines.join('\n')}\n`);
      files.push(target);
    }
    const calib: KittiCalib | undefined =
      calibLines && parseKittiCalib(calibLines.join('\n'), `calib/${id}.txt`);
    const label: string[] = [];
    const cuboids =
      lidar === undefined ? [] : (bySample.get(lidar.key) ?? []).filter((a) => a.kind === 'cuboid');
    const boxes =
      camera === undefined ? [] : (bySample.get(camera.key) ?? []).filter((a) => a.kind === 'bbox');
    const paired = new Set<Annotation>();
    for (const c of cuboids) {
      if (c.cuboid === undefined || calib === undefined) {
        notes.add('cuboids of frames without calibration are left out');
        continue;
      }
      const rect = veloToRect(calib);
      const box = boxes.find(
        (b) => b.originalId !== undefined && b.originalId === c.originalId && b.label === c.label,
      );
      if (box !== undefined) {
        paired.add(box);
        written++; // the 2D box goes on the cuboid's line
      }
      const k = cameraSensor?.intrinsics;
      let bbox = box?.bbox;
      if (bbox === undefined && k !== undefined && cameraSensor !== undefined) {
        const toCam = mat34Multiply(
          mat34InvertRigid(mat34FromRigid(cameraSensor.extrinsics)),
          mat34FromRigid(lidarSensor!.extrinsics),
        );
        bbox = projectCuboidBox(
          c.cuboid,
          toCam,
          k,
          k.width ?? camera?.width ?? 1242,
          k.height ?? camera?.height ?? 375,
        );
      }
      const b = cuboidToKitti(c.cuboid, rect);
      const attr = c.attributes ?? {};
      label.push(
        formatKittiLine({
          type: c.label ?? 'Misc',
          truncated: Number(attr.truncated ?? 0),
          occluded: Number(attr.occluded ?? 0),
          alpha:
            typeof attr.alpha === 'number'
              ? attr.alpha
              : wrapAngle(b.rotationY - Math.atan2(b.location[0], b.location[2])),
          box: bbox === undefined ? [0, 0, 0, 0] : [bbox[0], bbox[1], bbox[0] + bbox[2], bbox[1] + bbox[3]],
          dims: b.dims,
          location: b.location,
          rotationY: b.rotationY,
          ...(c.score === undefined ? {} : { score: c.score }),
        }),
      );
      written++;
    }
    for (const b of boxes) {
      if (paired.has(b) || b.bbox === undefined) continue;
      const [x, y, w, h] = b.bbox;
      const attr = b.attributes ?? {};
      label.push(
        formatKittiLine({
          type: b.label ?? 'Misc',
          truncated: Number(attr.truncated ?? 0),
          occluded: Number(attr.occluded ?? 0),
          alpha: Number(attr.alpha ?? -10),
          box: [x, y, x + w, y + h],
          dims: [-1, -1, -1],
          location: [-1000, -1000, -1000],
          rotationY: -10,
          ...(b.score === undefined ? {} : { score: b.score }),
        }),
      );
      written++;
    }
    const dontCare = camera?.metadata?.dontCare;
    if (Array.isArray(dontCare)) {
      for (const d of dontCare as number[][]) {
        const [x = 0, y = 0, w = 0, h = 0] = d;
        label.push(
          formatKittiLine({
            type: 'DontCare',
            truncated: -1,
            occluded: -1,
            alpha: -10,
            box: [x, y, x + w, y + h],
            dims: [-1, -1, -1],
            location: [-1000, -1000, -1000],
            rotationY: -10,
          }),
        );
      }
    }
    const target = joinPath(outDir, 'label_2', `${id}.txt`);
    await io.writeText(target, label.length === 0 ? '' : `${label.join('\n')}\n`);
    files.push(target);
  }
  const others = dataset.annotations.filter((a) => a.kind !== 'cuboid' && a.kind !== 'bbox').length;
  if (others > 0)
    notes.add(`${others} annotations of other kinds (polygons, labels per point...) are left out`);
  return { files, annotations: written, notes: [...notes] };
}
