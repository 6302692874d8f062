/** The report's whole stylesheet, inlined into the page: system fonts, no external resources. */
export const REPORT_CSS = `
:root{--ink:#1f2933;--muted:#616e7c;--line:#e4e7eb;--bg:#f5f7fa;--card:#fff;--accent:#3b6fb6;--pass:#2f7d46;--fail:#b3312a;--warn:#a86800}
*{box-sizing:border-box}
html{scroll-behavior:smooth}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
header.top{background:#1f2933;color:#fff;padding:20px 32px 0}
header.top h1{margin:0;font-size:22px;font-weight:600}
header.top .meta{color:#cbd2d9;font-size:12px;margin-top:4px}
header.top code{background:#323f4b;color:#e4e7eb}
nav{display:flex;gap:4px;margin-top:14px;flex-wrap:wrap}
nav a{color:#e4e7eb;text-decoration:none;padding:8px 12px;border-radius:6px 6px 0 0;font-size:13px}
nav a:hover{background:#323f4b;color:#fff}
main{max-width:1180px;margin:0 auto;padding:8px 32px 48px}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:20px 24px;margin:20px 0}
h2{margin:0 0 12px;font-size:19px;font-weight:600}
h3{margin:22px 0 10px;font-size:15px;font-weight:600}
h4{margin:0 0 6px;font-size:14px}
p.lead{color:var(--muted);margin:-4px 0 14px}
.muted,.note,.empty{color:var(--muted)}
.note{font-size:12px;margin:6px 0 0}
code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f0f4f8;padding:1px 4px;border-radius:4px;word-break:break-all}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px}
.tile{border:1px solid var(--line);border-radius:8px;padding:12px 14px;background:#fafbfc}
.tile-value{font-size:24px;font-weight:600}
.tile-label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.tile-detail{font-size:12px;color:var(--muted);margin-top:2px}
.columns{display:grid;grid-template-columns:1fr 1fr;gap:24px}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(440px,1fr));gap:16px}
.grid3{display:grid;grid-template-columns:repeat(auto-fit,minmax(330px,1fr));gap:16px}
.scroll{max-height:420px;overflow:auto}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:5px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:600;color:var(--muted);font-size:12px;background:#fafbfc;position:sticky;top:0}
td.num{text-align:right;font-variant-numeric:tabular-nums}
table.facts td:first-child{width:180px;color:var(--muted)}
figure.card{margin:0;border:1px solid var(--line);border-radius:8px;padding:12px;overflow-x:auto}
figcaption{font-weight:600;font-size:13px;margin-bottom:6px}
svg.chart{max-width:100%;height:auto;display:block;font-family:inherit}
svg.chart text{font-size:11px;fill:var(--ink)}
svg.chart .tick,svg.chart .caption,svg.chart .legend{fill:var(--muted)}
svg.chart .value{fill:var(--muted);font-size:10px}
svg.chart .cell{font-size:10px}
svg.chart .cell.light{fill:#fff}
svg.chart .grid{stroke:#eef1f4}
svg.chart .axis{stroke:#9aa5b1}
svg.chart .whisker{stroke:#7b8794}
svg.chart .median{stroke:#1f2933;stroke-width:2}
svg.chart .reference{stroke:#9aa5b1;stroke-dasharray:4 3}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:11px;font-weight:600;vertical-align:middle}
.badge.pass{background:#e3f4e8;color:var(--pass)}
.badge.fail,.badge.error{background:#fbe6e4;color:var(--fail)}
.badge.warning{background:#fdf1dc;color:var(--warn)}
.badge.info{background:#e6eef8;color:var(--accent)}
.issue-group{border-top:1px solid var(--line);margin-top:18px}
.examples{display:grid;grid-template-columns:repeat(auto-fill,minmax(330px,1fr));gap:12px}
.example{display:flex;gap:12px;border:1px solid var(--line);border-radius:8px;padding:10px;background:#fafbfc;min-width:0}
.example-text{min-width:0;font-size:13px;overflow-wrap:anywhere}
.example .score{color:var(--muted);font-size:12px}
.example .related{font-size:12px;color:var(--muted);margin-top:4px}
.thumbs{display:flex;flex-direction:column;gap:4px;flex:none}
.thumb{position:relative;flex:none;border-radius:4px;overflow:hidden;background:#e4e7eb}
.thumb img{display:block}
.thumb svg{position:absolute;left:0;top:0}
.thumb .box{fill:none;stroke:#f7c948;stroke-width:1.5}
.thumb .box.hit{stroke:#e12d39;stroke-width:2.5}
.thumb.missing{width:128px;height:96px;display:flex;align-items:center;justify-content:center;color:var(--muted);font-size:12px;text-align:center;padding:6px}
.verdict{font-size:15px}
.themes{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:16px}
.theme{border:1px solid var(--line);border-radius:8px;padding:12px 16px}
.theme ol{margin:0;padding-left:20px}
.theme li p{margin:6px 0 4px}
.answer{border:1px dashed #cbd2d9;border-radius:6px;padding:6px 8px;color:#9aa5b1;font-size:12px;font-style:italic}
footer{color:var(--muted);font-size:12px;text-align:center;padding:12px}
@media (max-width:800px){.columns{grid-template-columns:1fr}main{padding:8px 12px}}
@media print{nav{display:none}section{break-inside:avoid-page}body{background:#fff}}
`;
