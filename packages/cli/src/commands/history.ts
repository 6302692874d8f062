import { sampleHistory } from '@assay/core/node/edits/sample-history';
import { openProject } from '@assay/core/node/project';
import type { CommandContext } from '../context.js';
import { table } from '../ui/table.js';

/** `assay history SAMPLE`: each annotation's revisions and the edits that made them. */
export async function run(options: { args: string[] }, ctx: CommandContext): Promise<number> {
  const project = await openProject(ctx.projectDir, { readOnly: true });
  try {
    const h = await sampleHistory(project, options.args[0]!);
    ctx.out.result(h);
    const by = new Map(h.edits.map((e) => [e.seq, e]));
    ctx.out.line(`${h.sample.key} (sample ${h.sample.id}, split ${h.sample.split ?? '-'})`);
    const rows: (string | number)[][] = [];
    for (const a of h.annotations) {
      for (const v of a.versions) {
        const e = by.get(v.revision);
        rows.push([
          a.id,
          v.revision,
          v.until === null ? (a.current ? 'current' : '-') : `until ${v.until}`,
          v.annotation.source,
          v.annotation.label ?? '-',
          v.annotation.bbox?.map((n) => +n.toFixed(2)).join(',') ?? '-',
          e ? `${e.kind} by ${e.author}: ${e.reason ?? ''}` : 'imported',
        ]);
      }
      if (!a.current) {
        const last = a.versions[a.versions.length - 1];
        const e = last?.until ? by.get(last.until) : undefined;
        rows.push([
          a.id,
          last?.until ?? '-',
          'deleted',
          last?.annotation.source ?? '-',
          '-',
          '-',
          e ? `delete by ${e.author}: ${e.reason ?? ''}` : 'deleted',
        ]);
      }
    }
    ctx.out.line(table(rows, ['annotation', 'revision', 'valid', 'source', 'class', 'box', 'made by']));
    return 0;
  } finally {
    await project.close();
  }
}
