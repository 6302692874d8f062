import { AssayError } from '../../errors.js';
import {
  type ProjectedPoints,
  type ProjectPointsOptions,
  projectPoints,
} from '../../geometry3d/project-points.js';
import { sensorToSensor } from '../../geometry3d/sensor-chain.js';
import type { StoredSample } from '../../store/project-store.js';
import { readPointCloud } from '../point-cloud/read-point-cloud.js';
import type { Project } from '../project.js';
import type { StoredFrame, StoredRecording } from '../store/recording-rows.js';

export interface ProjectSweepOptions extends ProjectPointsOptions {
  signal?: AbortSignal;
}

/** A frame's LiDAR points as pixels of one of its camera images (the overlay a person judges calibration by). */
export interface ProjectedSweep extends ProjectedPoints {
  /** The camera image's sample key and size. */
  image: string;
  width: number;
  height: number;
  /** Points in the sweep (before leaving out those behind the camera or outside the image). */
  total: number;
}

/**
 * Projects the LiDAR sweep of `frame` into the image of its member `cameraSample` (a sample id):
 * reads the sweep, moves it through LiDAR → common frame → world (the sweep's pose) → world (the
 * image's pose) → camera, and applies the pinhole model. `recording` and `samples` come from
 * loadRecording and the store (callers that project many frames load them once).
 */
export async function projectSweep(
  project: Project,
  recording: StoredRecording,
  samples: Map<number, StoredSample>,
  frame: StoredFrame,
  cameraSample: number,
  options: ProjectSweepOptions = {},
): Promise<ProjectedSweep> {
  const sensors = new Map(recording.sensors.map((s) => [s.id, s]));
  const lidarMember = frame.members.find((m) => sensors.get(m.sensor)?.kind === 'lidar');
  const cameraMember = frame.members.find((m) => m.sampleId === cameraSample);
  const lidar = lidarMember && sensors.get(lidarMember.sensor);
  const camera = cameraMember && sensors.get(cameraMember.sensor);
  const sweep = lidarMember && samples.get(lidarMember.sampleId);
  const image = cameraMember && samples.get(cameraMember.sampleId);
  const k = camera?.intrinsics;
  if (
    lidar === undefined ||
    camera === undefined ||
    k === undefined ||
    sweep?.pointCloud === undefined ||
    image === undefined
  ) {
    throw new AssayError(
      'INVALID_INPUT',
      `Frame ${frame.name} has no LiDAR sweep and calibrated camera image ${cameraSample} to project into.`,
      {
        hint: 'Pick a frame with a point_cloud sample and a camera with intrinsics (sensors of kind lidar and camera).',
      },
    );
  }
  const width = k.width ?? image.probe.width ?? image.width ?? 0;
  const height = k.height ?? image.probe.height ?? image.height ?? 0;
  const cloud = await readPointCloud(
    `${project.resolveRoot(sweep.root)}/${sweep.key}`,
    sweep.pointCloud.format,
    options.signal ? { signal: options.signal } : {},
  );
  const toCamera = sensorToSensor(lidar, camera, lidarMember!.pose, cameraMember!.pose);
  const projected = projectPoints(
    cloud.fields.x!,
    cloud.fields.y!,
    cloud.fields.z!,
    cloud.count,
    toCamera,
    k,
    { width, height, ...options },
  );
  return { ...projected, image: image.key, width, height, total: cloud.count };
}
