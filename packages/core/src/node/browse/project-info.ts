import type { LabelSourceKind } from '../../model/label-source.js';
import type { Db } from '../store/db.js';
import { UNASSIGNED_SPLIT } from './facet-codes.js';
import { metricNames } from './metric-columns.js';
import { scoreSorts } from './sample-page.js';

/** What the app's header and sidebar show about a project (GET /api/project, without `change`). */
export interface ProjectInfo {
  name: string;
  counts: { samples: number; annotations: number; classes: number; open_issues: number };
  sources: { name: string; kind: LabelSourceKind; annotations: number }[];
  splits: { name: string; samples: number }[];
  classes: { id: number; name: string; color: number; annotations: number }[];
  metrics: string[];
  /** Per-sample scores the grid can sort by (embedding outlier/typicality…, uncertainty), when stored. */
  score_sorts: string[];
}

export { UNASSIGNED_SPLIT };

export async function projectInfo(db: Db): Promise<ProjectInfo> {
  const name =
    (await db.one<{ value: string }>("SELECT value FROM project_meta WHERE key = 'name'"))?.value ??
    'project';
  const samples = await db.scalar('SELECT count(*) FROM samples');
  const sources = await db.all<{ name: string; kind: LabelSourceKind; annotations: number }>(
    `SELECT src.name, src.kind, coalesce(n, 0) AS annotations
       FROM sources src LEFT JOIN (SELECT source_id, count(*) AS n FROM annotations GROUP BY ALL) a
         ON a.source_id = src.id ORDER BY src.id`,
  );
  const splits = await db.all<{ name: string; samples: number }>(
    `SELECT coalesce(split, '${UNASSIGNED_SPLIT}') AS name, count(*) AS samples FROM samples GROUP BY ALL ORDER BY name`,
  );
  // Colour index = position in the class map, so a class keeps its colour while others are added.
  const classes = await db.all<{ id: number; name: string; color: number; annotations: number }>(
    `SELECT c.id, c.name, (row_number() OVER (ORDER BY c.id) - 1)::INTEGER AS color, coalesce(n, 0) AS annotations
       FROM classes c LEFT JOIN (SELECT class_id, count(*) AS n FROM annotations GROUP BY ALL) a
         ON a.class_id = c.id ORDER BY c.id`,
  );
  const openIssues = await db.scalar("SELECT count(*) FROM issues WHERE status = 'open'");
  return {
    name,
    counts: {
      samples,
      annotations: sources.reduce((s, r) => s + r.annotations, 0),
      classes: classes.length,
      open_issues: openIssues,
    },
    sources,
    splits,
    classes,
    metrics: metricNames(),
    score_sorts: await scoreSorts(db),
  };
}
