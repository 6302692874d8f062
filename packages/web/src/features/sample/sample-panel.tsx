import type { Annotation, SampleDetail, SampleIssue } from '@assay/api';
import { api } from '../../api-client.js';
import { classColor } from '../../render/palette.js';
import { useDrawStyle } from '../../render/use-draw-style.js';
import { useRoute } from '../../state/route.js';
import { useUi } from '../../state/ui-store.js';
import { relatedSamples } from './evidence.js';
import { SimilarStrip } from './similar-strip.js';

export interface SamplePanelProps {
  detail: SampleDetail;
  selectedIssue: SampleIssue | null;
  onSelectIssue: (issue: SampleIssue | null) => void;
}

const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(3));

/** The side panel of the sample view: facts, metrics, issues (select one to see its evidence), annotations. */
export function SamplePanel({ detail: d, selectedIssue, onSelectIssue }: SamplePanelProps) {
  const bySource = new Map<string, Annotation[]>();
  for (const a of d.annotations) bySource.set(a.source, [...(bySource.get(a.source) ?? []), a]);
  return (
    <div className="sample-panel">
      <table className="kv">
        <tbody>
          {d.kind === 'text' ? (
            <>
              <tr>
                <th>language</th>
                <td>{d.language ?? 'unknown'}</td>
              </tr>
              <tr>
                <th>from</th>
                <td>{d.text_source ?? '—'}</td>
              </tr>
              <tr>
                <th>length</th>
                <td>{[...(d.text ?? '')].length} characters</td>
              </tr>
            </>
          ) : (
            <tr>
              <th>size</th>
              <td>{d.width && d.height ? `${d.width} × ${d.height}` : 'unknown'}</td>
            </tr>
          )}
          <tr>
            <th>split</th>
            <td>{d.split ?? '—'}</td>
          </tr>
          {d.tags.length > 0 && (
            <tr>
              <th>tags</th>
              <td>{d.tags.join(', ')}</td>
            </tr>
          )}
          {d.kind !== 'text' && (
            <tr>
              <th>scan</th>
              <td>
                {d.scan_status}
                {d.scan_error ? `: ${d.scan_error}` : ''}
              </td>
            </tr>
          )}
          {Object.entries(d.metrics).map(([k, v]) => (
            <tr key={k}>
              <th>{k}</th>
              <td>{num(v)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Issues ({d.issues.length})</h3>
      <ul className="issues" data-testid="sample-issues">
        {d.issues.map((i) => (
          <li key={i.id} className={i === selectedIssue ? 'selected' : ''}>
            <button
              type="button"
              className="issue"
              onClick={() => onSelectIssue(i === selectedIssue ? null : i)}
            >
              <span className={`sev ${i.severity}`}>{i.severity}</span> <strong>{i.type}</strong>{' '}
              <span className="muted">{i.score.toFixed(2)}</span>
              <span className="reason">{i.reason}</span>
            </button>
            {i === selectedIssue && <Related issue={i} />}
          </li>
        ))}
      </ul>
      <SimilarStrip id={d.id} />
      {[...bySource].map(([source, list]) => (
        <SourceAnnotations key={source} source={source} list={list} />
      ))}
    </div>
  );
}

function Related({ issue }: { issue: SampleIssue }) {
  const navigate = useRoute((r) => r.navigate);
  const ids = relatedSamples(issue);
  if (ids.length === 0) return null;
  return (
    <div className="related">
      {ids.slice(0, 8).map((id) => (
        <button
          key={id}
          type="button"
          onClick={() => navigate({ sample: id, index: null })}
          title={`sample ${id}`}
        >
          <img src={api.thumbUrl(id, 128)} alt="" />
        </button>
      ))}
    </div>
  );
}

function SourceAnnotations({ source, list }: { source: string; list: Annotation[] }) {
  const style = useDrawStyle();
  const hidden = useUi((s) => s.hiddenSources.includes(source));
  const toggle = useUi((s) => s.toggleSource);
  return (
    <section className="source-annotations">
      <h3>
        <label>
          <input type="checkbox" checked={!hidden} onChange={() => toggle(source)} /> {source} ({list.length})
        </label>
      </h3>
      <ul>
        {list.map((a) => (
          <li key={a.id} data-annotation={a.id}>
            <span className="swatch" style={{ background: classColor(style.colorIndex(a.class_id)) }} />
            <span className="class-name">{style.className(a.class_id)}</span>{' '}
            <span className="muted">{a.kind}</span>
            {a.score !== undefined && <span> score {a.score.toFixed(3)}</span>}
            {a.outcome && <span className={`outcome ${a.outcome}`}> {a.outcome.toUpperCase()}</span>}
            {a.matched_id != null && (
              <span className="muted">
                {' '}
                ↔ #{a.matched_id}
                {a.iou != null ? ` IoU ${a.iou.toFixed(3)}` : ''}
              </span>
            )}
            {a.error && <span className="muted"> ({a.error})</span>}
            {a.bbox && <span className="muted"> [{a.bbox.map((v) => v.toFixed(1)).join(', ')}]</span>}
            {a.span && (
              <span className="muted">
                {' '}
                {a.span.start}–{a.span.end}
              </span>
            )}
            {Object.keys(a.attributes).length > 0 && (
              <span className="attrs">
                {Object.entries(a.attributes)
                  .map(([k, v]) => `${k}=${String(v)}`)
                  .join(' · ')}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
