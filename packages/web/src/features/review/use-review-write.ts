import { ApiError, type ReviewEdit } from '@assay/api';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { api } from '../../api-client.js';
import { useAuthor } from './author-store.js';

export interface WriteNote {
  kind: 'ok' | 'error' | 'conflict';
  text: string;
}

/**
 * Sends the app's edits with the reviewer's name and the project revision last seen; keeps the batches
 * this page made (for undo) and what happened (a conflict says someone else changed the project first:
 * nothing was applied, reload to see their edits). Every success refetches what is on screen at once.
 */
export function useReviewWrite(revision: number | undefined) {
  const client = useQueryClient();
  const author = useAuthor((s) => s.author);
  const [note, setNote] = useState<WriteNote | null>(null);
  const [busy, setBusy] = useState(false);
  const batches = useRef<{ batch: number; label: string }[]>([]);
  const known = useRef<{ from: number | undefined; revision: number } | null>(null);
  // The page's revision unless an own write since is newer.
  const current =
    known.current && known.current.from === revision ? known.current.revision : (revision ?? undefined);

  const fail = useCallback((error: unknown) => {
    if (error instanceof ApiError && error.status === 409) {
      setNote({
        kind: 'conflict',
        text: `Conflict: ${error.message} Nothing was applied. Reload to see the newer edits, then decide again.`,
      });
    } else setNote({ kind: 'error', text: error instanceof Error ? error.message : String(error) });
  }, []);

  const send = useCallback(
    async (edits: ReviewEdit[] | null, label: string) => {
      if (!edits || edits.length === 0 || busy) return false;
      if (!author.trim()) {
        setNote({ kind: 'error', text: 'Enter your name first: every edit records who made it.' });
        return false;
      }
      if (current === undefined) return false;
      setBusy(true);
      try {
        const r = await api.edit({ author, expected_revision: current, edits });
        known.current = { from: revision, revision: r.revision };
        batches.current.push({ batch: r.batch, label });
        // The note comes once the views show the change, together with the end of `busy`: a key pressed
        // after the note is never dropped as "still writing".
        await client.invalidateQueries();
        setNote({ kind: 'ok', text: `${label} (batch ${r.batch}, revision ${r.revision})` });
        return true;
      } catch (error) {
        fail(error);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [author, busy, client, current, fail, revision],
  );

  const undo = useCallback(async () => {
    const last = batches.current[batches.current.length - 1];
    if (!last || busy || current === undefined) return;
    setBusy(true);
    try {
      const r = await api.undo({ author, expected_revision: current, batch: last.batch });
      batches.current.pop();
      known.current = { from: revision, revision: r.revision };
      await client.invalidateQueries();
      setNote({ kind: 'ok', text: `Undid: ${last.label} (batch ${r.batch}, revision ${r.revision})` });
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  }, [author, busy, client, current, fail, revision]);

  const reload = useCallback(() => {
    known.current = null;
    setNote(null);
    void client.invalidateQueries();
  }, [client]);

  return { send, undo, reload, note, busy, canUndo: batches.current.length > 0 };
}
