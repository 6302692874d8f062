/** Prediction confidence range (filter.score): a sample matches when one prediction's score is inside. */
export function ScoreRange({
  value,
  onChange,
}: {
  value: [number, number] | undefined;
  onChange: (score: [number, number] | undefined) => void;
}) {
  const [lo, hi] = value ?? [0, 1];
  const set = (a: number, b: number) =>
    onChange(a <= 0 && b >= 1 ? undefined : [Math.min(a, b), Math.max(a, b)]);
  return (
    <section className="facet">
      <h3>Prediction score</h3>
      <div className="range-row">
        <input
          type="range"
          min={0}
          max={1}
          step={0.05}
          value={lo}
          onChange={(e) => set(Number(e.target.value), hi)}
        />
        <input
          type="range"
          min={0}
          max={1}
          step={0.05}
          value={hi}
          onChange={(e) => set(lo, Number(e.target.value))}
        />
        <span className="muted">
          {lo.toFixed(2)}–{hi.toFixed(2)}
        </span>
      </div>
    </section>
  );
}
