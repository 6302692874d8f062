import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProjectSummary } from '../store/project-store.js';
import { barChart } from './bar-chart.js';
import { quantilesOf } from './box-plot-chart.js';
import { datasheetFacts } from './datasheet-facts.js';
import { escapeHtml } from './escape-html.js';
import { heatmapChart } from './heatmap-chart.js';
import { histogramChart } from './histogram-chart.js';
import { renderReport } from './render-report.js';
import type { ReportData } from './report-data.js';

const EVIL = '<img src=x onerror="alert(1)">&';
const PIXEL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

function summary(): ProjectSummary {
  return {
    samples: 2,
    annotations: { total: 3, by_source: { ground_truth: { total: 3, by_kind: { bbox: 3 } } } },
    sources: [{ name: 'ground_truth', kind: 'ground_truth', annotations: 3, samples: 2 }],
    classes: [
      { name: EVIL, original_ids: { coco: 1 }, counts: { ground_truth: 2 } },
      { name: 'dog', original_ids: { coco: 2 }, counts: { ground_truth: 1 } },
    ],
    splits: { train: 2 },
    scan: { pending: 0, ok: 2, missing: 0, corrupt: 0, unreadable: 0, too_large: 0, unsupported: 0 },
    issues: { total: 1, by_type: { near_duplicate: 1 } },
    runs: [],
  };
}

function data(): ReportData {
  return {
    title: `project ${EVIL}`,
    projectDir: '/p',
    generatedAt: '2026-01-02T03:04:05.000Z',
    version: '0.1.0',
    summary: summary(),
    charts: {
      classBySplit: { rows: ['train'], columns: [EVIL, 'dog'], values: [[2, 1]] },
      boxes: [{ class: EVIL, count: 2, area: quantilesOf([4, 9])!, aspect: quantilesOf([1, 2])! }],
      histograms: [{ title: 'Brightness', xLabel: 'luma', edges: [0, 1, 2], counts: [1, 1] }],
      attributes: [
        {
          name: 'occluded',
          annotations: 3,
          values: [
            ['false', 2],
            [EVIL, 1],
          ],
        },
      ],
      cooccurrence: {
        classes: [EVIL, 'dog'],
        counts: [
          [2, 1],
          [1, 1],
        ],
      },
    },
    issues: [
      {
        type: 'near_duplicate',
        severity: 'warning',
        count: 1,
        examples: [
          {
            sample: `images/${EVIL}.jpg`,
            score: 0.9,
            reason: `looks like ${EVIL}`,
            related: ['b.jpg'],
            thumbnail: {
              src: PIXEL,
              width: 1,
              height: 1,
              boxes: [{ x: 0, y: 0, w: 1, h: 1, label: EVIL, highlight: true }],
            },
          },
        ],
      },
    ],
    plan: {
      file: 'plan.yaml',
      passed: false,
      criteria: [{ name: 'limit:near_duplicate', value: 0.5, limit: 0.01, passed: false }],
      compositions: [
        {
          field: 'class',
          target: { cat: 0.4, dog: 0.6 },
          actual: { cat: 0.5, dog: 0.5 },
          overlap: 0.818,
          minOverlap: 0.9,
          passed: false,
        },
      ],
    },
    datasheet: datasheetFacts([]),
  };
}

describe('renderReport', () => {
  const html = renderReport(data());

  it('escapes every user string and has no script or external reference', () => {
    assert.ok(!html.includes(EVIL), 'raw user string in the page');
    assert.ok(html.includes(escapeHtml(EVIL)));
    assert.ok(!/<script/i.test(html));
    // The only URL is the SVG namespace, which browsers never fetch.
    const urls = html.match(/https?:\/\/[^"'\s<)]+/g) ?? [];
    assert.deepEqual([...new Set(urls)], ['http://www.w3.org/2000/svg']);
    assert.ok(html.includes("default-src 'none'"));
  });

  it('has every section, the charts, the thumbnail and the plan verdict', () => {
    for (const id of ['overview', 'plots', 'issues', 'plan', 'datasheet'])
      assert.ok(html.includes(`<section id="${id}">`), id);
    // bar (split), 2 box plots, 1 histogram, attribute bars, heatmap, composition bar chart.
    assert.equal((html.match(/<svg class="chart"/g) ?? []).length, 7);
    assert.ok(html.includes(`<img src="${PIXEL}"`));
    assert.ok(html.includes('class="box hit"'));
    assert.ok(html.includes('failed: 1 of 1 criteria'));
    assert.ok(html.includes('Motivation') && html.includes('Maintenance'));
  });

  it('refuses a thumbnail that is not an embedded image', () => {
    const d = data();
    const example = d.issues[0]?.examples[0];
    if (example?.thumbnail) example.thumbnail.src = 'https://example.org/x.jpg';
    const page = renderReport(d);
    assert.ok(!page.includes('example.org'));
  });
});

describe('charts', () => {
  it('bar lengths are proportional to the values', () => {
    const svg = barChart({ title: 't', categories: ['a', 'b'], series: [{ name: 's', values: [10, 20] }] });
    const widths = [...svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)"/g)].map((m) =>
      Number(m[1]),
    );
    assert.equal(widths.length, 2);
    assert.ok(Math.abs((widths[1] ?? 0) / (widths[0] ?? 1) - 2) < 0.02);
  });

  it('a histogram draws one bar per non-empty bin, a heatmap one cell per pair', () => {
    const h = histogramChart({ title: 'h', xLabel: 'x', edges: [0, 1, 2, 3], counts: [3, 0, 1] });
    assert.equal((h.match(/<rect /g) ?? []).length, 2);
    const m = heatmapChart({
      title: 'm',
      rows: ['a', 'b', 'c'],
      values: [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ],
    });
    assert.equal((m.match(/<rect /g) ?? []).length, 9);
  });

  it('quantiles interpolate linearly between order statistics', () => {
    // numpy 1.26: np.percentile([1, 2, 3, 4], [0, 25, 50, 75, 100]) → [1, 1.75, 2.5, 3.25, 4].
    assert.deepEqual(quantilesOf([4, 1, 3, 2]), { min: 1, q1: 1.75, median: 2.5, q3: 3.25, max: 4 });
  });
});

describe('datasheetFacts', () => {
  it('counts formats, bytes, resolution, licences and metadata fields of readable images', () => {
    const facts = datasheetFacts([
      {
        root: 'img',
        metadata: { license: 3, coco_url: 'u' },
        probe: { status: 'ok', width: 640, height: 480, format: 'jpeg', bytes: 1000 },
      },
      {
        root: 'img',
        metadata: { license: 3 },
        probe: { status: 'ok', width: 320, height: 600, format: 'png', bytes: 500 },
      },
      { root: 'other', probe: { status: 'missing' } },
    ]);
    assert.deepEqual(facts.imageFormats, { jpeg: 1, png: 1 });
    assert.equal(facts.totalBytes, 1500);
    assert.deepEqual(facts.resolution, { minWidth: 320, maxWidth: 640, minHeight: 480, maxHeight: 600 });
    assert.deepEqual(facts.licenses, [{ name: 'licence id 3', samples: 2 }]);
    assert.deepEqual(facts.metadataFields, { license: 2, coco_url: 1 });
    assert.deepEqual(facts.roots, ['img', 'other']);
  });
});
