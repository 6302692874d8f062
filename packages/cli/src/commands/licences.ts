import type { LicenceSummary } from '@assay/core';
import { AssayError } from '@assay/core/errors';
import { licenceSummary } from '@assay/core/licences/licence-summary';
import type { CommandContext } from '../context.js';
import { count } from '../ui/output.js';
import { table } from '../ui/table.js';

interface LicencesOptions {
  csv?: string;
  folder?: string;
  licence?: string;
  url?: string;
  source?: string;
}

/** Prints the licence table and the mixed-licence warning (shared with `assay release`). */
export function printLicences(summary: LicenceSummary, ctx: CommandContext): void {
  ctx.out.line(
    table(
      summary.licences.map((l) => [l.licence, count(l.samples), l.commercial, l.sources.join(', ') || '—']),
      ['licence', 'samples', 'commercial use', 'sources'],
    ),
  );
  if (summary.warning) ctx.out.note(`⚠ ${summary.warning}`);
}

/**
 * `assay licences`: each sample's source and licence (from COCO `licenses`, a CSV, or a rule by
 * folder), summarised per licence with what it says about commercial use.
 */
export async function run(options: LicencesOptions, ctx: CommandContext): Promise<number> {
  if (options.csv !== undefined && options.folder !== undefined)
    throw new AssayError('USAGE', '--csv and --folder set provenance in two ways; give one.');
  if (options.folder === undefined && (options.licence ?? options.url ?? options.source) !== undefined)
    throw new AssayError('USAGE', '--licence, --url and --source go with --folder.', {
      hint: 'e.g. `assay licences --folder flickr --licence "CC BY 2.0" --source flickr.com`',
    });
  if (options.folder !== undefined && options.licence === undefined && options.source === undefined)
    throw new AssayError('USAGE', '--folder needs --licence or --source.');
  const { openProject } = await import('@assay/core/node/project');
  const { loadProvenance, readProvenanceCsv, sampleKeysUnder, setProvenance } = await import(
    '@assay/core/node/sample-provenance'
  );
  const writes = options.csv !== undefined || options.folder !== undefined;
  const project = await openProject(ctx.projectDir, {
    ...(writes ? { command: 'assay licences' } : { readOnly: true }),
    onNote: ctx.out.note,
  });
  try {
    let set: Awaited<ReturnType<typeof setProvenance>> | undefined;
    if (options.csv !== undefined) {
      set = await setProvenance(project, await readProvenanceCsv(options.csv), 'csv');
    } else if (options.folder !== undefined) {
      const keys = await sampleKeysUnder(project, options.folder);
      if (keys.length === 0)
        throw new AssayError('NOT_FOUND', `No sample lies under the folder "${options.folder}".`, {
          hint: 'The folder is a prefix of the sample paths as imported (see `assay issues` or the web app).',
        });
      const row = {
        ...(options.licence ? { licence: options.licence } : {}),
        ...(options.url ? { url: options.url } : {}),
        ...(options.source ? { source: options.source } : {}),
      };
      set = await setProvenance(
        project,
        keys.map((key) => ({ key, ...row })),
        'rule',
      );
    }
    const summary = licenceSummary((await loadProvenance(project)).values());
    ctx.out.result({ ...(set ? { set: { samples: set.set, unknown: set.unknownCount } } : {}), ...summary });
    if (set) {
      ctx.out.line(`Provenance set on ${count(set.set)} samples.`);
      if (set.unknownCount > 0)
        ctx.out.note(
          `${count(set.unknownCount)} rows name no sample of the project, e.g. ${set.unknown.join('; ')}`,
        );
    }
    printLicences(summary, ctx);
    return 0;
  } finally {
    await project.close();
  }
}
