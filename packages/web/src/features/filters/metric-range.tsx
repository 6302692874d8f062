import type { Histogram } from '@assay/api';

type Range = [number | null, number | null];

export interface MetricRangeProps {
  name: string;
  histogram: Histogram;
  value: Range | undefined;
  onChange: (range: Range | undefined) => void;
}

const num = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));

/** A metric's histogram under the current filter (click a bin to keep it) and min/max inputs. */
export function MetricRange({ name, histogram, value, onChange }: MetricRangeProps) {
  const max = Math.max(1, ...histogram.counts);
  const [lo, hi] = value ?? [null, null];
  const setEnd = (i: 0 | 1, text: string) => {
    const v = text.trim() === '' ? null : Number(text);
    if (v !== null && !Number.isFinite(v)) return;
    const next: Range = i === 0 ? [v, hi] : [lo, v];
    onChange(next[0] === null && next[1] === null ? undefined : next);
  };
  return (
    <section className="facet metric" data-metric={name}>
      <h3>{name}</h3>
      <div className="histogram">
        {histogram.counts.map((c, i) => {
          const a = histogram.bins[i] ?? 0;
          const b = histogram.bins[i + 1] ?? a;
          const inside = (lo === null || b > lo) && (hi === null || a < hi);
          return (
            <button
              // biome-ignore lint/suspicious/noArrayIndexKey: bins are positional.
              key={i}
              type="button"
              className={inside ? 'bin' : 'bin out'}
              title={`${num(a)}–${num(b)}: ${c}`}
              style={{ height: `${Math.max(2, (100 * c) / max)}%` }}
              onClick={() => onChange([a, b])}
            />
          );
        })}
      </div>
      <div className="range-row">
        <input
          type="number"
          placeholder={histogram.min === null ? 'min' : num(histogram.min)}
          value={lo ?? ''}
          onChange={(e) => setEnd(0, e.target.value)}
        />
        <input
          type="number"
          placeholder={histogram.max === null ? 'max' : num(histogram.max)}
          value={hi ?? ''}
          onChange={(e) => setEnd(1, e.target.value)}
        />
        {value && (
          <button type="button" className="link" onClick={() => onChange(undefined)}>
            ×
          </button>
        )}
      </div>
    </section>
  );
}
