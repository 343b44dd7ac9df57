/**
 * How responsive the web lab is, measured in Debian's Chromium (headless) on the built page:
 *   - one "Next epoch": the time to draw it (main thread) and the click-to-drawn latency;
 *   - playing 1000 epochs at full speed: how long it takes, frames dropped, the longest main-thread task;
 *   - the moby-dick recipe in float32 on two threads: steps/s in the page beside Node's (float32-steps.ts).
 * Run: npx tsx packages/web/bench/browser.bench.ts   (prints a table; exits 1 if Chromium is missing)
 */
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { CHROMIUM, chromiumAvailable, openLab } from '../test/helpers/lab';
import { float32Steps } from './float32-steps';

interface LabHandle {
  unhaLab: { timings: number[]; renders: number[] };
}

const stats = (xs: number[]): { median: number; p95: number; max: number } => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number): number => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
  return { median: q(0.5), p95: q(0.95), max: s[s.length - 1] ?? NaN };
};
const ms = (v: number): string => `${v.toFixed(1)} ms`;

/** Clicks "Next epoch" n times, each after the previous one is drawn; in-page timings. */
async function stepTimes(page: Page, n: number): Promise<{ latency: number[]; render: number[] }> {
  return page.evaluate(async (count) => {
    const lab = (window as unknown as LabHandle).unhaLab;
    const latency: number[] = [];
    const before = lab.renders.length;
    const next = document.getElementById('next') as HTMLButtonElement;
    for (let i = 0; i < count; i++) {
      const drawn = new Promise<void>((r) =>
        document.addEventListener('unha:drawn', () => r(), { once: true }),
      );
      const t0 = performance.now();
      next.click();
      await drawn;
      latency.push(performance.now() - t0);
    }
    return { latency, render: lab.renders.slice(before) };
  }, n);
}

