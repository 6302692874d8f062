/**
 * The embedding map drawing N points (default 1,000,000) in headless Chromium against a real
 * `assay serve` of the map bench's generated project (bench/_map-project.ts: 20 clusters of ~50k
 * points on a circle). WebGL here is SwiftShader (Chromium's CPU rasteriser; this machine has no GPU),
 * so these are CPU frame times, a worst case for a GPU-less laptop. Measures, once with the renderer's
 * level of detail (a subsample while the view moves, sized by frame times) and once with it off (`?lod=N`: every point
 * every frame): time from navigation to the first frame with every point drawn and coloured (the rasteriser
 * done with it: FULL_DRAWN); frame
 * times during a scripted pan (a drag of 90 mouse moves) and zoom (12 wheel steps in, 12 out, twice), their inputs sent
 * through the DevTools protocol every 16 ms on a fixed schedule without waiting for the page to take each
 * (Chromium hands the page at most one mouse move a frame, the latest), as the intervals between the frames the map drew (recorded in
 * the page: the canvas's data-drawn changes once per drawn frame; the renderer draws a frame only once
 * WebGL 2's fence says the GPU finished the one before, so these are frames on screen, where
 * requestAnimationFrame deltas would show 16 ms while SwiftShader falls seconds behind); the time from the last input to the full redraw; hover →
 * tooltip latency (a mousemove on the map until the hover card names the point under it); lassos of
 * ~100k and ~8k points → the selection bar, then the grid filtered to them (by the lasso's map region).
 * A frame is also counted when the map moved its image without drawing (a change of the canvas's style:
 * a CSS transform the compositor shows; requestAnimationFrame is held back by the compositor, so these
 * are frames shown too). The browser's CPU a frame is split by thread: SwiftShader's workers (the GPU
 * process's `Thread<n>`, where the pixels are drawn and composited), the GPU process's main thread, the
 * renderer's main thread (the page's JavaScript), the renderer's compositor, the rest. The mouse and
 * wheel events are timed as sent and as the page received them: the map cannot show frames closer together
 * than the inputs that move its view. Each frame interval over 33 ms is listed with the inputs the page received
 * in it (none: nothing came to move the view). A third gesture, the zoom in bursts (8 × 6 wheel steps, 400 ms
 * apart: a wheel turned a few notches at a time), lets the view rest between bursts while the frames at rest
 * draw every point anew. Every gesture also reports each received input's time from when the browser made it
 * (its timeStamp) to the first frame after the page received it, and for the bursts the slowest in each.
 * The bench's own process, which sends the inputs, runs at nice -5 once the browser and the server have
 * started (at the default): the inputs leave on schedule as a mouse's do.
 * ASSAY_MAP_BASELINE=<a built web app folder> (e.g. main's packages/web/dist, copied): each level-of-detail
 * run is made with it too, alternating, the same server answering both (its app files are served from
 * that folder instead); ASSAY_MAP_ROUNDS (default 1) repeats the pair. ASSAY_MAP_CHROMIUM_ARGS adds
 * Chromium flags (e.g. `--disable-gpu-compositing`: the page composited by Chromium's software compositor, as a
 * Chrome without a usable GPU does, WebGL still on SwiftShader).
 * Usage: npm run bench -- map-browser   (or node --import tsx --conditions=source bench/map-browser.bench.ts [N])
 */
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority, loadavg, setPriority } from 'node:os';
import { resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { builtApp } from './_built-app.js';
import { mapProject } from './_map-project.js';
import { startServeChild } from './_serve-child.js';

const N = Number(process.argv[2] ?? 1_000_000);
const dir = await mapProject(resolve(`bench/.data/map-${N}`), N);
const { child, url } = await startServeChild(dir);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
console.log(`load average at start: ${load()}`);
const extraArgs = process.env.ASSAY_MAP_CHROMIUM_ARGS?.split(' ').filter(Boolean) ?? [];
console.log(`Chromium flags besides the defaults: ${extraArgs.join(' ') || 'none'}`);

// In-page code as JavaScript text (this file is type-checked without the DOM library).
/** Starts recording each frame the map draws: its time and how many points its image then holds. */
const START_FRAMES = `() => {
  const canvas = document.querySelector('canvas.map-canvas');
  window.__frames = { t: [], drawn: [] };
  window.__frames.observer = new MutationObserver(() => {
    window.__frames.t.push(performance.now());
    window.__frames.drawn.push(Number(canvas.dataset.drawn));
  });
  window.__frames.observer.observe(canvas, { attributes: true, attributeFilter: ['data-drawn', 'style'] });
  window.__frames.inputs = [];
  window.__frames.made = [];
  window.__frames.onInput = (e) => {
    window.__frames.inputs.push(performance.now());
    window.__frames.made.push(e.timeStamp);
  };
  addEventListener('mousemove', window.__frames.onInput, { capture: true, passive: true });
  addEventListener('wheel', window.__frames.onInput, { capture: true, passive: true });
  window.__frames.t0 = performance.now();
}`;
const STOP_FRAMES = `() => {
  window.__frames.observer.disconnect();
  removeEventListener('mousemove', window.__frames.onInput, { capture: true });
  removeEventListener('wheel', window.__frames.onInput, { capture: true });
  const { t0, t, drawn, inputs, made } = window.__frames;
  return { t0, t1: performance.now(), t, drawn, inputs, made };
}`;
/**
 * Resolves once the image of every point is drawn: two animation frames after the map issued its last
 * draw, and then the rasteriser finished with it (a 1-pixel readPixels of the canvas waits for every
 * command before it: the animation frames alone did not always, and a last draw of 900,000 points took
 * SwiftShader up to 2 s after them under load). Returns the ms that wait took after the two frames.
 */
const FULL_DRAWN = `async (n) => {
  const canvas = document.querySelector('canvas.map-canvas');
  await new Promise((done) => {
    const tick = () => (canvas.dataset.drawn === String(n) ? done() : requestAnimationFrame(tick));
    tick();
  });
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const t = performance.now();
  const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
  const bound = gl.getParameter(gl.FRAMEBUFFER_BINDING);
  gl.bindFramebuffer(gl.FRAMEBUFFER, null);
  gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
  gl.bindFramebuffer(gl.FRAMEBUFFER, bound);
  return performance.now() - t;
}`;
/** A mousemove at (x, y) on the map; resolves with the ms until the hover card shows a new sample. */
const HOVER = `async ([x, y]) => {
  const overlay = document.querySelector('canvas.map-overlay');
  const card = () => document.querySelector('.map-hover')?.dataset.sample;
  overlay.dispatchEvent(new MouseEvent('mouseleave'));
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const t = performance.now();
  overlay.dispatchEvent(new MouseEvent('mousemove', { clientX: x, clientY: y, bubbles: true }));
  await new Promise((done) => {
    const tick = () => (card() || performance.now() - t > 10000 ? done() : requestAnimationFrame(tick));
    tick();
  });
  return [performance.now() - t, card() ?? null];
}`;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? Number.NaN;
};
const ms = (v: number) => `${v.toFixed(0)} ms`;

