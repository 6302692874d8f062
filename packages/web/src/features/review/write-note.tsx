import type { WriteNote } from './use-review-write.js';

/** What the last action did, or why it was refused (a conflict offers a reload). */
export function WriteNoteLine({ note, onReload }: { note: WriteNote | null; onReload: () => void }) {
  if (!note) return null;
  return (
    <p className={`write-note ${note.kind}`} data-testid="write-note" data-kind={note.kind} role="status">
      {note.text}
      {note.kind === 'conflict' && (
        <button type="button" onClick={onReload}>
          reload
        </button>
      )}
    </p>
  );
}
