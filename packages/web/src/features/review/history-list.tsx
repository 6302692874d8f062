import { useQuery } from '@tanstack/react-query';
import { api } from '../../api-client.js';

/** A sample's edits, newest first: who changed what, when and why. */
export function HistoryList({ sampleId }: { sampleId: number }) {
  const history = useQuery({
    queryKey: ['/api/samples/:id/history', sampleId],
    queryFn: ({ signal }) => api.history(sampleId, signal),
  });
  const edits = history.data?.edits ?? [];
  return (
    <section className="review-history" data-testid="review-history">
      <h3>History of this sample</h3>
      {edits.length === 0 && <p className="muted">no edits yet (as imported)</p>}
      <ul>
        {edits.slice(0, 30).map((e) => (
          <li key={e.seq} data-edit={e.seq}>
            <span className="muted">#{e.seq}</span> {e.kind}
            {e.annotation_id !== null ? ` of annotation ${e.annotation_id}` : ''} by{' '}
            <strong>{e.author}</strong>
            {e.reason ? ` — ${e.reason}` : ''}
            {e.undoes !== null ? ` (undoes #${e.undoes})` : ''}
            <span className="muted"> · {e.time.slice(0, 19)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
