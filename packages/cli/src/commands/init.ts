import { initProject } from '@assay/core/node/project';
import type { CommandContext } from '../context.js';

export async function run(options: { args: [string]; name?: string }, ctx: CommandContext): Promise<number> {
  const dir = await initProject(options.args[0], options.name === undefined ? {} : { name: options.name });
  ctx.out.result({ project: dir });
  ctx.out.line(`Created an Assay project in ${dir}`);
  ctx.out.line(
    'Next: cd into it and run `assay import auto <annotations> --images <folder>`, then `assay scan`.',
  );
  return 0;
}
