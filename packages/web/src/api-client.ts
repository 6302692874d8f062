import { createClient } from '@assay/api';

/**
 * The one API client of the app. A server that needs a token sets it as an HttpOnly cookie when the
 * printed `/?token=` URL is opened, so the app sends no token itself.
 */
export const api = createClient(window.location.origin);
