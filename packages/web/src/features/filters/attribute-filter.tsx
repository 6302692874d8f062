import { useState } from 'react';

/** Annotation attribute values (filter.attributes): add `name = value` pairs, remove them one by one. */
export function AttributeFilter({
  value,
  onChange,
}: {
  value: Record<string, string[]>;
  onChange: (attributes: Record<string, string[]>) => void;
}) {
  const [name, setName] = useState('');
  const [val, setVal] = useState('');
  const add = () => {
    if (!name.trim()) return;
    const list = value[name.trim()] ?? [];
    if (!list.includes(val)) onChange({ ...value, [name.trim()]: [...list, val] });
    setVal('');
  };
  const remove = (k: string, v: string) => {
    const next = { ...value, [k]: (value[k] ?? []).filter((x) => x !== v) };
    if (next[k]?.length === 0) delete next[k];
    onChange(next);
  };
  return (
    <section className="facet">
      <h3>Attributes</h3>
      <ul>
        {Object.entries(value).flatMap(([k, vs]) =>
          vs.map((v) => (
            <li key={`${k}=${v}`} className="chip">
              <span>
                {k} = {v}
              </span>
              <button type="button" className="link" onClick={() => remove(k, v)}>
                ×
              </button>
            </li>
          )),
        )}
      </ul>
      <form
        className="range-row"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <input placeholder="attribute" value={name} onChange={(e) => setName(e.target.value)} />
        <input placeholder="value" value={val} onChange={(e) => setVal(e.target.value)} />
        <button type="submit">add</button>
      </form>
    </section>
  );
}
