import { useEffect, useState } from 'react';

/** Sample path search (case-insensitive substring), applied 300 ms after typing stops. */
export function PathSearch({ value, onChange }: { value: string; onChange: (path: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const t = setTimeout(() => onChange(text), 300);
    return () => clearTimeout(t);
  }, [text, value, onChange]);
  return (
    <input
      className="path-search"
      type="search"
      placeholder="search paths…"
      value={text}
      onChange={(e) => setText(e.target.value)}
    />
  );
}
