import type { PointColorBy, ViewCuboid } from '@assay/api';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../../api-client.js';
import { ErrorNote } from '../../error-note.js';
import { classColor } from '../../render/palette.js';
import { useProject } from '../../state/queries.js';
import { CameraOverlay } from './camera-overlay.js';
import { LidarScene } from './lidar-scene.js';

/** Points asked of the server per sweep (it decimates evenly beyond that). */
const MAX_POINTS = 150_000;

/** The frames of the opened sweep's sequence (or of every sweep outside a sequence), in order. */
function useSequenceFrames(sampleId: number) {
  const frames = useQuery({
    queryKey: ['/api/lidar/frames'],
    queryFn: ({ signal }) => api.lidarFrames(signal),
  });
  return useMemo(() => {
    const all = frames.data?.frames ?? [];
    const opened = all.find((f) => f.sample_id === sampleId);
    const sequence = opened?.sequence ?? null;
    return { list: all.filter((f) => f.sequence === sequence), error: frames.error };
  }, [frames.data, frames.error, sampleId]);
}

/**
 * The 3D view of a point-cloud sample: the sweep in WebGL (orbit, zoom), its cuboids coloured by class
 * with each source toggleable, points coloured by height, intensity or label, the frame's camera images
 * with the points and cuboids projected, and a slider along the sequence.
 */
export function LidarView({ sampleId }: { sampleId: number }) {
  const { list, error } = useSequenceFrames(sampleId);
  const [position, setPosition] = useState<number | null>(null);
  const opened = list.findIndex((f) => f.sample_id === sampleId);
  const index = position ?? Math.max(0, opened);
  const frame = list[index];
  const current = frame?.sample_id ?? sampleId;
  const [colorBy, setColorBy] = useState<PointColorBy>('height');
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const [cameraPoints, setCameraPoints] = useState(true);
  const project = useProject();

  const points = useQuery({
    queryKey: ['/api/lidar/points', current, MAX_POINTS, colorBy],
    queryFn: ({ signal }) => api.points(current, MAX_POINTS, colorBy, signal),
  });
  const cuboids = useQuery({
    queryKey: ['/api/lidar/cuboids', current],
    queryFn: ({ signal }) => api.cuboids({ sample_ids: [current] }, signal),
  });
  const projections = useQuery({
    queryKey: ['/api/lidar/projections', current],
    queryFn: ({ signal }) => api.projections(current, signal),
  });

  const list3d = useMemo(() => cuboids.data?.samples[String(current)] ?? [], [cuboids.data, current]);
  const sources = useMemo(() => {
    const names = new Set((project.data?.sources ?? []).map((s) => s.name));
    for (const c of list3d) names.add(c.source);
    return [...names].sort((a, b) =>
      a === 'ground_truth' ? -1 : b === 'ground_truth' ? 1 : a.localeCompare(b),
    );
  }, [project.data, list3d]);
  const visible = useMemo(() => new Set(sources.filter((s) => !hidden.has(s))), [sources, hidden]);
  const colorIndex = useMemo(
    () => new Map((project.data?.classes ?? []).map((c) => [c.id, c.color])),
    [project.data],
  );
  const colorOf = useCallback(
    (c: ViewCuboid) => classColor(colorIndex.get(c.class_id ?? -1) ?? c.class_id),
    [colorIndex],
  );

  const canvasRef = useRef<HTMLCanvasElement>(null);
  const sceneRef = useRef<LidarScene | null>(null);
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const scene = new LidarScene(canvas);
    sceneRef.current = scene;
    const fit = () => scene.resize(canvas.clientWidth || 800, canvas.clientHeight || 500);
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(canvas);
    return () => {
      observer.disconnect();
      scene.dispose();
      sceneRef.current = null;
    };
  }, []);
  useEffect(() => {
    if (points.data) sceneRef.current?.setPoints(points.data, colorBy);
  }, [points.data, colorBy]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: visibility is applied by the next effect.
  useEffect(() => {
    sceneRef.current?.setCuboids(list3d, colorOf, visible);
  }, [list3d, colorOf]);
  useEffect(() => {
    sceneRef.current?.setVisibleSources(visible);
  }, [visible]);

  const shownBoxes = list3d.filter((c) => visible.has(c.source)).length;
  return (
    <div className="lidar-view" data-testid="lidar-view">
      <div className="lidar-controls">
        <label>
          points by{' '}
          <select
            data-testid="lidar-color"
            value={colorBy}
            onChange={(e) => setColorBy(e.target.value as PointColorBy)}
          >
            <option value="height">height</option>
            <option value="intensity">intensity</option>
            <option value="label">label</option>
          </select>
        </label>
        {sources.map((s) => (
          <label key={s}>
            <input
              type="checkbox"
              data-testid="lidar-source-toggle"
              data-source={s}
              checked={visible.has(s)}
              onChange={(e) => {
                const next = new Set(hidden);
                if (e.target.checked) next.delete(s);
                else next.add(s);
                setHidden(next);
              }}
            />{' '}
            {s}
          </label>
        ))}
        <label>
          <input type="checkbox" checked={cameraPoints} onChange={(e) => setCameraPoints(e.target.checked)} />{' '}
          points on images
        </label>
      </div>
      <div className="lidar-frame-bar">
        <input
          type="range"
          data-testid="lidar-frame-slider"
          min={0}
          max={Math.max(0, list.length - 1)}
          value={index}
          onChange={(e) => setPosition(Number(e.target.value))}
          disabled={list.length < 2}
        />
        <span className="muted" data-testid="lidar-frame-label">
          frame {index + 1} of {list.length}
          {frame ? ` · ${frame.frame ?? frame.key}` : ''}
          {points.data
            ? ` · ${points.data.count.toLocaleString()} of ${points.data.total.toLocaleString()} points`
            : ''}
          {points.data?.origin
            ? ` · relative to the local origin (${points.data.origin.map((v) => v.toLocaleString()).join(', ')}) m`
            : ''}
          {` · ${shownBoxes} boxes`}
        </span>
      </div>
      <ErrorNote error={error ?? points.error ?? cuboids.error ?? projections.error} />
      <div className="lidar-stage">
        <canvas
          ref={canvasRef}
          className="lidar-canvas"
          data-testid="lidar-canvas"
          data-sample={current}
          data-points={points.data?.count ?? 0}
          data-boxes={shownBoxes}
        />
        <div className="lidar-cameras">
          {(projections.data?.projections ?? []).map((p) => (
            <CameraOverlay
              key={p.sample_id}
              projection={p}
              points={points.data}
              cuboids={list3d}
              visible={visible}
              showPoints={cameraPoints}
              colorOf={colorOf}
            />
          ))}
        </div>
      </div>
    </div>
  );
}
