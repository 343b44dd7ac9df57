/**
 * The trainer's behaviours: steps per epoch, mini-batches, shuffling, the validation split,
 * normalization, divergence, how much of the trace is kept, and the JSON contract of the trace.
 * Numbers are worked out by hand on a one-neuron model where the arithmetic is short.
 */
import { describe, expect, test } from 'vitest';
import { type Experiment, type ParamValues, validateExperiment } from '../src/experiment';
import { type EpochTrace, type Trace, traceToJson } from '../src/trace';
import { EXPLODING_FACTOR, Trainer, train } from '../src/train';

/** y = 2x + 1 on x = 1, 2, 3, 4, one neuron starting at W = 0,5, B = 0. */
function line(extra: Record<string, unknown> = {}, xs = [1, 2, 3, 4]): Experiment {
  const r = validateExperiment({
    data: { inputs: xs.map((x) => [x]), targets: xs.map((x) => [2 * x + 1]) },
    model: { layers: [{ units: 1, activation: 'identity' }], init: { W1: [[0.5]], b1: [0] } },
    optimizer: { name: 'sgd', lr: 0.01 },
    epochs: 3,
    ...extra,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

const w = (p: ParamValues): number => (p.W1 as number[][])[0][0];
const b = (p: ParamValues): number => (p.b1 as number[])[0];

describe('full batch', () => {
  test('one step per epoch, with every example in it', () => {
    const trace = train(line());
    expect(trace.epochs).toHaveLength(3);
    trace.epochs.forEach((e, i) => {
      expect(e.steps).toHaveLength(1);
      expect(e.steps[0].step).toBe(i + 1);
      expect(e.steps[0].batch).toEqual([0, 1, 2, 3]);
    });
  });

  test('a batchSize larger than the data is one full batch', () => {
    const trace = train(line({ batchSize: 10 }));
    expect(trace.epochs.map((e) => e.steps.length)).toEqual([1, 1, 1]);
  });
});

describe('mini-batches', () => {
  test('batchSize 2 on 4 examples: 2 steps per epoch, numbered on from epoch to epoch', () => {
    const trace = train(line({ batchSize: 2 }));
    expect(trace.epochs.map((e) => e.steps.map((s) => s.step))).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(trace.epochs[0].steps.map((s) => s.batch)).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  test('each step updates from its own batch, and the epoch loss is the mean of the batch losses', () => {
    const trace = train(line({ batchSize: 2 }));
    const [s1, s2] = trace.epochs[0].steps;
    // Step 1, x = 1, 2: ŷ = 0,5, 1; e = −2,5, −4; loss = (6,25 + 16)/2 = 11,125.
    expect(s1.loss).toBeCloseTo(11.125, 13);
    // ∂L/∂W = (2/2)·(−2,5·1 − 4·2) = −10,5, ∂L/∂B = −6,5 ⇒ W = 0,605, B = 0,065.
    const u1 = s1.updates!;
    expect(u1[0].grad[0]).toBeCloseTo(-10.5, 13);
    expect(u1[1].grad[0]).toBeCloseTo(-6.5, 13);
    expect(u1[0].after[0]).toBeCloseTo(0.605, 13);
    expect(u1[1].after[0]).toBeCloseTo(0.065, 13);
    // Step 2, x = 3, 4 with the new W, B: ŷ = 1,88, 2,485; e = −5,12, −6,515;
    // loss = (26,2144 + 42,445225)/2 = 34,3298125.
    expect(s2.loss).toBeCloseTo(34.3298125, 12);
    expect(trace.epochs[0].loss).toBeCloseTo((11.125 + 34.3298125) / 2, 12);
    trace.epochs.forEach((e) => expect(e.loss).toBe((e.steps[0].loss + e.steps[1].loss) / 2));
  });

  test('an uneven split keeps the remainder as a last, smaller batch', () => {
    const trace = train(line({ batchSize: 3 }));
    expect(trace.epochs[0].steps.map((s) => s.batch)).toEqual([[0, 1, 2], [3]]);
  });

  test('shuffle with the same seed is reproducible; each epoch sees every example once', () => {
    const a = train(line({ batchSize: 2, shuffle: true, seed: 5, epochs: 8 }));
    const again = train(line({ batchSize: 2, shuffle: true, seed: 5, epochs: 8 }));
    const order = (t: Trace): number[][] => t.epochs.map((e) => e.steps.flatMap((s) => s.batch));
    expect(order(again)).toEqual(order(a));
    expect(again.epochs.map((e) => e.params)).toEqual(a.epochs.map((e) => e.params));
    for (const o of order(a)) expect([...o].sort()).toEqual([0, 1, 2, 3]);
    // The order really changes between epochs, and with the seed.
    expect(new Set(order(a).map((o) => o.join())).size).toBeGreaterThan(1);
    const other = train(line({ batchSize: 2, shuffle: true, seed: 6, epochs: 8 }));
    expect(order(other)).not.toEqual(order(a));
  });
});

describe('validation', () => {
  const xs = [1, 2, 3, 4, 5, 6, 7, 8];

  test('a fraction holds out round(f·n) rows, the same ones for the same seed', () => {
    const t1 = train(line({ validation: 0.25, seed: 9 }, xs));
    const t2 = train(line({ validation: 0.25, seed: 9 }, xs));
    expect(t1.validation!.rows).toHaveLength(2);
    expect(t1.train.rows).toHaveLength(6);
    expect(t2.validation!.rows).toEqual(t1.validation!.rows);
    expect([...t1.train.rows, ...t1.validation!.rows].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // The trainer only ever saw the training rows.
    for (const e of t1.epochs) for (const s of e.steps) expect(s.batch.every((i) => i < 6)).toBe(true);
    expect(t1.train.inputs).toEqual(t1.train.rows.map((i) => [xs[i]]));
    const seeds = [1, 2, 3, 4, 5].map((seed) =>
      train(line({ validation: 0.25, seed }, xs)).validation!.rows.join(),
    );
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });

  test('valLoss is the mean squared error on the held-out rows with the parameters after the epoch', () => {
    const trace = train(line({ validation: 0.25, seed: 9 }, xs));
    for (const e of trace.epochs) {
      const val = trace.validation!.rows.map(
        (i) => (w(e.params) * xs[i] + b(e.params) - (2 * xs[i] + 1)) ** 2,
      );
      expect(e.valLoss).toBeCloseTo(val.reduce((s, v) => s + v, 0) / val.length, 12);
    }
  });

  test('an explicit validation set is used as given', () => {
    const trace = train(line({ validation: { inputs: [[10]], targets: [[21]] } }));
    expect(trace.train.rows).toEqual([0, 1, 2, 3]);
    for (const e of trace.epochs)
      expect(e.valLoss).toBeCloseTo((w(e.params) * 10 + b(e.params) - 21) ** 2, 10);
  });

  test('without validation there is no valLoss', () => {
    expect(train(line()).epochs.every((e) => e.valLoss === undefined)).toBe(true);
  });
});

describe('normalization', () => {
  test('z-score with the population standard deviation, fitted on the training rows', () => {
    const trace = train(line({ normalize: true }));
    // x = 1, 2, 3, 4: mean 2,5; variance (2,25 + 0,25 + 0,25 + 2,25)/4 = 1,25.
    expect(trace.normalization!.mean).toEqual([2.5]);
    expect(trace.normalization!.std[0]).toBeCloseTo(Math.sqrt(1.25), 15);
    const s = Math.sqrt(1.25);
    expect(trace.train.inputs.flat()).toEqual([1, 2, 3, 4].map((x) => (x - 2.5) / s));
  });
});

describe('divergence', () => {
  test('inputs of scale 1000 with lr 0,1 stop with the reason, and what was recorded is finite', () => {
    const exp = line({ optimizer: { name: 'sgd', lr: 0.1 }, epochs: 50 }, [1000]);
    const trace = train(exp);
    // Epoch 1: ŷ = 500, e = −1501, loss 2 253 001; W jumps to 0,5 + 0,1·2·1501·1000 = 300 200,5.
    // Epoch 2: ŷ ≈ 3·10⁸, loss ≈ 9·10¹⁶ > 10⁶ × the first loss: exploding.
    expect(trace.diverged).toMatchObject({ reason: 'exploding', epoch: 2, step: 2, quantity: 'loss' });
    expect(trace.diverged!.firstLoss).toBe(2253001);
    expect(trace.diverged!.value).toBeGreaterThan(EXPLODING_FACTOR * 2253001);
    expect(trace.epochs).toHaveLength(1);
    expect(w(trace.epochs[0].params)).toBeCloseTo(300200.5, 8);
    const numbers = (e: EpochTrace): number[] => [
      e.loss,
      ...Object.values(e.params).flatMap((p) => p.flat()),
      ...e.steps.flatMap((s) => s.nodes!.flatMap((n) => [...n.value, ...(n.grad ?? [])])),
    ];
    for (const e of trace.epochs) expect(numbers(e).every(Number.isFinite)).toBe(true);
  });

  test('a loss that is already infinite stops at epoch 1 as non-finite', () => {
    const trace = train(line({ epochs: 5 }, [1e200]));
    expect(trace.diverged).toMatchObject({ reason: 'non-finite', epoch: 1, quantity: 'loss' });
    expect(trace.epochs).toHaveLength(0);
  });

  test('a parameter that leaves float64 range stops the run, naming it', () => {
    // x = 10⁶⁰: loss ≈ 2,5·10¹¹⁹ (finite), but ∂L/∂W ≈ 10¹²⁰ sends W to ≈ 10¹¹⁹ > 10¹⁰⁰.
    const trace = train(line({ epochs: 5, optimizer: { name: 'sgd', lr: 0.1 } }, [1e60]));
    expect(trace.diverged).toMatchObject({ reason: 'exploding', epoch: 1, quantity: 'W1', index: 0 });
    expect(trace.epochs).toHaveLength(0);
  });

  test('the trainer reports done and refuses more epochs after diverging', () => {
    const t = new Trainer(line({ optimizer: { name: 'sgd', lr: 0.1 }, epochs: 50 }, [1000]));
    expect(t.stepEpoch()).not.toBeNull();
    expect(t.stepEpoch()).toBeNull();
    expect(t.done).toBe(true);
    expect(t.stepEpoch()).toBeNull();
    expect(t.epoch).toBe(1);
  });
});

describe('how much of the trace is kept', () => {
  test("trace: 'epochs' keeps no nodes and no updates, and the numbers are the same", () => {
    const light = train(line({ batchSize: 2 }), { trace: 'epochs' });
    const full = train(line({ batchSize: 2 }));
    for (const e of light.epochs)
      for (const s of e.steps) {
        expect(s.nodes).toBeUndefined();
        expect(s.updates).toBeUndefined();
      }
    expect(light.epochs.map((e) => [e.loss, e.params])).toEqual(full.epochs.map((e) => [e.loss, e.params]));
  });

  test('a function chooses the epochs to keep in full', () => {
    const trace = train(line({ epochs: 4 }), { trace: (e) => e % 2 === 0 });
    expect(trace.epochs.map((e) => e.steps[0].nodes !== undefined)).toEqual([false, true, false, true]);
  });

  test('stepEpoch runs one epoch at a time and onEpoch hears each one', () => {
    const heard: number[] = [];
    const t = new Trainer(line(), { onEpoch: (e) => heard.push(e.epoch) });
    expect(t.stepEpoch()!.epoch).toBe(1);
    expect(t.epoch).toBe(1);
    t.run();
    expect(heard).toEqual([1, 2, 3]);
    expect(t.done).toBe(true);
    expect(t.stepEpoch()).toBeNull();
  });

  test('the initial parameters are kept apart from the ones training changes', () => {
    const trace = train(line());
    expect(trace.initial.params).toEqual({ W1: [[0.5]], b1: [0] });
    expect(trace.paramNames).toEqual(['W1', 'b1']);
  });
});

describe('traceToJson', () => {
  test('has the documented shape {initial: {params}, epochs: [{epoch, loss, params}]}', () => {
    const json = traceToJson(train(line()));
    expect(Object.keys(json as object).sort()).toEqual(['epochs', 'initial']);
    const j = json as { initial: { params: ParamValues }; epochs: Record<string, unknown>[] };
    expect(j.initial).toEqual({ params: { W1: [[0.5]], b1: [0] } });
    expect(j.epochs).toHaveLength(3);
    for (const e of j.epochs) expect(Object.keys(e).sort()).toEqual(['epoch', 'loss', 'params']);
    // Epoch 1 by hand: errors −2,5, −4, −5,5, −7 ⇒ loss 25,375.
    expect(j.epochs[0].epoch).toBe(1);
    expect(j.epochs[0].loss).toBeCloseTo(25.375, 13);
    // Plain JSON: survives a round trip unchanged.
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  test('adds dataLoss with L2, valLoss with validation, normalization, and steps when asked', () => {
    const json = traceToJson(
      train(
        line({ l2: 0.1, validation: 0.25, normalize: true, seed: 1, batchSize: 2 }, [1, 2, 3, 4, 5, 6, 7, 8]),
      ),
      {
        steps: true,
      },
    ) as {
      normalization: unknown;
      epochs: { dataLoss: number; loss: number; valLoss: number; steps: { updates: { name: string }[] }[] }[];
    };
    expect(json.normalization).toBeDefined();
    const e = json.epochs[0];
    expect(e.dataLoss).toBeLessThan(e.loss);
    expect(typeof e.valLoss).toBe('number');
    expect(e.steps).toHaveLength(3);
    expect(e.steps[0].updates.map((u) => u.name)).toEqual(['W1', 'b1']);
  });

  test('a diverged run keeps its reason, with a non-finite value as text', () => {
    const json = traceToJson(train(line({ epochs: 5 }, [1e200]))) as {
      diverged: { reason: string; value: unknown };
      epochs: unknown[];
    };
    expect(json.diverged.reason).toBe('non-finite');
    expect(json.diverged.value).toBe('Infinity');
    expect(json.epochs).toEqual([]);
    // x = 10²⁰⁰: the first loss is already infinite, and is kept as text too (JSON would make it null).
    expect(json.diverged).toEqual({
      epoch: 1,
      step: 1,
      quantity: 'loss',
      value: 'Infinity',
      reason: 'non-finite',
      firstLoss: 'Infinity',
    });
    expectPlainJson(json);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  test('a full trace with steps is plain JSON data too: no functions, no typed arrays, no cycles', () => {
    const json = traceToJson(train(line({ epochs: 2, optimizer: { name: 'adam', lr: 0.1 } })), {
      steps: true,
    });
    expectPlainJson(json);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});

/**
 * Only what JSON can hold, each value exactly once: null, booleans, finite numbers, strings, arrays
 * and plain objects, walked without recursion; a non-finite number (JSON would write null), a
 * function or a typed array (JSON would drop or reshape them) or a shared or cyclic object fails.
 */
function expectPlainJson(root: unknown): void {
  const seen = new Set<object>();
  const stack: [unknown, string][] = [[root, '$']];
  while (stack.length > 0) {
    const [v, where] = stack.pop()!;
    if (v === null || typeof v === 'boolean' || typeof v === 'string') continue;
    if (typeof v === 'number') {
      expect(Number.isFinite(v), `${where} is ${v}`).toBe(true);
      continue;
    }
    expect(typeof v, where).toBe('object');
    const o = v as object;
    expect(seen.has(o), `${where} is reached twice`).toBe(false);
    seen.add(o);
    const proto = Object.getPrototypeOf(o) as unknown;
    expect(proto === Array.prototype || proto === Object.prototype, `${where} is not plain`).toBe(true);
    for (const [k, x] of Object.entries(o)) {
      expect(x, `${where}.${k}`).not.toBeUndefined();
      stack.push([x, `${where}.${k}`]);
    }
  }
}
