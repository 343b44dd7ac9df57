/**
 * The pieces that let `unha run` hold nothing that grows with the epochs: the JSON written epoch by
 * epoch under back-pressure, the bounded loss curve of the chart, the table that keeps its rows only.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type Experiment, Trainer, train, traceToJson } from '@unha/engine';
import { findLesson } from '@unha/lessons';
import { LossCurve } from '../src/chart';
import { ChunkWriter, streamRunJson } from '../src/stream';

/** A reader that takes 16 bytes at a time and answers on a later turn: the writer must wait for it. */
class SlowReader extends Writable {
  text = '';
  writes = 0;
  /** Writes made while the stream had asked the writer to wait ('drain' not yet emitted). */
  ignoredWaits = 0;
  constructor() {
    super({ highWaterMark: 16, decodeStrings: false });
  }
  override write(chunk: unknown, ...rest: never[]): boolean {
    if (this.writableNeedDrain) this.ignoredWaits++;
    this.writes++;
    return super.write(chunk, ...rest);
  }
  override _write(chunk: string | Buffer, _enc: string, done: (e?: Error | null) => void): void {
    this.text += chunk.toString();
    setImmediate(done);
  }
}

const lesson = (id: string): Experiment => findLesson(id)!.experiment;

describe('streamRunJson', () => {
  it('writes the bytes of JSON.stringify(traceToJson(trace)), waiting for the reader', async () => {
    const cases: Experiment[] = [
      lesson('one-neuron'),
      lesson('noisy-data'), // validation losses
      { ...lesson('unbalanced-scales'), normalize: true }, // normalization
      lesson('unbalanced-scales'), // diverges: the tail holds `diverged`
      lesson('overfitting-l2'), // dataLoss beside loss
    ];
    for (const exp of cases) {
      const out = new SlowReader();
      // Small chunks, so that a run of a few hundred epochs meets a full buffer many times.
      const trainer = new Trainer(exp, { keep: 'none', trace: 'epochs' });
      await streamRunJson(trainer, out);
      await new Promise<void>((r) => out.end(r));
      expect(out.text).toBe(`${JSON.stringify(traceToJson(train(exp, { trace: 'epochs' })))}\n`);
      expect(out.ignoredWaits).toBe(0);
      expect(trainer.trace.epochs).toEqual([]);
    }
  });

  it('goes out in chunks as the run goes, not as one string at the end', async () => {
    const out = new SlowReader();
    const trainer = new Trainer(
      { ...lesson('one-neuron'), epochs: 20_000 },
      { keep: 'none', trace: 'epochs' },
    );
    let epochsWhenFirstWritten = 0;
    const orig = out.write.bind(out);
    out.write = (chunk: never, ...rest: never[]) => {
      epochsWhenFirstWritten ||= trainer.epoch;
      return orig(chunk, ...rest);
    };
    await streamRunJson(trainer, out);
    // 20 000 epochs are about 1,4 MB of JSON: chunks of 64 KB.
    expect(out.writes).toBeGreaterThan(10);
    expect(epochsWhenFirstWritten).toBeGreaterThan(0);
    expect(epochsWhenFirstWritten).toBeLessThan(2000);
    expect(out.ignoredWaits).toBe(0);
  });
});

describe('ChunkWriter', () => {
  it('keeps the order of the text and never writes while the reader asked to wait', async () => {
    const out = new SlowReader();
    const w = new ChunkWriter(out, 10);
    let expected = '';
    for (let i = 0; i < 500; i++) {
      const s = `${i},`;
      expected += s;
      const wait = w.write(s);
      if (wait) await wait;
    }
    await w.flush();
    await new Promise<void>((r) => out.end(r));
    expect(out.text).toBe(expected);
    expect(out.ignoredWaits).toBe(0);
    expect(out.writes).toBeGreaterThan(50);
  });
});

describe('LossCurve', () => {
  it('holds every loss while under its capacity', () => {
    const losses = Array.from({ length: 1000 }, (_, i) => 1 / (i + 1));
    const c = LossCurve.from(losses, 1024);
    expect(c.count).toBe(1000);
    for (let i = 0; i < 1000; i++) expect(c.at(i)).toBe(losses[i]);
  });

  it('a million losses hold at most its capacity, each sample an earlier loss by less than count/capacity', () => {
    const c = new LossCurve(1024);
    const n = 1_000_000;
    // The loss of epoch i is i itself, so a sample says which epoch it came from.
    for (let i = 0; i < n; i++) c.add(i);
    expect(c.count).toBe(n);
    expect(c.held).toBeLessThanOrEqual(1024);
    for (const i of [0, 1, 999, 123_457, 500_000, n - 1]) {
      expect(c.at(i)).toBeLessThanOrEqual(i);
      expect(i - c.at(i)).toBeLessThan(Math.ceil(n / 1024) * 2);
    }
  });

  it('skips non-finite losses, as the chart always did', () => {
    const c = LossCurve.from([3, NaN, 2, Infinity, 1]);
    expect(c.count).toBe(3);
    expect([c.at(0), c.at(1), c.at(2)]).toEqual([3, 2, 1]);
  });
});