/** Plays at `speed` epochs/s, watching every frame and every long task, until epoch `epochs` or `seconds` have passed. */
async function play(
  page: Page,
  epochs: number,
  speed = 1000,
  seconds = Infinity,
): Promise<Record<string, number>> {
  await page.selectOption('#speed', String(speed));
  // tsx keeps function names with a helper the page does not have; give it one.
  await page.evaluate('globalThis.__name = (f) => f');
  return page.evaluate(
    async ([total, limit]) => {
      const lab = (window as unknown as LabHandle).unhaLab;
      const longTasks: number[] = [];
      const obs = new PerformanceObserver((list) =>
        list.getEntries().forEach((e) => longTasks.push(e.duration)),
      );
      obs.observe({ type: 'longtask', buffered: false });
      const frames: number[] = [];
      let last = performance.now();
      let running = true;
      const tick = (now: number): void => {
        frames.push(now - last);
        last = now;
        if (running) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      const before = lab.renders.length;
      const t0 = performance.now();
      (document.getElementById('play') as HTMLButtonElement).click();
      const status = document.getElementById('epoch-status')!;
      await new Promise<void>((resolve) => {
        const check = (): void => {
          const reached = status.textContent?.match(/(\d+)\D+(\d+)/)?.[1] === String(total);
          if (reached || performance.now() - t0 > limit * 1000) resolve();
          else setTimeout(check, 20);
        };
        check();
      });
      const elapsed = performance.now() - t0;
      (document.getElementById('play') as HTMLButtonElement).click(); // pause, when stopped by the clock
      running = false;
      obs.disconnect();
      const renders = lab.renders.slice(before);
      // A frame longer than 1.5 vsyncs (25 ms at 60 Hz) means at least one frame was skipped.
      const dropped = frames.reduce((t, f) => t + Math.max(0, Math.round(f / 16.7) - 1), 0);
      return {
        seconds: elapsed / 1000,
        frames: frames.length,
        dropped,
        longestFrame: Math.max(...frames),
        longTasks: longTasks.length,
        longestTask: longTasks.length ? Math.max(...longTasks) : 0,
        draws: renders.length,
        drawMedian: renders.sort((a, b) => a - b)[Math.floor(renders.length / 2)] ?? 0,
        drawMax: Math.max(...renders),
        epochs: Number(status.textContent?.match(/(\d+)/)?.[1] ?? 0),
      };
    },
    [epochs, seconds] as const,
  );
}

/** Plays the same run `times` times from epoch 0 and keeps the worst run (the most long tasks, then the longest). */
async function worstOf(
  page: Page,
  times: number,
  go: () => Promise<Record<string, number>>,
): Promise<{ worst: Record<string, number>; all: Record<string, number>[] }> {
  const all: Record<string, number>[] = [];
  for (let i = 0; i < times; i++) {
    await page.click('#reset');
    await page.waitForFunction(() =>
      /\b0\b/.test(document.getElementById('epoch-status')?.textContent ?? ''),
    );
    all.push(await go());
  }
  const worst = all.reduce((a, b) =>
    b.longTasks > a.longTasks || (b.longTasks === a.longTasks && b.longestTask > a.longestTask) ? b : a,
  );
  return { worst, all };
}

const describePlay = (p: Record<string, number>): string =>
  `${p.seconds.toFixed(2)} s to epoch ${p.epochs}, ${p.draws} draws (median ${ms(p.drawMedian)}, max ${ms(p.drawMax)}), ` +
  `${p.frames} frames, ${p.dropped} dropped, longest frame ${ms(p.longestFrame)}, ` +
  `${p.longTasks} long tasks (>50 ms), longest ${ms(p.longestTask)}`;

/** The baseline, measured in the same page and run: the interval between frames of an idle page. */
async function idleFrame(page: Page): Promise<number> {
  // A string, not a function: tsx's name-keeping helper would not exist inside the page.
  return page.evaluate<number>(`new Promise((resolve) => {
    const ts = [];
    function tick(t) {
      ts.push(t);
      if (ts.length < 61) return requestAnimationFrame(tick);
      const d = ts.slice(1).map((v, i) => v - ts[i]).sort((a, b) => a - b);
      resolve(d[Math.floor(d.length / 2)]);
    }
    requestAnimationFrame(tick);
  })`);
}

export async function run(): Promise<void> {
  if (!chromiumAvailable()) {
    console.error(`browser bench skipped: it needs ${CHROMIUM}`);
    return;
  }
  const lab = await openLab();
  try {
    console.log('\n## Web lab in Chromium (headless), built page served on 127.0.0.1\n');
    // BENCH_ONLY=step|play|big|float32 runs one part (the machine may be shared: a part is quicker to repeat).
    const only = process.env.BENCH_ONLY;
    const part = (name: string): boolean => !only || only === name;
    const idle = await lab.page('?lesson=one-neuron&lang=en');
    const frame = await idleFrame(idle);
    await idle.close();
    console.log(
      `Baseline: an idle page's frame interval, ${ms(frame)} (draw times below are also given as a fraction of it)\n`,
    );
    if (part('step')) console.log('One "Next epoch" (50 clicks, each after the previous is drawn):');
    for (const lesson of part('step')
      ? ['one-neuron', 'four-pairs', 'two-neurons', 'two-inputs-network']
      : []) {
      const page = await lab.page(`?lesson=${lesson}&lang=en&epochs=1000`);
      await stepTimes(page, 5); // warm up: KaTeX's fonts and caches, the worker's JIT
      const { latency, render } = await stepTimes(page, 50);
      const r = stats(render);
      const l = stats(latency);
      console.log(
        `  ${lesson.padEnd(20)} draw median ${ms(r.median)} (${(r.median / frame).toFixed(2)} frame), p95 ${ms(r.p95)}, max ${ms(r.max)}; click→drawn median ${ms(l.median)}, p95 ${ms(l.p95)}`,
      );
      await page.close();
    }
    const REPEAT = 3;
    if (part('play'))
      console.log(`\nPlaying 1000 epochs at the top speed (1000 epochs/s asked), worst of ${REPEAT} runs:`);
    for (const lesson of part('play') ? ['one-neuron&lr=0.01', 'four-pairs', 'two-inputs-network'] : []) {
      const page = await lab.page(`?lesson=${lesson}&lang=en&epochs=1000`);
      await stepTimes(page, 3);
      const { worst, all } = await worstOf(page, REPEAT, () => play(page, 1000));
      console.log(
        `  ${lesson.padEnd(20)} ${describePlay(worst)}; long tasks per run ${all.map((r) => r.longTasks).join(', ')}`,
      );
      await page.close();
    }
    // A big network played for 5 s: 320 weights in the diagram, redrawn every frame.
    if (part('big'))
      console.log(`\nPlaying a 1 → 16 → 16 → 1 network for 5 s at 240 epochs/s, worst of ${REPEAT} runs:`);
    for (const lesson of part('big') ? ['overfitting-dropout'] : []) {
      const page = await lab.page(`?lesson=${lesson}&lang=en`);
      await stepTimes(page, 3);
      const { worst, all } = await worstOf(page, REPEAT, () => play(page, 1000, 240, 5));
      console.log(
        `  ${lesson.padEnd(20)} ${describePlay(worst)}; long tasks per run ${all.map((r) => r.longTasks).join(', ')}`,
      );
      const views = await page.evaluate(() => {
        const lab = (window as unknown as { unhaLab: { viewTimes: Record<string, number>[] } }).unhaLab;
        const by: Record<string, number[]> = {};
        for (const t of lab.viewTimes.slice(-300))
          for (const [k, v] of Object.entries(t)) (by[k] ??= []).push(v);
        const pick = (vs: number[]): [number, number] => {
          const s = [...vs].sort((a, b) => a - b);
          return [s[s.length >> 1], s[s.length - 1]];
        };
        return Object.entries(by).map(([k, vs]) => [k, ...pick(vs)] as [string, number, number]);
      });
      console.log(
        `    draw time of each view, median / max (last 300 draws): ${views
          .map(([k, med, max]) => `${k} ${ms(med)} / ${ms(max)}`)
          .join(', ')}`,
      );
      await page.close();
    }
    if (part('float32')) await float32Steps(lab);
    if (lab.errors.length) console.log('\nconsole errors:', lab.errors);
  } finally {
    await lab.close();
  }
}

// Run directly (npx tsx packages/web/bench/browser.bench.ts) or through the root `npm run bench`.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await run();
