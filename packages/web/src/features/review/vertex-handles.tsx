import type { View } from '../../render/renderer.js';
import { deleteVertex, insertVertex, moveVertex, type Point, type Rings } from './polygon-edit.js';

const toStage = ([x, y]: Point, view: View): Point => [x * view.scale + view.ox, y * view.scale + view.oy];

/**
 * A handle on every vertex of the selected polygon and one on every edge's midpoint. Dragging a vertex
 * moves it; dragging an edge's midpoint adds a vertex there and moves it; a right click (or Alt+click) on
 * a vertex deletes it (a ring keeps at least three). Positions in image pixels, through the view's scale.
 */
export function VertexHandles({
  rings,
  view,
  onChange,
}: {
  rings: Rings;
  view: View;
  onChange: (rings: Rings) => void;
}) {
  /** Follows the pointer from `e`, moving vertex `i` of ring `r` of `base`. */
  const drag = (e: React.MouseEvent, base: Rings, r: number, i: number) => {
    const start = { x: e.clientX, y: e.clientY, at: base[r]![i]! };
    const move = (ev: MouseEvent) => {
      const to: Point = [
        start.at[0] + (ev.clientX - start.x) / view.scale,
        start.at[1] + (ev.clientY - start.y) / view.scale,
      ];
      onChange(moveVertex(base, r, i, to));
    };
    const up = () => {
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  };
  const vertexDown = (r: number, i: number) => (e: React.MouseEvent) => {
    e.stopPropagation();
    e.preventDefault();
    if (e.button === 2) return;
    if (e.altKey) {
      const next = deleteVertex(rings, r, i);
      if (next) onChange(next);
      return;
    }
    drag(e, rings, r, i);
  };
  const edgeDown = (r: number, i: number) => (e: React.MouseEvent) => {
    e.stopPropagation();
    e.preventDefault();
    if (e.button !== 0) return;
    const next = insertVertex(rings, r, i);
    onChange(next);
    drag(e, next, r, i + 1);
  };
  return (
    <div className="vertex-editor" data-testid="vertex-editor">
      <svg className="vertex-outline" aria-hidden="true">
        {rings.map((ring, r) => (
          <polygon
            // biome-ignore lint/suspicious/noArrayIndexKey: rings have no identity but their place.
            key={r}
            points={ring.map((p) => toStage(p, view).join(',')).join(' ')}
          />
        ))}
      </svg>
      {rings.map((ring, r) =>
        ring.map((p, i) => {
          const [x, y] = toStage(p, view);
          const [nx, ny] = toStage(ring[(i + 1) % ring.length]!, view);
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: vertices have no identity but their place.
            <span key={`${r}-${i}`}>
              {/* biome-ignore lint/a11y/noStaticElementInteractions: a pointer-only drag handle. */}
              <div
                className="edge-handle"
                data-ring={r}
                data-edge={i}
                style={{ left: (x + nx) / 2 - 4, top: (y + ny) / 2 - 4 }}
                onMouseDown={edgeDown(r, i)}
              />
              {/* biome-ignore lint/a11y/noStaticElementInteractions: a pointer-only drag handle; right click deletes. */}
              <div
                className="vertex-handle"
                data-ring={r}
                data-vertex={i}
                style={{ left: x - 5, top: y - 5 }}
                onMouseDown={vertexDown(r, i)}
                onContextMenu={(e) => {
                  e.preventDefault();
                  e.stopPropagation();
                  const next = deleteVertex(rings, r, i);
                  if (next) onChange(next);
                }}
              />
            </span>
          );
        }),
      )}
    </div>
  );
}
