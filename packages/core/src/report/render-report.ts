import { datasheetSection } from './datasheet-section.js';
import { escapeHtml } from './escape-html.js';
import { issuesSection } from './issues-section.js';
import { overviewSection } from './overview-section.js';
import { planSection } from './plan-section.js';
import { plotsSection } from './plots-section.js';
import type { ReportData } from './report-data.js';
import { REPORT_CSS } from './report-style.js';
import { textSection } from './text-section.js';

const NAV: [string, string][] = [
  ['overview', 'Overview'],
  ['plots', 'Plots'],
  ['issues', 'Issues'],
  ['plan', 'Plan'],
  ['datasheet', 'Datasheet'],
];

/**
 * The report as one self-contained HTML document: inline CSS and SVG, images as data: URIs, no scripts
 * and no external references. A Content-Security-Policy forbids any fetch, so a stray reference fails
 * loudly in the browser test instead of leaking a request.
 */
export function renderReport(data: ReportData): string {
  const title = `${data.title} · Assay report`;
  const csp = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";
  const nav = (data.text ? [...NAV.slice(0, 2), ['text', 'Text'] as [string, string], ...NAV.slice(2)] : NAV)
    .map(([id, label]) => `<a href="#${id}">${label}</a>`)
    .join('');
  const when = data.generatedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Assay ${escapeHtml(data.version)}">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header class="top"><h1>${escapeHtml(data.title)}</h1>
<div class="meta">Dataset report · project <code>${escapeHtml(data.projectDir)}</code> · generated ${escapeHtml(when)} by Assay ${escapeHtml(data.version)}</div>
<nav>${nav}</nav></header>
<main>
${overviewSection(data)}
${plotsSection(data)}
${data.text ? textSection(data.text) : ''}
${issuesSection(data)}
${planSection(data)}
${datasheetSection(data)}
</main>
<footer>Made by Assay ${escapeHtml(data.version)}. This file is self-contained: it needs no network to view.</footer>
</body>
</html>
`;
}
