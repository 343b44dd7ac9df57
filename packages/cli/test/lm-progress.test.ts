import { describe, expect, it } from 'vitest';
import { clockText, progressBar } from '../src/view';

/** A terminal that keeps what is written to it. */
function fakeTty(): { stream: NodeJS.WriteStream; text: () => string } {
  const out: string[] = [];
  const stream = { isTTY: true, write: (s: string) => (out.push(s), true) } as unknown as NodeJS.WriteStream;
  return { stream, text: () => out.join('') };
}

describe('the progress bar of a language-model run', () => {
  it('says the steps per second and the time left at that pace', () => {
    const t = fakeTty();
    let ms = 0;
    const bar = progressBar(1000, t.stream, { unit: 'steps/s', left: 'left', now: () => ms });
    ms = 2000; // 250 steps in 2 s: 125 steps/s; 750 more take 6 s
    bar.tick(250);
    expect(t.text()).toContain('25% (250/1000, 125 steps/s, 0:06 left)');
    bar.done();
    expect(t.text().endsWith('\r\x1b[K')).toBe(true);
  });
  it('is silent off a terminal', () => {
    const out: string[] = [];
    const stream = {
      isTTY: false,
      write: (s: string) => (out.push(s), true),
    } as unknown as NodeJS.WriteStream;
    const bar = progressBar(1000, stream, { unit: 'steps/s', left: 'left', now: () => 1 });
    bar.tick(500);
    bar.done();
    expect(out).toEqual([]);
  });
  it('clockText: minutes and seconds, hours when there are any', () => {
    expect(clockText(6)).toBe('0:06');
    expect(clockText(125)).toBe('2:05');
    expect(clockText(3725)).toBe('1:02:05');
  });
});

describe('the loss chart of a language-model run', () => {
  it('each of its 60 columns is the mean of its steps, not one batch', async () => {
    const { MeanCurve } = await import('../src/lm/curve');
    const { lossChart } = await import('../src/chart');
    const { words } = await import('../src/words');
    const c = new MeanCurve(120);
    // Losses 1, 3, 1, 3, …: every column holds one 1 and one 3, so every column's mean is 2.
    for (let i = 0; i < 120; i++) c.add(i % 2 === 0 ? 1 : 3);
    expect(c.perColumn).toBe(2);
    expect(c.at(0)).toBe(2);
    expect(c.at(119)).toBe(2);
    const chart = lossChart(c, { locale: 'en', decimals: 4 }, words('en'));
    // A flat band: the same bar in all 60 columns, and the axis still counts the 120 steps.
    const bars = chart.filter((l) => l.includes('│')).map((l) => l.split('│')[1]);
    expect(bars.every((b) => new Set(b).size === 1 && b.length === 60)).toBe(true);
    expect(chart[chart.length - 1].trim()).toMatch(/^1\s+120$/);
  });
});
