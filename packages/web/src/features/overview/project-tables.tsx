import { classColor } from '../../render/palette.js';
import { useProject } from '../../state/queries.js';
import { showFiltered } from '../../state/route.js';

const fmt = new Intl.NumberFormat('en-US');

/** Sources, splits and classes as small tables; each row filters the grid. */
export function ProjectTables() {
  const project = useProject();
  const p = project.data;
  if (!p) return null;
  return (
    <section className="panel wide tables">
      <table>
        <caption>Sources</caption>
        <tbody>
          {p.sources.map((s) => (
            <tr key={s.name} onClick={() => showFiltered({ sources: [s.name] })}>
              <td>{s.name}</td>
              <td className="muted">{s.kind}</td>
              <td className="num">{fmt.format(s.annotations)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table>
        <caption>Splits</caption>
        <tbody>
          {p.splits.map((s) => (
            <tr key={s.name} onClick={() => showFiltered({ splits: [s.name] })}>
              <td>{s.name}</td>
              <td className="num">{fmt.format(s.samples)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table data-testid="class-table">
        <caption>Classes</caption>
        <tbody>
          {p.classes.map((c) => (
            <tr key={c.id} onClick={() => showFiltered({ classes: [c.name] })}>
              <td>
                <span className="swatch" style={{ background: classColor(c.color) }} />
                <span className="class-name">{c.name}</span>
              </td>
              <td className="num">{fmt.format(c.annotations)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