/** The pan's mouse moves (3 px right, 1 px down each, every INPUT_MS: 270 px in ~1.4 s). */
const PAN_STEPS = 90;
/** The inputs' period: faster than the 33 ms frame budget (a 60 Hz mouse). */
const INPUT_MS = 16;
/**
 * The pause between the bursts of a zoom in bursts (a wheel turned a few notches at a time), longer than the
 * map's 180 ms to rest: the view rests and is drawn anew at full resolution between bursts.
 */
const PAUSE_MS = 400;

/**
 * Sends `events` (Input.dispatchMouseEvent parameters) through the DevTools protocol one every INPUT_MS on
 * a fixed schedule (k · INPUT_MS from the first, so a late one does not delay the rest), none waiting for
 * the page to take the one before; then `last` once all were taken. Returns when each was sent.
 */
async function paced(page: Page, events: Record<string, unknown>[], last?: Record<string, unknown>) {
  const cdp = await page.context().newCDPSession(page);
  const sent: number[] = [];
  const taken: Promise<unknown>[] = [];
  const t0 = performance.now();
  for (const [k, event] of events.entries()) {
    const wait = t0 + k * INPUT_MS - performance.now();
    if (wait > 0) await sleep(wait);
    sent.push(performance.now());
    taken.push(cdp.send('Input.dispatchMouseEvent', event as never));
  }
  await Promise.all(taken);
  if (last) await cdp.send('Input.dispatchMouseEvent', last as never);
  await cdp.detach();
  return sent;
}

