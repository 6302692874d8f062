import type { LidarStats } from '../stats/lidar-stats.js';
import { empty, figure } from './_html.js';
import { barChart } from './bar-chart.js';
import { heatmapChart } from './heatmap-chart.js';
import { histogramChart } from './histogram-chart.js';
import type { ReportHistogram, ReportLidarCharts } from './report-data.js';

/** The report's LiDAR charts from the statistics' `lidar` part. Pure. */
export function lidarCharts(l: LidarStats): ReportLidarCharts {
  const histograms: ReportHistogram[] = [];
  const h = l.points_per_sweep.histogram;
  if (h.edges.length > 0)
    histograms.push({
      title: 'Points per sweep',
      xLabel: 'points',
      edges: h.edges,
      counts: h.counts,
      note: 'A sweep far left of the rest lost points (sweep_anomaly).',
    });
  for (const o of l.sync_offsets) {
    if (o.histogram.edges.length === 0) continue;
    histograms.push({
      title: `${o.sensor} offset`,
      xLabel: 'ms after the LiDAR',
      edges: o.histogram.edges,
      counts: o.histogram.counts,
      note: 'Capture time minus the frame’s LiDAR time (sync_offset beyond the tolerance).',
    });
  }
  const charts: ReportLidarCharts = {
    histograms,
    objectsByDistance: {
      rows: l.objects_by_distance.classes,
      columns: l.objects_by_distance.bands,
      values: l.objects_by_distance.counts,
    },
  };
  const m = l.points_per_object;
  if (m.boxes > 0)
    charts.pointsPerObject = {
      rows: m.classes,
      columns: m.bands,
      values: m.median.map((r) => r.map((v) => Math.round(v ?? 0))),
    };
  return charts;
}

/** The LiDAR part of the plots section. */
export function lidarPlots(c: ReportLidarCharts): string {
  const parts = ['<h3>LiDAR</h3><div class="grid3">'];
  for (const h of c.histograms) {
    parts.push(
      figure(
        h.title,
        histogramChart({ edges: h.edges, counts: h.counts, title: h.title, xLabel: h.xLabel }),
        h.note,
      ),
    );
  }
  parts.push('</div><div class="grid2">');
  const o = c.objectsByDistance;
  parts.push(
    o.rows.length === 0
      ? empty('No cuboids.')
      : figure(
          'Cuboids per class and distance',
          barChart({
            title: 'Cuboids per class, stacked by distance from the LiDAR',
            categories: o.rows,
            series: o.columns.map((name, j) => ({ name, values: o.values.map((r) => r[j] ?? 0) })),
            stacked: true,
          }),
        ),
  );
  if (c.pointsPerObject) {
    const p = c.pointsPerObject;
    parts.push(
      figure(
        'Median points per box by distance',
        heatmapChart({
          rows: p.rows,
          columns: p.columns,
          values: p.values,
          title: 'Median LiDAR points inside a box',
        }),
        'Far boxes hold fewer points; a band with few points per box is hard to label and to detect.',
      ),
    );
  }
  parts.push('</div>');
  return parts.join('');
}
