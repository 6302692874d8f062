import { ChangeEvent, type ProjectResponse } from '@assay/api';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api-client.js';
import { forgetMissingThumbs } from './missing-thumbs.js';
import { keys } from './queries.js';

/**
 * Subscribes to /api/events: each `change` (another command changed the project) invalidates every
 * query, so what is on screen refetches without a reload. Returns the last change counter seen.
 */
export function useLiveUpdates(): number | null {
  const client = useQueryClient();
  const [change, setChange] = useState<number | null>(null);
  const last = useRef<number | null>(null);
  useEffect(() => {
    const source = new EventSource(api.eventsUrl());
    const onChange = (e: MessageEvent<string>) => {
      const parsed = ChangeEvent.safeParse(safeJson(e.data));
      if (!parsed.success) return;
      const next = parsed.data.change;
      // The first event after (re)connecting says where the project is now; data fetched before the
      // stream was open may be older than that (a command finished in between), so compare with the
      // counter the project response carried.
      const seen = last.current ?? client.getQueryData<ProjectResponse>(keys.project)?.change ?? next;
      if (seen !== next) {
        forgetMissingThumbs();
        void client.invalidateQueries();
      }
      last.current = next;
      setChange(next);
    };
    source.addEventListener('change', onChange);
    return () => {
      source.removeEventListener('change', onChange);
      source.close();
    };
  }, [client]);
  return change;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
