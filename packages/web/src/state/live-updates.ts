import { ChangeEvent } from '@assay/api';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api-client.js';

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
      if (last.current !== null && last.current !== next) void client.invalidateQueries();
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
