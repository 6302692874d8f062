import { elementScroll, observeElementOffset, useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useEffect, useRef, useState } from 'react';
import { ErrorNote } from '../../error-note.js';
import { useFacetTotal } from '../../state/queries.js';
import { useRoute } from '../../state/route.js';
import { useUi } from '../../state/ui-store.js';
import { GridToolbar } from './grid-toolbar.js';
import { SampleTile } from './sample-tile.js';
import { realTop, tallScroll } from './tall-scroll.js';
import { type GridPages, useGridPages } from './use-grid-pages.js';

/** What the tiles show before a filter's or sort's first pages are rendered: loading tiles. */
const NO_PAGES: Pick<GridPages, 'item' | 'annotations'> = {
  item: () => undefined,
  annotations: () => undefined,
};

const GAP = 6;
const CAPTION = 20;

/** The virtualized sample grid: rows of tiles; only the pages of the rows in view are fetched. */
export function GridView() {
  const filter = useRoute((r) => r.filter);
  const sort = useUi((s) => s.sort);
  const tileSize = useUi((s) => s.tileSize);
  const scroller = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  const [viewport, setViewport] = useState(800);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => {
      setWidth(el.clientWidth);
      setViewport(el.clientHeight);
    };
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    measure();
    return () => observer.disconnect();
  }, []);

  const cols = Math.max(1, Math.floor((width - GAP) / (tileSize + GAP)));
  const [range, setRange] = useState<[number, number]>([0, 0]);
  const pages = useGridPages(filter, sort, range[0] * cols, (range[1] + 1) * cols - 1);
  // The facet counts of a new filter (asked at the same time as its first page) carry the same total and
  // often arrive first: the grid's rows and its count follow them, the tiles follow the page.
  const facetTotal = useFacetTotal(filter);
  const known = pages.total ?? facetTotal;
  // The tiles follow the pages in a render of their own (a deferred value, which React renders after the
  // urgent updates and interrupts for them): a page or its annotations that arrive as a filter change's
  // counts come do not hold back the counts and the grid total. Pages of another filter or sort never show.
  const deferred = useDeferredValue(pages);
  const shown = deferred.key === pages.key ? deferred : NO_PAGES;
  const total = known ?? 0;
  // The facets wait for the first page and its annotations, so the tiles are drawn before they are asked.
  const arrived = (pages.total !== undefined && pages.annotated) || pages.error !== null;
  useEffect(() => {
    if (arrived && !useUi.getState().gridReady) useUi.getState().set({ gridReady: true });
  }, [arrived]);
  const rows = Math.ceil(total / cols);
  const rowHeight = tileSize + CAPTION + GAP;
  const tall = tallScroll(rows * rowHeight, viewport);
  // The virtualizer subscribes once; its callbacks read the current ratio through a ref.
  const ratio = useRef(1);
  ratio.current = tall.ratio;
  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 2,
    // Real scroll pixels ↔ virtual pixels (tall-scroll.ts): identity unless the grid passes the height cap.
    observeElementOffset: (instance, cb) =>
      observeElementOffset(instance, (offset, scrolling) => cb(offset * ratio.current, scrolling)),
    scrollToFn: (offset, options, instance) => elementScroll(offset / ratio.current, options, instance),
  });
  const virtualOffset = virtualizer.scrollOffset ?? 0;
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
      <GridToolbar total={known} />
      <ErrorNote error={pages.error} />
      <div className="grid-scroll" ref={scroller} data-testid="grid">
        <div style={{ height: tall.height, position: 'relative' }}>
          {virtualRows.map((row) => (
            <div
              key={row.key}
              className="grid-row"
              style={{
                transform: `translateY(${realTop(row.start, virtualOffset, tall.ratio)}px)`,
                height: rowHeight,
                gap: GAP,
              }}
            >
              {Array.from({ length: cols }, (_, c) => {
                const index = row.index * cols + c;
                if (index >= total) return null;
                const item = shown.item(index);
                return (
                  <SampleTile
                    key={item ? `s${item.id}` : `i${index}`}
                    item={item}
                    annotations={item ? shown.annotations(item.id) : undefined}
                    size={tileSize}
                    index={index}
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
