import {
  type Mat34,
  mat34FromRigid,
  mat34InvertRigid,
  mat34Multiply,
  mat34ToRigid,
} from '../../geometry3d/mat34.js';
import type { RigidTransform } from '../../model/sensor.js';

/** Earth radius of the KITTI raw devkit's Mercator projection (latToScale / latlonToMercator), metres. */
const EARTH_RADIUS = 6378137;

/** The fields of an OXTS line this reader uses (the devkit's dataformat.txt lists all 30). */
export interface OxtsPacket {
  lat: number;
  lon: number;
  alt: number;
  roll: number;
  pitch: number;
  yaw: number;
}

/** An `oxts/data/*.txt` line: 30 numbers, lat lon alt roll pitch yaw first; undefined when not. */
export function parseOxtsLine(text: string): OxtsPacket | undefined {
  const v = text.trim().split(/\s+/).map(Number);
  if (v.length < 6 || v.slice(0, 6).some((x) => !Number.isFinite(x))) return undefined;
  return { lat: v[0]!, lon: v[1]!, alt: v[2]!, roll: v[3]!, pitch: v[4]!, yaw: v[5]! };
}

/**
 * The IMU's pose in a local world frame per packet, as the raw devkit's convertOxtsToPose computes it:
 * position by a Mercator projection scaled by cos(latitude of the first packet) (x east, y north, z
 * altitude), rotation Rz(yaw)·Ry(pitch)·Rx(roll). Positions are taken relative to the first packet's
 * (the devkit also turns the first pose to the identity; here the world keeps east/north/up axes).
 */
export function oxtsImuPoses(packets: readonly OxtsPacket[]): Mat34[] {
  if (packets.length === 0) return [];
  const scale = Math.cos((packets[0]!.lat * Math.PI) / 180);
  const position = (p: OxtsPacket): [number, number, number] => [
    (scale * p.lon * Math.PI * EARTH_RADIUS) / 180,
    scale * EARTH_RADIUS * Math.log(Math.tan(((90 + p.lat) * Math.PI) / 360)),
    p.alt,
  ];
  const origin = position(packets[0]!);
  return packets.map((p) => {
    const [x, y, z] = position(p);
    const [cr, sr] = [Math.cos(p.roll), Math.sin(p.roll)];
    const [cp, sp] = [Math.cos(p.pitch), Math.sin(p.pitch)];
    const [cy, sy] = [Math.cos(p.yaw), Math.sin(p.yaw)];
    // Rz(yaw) · Ry(pitch) · Rx(roll), row-major, with the translation.
    return Float64Array.of(
      cy * cp,
      cy * sp * sr - sy * cr,
      cy * sp * cr + sy * sr,
      x - origin[0],
      sy * cp,
      sy * sp * sr + cy * cr,
      sy * sp * cr - cy * sr,
      y - origin[1],
      -sp,
      cp * sr,
      cp * cr,
      z - origin[2],
    );
  });
}

/**
 * The velodyne's (the drive's common frame's) pose in the world per packet: world ← IMU ← velodyne,
 * with velodyne → IMU the inverse of calib_imu_to_velo.txt's R, T.
 */
export function oxtsVelodynePoses(
  packets: readonly OxtsPacket[],
  imuToVelo: RigidTransform,
): RigidTransform[] {
  const veloToImu = mat34InvertRigid(mat34FromRigid(imuToVelo));
  return oxtsImuPoses(packets).map((imu) => mat34ToRigid(mat34Multiply(imu, veloToImu)));
}
