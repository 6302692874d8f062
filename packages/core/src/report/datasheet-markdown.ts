import { DATASHEET_THEMES } from './datasheet-questions.js';
import type { ReportData } from './report-data.js';

/** What a release adds to the datasheet beyond the report's data. */
export interface DatasheetRelease {
  release: string;
  previous: string | null;
  formats: string[];
  edits: { total: number; authors: string[]; rules: string[] };
  inspection: string | null;
  created: string;
}

const TODO = '_To fill in (dataset owner):_';
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/**
 * A release's datasheet (Gebru et al., "Datasheets for Datasets"): under each of the seven themes, the
 * facts Assay knows, then every question of the theme marked for the dataset's owner to answer.
 */
export function renderDatasheetMarkdown(data: ReportData, r: DatasheetRelease): string {
  const s = data.summary;
  const d = data.datasheet;
  const list = (o: Record<string, number>) =>
    Object.entries(o)
      .map(([k, v]) => `${k} (${v})`)
      .join(', ') || 'none';
  const facts: Record<string, [string, string][]> = {
    motivation: [['Dataset', data.title]],
    composition: [
      ['Samples', String(s.samples)],
      ['Classes', s.classes.map((c) => c.name).join(', ') || 'none'],
      ['Splits', list(s.splits)],
      [
        'Label sources',
        s.sources.map((x) => `${x.name} (${x.annotations} annotations)`).join(', ') || 'none',
      ],
      ['Image formats', list(d.imageFormats)],
      ...(d.resolution
        ? ([
            [
              'Resolution',
              `${d.resolution.minWidth}–${d.resolution.maxWidth} × ${d.resolution.minHeight}–${d.resolution.maxHeight} px`,
            ],
          ] as [string, string][])
        : []),
      ['Known issues (open, found by Assay)', `${s.issues.total}: ${list(s.issues.by_type)}`],
    ],
    collection: [
      ['Images folders', d.roots.join(', ') || 'none'],
      ['Per-image metadata', list(d.metadataFields)],
    ],
    preprocessing: [
      [
        'Edits since import',
        `${r.edits.total} by ${r.edits.authors.join(', ') || 'nobody'}${r.edits.rules.length ? `; rules: ${r.edits.rules.join(', ')}` : ''}`,
      ],
      ['Label accuracy (sampled inspection)', r.inspection ?? 'not inspected (`assay inspect start`)'],
    ],
    uses: [],
    distribution: [
      [
        'Release',
        `${r.release} (${r.created}); formats: ${r.formats.join(', ')}; files and sha256 in manifest.json`,
      ],
      [
        'Licences stated in the annotation files',
        d.licenses.map((l) => `${l.name}${l.url ? ` <${l.url}>` : ''} (${l.samples} images)`).join(', ') ||
          'none stated',
      ],
    ],
    maintenance: [
      ['Previous release', r.previous ?? 'none (first release)'],
      ['Changes since it', r.previous ? 'changes.json (label-level diff)' : '–'],
    ],
  };
  const out = [
    `# Datasheet — ${data.title}, release ${r.release}`,
    '',
    'Following "Datasheets for Datasets" (Gebru et al., 2018/2021). Assay filled in what it measures;',
    'every question marked "to fill in" is for the people who made the dataset.',
  ];
  for (const theme of DATASHEET_THEMES) {
    out.push('', `## ${theme.title}`, '');
    const rows = facts[theme.id] ?? [];
    if (rows.length > 0) {
      out.push(
        '| known to Assay | |',
        '| --- | --- |',
        ...rows.map(([k, v]) => `| ${cell(k)} | ${cell(v)} |`),
        '',
      );
    }
    for (const q of theme.questions) out.push(`- **${q}**`, `  ${TODO}`);
  }
  return `${out.join('\n')}\n`;
}
