/**
 * Text benchmark (issue 17): N short texts (default 1,000,000; `--n`) as one JSONL file, generated
 * (seeded) with planted problems — 1% exact copies with another label, 0.5% near copies (one word
 * changed), 0.1% mojibake, 0.1% German texts among English ones — imported into a fresh project, then
 * every text check (`assay check`'s run: empty, lengths, duplicates, conflicting labels, MinHash near
 * duplicates, encoding damage, language detection with eld); prints texts/s per stage, how many of the
 * planted problems each check found, and peak RSS. Goal (issue 17): import and check a million short
 * texts on one machine; no reference tool, the figures are absolute.
 *
 *   npm run bench -- text            (node --import tsx --conditions=source bench/text.bench.ts --n 1000000)
 */
import { createWriteStream, existsSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { importDataset, initProject, openProject, runChecks } from '@assay/core/node';
import { DuckDBInstance } from '@duckdb/node-api';
import { mulberry32 } from '../packages/core/src/random/mulberry32.js';

const { values } = parseArgs({ options: { n: { type: 'string' } } });
const n = Number(values.n ?? 1_000_000);

const SUBJECTS = [
  'my card',
  'the transfer',
  'my account',
  'the payment',
  'my refund',
  'the app',
  'my PIN',
  'the exchange rate',
  'my top up',
  'the fee',
];
const VERBS = [
  'is not working',
  'was declined',
  'has not arrived',
  'looks wrong',
  'is blocked',
  'was charged twice',
  'keeps failing',
  'is pending',
  'disappeared',
  'needs changing',
];
const TAILS = [
  'since yesterday',
  'this morning',
  'after the update',
  'again',
  'for a week',
  'at the shop',
  'abroad',
  'online',
  'today',
  'last night',
];
const OPENERS = [
  'Why',
  'Help:',
  'Hi,',
  'Hello,',
  'Please check why',
  'Can you tell me why',
  'I think',
  'It seems',
  'Urgent:',
  'Question:',
];
const GERMAN = 'Warum wurde meine Kartenzahlung heute im Geschäft abgelehnt, obwohl genug Geld da ist?';
/** A vocabulary of 3,000 English-looking words made of common syllables (seeded, fixed). */
const SYLLABLES = [
  'ban',
  'car',
  'tra',
  'pay',
  'ment',
  'ac',
  'count',
  'fer',
  'ex',
  'change',
  'on',
  'line',
  'top',
  'up',
  'with',
  'draw',
  'fee',
  'card',
  'lim',
  'it',
  'ver',
  'i',
  'fy',
  'de',
  'ny',
  'pend',
  'ing',
  'ref',
  'und',
  'cash',
];
const WORDS = (() => {
  const r = mulberry32(3);
  return Array.from({ length: 3000 }, () =>
    Array.from({ length: 2 + Math.floor(r() * 2) }, () => SYLLABLES[Math.floor(r() * SYLLABLES.length)]).join(
      '',
    ),
  );
})();
const LABELS = Array.from({ length: 20 }, (_, i) => `intent_${i}`);

async function generate(
  path: string,
): Promise<{ copies: number; near: number; mojibake: number; german: number }> {
  const random = mulberry32(17);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const out = createWriteStream(path);
  const texts: string[] = [];
  const planted = { copies: 0, near: 0, mojibake: 0, german: 0 };
  const mojibake = new TextDecoder('windows-1252');
  for (let i = 0; i < n; i++) {
    const r = random();
    let text: string;
    let label = pick(LABELS);
    if (i > 100 && r < 0.01) {
      text = texts[Math.floor(random() * texts.length)]!;
      planted.copies++;
    } else if (i > 100 && r < 0.015) {
      const words = texts[Math.floor(random() * texts.length)]!.split(' ');
      words[words.length - 1] = 'please';
      text = words.join(' ');
      planted.near++;
    } else if (r < 0.016) {
      text = mojibake.decode(
        new TextEncoder().encode(`${pick(OPENERS)} the café payment ${pick(VERBS)} ${i}`),
      );
      planted.mojibake++;
    } else if (r < 0.017) {
      text = `${GERMAN} (${i})`;
      planted.german++;
    } else {
      const extra = Array.from({ length: 3 + Math.floor(random() * 5) }, () => pick(WORDS)).join(' ');
      text = `${pick(OPENERS)} ${pick(SUBJECTS)} ${pick(VERBS)} ${pick(TAILS)}, ${extra}`;
    }
    if (texts.length < 50_000) texts.push(text);
    else texts[Math.floor(random() * texts.length)] = text;
    if (planted.copies > 0 && r < 0.01) label = pick(LABELS);
    if (!out.write(`${JSON.stringify({ id: `t${i}`, text, label })}\n`))
      await new Promise<void>((ok) => out.once('drain', () => ok()));
  }
  await new Promise<void>((ok) => out.end(() => ok()));
  return planted;
}

const dir = resolve('bench/.data');
await mkdir(dir, { recursive: true });
const file = resolve(dir, `texts-${n}.jsonl`);
const planted = existsSync(file) ? undefined : await generate(file);
const projectDir = resolve(dir, `text-project-${n}`);
rmSync(projectDir, { recursive: true, force: true });
await initProject(projectDir);
const project = await openProject(projectDir, { command: 'bench' });
const importCpu0 = process.cpuUsage();
let t = performance.now();
const imported = await importDataset(project, { format: 'text-jsonl', path: file });
const importS = (performance.now() - t) / 1000;
const importCpu = process.cpuUsage(importCpu0);
const rssImport = process.resourceUsage().maxRSS / 1024;
t = performance.now();
const stages: [string, number, number][] = [];
const cpuS = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};
const checkCpu0 = cpuS();
const checked = await runChecks(project, {
  languages: ['en'],
  onStage: (s) => stages.push([s, performance.now(), cpuS()]),
});
const checkS = (performance.now() - t) / 1000;
const checkCpu = cpuS() - checkCpu0;
await project.close();
// A digest of the stored issues (not their ids or run): the same data, the same digest, before and after a rework.
const issueDigest = await (async () => {
  const db = await DuckDBInstance.create(resolve(projectDir, '.assay/assay.duckdb'));
  const connection = await db.connect();
  const reader = await connection.runAndReadAll(
    `SELECT count(*)::INTEGER AS n, md5(string_agg(concat_ws('|', type, severity, round(score, 9), sample_id, annotation_id, reason, details, status), chr(10)
       ORDER BY type, sample_id, annotation_id, reason, details)) AS digest FROM issues`,
  );
  const [row] = reader.getRowObjects();
  connection.closeSync();
  db.closeSync();
  return `${row?.n} issues, md5 ${row?.digest}`;
})();
const rss = process.resourceUsage().maxRSS / 1024;
const rate = (k: number, s: number) => Math.round(k / s).toLocaleString('en-US');
console.log(
  `${n.toLocaleString('en-US')} texts (${file})${planted ? `; planted ${JSON.stringify(planted)}` : ''}`,
);
// On a shared machine wall time includes other processes' turns: CPU time (this process, all threads) is steadier.
const importCpuS = (importCpu.user + importCpu.system) / 1e6;
console.log(
  `import: ${importS.toFixed(1)} s wall (${importCpuS.toFixed(1)} s CPU) → ${rate(imported.samples.total, importS)} texts/s wall, ${rate(imported.samples.total, importCpuS)} per CPU second; peak RSS so far ${rssImport.toFixed(0)} MB`,
);
console.log(
  `check: ${checkS.toFixed(1)} s wall (${checkCpu.toFixed(1)} s CPU) → ${rate(checked.samples, checkS)} texts/s wall, ${rate(checked.samples, checkCpu)} per CPU second`,
);
const endCpu = checkCpu0 + checkCpu;
stages.forEach(([name, at, cpu], i) => {
  const next = stages[i + 1];
  const [nextAt, nextCpu] = next ? [next[1], next[2]] : [t + checkS * 1000, endCpu];
  console.log(`  ${name}: ${((nextAt - at) / 1000).toFixed(1)} s wall, ${(nextCpu - cpu).toFixed(1)} s CPU`);
});
const found = Object.entries(checked.issues).filter(([, k]) => k > 0);
console.log(`issues: ${found.map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`).join(', ')}`);
console.log(`stored: ${issueDigest}`);
console.log(`peak RSS ${rss.toFixed(0)} MB; load average ${loadavg()[0]?.toFixed(1)}`);