/** Map data coordinates → page pixels at the initial view (normalisePoints + PointMap at zoom 1). */
function toPage(box: { x: number; y: number; width: number; height: number }) {
  const span = 23; // the generator's extent: clusters at radius 10, ±1.5 around their centres
  const aspect = box.width / box.height;
  return (x: number, y: number): [number, number] => {
    const nx = (x / span) * 1.9 * (aspect >= 1 ? 1 / aspect : 1);
    const ny = (y / span) * 1.9 * (aspect >= 1 ? 1 : aspect);
    return [box.x + ((nx + 1) / 2) * box.width, box.y + ((1 - ny) / 2) * box.height];
  };
}

const THREADS = ['SwiftShader', 'GPU main', 'page main', 'page compositor', 'other'] as const;
type Thread = (typeof THREADS)[number];

/** Which of THREADS a browser thread is, by its process's type and its name. */
function threadKind(type: string, name: string): Thread {
  if (type === 'gpu-process')
    return name.startsWith('Thread<') ? 'SwiftShader' : name === 'chromium' ? 'GPU main' : 'other';
  if (type === 'renderer')
    return name === 'chromium' ? 'page main' : name === 'Compositor' ? 'page compositor' : 'other';
  return 'other';
}

/** CPU seconds (user + system) used so far by the browser's processes (renderer, GPU process with SwiftShader, …), by thread kind. */
function browserCpu(root: number): Map<Thread, number> {
  const stat = new Map<number, { ppid: number; ticks: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const f = readFileSync(`/proc/${name}/stat`, 'utf8');
      const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
      stat.set(Number(name), { ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]) });
    } catch {
      // gone meanwhile
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 10; hops++) {
      if (p === root) return true;
      p = stat.get(p)?.ppid ?? 0;
    }
    return false;
  };
  const out = new Map<Thread, number>(THREADS.map((t) => [t, 0]));
  for (const pid of stat.keys()) {
    if (!inTree(pid)) continue;
    try {
      const type = /--type=([a-z-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1] ?? 'browser';
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const f = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
        const kind = threadKind(type, f.slice(f.indexOf('(') + 1, f.lastIndexOf(')')));
        out.set(kind, out.get(kind)! + (Number(rest[11]) + Number(rest[12])) / 100); // USER_HZ
      }
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Frames drawn during `during` (the interval between one drawn frame and the next, the first from the start). */
async function frameStats(page: Page, during: () => Promise<number[]>) {
  await page.evaluate(`(${START_FRAMES})()`);
  const cpu0 = browserCpu(browserPid);
  const sent = await during();
  const cpu1 = browserCpu(browserPid);
  const cpuOf = (t: Thread) => cpu1.get(t)! - cpu0.get(t)!;
  const cpu = THREADS.reduce((a, t) => a + cpuOf(t), 0);
  const perFrame = (v: number) => (1000 * v) / Math.max(1, frames.t.length);
  const frames = (await page.evaluate(`(${STOP_FRAMES})()`)) as {
    t0: number;
    t1: number;
    t: number[];
    drawn: number[];
    inputs: number[];
    made: number[];
  };
  const f = frames;
  const split = THREADS.map((t) => `${t} ${perFrame(cpuOf(t)).toFixed(0)}`).join(', ');
  const deltas = f.t.map((t, i) => t - (i === 0 ? f.t0 : f.t[i - 1]!));
  const part = f.drawn.filter((d) => d < N);
  const fps = (f.t.length / (f.t1 - f.t0)) * 1000;
  const sizes = part.length ? `, median ${pct(part, 50).toLocaleString('en-US')} points` : '';
  // the inputs as the page received them: frames cannot come closer than the inputs that move the view
  const gaps = f.inputs.slice(1).map((t, i) => t - f.inputs[i]!);
  const sentGaps = sent.slice(1).map((t, i) => t - sent[i]!);
  const inputs = `${sent.length} inputs sent p50 ${ms(pct(sentGaps, 50))}, p95 ${ms(pct(sentGaps, 95))}, max ${ms(Math.max(...sentGaps))} apart, received as ${f.inputs.length} events (moves to one a frame) p50 ${ms(pct(gaps, 50))}, p95 ${ms(pct(gaps, 95))} apart`;
  // each interval over 33 ms: how many inputs the page received in it (0: none came to move the view) and
  // the points the image then held
  const slow = deltas
    .map((d, i) => ({ d, i }))
    .filter(({ d }) => d > 33)
    .map(({ d, i }) => {
      const from = i === 0 ? f.t0 : f.t[i - 1]!;
      const received = f.inputs.filter((t) => t > from && t <= f.t[i]!).length;
      return `${d.toFixed(0)} (${received} inputs, ${f.drawn[i]!.toLocaleString('en-US')} points)`;
    });
  // each input the page received, from when the browser made it (the event's timeStamp: when its DevTools
  // command arrived) to the first frame after the page received it: what a user sees of an input's effect,
  // whatever delayed it (its delivery held back while the rasteriser is busy, or the frame); per burst of
  // inputs (split where they were made over 200 ms apart, longer than the map's 180 ms to rest, as between
  // the bursts of the zoom in bursts) the slowest
  const latency = f.inputs.map((r, i) => {
    const frame = f.t.find((t) => t >= r);
    return frame === undefined ? Number.NaN : frame - f.made[i]!;
  });
  const bursts: number[][] = [];
  for (const [i, l] of latency.entries())
    if (i === 0 || f.made[i]! - f.made[i - 1]! > 200) bursts.push([l]);
    else bursts.at(-1)!.push(l);
  const shown = latency.filter((l) => !Number.isNaN(l));
  const slowest =
    bursts.length > 1
      ? `, slowest in each of ${bursts.length} bursts ${bursts.map((b) => Math.max(...b.filter((l) => !Number.isNaN(l)), 0).toFixed(0)).join(' / ')} ms`
      : '';
  const after = `; received input → next frame, from the input's making, p50 ${ms(pct(shown, 50))}, p95 ${ms(pct(shown, 95))}, max ${ms(Math.max(...shown))}${slowest}${shown.length < latency.length ? ` (${latency.length - shown.length} with no frame after)` : ''}`;
  return `${inputs}${after}; ${f.t.length} frames in ${ms(f.t1 - f.t0)} (${fps.toFixed(1)}/s), between frames p50 ${ms(pct(deltas, 50))}, p95 ${ms(pct(deltas, 95))}, max ${ms(Math.max(...deltas))}; browser CPU ${ms(1000 * cpu)} in all, ${ms(perFrame(cpu))} a frame (${split}); ${part.length} showing a part of the points${sizes}; over 33 ms: ${slow.join(', ') || 'none'}`;
}

async function run(page: Page, lod: boolean, baseline?: string) {
  const label = lod
    ? 'level of detail on (a subsample while moving, its size following frame times)'
    : `level of detail off (?lod=${N}: every point in every frame drawn)`;
  console.log(`\n${label}${baseline ? `, baseline app (${baseline})` : ''}`);
  await page.unrouteAll();
  if (baseline) await page.route(builtApp.match, builtApp.serve(baseline));
  const t0 = performance.now();
  const answered: string[] = [];
  const onResponse = (r: { url(): string }) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/api/embedding-map/'))
      answered.push(`${path.slice(19)} ${ms(performance.now() - t0)}`);
  };
  page.on('requestfinished', onResponse);
  await page.goto(`${url}/?v=map${lod ? '' : `&lod=${N}`}`);
  const canvas = page.locator(`canvas.map-canvas[data-points="${N}"][data-coloured="1"]`);
  await canvas.waitFor({ timeout: 600_000 });
  const finish = (await page.evaluate(`(${FULL_DRAWN})(${N})`)) as number;
  console.log(
    `  first frame with all ${N.toLocaleString()} points coloured, drawn: ${ms(performance.now() - t0)} (answers received: ${answered.join(', ')}; the rasteriser finished ${ms(finish)} after the two frames that followed the last draw)`,
  );
  page.off('requestfinished', onResponse);
  const box = (await canvas.boundingBox())!;
  const at = toPage(box);
  const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];

  if (lod) {
    // hover: alternate between two clusters' centres (dense: always a point under the cursor)
    const hovers: number[] = [];
    for (let k = 0; k < 20; k++) {
      const c = k % 2 === 0 ? 0 : 10;
      const [x, y] = at(10 * Math.cos((2 * Math.PI * c) / 20) + (k % 5) * 0.1, (k % 3) * 0.1);
      const [took, sample] = (await page.evaluate(`(${HOVER})([${x}, ${y}])`)) as [number, string | null];
      if (sample) hovers.push(took);
    }
    console.log(
      `  hover → tooltip: ${hovers.length} of 20 found a point, p50 ${ms(pct(hovers, 50))}, max ${ms(Math.max(...hovers))}`,
    );
    // lasso around clusters 0 and 1 (~96k points), shift held
    for (const [name, rect] of [
      ['~100k', [8.0, -1.55, 11.6, 4.35]],
      ['~8k', [9.4, -0.6, 10.6, 0.6]],
    ] as const) {
      const [x0, y0] = at(rect[0], rect[1]);
      const [x1, y1] = at(rect[2], rect[3]);
      await page.keyboard.down('Shift');
      await page.mouse.move(x0, y0);
      await page.mouse.down();
      for (const [x, y] of [
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0 - 1],
      ] as const)
        await page.mouse.move(x, y, { steps: 6 });
      const t = performance.now();
      await page.mouse.up();
      await page.keyboard.up('Shift');
      const bar = page.locator('.map-selection[data-selected]');
      await bar.waitFor({ timeout: 120_000 });
      const took = performance.now() - t;
      const n = Number(await bar.getAttribute('data-selected'));
      console.log(
        `  lasso ${name}: ${n.toLocaleString()} points selected ${ms(took)} after the mouse was released`,
      );
      {
        // the grid filtered by the lasso's map region (any number of points since issue 15's region filter)
        const t1 = performance.now();
        await page.getByRole('button', { name: 'show in grid' }).click();
        await page.waitForFunction(
          `(n) => document.querySelector('[data-testid="grid-total"]')?.textContent === n.toLocaleString('en-US') + ' samples' && document.querySelector('.tile[data-sample]')`,
          n,
          { timeout: 120_000, polling: 'raf' },
        );
        console.log(`    → grid filtered to them, first tiles drawn: ${ms(performance.now() - t1)}`);
        await page.goBack();
        await canvas.waitFor({ timeout: 600_000 });
        await page.evaluate(`(${FULL_DRAWN})(${N})`);
      }
    }
  }

  // the inputs: sent through the DevTools protocol on a fixed 16 ms schedule, each sent without waiting for
  // the one before to be taken (playwright's mouse waits for each, so its inputs came no faster than frames)
  const pan = await frameStats(page, async () => {
    const left = { button: 'left', buttons: 1, clickCount: 1 } as const;
    const moves = Array.from({ length: PAN_STEPS }, (_, k) => ({
      type: 'mouseMoved',
      x: cx + 3 * (k + 1),
      y: cy + (k + 1),
      ...left,
    }));
    return paced(page, [{ type: 'mousePressed', x: cx, y: cy, ...left }, ...moves], {
      type: 'mouseReleased',
      x: cx + 3 * PAN_STEPS,
      y: cy + PAN_STEPS,
      ...left,
    });
  });
  console.log(`  pan: ${pan}`);
  let last = 0;
  const zoom = await frameStats(page, async () => {
    const wheels = Array.from({ length: 48 }, (_, k) => ({
      type: 'mouseWheel',
      x: cx,
      y: cy,
      deltaX: 0,
      deltaY: k % 24 < 12 ? -100 : 100,
    }));
    const sent = await paced(page, wheels);
    last = performance.now();
    return sent;
  });
  console.log(`  zoom: ${zoom}`);
  const finished = (await page.evaluate(`(${FULL_DRAWN})(${N})`)) as number;
  console.log(
    `  full redraw after the last input: ${ms(performance.now() - last)} (the rasteriser finished ${ms(finished)} after the two frames that followed the last draw)`,
  );
  // the same zoom as 8 bursts of 6 wheel steps with a pause after each: the view rests between bursts, and
  // a burst starts while the frames at rest draw the points anew
  const bursts = await frameStats(page, async () => {
    const sent: number[] = [];
    for (let b = 0; b < 8; b++) {
      if (b > 0) await sleep(PAUSE_MS);
      const wheels = Array.from({ length: 6 }, () => ({
        type: 'mouseWheel',
        x: cx,
        y: cy,
        deltaX: 0,
        deltaY: b % 4 < 2 ? -100 : 100,
      }));
      sent.push(...(await paced(page, wheels)));
    }
    return sent;
  });
  console.log(`  zoom in bursts: ${bursts}`);
  await page.evaluate(`(${FULL_DRAWN})(${N})`);
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--use-angle=swiftshader',
    '--enable-unsafe-swiftshader',
    '--no-first-run',
    ...extraArgs,
  ],
});
// the launched browser's process: its pid from the process list (playwright-core's launch hides it)
const browserPid = Number(
  readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .map(Number)
    .filter((p) => {
      try {
        return (
          readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('chromium') &&
          readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ')[1] === String(process.pid)
        );
      } catch {
        return false;
      }
    })[0] ?? 0,
);
// This process sends the inputs: its main thread ahead of the browser and the server in the CPU's queue
// (nice -5, set after both started at the default), so that the inputs leave on schedule as a mouse's do
// whatever the machine is doing; the browser still receives, handles and draws them at the default
// priority. At nice 0 a quiet run's sender was 42-57 ms late at times, and the frames after such a gap
// with it (the map cannot show a view it has not been sent).
try {
  setPriority(-5);
} catch {
  // not permitted here: the inputs' spacing as sent says how late they left
}
console.log(`input sender's nice: ${getPriority()}`);
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
  page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
  await fetch(`${url}/api/embedding-map/points`); // the server warm, as for a second visit
  const baseline = process.env.ASSAY_MAP_BASELINE;
  for (let round = 0; round < Number(process.env.ASSAY_MAP_ROUNDS ?? 1); round++) {
    await run(page, true);
    console.log(`  load average: ${load()}`);
    if (baseline) {
      await run(page, true, baseline);
      console.log(`  load average: ${load()}`);
    }
  }
  await run(page, false);
  console.log(`  load average: ${load()}`);
  const renderer = await page.evaluate(`(() => {
    const gl = document.createElement('canvas').getContext('webgl');
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    return ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
  })()`);
  console.log(`\nWebGL renderer: ${renderer}`);
} finally {
  await browser.close();
  child.kill();
}
