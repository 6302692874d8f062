import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { useRoute } from '../../state/route.js';
import { useUi } from '../../state/ui-store.js';
import { GridToolbar } from './grid-toolbar.js';
import { SampleTile } from './sample-tile.js';
import { useGridPages } from './use-grid-pages.js';

const GAP = 6;
const CAPTION = 20;

/** The virtualized sample grid: rows of tiles; only the pages of the rows in view are fetched. */
export function GridView() {
  const filter = useRoute((r) => r.filter);
  const navigate = useRoute((r) => r.navigate);
  const sort = useUi((s) => s.sort);
  const tileSize = useUi((s) => s.tileSize);
  const scroller = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    setWidth(el.clientWidth);
    return () => observer.disconnect();
  }, []);

  const cols = Math.max(1, Math.floor((width - GAP) / (tileSize + GAP)));
  const [range, setRange] = useState<[number, number]>([0, 0]);
  const pages = useGridPages(filter, sort, range[0] * cols, (range[1] + 1) * cols - 1);
  const total = pages.total ?? 0;
  const rows = Math.ceil(total / cols);
  const rowHeight = tileSize + CAPTION + GAP;
  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 2,
  });
  const virtualRows = virtualizer.getVirtualItems();
  const firstRow = virtualRows[0]?.index ?? 0;
  const lastRow = virtualRows[virtualRows.length - 1]?.index ?? 0;
  useEffect(() => {
    setRange((r) => (r[0] === firstRow && r[1] === lastRow ? r : [firstRow, lastRow]));
  }, [firstRow, lastRow]);
  // A new filter or sort starts at the top.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on filter/sort change only.
  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 });
  }, [filter, sort]);

  return (
    <div className="grid-view">
      <GridToolbar total={pages.total} />
      {pages.error && <p className="error">{pages.error.message}</p>}
      <div className="grid-scroll" ref={scroller} data-testid="grid">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualRows.map((row) => (
            <div
              key={row.key}
              className="grid-row"
              style={{ transform: `translateY(${row.start}px)`, height: rowHeight, gap: GAP }}
            >
              {Array.from({ length: cols }, (_, c) => {
                const index = row.index * cols + c;
                if (index >= total) return null;
                const item = pages.item(index);
                return (
                  <SampleTile
                    key={item ? `s${item.id}` : `i${index}`}
                    item={item}
                    annotations={item ? pages.annotations(item.id) : undefined}
                    size={tileSize}
                    onOpen={() => item && navigate({ sample: item.id, index })}
                  />
                );
              })}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
