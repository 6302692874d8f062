import { useRef } from 'react';
import type { View } from '../../render/renderer.js';
import { type Box, dragBox } from './review-actions.js';

const HANDLES = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'] as const;

/** Where a handle sits on a box in stage pixels. */
function handlePoint(box: Box, h: string, view: View): [number, number] {
  const x = h.includes('w') ? box[0] : h.includes('e') ? box[0] + box[2] : box[0] + box[2] / 2;
  const y = h.includes('n') ? box[1] : h.includes('s') ? box[1] + box[3] : box[1] + box[3] / 2;
  return [x * view.scale + view.ox, y * view.scale + view.oy];
}

/**
 * Eight handles on the selected annotation's box: dragging one moves its edges (image pixels, through
 * the view's scale), dragging inside moves the box. The stage does not pan while a handle is held.
 */
export function BoxHandles({ box, view, onChange }: { box: Box; view: View; onChange: (box: Box) => void }) {
  const start = useRef<{ x: number; y: number; box: Box; handle: string } | null>(null);
  const begin = (handle: string) => (e: React.MouseEvent) => {
    e.stopPropagation();
    e.preventDefault();
    start.current = { x: e.clientX, y: e.clientY, box, handle };
    const move = (ev: MouseEvent) => {
      const s = start.current;
      if (!s) return;
      onChange(dragBox(s.box, s.handle, (ev.clientX - s.x) / view.scale, (ev.clientY - s.y) / view.scale));
    };
    const up = () => {
      start.current = null;
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  };
  const [x, y] = handlePoint(box, 'nw', view);
  return (
    <div className="box-editor" data-testid="box-editor">
      {/* biome-ignore lint/a11y/noStaticElementInteractions: a pointer-only drag target; the keyboard path is the class keys and `s`. */}
      <div
        className="box-body"
        data-handle="move"
        style={{ left: x, top: y, width: box[2] * view.scale, height: box[3] * view.scale }}
        onMouseDown={begin('move')}
      />
      {HANDLES.map((h) => {
        const [hx, hy] = handlePoint(box, h, view);
        return (
          // biome-ignore lint/a11y/noStaticElementInteractions: a pointer-only drag handle.
          <div
            key={h}
            className={`box-handle ${h}`}
            data-handle={h}
            style={{ left: hx - 5, top: hy - 5 }}
            onMouseDown={begin(h)}
          />
        );
      })}
    </div>
  );
}
