/**
 * Trainer's `keep: 'none'`: a long run read epoch by epoch holds no records, and everything it
 * reports (the epochs, the model at the end, the JSON) is what the kept run reports.
 */
import { describe, expect, it } from 'vitest';
import { findLesson } from '@unha/lessons';
import { type EpochTrace, Trainer, epochJson, toModelFile, traceJsonFrame, traceToJson } from '../src/index';

const exp = findLesson('noisy-data')!.experiment;

describe("Trainer keep: 'none'", () => {
  it('keeps no epoch records, yet counts them and hands each one to onEpoch', () => {
    const seen: EpochTrace[] = [];
    const t = new Trainer({ ...exp, epochs: 50 }, { keep: 'none', onEpoch: (e) => seen.push(e) });
    const trace = t.run();
    const all = new Trainer({ ...exp, epochs: 50 }).run();
    expect(trace.epochs).toEqual([]);
    expect(t.epoch).toBe(50);
    expect(t.done).toBe(true);
    expect(seen.map((e) => e.epoch)).toEqual(all.epochs.map((e) => e.epoch));
    expect(seen.map((e) => [e.loss, e.valLoss, e.params])).toEqual(
      all.epochs.map((e) => [e.loss, e.valLoss, e.params]),
    );
    expect(t.last).toBe(seen[49]);
  });

  it('stops at a divergence as the kept run does, and saves the same model', () => {
    const boom = findLesson('unbalanced-scales')!.experiment;
    const t = new Trainer(boom, { keep: 'none' });
    const trace = t.run();
    const all = new Trainer(boom).run();
    expect(trace.diverged).toEqual(all.diverged);
    expect(t.epoch).toBe(all.epochs.length);
    expect(toModelFile(trace, { epochs: t.epoch, last: t.last })).toEqual(toModelFile(all));
  });

  it('the model of a run with no epoch has the initial parameters', () => {
    const t = new Trainer({ ...exp, epochs: 3 }, { keep: 'none' });
    expect(toModelFile(t.trace, { epochs: t.epoch, last: t.last })).toEqual(toModelFile(t.trace));
  });
});

describe('traceJsonFrame and epochJson', () => {
  it('head, the epochs joined by commas, and tail are the text of traceToJson', () => {
    for (const e of [
      exp,
      findLesson('unbalanced-scales')!.experiment,
      findLesson('mini-batches')!.experiment,
    ]) {
      const trace = new Trainer(e, { trace: 'epochs' }).run();
      const { head, tail } = traceJsonFrame(trace);
      const text = head + trace.epochs.map((ep) => epochJson(trace, ep)).join(',') + tail;
      expect(text).toBe(JSON.stringify(traceToJson(trace)));
      expect(JSON.parse(text)).toEqual(traceToJson(trace));
    }
  });
});
