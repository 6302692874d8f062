import { api } from '../../api-client.js';
import { useSimilar } from '../../state/queries.js';
import { useRoute } from '../../state/route.js';

/** The sample's nearest samples by embedding (GET /api/samples/:id/similar), as thumbnails; nothing without vectors. */
export function SimilarStrip({ id }: { id: number }) {
  const similar = useSimilar(id);
  const navigate = useRoute((r) => r.navigate);
  const data = similar.data;
  if (!data || data.similar.length === 0) return null;
  return (
    <section data-testid="similar-strip">
      <h3>
        Similar <span className="muted">({data.model})</span>
      </h3>
      <div className="similar-strip">
        {data.similar.map((s) => (
          <button
            type="button"
            key={s.id}
            title={`${s.path} · cosine distance ${s.distance.toFixed(3)}`}
            onClick={() => navigate({ sample: s.id, index: null })}
          >
            <img src={api.thumbUrl(s.id, 96)} alt={s.path} loading="lazy" />
            <span className="muted">{s.distance.toFixed(2)}</span>
          </button>
        ))}
      </div>
    </section>
  );
}
