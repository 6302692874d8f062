import type { PointsPayload, ViewCuboid, ViewProjection } from '@assay/api';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../api-client.js';
import { EDGES } from './lidar-scene.js';
import { ramp } from './point-colors.js';

const MIN_DEPTH = 0.1;

/** (u, v, depth) of a point through P (3×4 row-major), or null behind the camera. */
export function projectPoint(
  p: readonly number[],
  x: number,
  y: number,
  z: number,
): [number, number, number] | null {
  const d = (p[8] as number) * x + (p[9] as number) * y + (p[10] as number) * z + (p[11] as number);
  if (!(d > MIN_DEPTH)) return null;
  const u = ((p[0] as number) * x + (p[1] as number) * y + (p[2] as number) * z + (p[3] as number)) / d;
  const v = ((p[4] as number) * x + (p[5] as number) * y + (p[6] as number) * z + (p[7] as number)) / d;
  return [u, v, d];
}

interface CameraOverlayProps {
  projection: ViewProjection;
  points: PointsPayload | undefined;
  cuboids: readonly ViewCuboid[];
  visible: ReadonlySet<string>;
  showPoints: boolean;
  colorOf: (c: ViewCuboid) => string;
}

/** A camera image with the sweep's points (coloured by depth) and the cuboids projected onto it. */
export function CameraOverlay({
  projection,
  points,
  cuboids,
  visible,
  showPoints,
  colorOf,
}: CameraOverlayProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [image, setImage] = useState<HTMLImageElement | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const img = new Image();
    img.onload = () => setImage(img);
    img.onerror = () => setFailed(true);
    img.src = api.fullUrl(projection.sample_id);
    return () => {
      img.onload = null;
      img.onerror = null;
    };
  }, [projection.sample_id]);

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const w = image?.naturalWidth || projection.width || 640;
    const h = image?.naturalHeight || projection.height || 360;
    canvas.width = w;
    canvas.height = h;
    ctx.fillStyle = '#111';
    ctx.fillRect(0, 0, w, h);
    if (image) ctx.drawImage(image, 0, 0);
    const m = projection.matrix;
    if (points && showPoints) {
      const { positions, count } = points;
      for (let i = 0; i < count; i++) {
        const q = projectPoint(
          m,
          positions[i * 3] as number,
          positions[i * 3 + 1] as number,
          positions[i * 3 + 2] as number,
        );
        if (!q || q[0] < 0 || q[1] < 0 || q[0] >= w || q[1] >= h) continue;
        const [r, g, b] = ramp(1 - Math.min(1, q[2] / 50));
        ctx.fillStyle = `rgb(${Math.round(r * 255)},${Math.round(g * 255)},${Math.round(b * 255)})`;
        ctx.fillRect(q[0] - 1, q[1] - 1, 2, 2);
      }
    }
    ctx.lineWidth = Math.max(1.5, w / 600);
    for (const c of cuboids) {
      if (!visible.has(c.source)) continue;
      ctx.strokeStyle = colorOf(c);
      ctx.setLineDash(c.source === 'ground_truth' ? [] : [6, 4]);
      ctx.beginPath();
      for (const [a, b] of EDGES) {
        const pa = projectPoint(
          m,
          c.corners[a * 3] as number,
          c.corners[a * 3 + 1] as number,
          c.corners[a * 3 + 2] as number,
        );
        const pb = projectPoint(
          m,
          c.corners[b * 3] as number,
          c.corners[b * 3 + 1] as number,
          c.corners[b * 3 + 2] as number,
        );
        if (!pa || !pb) continue;
        ctx.moveTo(pa[0], pa[1]);
        ctx.lineTo(pb[0], pb[1]);
      }
      ctx.stroke();
    }
    ctx.setLineDash([]);
  }, [image, points, cuboids, visible, showPoints, colorOf, projection]);

  return (
    <figure className="lidar-camera" data-testid="lidar-camera" data-sensor={projection.sensor}>
      <canvas ref={canvasRef} />
      <figcaption className="muted">
        {projection.sensor}
        {failed ? ' (image unavailable)' : ''}
      </figcaption>
    </figure>
  );
}
