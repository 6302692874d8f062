import { timingSafeEqual } from 'node:crypto';
import { AssayError } from '@assay/core/errors';
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

export const TOKEN_COOKIE = 'assay_token';

export interface SecurityOptions {
  /** The address the server listens on. */
  host: string;
  token: string;
  /** Every request needs the token (bound beyond loopback). */
  requireToken: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token a request carries: Authorization: Bearer, the cookie set by `/?token=`, or `?token=`. */
function requestToken(c: Parameters<MiddlewareHandler>[0]): string | undefined {
  const auth = c.req.header('authorization');
  if (auth?.startsWith('Bearer ')) return auth.slice(7);
  return getCookie(c, TOKEN_COOKIE) ?? c.req.query('token');
}

/** Host names a request may address: loopback names and the bound host; any when bound to all. */
function allowedHost(hostHeader: string | undefined, options: SecurityOptions): boolean {
  if (!hostHeader) return false;
  if (options.host === '0.0.0.0' || options.host === '::') return true; // token required there
  const name = hostHeader.startsWith('[')
    ? hostHeader.slice(0, hostHeader.indexOf(']') + 1)
    : hostHeader.replace(/:\d+$/, '');
  return isLoopback(name) || name === options.host || name === `[${options.host}]`;
}

/**
 * Host check (DNS rebinding), token check, and the same-origin rule for POSTs. With a valid `?token=`
 * on a page request, the token goes into an HttpOnly SameSite=Strict cookie so the app needs no more.
 */
export function security(options: SecurityOptions): MiddlewareHandler {
  return async (c, next) => {
    if (!allowedHost(c.req.header('host'), options)) {
      throw new AssayError('FORBIDDEN', 'This server does not answer to that Host name.', {
        hint: 'Open the address `assay serve` printed (http://127.0.0.1:PORT/).',
        details: { host: c.req.header('host') ?? null },
      });
    }
    const hasToken = sameToken(requestToken(c), options.token);
    const queryToken = c.req.query('token');
    if (hasToken && queryToken && !c.req.path.startsWith('/api/')) {
      setCookie(c, TOKEN_COOKIE, options.token, { httpOnly: true, sameSite: 'Strict', path: '/' });
    }
    if (c.req.path.startsWith('/api/internal/') && !hasToken) {
      throw new AssayError('UNAUTHORIZED', 'This request needs the server token.', {
        hint: 'Only other `assay` commands on this machine call it (they read .assay/server.json).',
      });
    }
    if (options.requireToken && !hasToken) {
      throw new AssayError('UNAUTHORIZED', 'This server needs its token.', {
        hint: 'Open the URL with ?token=... that `assay serve` printed.',
      });
    }
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && !hasToken) {
      const origin = c.req.header('origin');
      const host = c.req.header('host');
      if (!origin || !host || (origin !== `http://${host}` && origin !== `https://${host}`)) {
        throw new AssayError('FORBIDDEN', 'Cross-origin requests that change or query state are refused.', {
          hint: 'Send the request from the app itself, or with the server token.',
          details: { origin: origin ?? null },
        });
      }
    }
    await next();
  };
}

/** Strict CSP and friends on every response. */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header(
      'Content-Security-Policy',
      "default-src 'self'; img-src 'self' blob: data:; script-src 'self'; style-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    );
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
    c.header('Cross-Origin-Resource-Policy', 'same-origin');
  };
}
