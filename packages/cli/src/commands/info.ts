// The project module alone, not the @assay/core/node barrel: info prints counts, so it starts fast (issue 12).
import { openProject } from '@assay/core/node/project';
import type { CommandContext } from '../context.js';
import { count, counted } from '../ui/output.js';
import { table } from '../ui/table.js';

export async function run(_options: unknown, ctx: CommandContext): Promise<number> {
  const project = await openProject(ctx.projectDir, { readOnly: true });
  try {
    const s = await project.store.summary();
    const { out } = ctx;
    out.result({ project: project.dir, ...s });
    out.line(`Project ${project.dir}`);
    out.line(
      `${counted(s.samples, 'sample')} · ${counted(s.annotations.total, 'annotation')} · ${counted(s.classes.length, 'class', 'classes')}`,
    );
    const texts = s.sample_kinds?.text ?? 0;
    if (texts > 0)
      out.line(`${count(texts)} texts (stored in the project), ${count(s.samples - texts)} images`);
    out.line();
    if (s.sources.length > 0) {
      out.line(
        table(
          s.sources.map((src) => [src.name, src.kind, src.samples, src.annotations]),
          ['source', 'kind', 'samples', 'annotations'],
        ),
      );
      out.line();
    }
    const sourceNames = s.sources.map((src) => src.name);
    if (s.classes.length > 0) {
      const ids = (c: (typeof s.classes)[number]) =>
        Object.entries(c.original_ids)
          .map(([f, id]) => `${f}:${id}`)
          .join(' ');
      out.line(
        table(
          s.classes.map((c) => [c.name, ids(c), ...sourceNames.map((n) => c.counts[n] ?? 0)]),
          ['class', 'ids', ...sourceNames],
        ),
      );
      out.line();
    }
    out.line(
      `splits: ${
        Object.entries(s.splits)
          .map(([k, v]) => `${k} ${count(v)}`)
          .join(' · ') || 'none'
      }`,
    );
    out.line(
      `scan:   ${
        Object.entries(s.scan)
          .filter(([, v]) => v > 0)
          .map(([k, v]) => `${k} ${count(v)}`)
          .join(' · ') || 'nothing to scan'
      }`,
    );
    if (s.issues.total > 0) {
      out.line(
        `issues: ${Object.entries(s.issues.by_type)
          .map(([k, v]) => `${k} ${count(v)}`)
          .join(' · ')}`,
      );
    }
    return 0;
  } finally {
    await project.close();
  }
}
