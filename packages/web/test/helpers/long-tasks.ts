import type { BrowserContext, Page } from 'playwright-core';

/** One main-thread task: when it ran (ms, the page's clock), how long on the wall and on the CPU. */
export interface MainTask {
  start: number;
  wall: number;
  cpu: number;
}

export interface TaskWatch {
  /** Long tasks as the page's PerformanceObserver saw them (wall time over 50 ms). */
  longTasks: { start: number; duration: number }[];
  /** Every task of the page's main thread in Chromium's trace, with its thread (CPU) time. */
  tasks: MainTask[];
  /** For each long task, the traced tasks inside its window, their thread times summed (undefined: none). */
  explained: (MainTask | undefined)[];
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/**
 * Watches the page's main thread while `act` runs, two ways: the page's own PerformanceObserver of
 * long tasks (the web's definition: over 50 ms of wall time), and Chromium's trace, whose tasks carry
 * their thread time. On a machine shared with other work a task can take long on the wall while the
 * page's thread ran for little of it; the trace tells the two apart. The clocks are matched through a
 * performance.mark, which both see.
 */
export async function watchMainThread(
  context: BrowserContext,
  page: Page,
  act: () => Promise<void>,
): Promise<TaskWatch> {
  await page.evaluate(() => {
    const w = window as unknown as { __long: { start: number; duration: number }[] };
    w.__long = [];
    new PerformanceObserver((list) =>
      list.getEntries().forEach((e) => w.__long.push({ start: e.startTime, duration: e.duration })),
    ).observe({ type: 'longtask', buffered: false });
  });
  const cdp = await context.newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e: { value: object[] }) => events.push(...(e.value as TraceEvent[])));
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['toplevel', 'blink.user_timing', 'devtools.timeline'] },
    transferMode: 'ReportEvents',
  });
  const markAt = await page.evaluate(() => performance.mark('unha-clock').startTime);
  await act();
  const complete = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  const longTasks = await page.evaluate(
    () => (window as unknown as { __long: { start: number; duration: number }[] }).__long,
  );
  const mark = events.find((e) => e.name === 'unha-clock');
  if (!mark) throw new Error('the trace has no performance.mark: cannot match the clocks');
  const main = new Set(
    events
      .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const offset = mark.ts / 1000 - markAt;
  const tasks = events
    .filter(
      (e) =>
        e.ph === 'X' &&
        e.pid === mark.pid &&
        (e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask') &&
        main.has(`${e.pid}:${e.tid}`),
    )
    .map((e) => ({
      start: e.ts / 1000 - offset,
      wall: (e.dur ?? 0) / 1000,
      cpu: (e.tdur ?? e.dur ?? 0) / 1000,
    }));
  // A long task is matched with every traced task of the page's thread inside its window: the
  // observer's window can take in the frame's rendering, which the trace keeps as a task of its own,
  // so their thread times are summed (undefined: no traced task there at all).
  const explained = longTasks.map((l): MainTask | undefined => {
    const inside = tasks.filter((t) => t.start < l.start + l.duration && t.start + t.wall > l.start);
    if (inside.length === 0) return undefined;
    return { start: l.start, wall: l.duration, cpu: inside.reduce((sum, t) => sum + t.cpu, 0) };
  });
  return { longTasks, tasks, explained };
}
