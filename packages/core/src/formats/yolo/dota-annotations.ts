import { polygonBbox, polygonsArea } from '../../geometry/polygon.js';
import type { Annotation } from '../../model/annotation.js';
import type { ProblemList } from '../problems.js';
import { parseDotaLine } from './dota-line.js';

export interface DotaContext {
  sample: string;
  source: string;
  file: string;
  problems: ProblemList;
  /** Called with each class name met, so the reader can build the class map. */
  useClass(name: string): void;
}

/**
 * The numbered lines of one DOTA label file as polygon annotations (4 corners in pixels, as written)
 * marked `oriented`; `difficult` kept as an attribute. Bad lines become problems naming file and line.
 */
export function dotaAnnotations(lines: [number, string][], ctx: DotaContext): Annotation[] {
  const out: Annotation[] = [];
  for (const [n, line] of lines) {
    const parsed = parseDotaLine(line);
    if (parsed.kind === 'header') continue;
    if (parsed.kind === 'bad') {
      ctx.problems.skip(
        ctx.file,
        `line ${n}`,
        parsed.reason,
        'DOTA lines are `x1 y1 x2 y2 x3 y3 x4 y4 class difficult` in pixels.',
      );
      continue;
    }
    ctx.useClass(parsed.label);
    const ring = parsed.points;
    const bbox = polygonBbox([ring]);
    out.push({
      sample: ctx.sample,
      source: ctx.source,
      kind: 'polygon',
      label: parsed.label,
      points: [ring],
      ...(bbox ? { bbox } : {}),
      area: polygonsArea([ring]),
      attributes: {
        oriented: true,
        ...(parsed.difficult === undefined ? {} : { difficult: parsed.difficult }),
      },
    });
  }
  return out;
}
