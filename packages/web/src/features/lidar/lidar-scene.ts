import type { PointColorBy, PointsPayload, ViewCuboid } from '@assay/api';
import {
  BufferAttribute,
  BufferGeometry,
  Color,
  LineBasicMaterial,
  LineDashedMaterial,
  LineSegments,
  PerspectiveCamera,
  Points,
  PointsMaterial,
  Scene,
  WebGLRenderer,
} from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { pointColors } from './point-colors.js';

/** Corner pairs of the 12 edges of a cuboid's 8 corners (bottom 0-3, top 4-7), as core's CUBOID_EDGES. */
export const EDGES: readonly (readonly [number, number])[] = [
  [0, 1],
  [1, 2],
  [2, 3],
  [3, 0],
  [4, 5],
  [5, 6],
  [6, 7],
  [7, 4],
  [0, 4],
  [1, 5],
  [2, 6],
  [3, 7],
];

/**
 * One sweep in WebGL: points coloured by an attribute, cuboids as line boxes (one LineSegments per
 * source, so a toggle hides a source without rebuilding), orbit and zoom around the sensor (z up).
 * The drawing buffer is kept so the view can be read back (tests, screenshots).
 */
export class LidarScene {
  readonly renderer: WebGLRenderer;
  private readonly scene = new Scene();
  private readonly camera = new PerspectiveCamera(55, 1, 0.1, 2000);
  private readonly controls: OrbitControls;
  private points: Points | null = null;
  private boxes = new Map<string, LineSegments>();
  private frameRequested = false;

  constructor(canvas: HTMLCanvasElement) {
    this.renderer = new WebGLRenderer({ canvas, antialias: true, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(Math.min(2, window.devicePixelRatio || 1));
    this.scene.background = new Color('#0b0d12');
    this.camera.up.set(0, 0, 1);
    this.camera.position.set(-18, -10, 16);
    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.target.set(8, 0, 0);
    this.controls.addEventListener('change', () => this.requestRender());
    this.controls.update();
  }

  resize(width: number, height: number): void {
    this.renderer.setSize(width, height, false);
    this.camera.aspect = width / Math.max(1, height);
    this.camera.updateProjectionMatrix();
    this.requestRender();
  }

  setPoints(payload: PointsPayload, colorBy: PointColorBy): void {
    if (this.points) {
      this.scene.remove(this.points);
      this.points.geometry.dispose();
      (this.points.material as PointsMaterial).dispose();
    }
    const geometry = new BufferGeometry();
    geometry.setAttribute('position', new BufferAttribute(payload.positions, 3));
    geometry.setAttribute('color', new BufferAttribute(pointColors(payload.values, colorBy), 3));
    const material = new PointsMaterial({ size: 2, sizeAttenuation: false, vertexColors: true });
    this.points = new Points(geometry, material);
    this.scene.add(this.points);
    this.requestRender();
  }

  /** Replaces the cuboids; `colorOf` gives each its colour (by class). */
  setCuboids(
    cuboids: readonly ViewCuboid[],
    colorOf: (c: ViewCuboid) => string,
    visible: ReadonlySet<string>,
  ) {
    for (const line of this.boxes.values()) {
      this.scene.remove(line);
      line.geometry.dispose();
      (line.material as LineBasicMaterial).dispose();
    }
    this.boxes.clear();
    const bySource = new Map<string, ViewCuboid[]>();
    for (const c of cuboids) bySource.set(c.source, [...(bySource.get(c.source) ?? []), c]);
    for (const [source, list] of bySource) {
      const positions = new Float32Array(list.length * EDGES.length * 6);
      const colors = new Float32Array(positions.length);
      let k = 0;
      for (const c of list) {
        const color = new Color(colorOf(c));
        for (const [a, b] of EDGES) {
          for (const corner of [a, b]) {
            positions.set(c.corners.slice(corner * 3, corner * 3 + 3), k);
            colors.set([color.r, color.g, color.b], k);
            k += 3;
          }
        }
      }
      const geometry = new BufferGeometry();
      geometry.setAttribute('position', new BufferAttribute(positions, 3));
      geometry.setAttribute('color', new BufferAttribute(colors, 3));
      // Ground truth solid, every other source dashed; drawn over the points so a box is never hidden.
      const material =
        source === 'ground_truth'
          ? new LineBasicMaterial({ vertexColors: true, depthTest: false })
          : new LineDashedMaterial({ vertexColors: true, depthTest: false, dashSize: 0.35, gapSize: 0.2 });
      const line = new LineSegments(geometry, material);
      line.computeLineDistances();
      line.renderOrder = 1;
      line.visible = visible.has(source);
      this.boxes.set(source, line);
      this.scene.add(line);
    }
    this.requestRender();
  }

  setVisibleSources(visible: ReadonlySet<string>): void {
    for (const [source, line] of this.boxes) line.visible = visible.has(source);
    this.requestRender();
  }

  requestRender(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      this.renderer.render(this.scene, this.camera);
      // How many pictures were drawn: lets a test wait for the one after its action.
      const canvas = this.renderer.domElement;
      canvas.dataset.renders = String(Number(canvas.dataset.renders ?? 0) + 1);
    });
  }

  dispose(): void {
    this.controls.dispose();
    this.setCuboids([], () => '#fff', new Set());
    if (this.points) {
      this.points.geometry.dispose();
      (this.points.material as PointsMaterial).dispose();
    }
    this.renderer.dispose();
  }
}
