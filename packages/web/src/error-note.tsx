import { ApiError } from '@assay/api';
import { ClearRegionButton } from './features/filters/clear-region-button.js';

interface Issue {
  path?: PropertyKey[];
  message?: string;
}

/**
 * An error as a short note: the server's message and hint (and, for a map region drawn on an earlier
 * projection, a button that clears it), or the first problems of a schema mismatch.
 */
export function ErrorNote({ error }: { error: Error | null | undefined }) {
  if (!error) return null;
  if (error instanceof ApiError) {
    return (
      <p className="error" data-code={error.code}>
        {error.body.message}
        {error.body.hint ? ` ${error.body.hint}` : ''}
        {error.code === 'STALE_MAP_REGION' && (
          <>
            {' '}
            <ClearRegionButton />
          </>
        )}
      </p>
    );
  }
  const issues = (error as Error & { issues?: Issue[] }).issues;
  if (Array.isArray(issues)) {
    const first = issues
      .slice(0, 3)
      .map((i) => `${(i.path ?? []).map(String).join('.')}: ${i.message ?? ''}`)
      .join('; ');
    return (
      <p className="error">
        The server's answer does not match the API schema ({issues.length} problems; {first}).
      </p>
    );
  }
  return <p className="error">{error.message}</p>;
}
