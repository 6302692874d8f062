import type { DatasetStats, Summary } from '@assay/core';
import { openProject } from '@assay/core/node/project';
import { projectStats } from '@assay/core/node/project-stats';
import type { CommandContext } from '../context.js';
import { count, counted, measure, type Output } from '../ui/output.js';
import { table } from '../ui/table.js';

const num = measure;
const range = (s: Summary, digits = 1) =>
  s.count === 0 ? '-' : `${num(s.p05, digits)} – ${num(s.p95, digits)}`;

function printClasses(out: Output, s: DatasetStats): void {
  const splits = Object.keys(s.splits);
  const others = s.sources.filter((src) => src !== s.source);
  const rows = s.classes.map((c) => [
    c,
    ...splits.map((sp) => s.class_distribution.by_split[sp]?.[c] ?? 0),
    ...others.map((src) => s.class_distribution.by_source[src]?.[c] ?? 0),
  ]);
  out.line(`Annotations per class (${s.source} per split, then other sources):`);
  out.line(table(rows, ['class', ...splits, ...others]));
}

function printBoxes(out: Output, s: DatasetStats): void {
  const rows = s.boxes
    .filter((b) => b.count > 0)
    .map((b) => [
      b.class,
      b.count,
      num(b.area.median, 0),
      range(b.area, 0),
      num(b.aspect.median, 2),
      range(b.aspect, 2),
    ]);
  if (rows.length === 0) return;
  out.line('Boxes per class (area in px², aspect = w/h; ranges are 5th – 95th percentile):');
  out.line(table(rows, ['class', 'boxes', 'median area', 'area range', 'median aspect', 'aspect range']));
}

function printCooccurrence(out: Output, s: DatasetStats): void {
  const { classes, samples } = s.cooccurrence;
  const pairs: [string, number][] = [];
  for (let i = 0; i < classes.length; i++)
    for (let j = i + 1; j < classes.length; j++) {
      const n = samples[i]?.[j] ?? 0;
      if (n > 0) pairs.push([`${classes[i]} + ${classes[j]}`, n]);
    }
  if (pairs.length === 0) return;
  pairs.sort((a, b) => b[1] - a[1]);
  out.line('Classes seen together most often (samples):');
  out.line(table(pairs.slice(0, 10), ['pair', 'samples']));
}

function printText(out: Output, s: DatasetStats): void {
  const t = s.text;
  if (!t) return;
  const row = (name: string, m: Summary) => [name, num(m.mean, 1), num(m.median), range(m), num(m.max)];
  out.line(`Text lengths (${count(t.samples)} texts; ranges are 5th – 95th percentile):`);
  out.line(
    table(
      [row('characters', t.characters.summary), row('tokens', t.tokens.summary)],
      ['unit', 'mean', 'median', 'range', 'max'],
    ),
  );
  const languages = Object.entries(t.languages)
    .sort((a, b) => b[1] - a[1])
    .map(([l, n]) => `${l} ${count(n)}`);
  out.line(`languages: ${languages.join(' · ')}`);
  if (t.scripts)
    out.line(
      `scripts: ${Object.entries(t.scripts)
        .sort((a, b) => b[1] - a[1])
        .map(([l, n]) => `${l} ${count(n)}`)
        .join(' · ')}`,
    );
  out.line();
}

function printLidar(out: Output, s: DatasetStats): void {
  const l = s.lidar;
  if (!l) return;
  const p = l.points_per_sweep.summary;
  out.line(
    `LiDAR: ${counted(l.sweeps, 'sweep')} in ${counted(l.frames, 'frame')}; points per sweep: median ${num(p.median, 0)}, range ${range(p, 0)}, min ${num(p.min, 0)}`,
  );
  const o = l.objects_by_distance;
  if (o.classes.length > 0) {
    out.line('Cuboids per class and distance from the LiDAR:');
    out.line(
      table(
        o.classes.map((c, i) => [c, ...(o.counts[i] ?? [])]),
        ['class', ...o.bands],
      ),
    );
    const m = l.points_per_object;
    if (m.boxes > 0) {
      out.line('Median LiDAR points inside a box, per class and distance:');
      out.line(
        table(
          m.classes.map((c, i) => [c, ...(m.median[i] ?? []).map((v) => (v === null ? '-' : num(v, 0)))]),
          ['class', ...m.bands],
        ),
      );
    }
  }
  if (l.sync_offsets.length > 0) {
    out.line('Sensor offsets from the LiDAR (ms; range is 5th – 95th percentile):');
    out.line(
      table(
        l.sync_offsets.map((x) => [
          x.sensor,
          x.summary.count,
          num(x.summary.median, 1),
          range(x.summary, 1),
          num(Math.max(Math.abs(x.summary.min), Math.abs(x.summary.max)), 1),
        ]),
        ['sensor', 'frames', 'median', 'range', 'largest |offset|'],
      ),
    );
  }
  out.line();
}

function printRest(out: Output, s: DatasetStats): void {
  for (const a of s.attributes) {
    const values = Object.entries(a.values)
      .sort((x, y) => y[1] - x[1])
      .slice(0, 8)
      .map(([v, n]) => `${v} ${count(n)}`);
    out.line(`attribute ${a.name} (${counted(a.annotations, 'annotation')}): ${values.join(' · ')}`);
  }
  if (s.attributes.length > 0) out.line();
  if (s.metrics.length === 0) return;
  out.line('Image metrics from scan:');
  out.line(
    table(
      s.metrics.map((m) => [
        m.name,
        m.summary.count,
        num(m.summary.mean, 3),
        num(m.summary.median, 3),
        range(m.summary, 3),
      ]),
      ['metric', 'samples', 'mean', 'median', 'p5 – p95'],
    ),
  );
}

/** `assay stats`: class distribution, objects per image, box geometry, co-occurrence, attributes, metrics. */
export async function run(_options: unknown, ctx: CommandContext): Promise<number> {
  const project = await openProject(ctx.projectDir, { readOnly: true });
  try {
    const s = await projectStats(project);
    const { out } = ctx;
    out.result({ project: project.dir, ...s });
    const splits = Object.entries(s.splits).map(([k, v]) => `${k} ${count(v)}`);
    out.line(
      `${counted(s.samples, 'sample')} (${splits.join(' · ') || 'no splits'}) · ${counted(s.classes.length, 'class', 'classes')}`,
    );
    const o = s.objects_per_image.summary;
    out.line(
      `${s.source} objects per image: mean ${num(o.mean, 2)}, median ${num(o.median)}, max ${num(o.max)}`,
    );
    out.line();
    if (s.classes.length > 0) {
      printClasses(out, s);
      out.line();
    }
    printText(out, s);
    printLidar(out, s);
    printBoxes(out, s);
    out.line();
    printCooccurrence(out, s);
    out.line();
    printRest(out, s);
    return 0;
  } finally {
    await project.close();
  }
}
