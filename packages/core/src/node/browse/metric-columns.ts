/**
 * The sample metrics the app filters, sorts and draws histograms by: a fixed list, so a metric name from
 * a request is looked up here and never put into SQL itself. `table` says where the column lives
 * (`s` = samples, `m` = sample_metrics).
 */
export interface MetricColumn {
  name: string;
  table: 's' | 'm';
  /** SQL expression over the table's alias. */
  sql: string;
  unit: string;
}

export const METRIC_COLUMNS: readonly MetricColumn[] = [
  { name: 'width', table: 's', sql: 'coalesce(s.width, s.declared_width)', unit: 'px' },
  { name: 'height', table: 's', sql: 'coalesce(s.height, s.declared_height)', unit: 'px' },
  { name: 'brightness', table: 'm', sql: 'm.brightness', unit: '0–1' },
  { name: 'contrast', table: 'm', sql: 'm.contrast', unit: '0–1' },
  { name: 'sharpness', table: 'm', sql: 'm.sharpness', unit: 'Laplacian variance' },
  { name: 'entropy', table: 'm', sql: 'm.entropy', unit: 'bits' },
  { name: 'colourfulness', table: 'm', sql: 'm.colourfulness', unit: 'Hasler–Süsstrunk' },
  { name: 'aspect_ratio', table: 'm', sql: 'm.aspect_ratio', unit: 'w/h' },
];

export function metricNames(): string[] {
  return METRIC_COLUMNS.map((m) => m.name);
}

export function metricColumn(name: string): MetricColumn | undefined {
  return METRIC_COLUMNS.find((m) => m.name === name);
}
