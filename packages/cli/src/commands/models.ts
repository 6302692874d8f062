import type { CommandContext } from '../context.js';
import { table } from '../ui/table.js';

const mb = (bytes: number | null) => (bytes === null ? 'missing' : `${(bytes / 1e6).toFixed(1)} MB`);

/** `assay models`: each bundled model with its size, classes, source and licences. */
export async function run(_options: object, ctx: CommandContext): Promise<number> {
  const { listModels } = await import('@assay/core/node/models/list-models');
  const models = listModels();
  ctx.out.result({ models });
  ctx.out.line(
    table(
      models.map((m) => [
        m.name,
        m.task,
        mb(m.bytes),
        m.classes.length > 3
          ? `${m.classes.length} (${m.classes.slice(0, 3).join(', ')}, ...)`
          : m.classes.join(', '),
        `${m.package}@${m.package_version ?? '?'}`,
      ]),
      ['model', 'task', 'size', 'classes', 'package'],
    ),
  );
  for (const m of models) {
    ctx.out.line('');
    ctx.out.line(`${m.name}: ${m.description}. Use: ${m.used_by}.`);
    ctx.out.line(`  source: ${m.source}`);
    ctx.out.line(`  licence: ${m.package_licence}; upstream weights: ${m.upstream_licence}`);
    ctx.out.line(`  weak: ${m.notes}`);
  }
  ctx.out.line('');
  ctx.out.line(
    'Your own detectors: `assay predict --model model.onnx` (Ultralytics YOLO or boxes/scores/classes; see README).',
  );
  return 0;
}
