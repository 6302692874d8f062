import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { ChangeHub } from '../change-hub.js';
import type { ServerContext } from '../context.js';

/** GET /api/events: a `change` event now, then one whenever the project changes; a ping every 20 s. */
export function eventRoutes(ctx: ServerContext, hub: ChangeHub): Hono {
  return new Hono().get('/events', (c) =>
    streamSSE(c, async (stream) => {
      let id = 0;
      const send = (change: number) =>
        stream.writeSSE({ event: 'change', data: JSON.stringify({ change }), id: String(++id) });
      await send(ctx.handle.change);
      const off = hub.subscribe((change) => void send(change));
      const ping = setInterval(() => void stream.writeSSE({ event: 'ping', data: '{}' }), 20_000);
      await new Promise<void>((resolve) => {
        stream.onAbort(resolve);
        hub.onClose(resolve);
      });
      clearInterval(ping);
      off();
    }),
  );
}
