import { release } from '@assay/core/node/edits/release';
import { openProject } from '@assay/core/node/project';
import type { CommandContext } from '../context.js';
import { count } from '../ui/output.js';
import { table } from '../ui/table.js';
import { printLicences } from './licences.js';

interface ReleaseOptions {
  args: string[];
  out: string;
  format: string;
  source: string[];
  images?: boolean;
  message?: string;
  author?: string;
  plan?: string;
}

/** `assay release NAME --out DIR --format coco,yolo`: snapshot + exports + report + changes + manifest. */
export async function run(options: ReleaseOptions, ctx: CommandContext): Promise<number> {
  const project = await openProject(ctx.projectDir, { command: 'assay release' });
  try {
    const r = await release(project, options.args[0]!, {
      out: options.out,
      formats: options.format
        .split(',')
        .map((f) => f.trim())
        .filter((f) => f !== ''),
      sources: options.source,
      images: options.images === true,
      ...(options.message ? { message: options.message } : {}),
      ...(options.author ? { author: options.author } : {}),
      ...(options.plan ? { plan: options.plan } : {}),
      signal: ctx.signal,
    });
    const { out } = ctx;
    out.result(r);
    out.line(`Release ${r.name} (snapshot at revision ${r.snapshot.seq}) in ${r.out}:`);
    out.line(
      table(
        r.exports.map((e) => [e.format, e.samples, e.annotations, e.files]),
        ['format', 'samples', 'annotations', 'files'],
      ),
    );
    if (r.changes) {
      const n = r.changes.annotations;
      out.line(
        `Since ${r.previous}: ${n.added} added, ${n.removed} removed, ${n.reclassed} re-classed, ${n.moved} moved (changes.json).`,
      );
    } else out.line('First release: no earlier one to compare with.');
    const pct = (v: number | null) => (v === null ? '–' : `${(100 * v).toFixed(1)}%`);
    out.line("Quality (quality.md, along Korea's AI training-data quality guideline v3.0):");
    out.line(
      table(
        r.quality.map((q) => [
          `${q.name_ko} (${q.name_en})`,
          pct(q.value),
          pct(q.target),
          q.passed === null ? '–' : q.passed ? 'pass' : 'FAIL',
        ]),
        ['characteristic', 'value', 'target', 'result'],
      ),
    );
    out.line('datasheet.md: what Assay knows, and the questions for the dataset owner.');
    out.line(`manifest.json lists ${count(r.files.length)} files with their sha256.`);
    if (r.licences.samples > r.licences.without_licence) printLicences(r.licences, ctx);
    else out.line('No sample states a licence (see `assay licences`).');
    return 0;
  } finally {
    await project.close();
  }
}
