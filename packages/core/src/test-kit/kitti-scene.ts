/**
 * A small generated KITTI object folder for the 3D view's browser test: `frames` sweeps of a flat
 * ground with two cars (points on their faces, an intensity that grows with height), a plain camera
 * (P2 = K·[I|0], R0_rect = I, Tr_velo_to_cam the axis swap x_cam = -y, y_cam = -z, z_cam = x), a
 * rendered image for every frame but the last, and label files for ground truth and a prediction.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';

const FX = 720;
const CX = 620;
const CY = 187;
const W = 1242;
const H = 375;

/** The scene camera: P2 = K·[I|0] with these, image W × H. */
export const SCENE_CAMERA = { fx: FX, cx: CX, cy: CY, width: W, height: H } as const;

export interface SceneCar {
  /** Centre in the LiDAR frame (x forward, y left, z up), size l × w × h, yaw about z. */
  x: number;
  y: number;
  z: number;
  l: number;
  w: number;
  h: number;
  yaw: number;
}

export function sceneCars(frame: number): SceneCar[] {
  return [
    { x: 10 + 2 * frame, y: 2, z: -0.95, l: 4, w: 1.8, h: 1.5, yaw: 0.1 * frame },
    { x: 18, y: -4, z: -0.9, l: 4.2, w: 1.9, h: 1.6, yaw: 1.2 },
  ];
}

function sweep(cars: SceneCar[]): Buffer {
  const pts: number[] = [];
  for (let x = 2; x <= 40; x += 0.4) for (let y = -15; y <= 15; y += 0.4) pts.push(x, y, -1.7, 0.1);
  for (const c of cars) {
    const cos = Math.cos(c.yaw);
    const sin = Math.sin(c.yaw);
    for (let a = -0.5; a <= 0.5; a += 0.05)
      for (let b = -0.5; b <= 0.5; b += 0.05)
        for (const [u, v, s] of [
          [a, b, 0.5],
          [a, 0.5, b],
          [a, -0.5, b],
          [0.5, a, b],
        ] as [number, number, number][]) {
          const lx = u * c.l;
          const ly = v * c.w;
          const lz = s * c.h;
          pts.push(c.x + cos * lx - sin * ly, c.y + sin * lx + cos * ly, c.z + lz, 0.3 + 0.5 * (s + 0.5));
        }
  }
  return Buffer.from(new Float32Array(pts).buffer);
}

/** KITTI label line of a car (camera frame: location = bottom centre, ry = -yaw - π/2). */
function labelLine(c: SceneCar, score?: number): string {
  const corners: [number, number][] = [];
  for (const sx of [-0.5, 0.5])
    for (const sy of [-0.5, 0.5])
      for (const sz of [-0.5, 0.5]) {
        const vx = c.x + Math.cos(c.yaw) * sx * c.l - Math.sin(c.yaw) * sy * c.w;
        const vy = c.y + Math.sin(c.yaw) * sx * c.l + Math.cos(c.yaw) * sy * c.w;
        const vz = c.z + sz * c.h;
        corners.push([(FX * -vy) / vx + CX, (FX * -vz) / vx + CY]);
      }
  const us = corners.map((p) => p[0]);
  const vs = corners.map((p) => p[1]);
  const box = [
    Math.max(0, Math.min(...us)),
    Math.max(0, Math.min(...vs)),
    Math.min(W - 1, Math.max(...us)),
    Math.min(H - 1, Math.max(...vs)),
  ];
  const ry = Math.atan2(Math.sin(-c.yaw - Math.PI / 2), Math.cos(-c.yaw - Math.PI / 2));
  const loc = [-c.y, -(c.z - c.h / 2), c.x];
  const fields = ['Car', '0.00', '0', '0.00', ...box.map((v) => v.toFixed(2)), c.h, c.w, c.l].map(String);
  fields.push(...loc.map((v) => v.toFixed(2)), ry.toFixed(2));
  if (score !== undefined) fields.push(score.toFixed(2));
  return fields.join(' ');
}

const CALIB = [
  `P0: ${FX} 0 ${CX} 0 0 ${FX} ${CY} 0 0 0 1 0`,
  `P1: ${FX} 0 ${CX} 0 0 ${FX} ${CY} 0 0 0 1 0`,
  `P2: ${FX} 0 ${CX} 0 0 ${FX} ${CY} 0 0 0 1 0`,
  `P3: ${FX} 0 ${CX} 0 0 ${FX} ${CY} 0 0 0 1 0`,
  'R0_rect: 1 0 0 0 1 0 0 0 1',
  'Tr_velo_to_cam: 0 -1 0 0 0 0 -1 0 1 0 0 0',
  'Tr_imu_to_velo: 1 0 0 0 0 1 0 0 0 0 1 0',
].join('\n');

/** Writes the folder; `labels(frame)` chooses ground truth or the shifted, scored prediction. */
export async function writeKittiScene(root: string, frames: number): Promise<void> {
  for (const sub of ['velodyne', 'image_2', 'calib', 'label_2'])
    await mkdir(join(root, sub), { recursive: true });
  for (let f = 0; f < frames; f++) {
    const id = String(f).padStart(6, '0');
    await writeFile(join(root, 'velodyne', `${id}.bin`), sweep(sceneCars(f)));
    await writeFile(join(root, 'calib', `${id}.txt`), `${CALIB}\n`);
    await writeKittiLabels(root, f, 'ground_truth');
    if (f === frames - 1) continue; // the last frame has no image: its thumbnail is a bird's-eye render
    const sky = Buffer.alloc(W * H * 3);
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const p = (y * W + x) * 3;
        sky[p] = y < CY ? 120 : 60;
        sky[p + 1] = y < CY ? 160 : 70 + ((x * 7) % 40);
        sky[p + 2] = y < CY ? 220 : 60;
      }
    await sharp(sky, { raw: { width: W, height: H, channels: 3 } })
      .png()
      .toFile(join(root, 'image_2', `${id}.png`));
  }
}

/** Writes label_2 of frame `f`: the ground truth, or a prediction (cars 0.25 m ahead, turned 0.03 rad, scored). */
export async function writeKittiLabels(
  root: string,
  f: number,
  kind: 'ground_truth' | 'prediction',
): Promise<void> {
  const cars = sceneCars(f);
  const lines =
    kind === 'ground_truth'
      ? cars.map((c) => labelLine(c))
      : cars.map((c, k) =>
          labelLine(
            { ...c, x: c.x + 0.25 * Math.cos(c.yaw), y: c.y + 0.25 * Math.sin(c.yaw), yaw: c.yaw + 0.03 },
            0.9 - 0.2 * k,
          ),
        );
  await mkdir(join(root, 'label_2'), { recursive: true });
  await writeFile(join(root, 'label_2', `${String(f).padStart(6, '0')}.txt`), `${lines.join('\n')}\n`);
}
