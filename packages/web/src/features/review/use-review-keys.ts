import { useEffect, useRef } from 'react';

/** Window keys for the review (not while typing in a field, nor with a modifier held). */
export function useReviewKeys(onKey: (key: string) => void): void {
  const handler = useRef(onKey);
  handler.current = onKey;
  useEffect(() => {
    const listener = (e: KeyboardEvent) => {
      const t = e.target;
      if (t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement)
        return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      handler.current(e.key);
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
}
