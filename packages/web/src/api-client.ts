import { createClient } from '@assay/api';

/**
 * The one API client of the app. A server started with --token prints a URL with `?token=`; the token
 * is kept for this tab (sessionStorage) and removed from the address bar so it is not shared by copy.
 */
function readToken(): string | undefined {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem('assay-token', fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url);
    return fromUrl;
  }
  return sessionStorage.getItem('assay-token') ?? undefined;
}

const token = readToken();
export const api = createClient(window.location.origin, token ? { token } : {});
