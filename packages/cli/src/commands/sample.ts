import type { Edit } from '@assay/core';
import { AssayError } from '@assay/core/errors';
import { applyEdits } from '@assay/core/node/edits/apply-edits';
import { sampleHistory } from '@assay/core/node/edits/sample-history';
import { openProject } from '@assay/core/node/project';
import type { CommandContext } from '../context.js';

interface SampleOptions {
  args: string[];
  split?: string;
  tag?: string[];
  untag?: string[];
  reason?: string;
  author?: string;
}

/** `assay sample SAMPLE [--split NAME] [--tag T...] [--untag T...]`: move a sample to a split or tag it, as an edit. */
export async function run(options: SampleOptions, ctx: CommandContext): Promise<number> {
  if (options.split === undefined && !options.tag && !options.untag)
    throw new AssayError('USAGE', 'Say what to change: --split, --tag or --untag.');
  const project = await openProject(ctx.projectDir, { command: 'assay sample' });
  try {
    const { sample } = await sampleHistory(project, options.args[0]!);
    const set: Extract<Edit, { op: 'sample' }>['set'] = {};
    if (options.split !== undefined) set.split = options.split === '' ? null : options.split;
    if (options.tag || options.untag) {
      const row = (await project.store.listSamples()).find((s) => s.id === sample.id);
      const tags = new Set(row?.tags ?? []);
      for (const t of options.tag ?? []) tags.add(t);
      for (const t of options.untag ?? []) tags.delete(t);
      set.tags = [...tags];
    }
    const result = await applyEdits(
      project,
      [{ op: 'sample', sampleId: sample.id, set, ...(options.reason ? { reason: options.reason } : {}) }],
      options.author ? { author: options.author } : {},
    );
    ctx.out.result(result);
    ctx.out.line(`Edit ${result.seqs[0]}: ${sample.key} changed.`);
    return 0;
  } finally {
    await project.close();
  }
}
