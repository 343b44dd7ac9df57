/**
 * Bad input that used to crash the process instead of being reported: sizes without bounds (heap
 * exhaustion, "Invalid array length"), values nested past the call stack, keys that name
 * Object.prototype's members, seeds that alias each other. Each must come out as an issue with a path.
 */
import { describe, expect, test } from 'vitest';
import type { Issue } from '../src/errors';
import { MAX_SEED, validateExperiment } from '../src/experiment';
import { LIMITS, depthIssue, parameterCount } from '../src/limits';
import { UnhaInputError } from '../src/errors';
import { fromModelFile, infer } from '../src/model';
import { applyOverrides } from '../src/overrides';
import { Rng } from '../src/rng';

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access,
   @typescript-eslint/no-unsafe-assignment */
type Raw = Record<string, any>;

const base = (): Raw => ({
  data: { inputs: [[1], [2]], targets: [[3], [5]] },
  model: { layers: [{ units: 1, activation: 'identity' }], init: { W1: [[0.5]], b1: [0] } },
  optimizer: { name: 'sgd', lr: 0.01 },
  epochs: 3,
});

function issuesOf(raw: unknown): Issue[] {
  const r = validateExperiment(raw);
  if (r.ok) throw new Error('expected the experiment to be refused');
  return r.issues;
}
const summary = (issues: Issue[]): string[] => issues.map((i) => `${i.code} ${i.path.join('.')}`);

/** JSON text nested `depth` arrays deep around 1, parsed (JSON.parse itself does not recurse). */
const nested = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}1${']'.repeat(depth)}`);

describe('sizes are bounded before anything is allocated', () => {
  test.each([1e8, 2 ** 31, 2 ** 53, 1e21, 1e308])('a hidden layer of %d units is too large', (units) => {
    const e = base();
    e.model = {
      layers: [
        { units, activation: 'tanh' },
        { units: 1, activation: 'identity' },
      ],
      init: { seed: 1 },
    };
    const issues = issuesOf(e);
    expect(summary(issues)).toEqual(['too_large model.layers.0.units']);
    // Both sizes are in the issue: what it would need (units·(1 + 1) + units + 1 ≥ 3·units) and the limit.
    expect(issues[0].expected).toMatchObject({ key: 'limit', what: 'parameters', limit: 1_000_000 });
    const needed = (issues[0].expected as { needed: number }).needed;
    expect(needed).toBeGreaterThanOrEqual(3 * units);
  });

  test('a W given for a huge layer is not even looked at: one issue, the size', () => {
    const e = base();
    e.model.layers = [{ units: 1e9 }];
    e.data.targets = [[3], [5]];
    expect(summary(issuesOf(e))).toContain('too_large model.layers.0.units');
  });

  test('the limit itself is allowed, one more unit is not', () => {
    const fits = base();
    // 1 input → n tanh units → 1 output: n weights + n biases + n weights + 1 bias = 3n + 1 parameters.
    const layers = [{ units: 333_333, activation: 'tanh' }, { units: 1 }];
    fits.model = { layers, init: { seed: 0 } };
    expect(parameterCount(1, layers)).toBe(1_000_000);
    fits.epochs = 1;
    // 333 333 units × 2 examples = 666 666 activations: inside both limits.
    expect(validateExperiment(fits).ok).toBe(true);
    fits.model.layers = [{ units: 333_334 }, { units: 1 }];
    expect(summary(issuesOf(fits))).toEqual(['too_large model.layers.0.units']);
  });

  test('activations: examples in one step × the widest layer', () => {
    const e = base();
    const n = 2001;
    e.data = {
      inputs: Array.from({ length: n }, (_, i) => [i]),
      targets: Array.from({ length: n }, () => [0]),
    };
    e.model = { layers: [{ units: 500, activation: 'tanh' }, { units: 1 }], init: { seed: 1 } };
    e.epochs = 1;
    const [i] = issuesOf(e);
    expect(i).toMatchObject({
      code: 'too_large',
      path: ['model', 'layers', 0, 'units'],
      expected: { key: 'limit', what: 'activations', limit: 1_000_000, needed: 2001 * 500 },
    });
    // Mini-batches of 1000 rows hold 500 000 values per step: accepted.
    e.batchSize = 1000;
    expect(validateExperiment(e).ok).toBe(true);
  });

  test('recorded parameters: epochs × parameters', () => {
    const e = base();
    e.model = { layers: [{ units: 100, activation: 'tanh' }, { units: 1 }], init: { seed: 1 } };
    e.epochs = 1_000_000; // 301 parameters × 10⁶ epochs
    expect(issuesOf(e)[0]).toMatchObject({
      code: 'too_large',
      path: ['epochs'],
      expected: { what: 'recorded', needed: 301_000_000 },
    });
  });

  test('units must be a positive integer: 1.5, 0, −1, "2"', () => {
    for (const [units, code] of [
      [1.5, 'not_integer'],
      [0, 'out_of_range'],
      [-1, 'out_of_range'],
      ['2', 'wrong_type'],
    ] as const) {
      const e = base();
      e.model.layers = [{ units, activation: 'identity' }];
      expect(summary(issuesOf(e))).toContain(`${code} model.layers.0.units`);
    }
  });
});

describe('model files', () => {
  const model = (): Raw => ({
    format: 'unha-model',
    version: 1,
    inputs: 1,
    layers: [{ units: 1, activation: 'identity' }],
    params: { W1: [[2]], b1: [1] },
    trained: { epochs: 15, loss: 0.05 },
  });
  const paths = (raw: unknown): string[] => {
    const r = fromModelFile(raw);
    if (r.ok) throw new Error('expected the model file to be refused');
    return summary(r.issues);
  };

  test('a valid one passes', () => {
    expect(fromModelFile(model()).ok).toBe(true);
  });
  test('"inputs": 1e9 is refused as too large, not allocated', () => {
    expect(paths({ ...model(), inputs: 1e9 })).toEqual(['too_large inputs']);
  });
  test('an output layer of 1.5 or 1e9 units is an issue, not "Invalid array length"', () => {
    expect(paths({ ...model(), layers: [{ units: 1.5 }] })).toContain('not_integer layers.0.units');
    expect(paths({ ...model(), layers: [{ units: 1e9 }] })).toContain('too_large layers.0.units');
    expect(paths({ ...model(), inputs: 1.5 })).toEqual(['not_integer inputs']);
  });
  test('trained is checked field by field', () => {
    expect(paths({ ...model(), trained: { epochs: 15, loss: 'low' } })).toEqual(['wrong_type trained.loss']);
    expect(paths({ ...model(), trained: { epochs: 1.5 } })).toEqual(['not_integer trained.epochs']);
    expect(paths({ ...model(), trained: { epochs: 2, valLoss: -1 } })).toEqual([
      'out_of_range trained.valLoss',
    ]);
    expect(paths({ ...model(), trained: { epochs: 2, divergedAtEpoch: 0 } })).toEqual([
      'out_of_range trained.divergedAtEpoch',
    ]);
    expect(paths({ ...model(), trained: { epochs: 2, zzz: 1 } })).toEqual(['unknown_field trained.zzz']);
    expect(paths({ ...model(), trained: { loss: 1 } })).toEqual(['missing trained.epochs']);
    expect(paths({ ...model(), trained: [] })).toEqual(['wrong_type trained']);
  });
  test('a deeply nested value anywhere is one issue with its path', () => {
    expect(paths({ ...model(), trained: nested(100_000) })).toEqual([
      `too_deep trained${'.0'.repeat(LIMITS.depth - 1)}`,
    ]);
  });
});

describe('nesting depth is checked first, without recursion', () => {
  test.each([
    ['data.inputs', (e: Raw, v: unknown) => (e.data.inputs = v)],
    ['loss', (e: Raw, v: unknown) => (e.loss = v)],
    ['title', (e: Raw, v: unknown) => (e.title = v)],
    ['model.layers.0.units', (e: Raw, v: unknown) => (e.model.layers[0].units = v)],
  ])('%s nested 10⁵ deep', (where, put) => {
    const e = base();
    put(e, nested(100_000));
    const issues = issuesOf(e);
    expect(issues).toHaveLength(1);
    expect(issues[0].code).toBe('too_deep');
    // The path goes down to the first level past the limit (the root object is level 1).
    const depthOfField = where.split('.').length;
    expect(issues[0].path.slice(0, depthOfField).join('.')).toBe(where);
    expect(issues[0].path).toHaveLength(LIMITS.depth);
  });

  test('the deepest legitimate field (a model file’s experiment.validation.inputs rows) is far inside', () => {
    expect(depthIssue({ experiment: { validation: { inputs: [[1]] } } })).toBeUndefined();
    expect(depthIssue(nested(LIMITS.depth))).toBeUndefined();
    expect(depthIssue(nested(LIMITS.depth + 1))?.path).toHaveLength(LIMITS.depth);
  });
});

describe('keys named like Object.prototype members are fields like any other', () => {
  test.each(['constructor', 'toString', 'hasOwnProperty', '__proto__', 'zzz'])(
    'model.init.%s beside W1 and b1 is unknown',
    (key) => {
      const e = base();
      // JSON.parse makes "__proto__" an own key, as a file read from disk would have it.
      e.model.init = JSON.parse(`{"W1": [[0.5]], "b1": [0], "${key}": 1}`);
      expect(summary(issuesOf(e))).toEqual([`unknown_field model.init.${key}`]);
    },
  );
  test.each(['constructor', 'toString', 'hasOwnProperty', '__proto__'])(
    'model file params.%s is unknown',
    (key) => {
      const raw = JSON.parse(
        `{"format": "unha-model", "version": 1, "inputs": 1, "layers": [{"units": 1}], "params": {"W1": [[2]], "b1": [1], "${key}": 1}}`,
      ) as unknown;
      const r = fromModelFile(raw);
      expect(r.ok ? [] : summary(r.issues)).toEqual([`unknown_field params.${key}`]);
    },
  );
  test('a W1 inherited from nowhere: init {"__proto__": {"W1": ...}} still misses W1', () => {
    const e = base();
    e.model.init = JSON.parse('{"__proto__": {"W1": [[0.5]]}, "b1": [0]}');
    expect(summary(issuesOf(e))).toEqual(['missing model.init.W1', 'unknown_field model.init.__proto__']);
  });
});

describe('seeds are the generator’s 32 bits, no more', () => {
  test('0, 2³², 10³⁰⁰ would give the same run: only 0 … 2³² − 1 are accepted', () => {
    // Why: the generator keeps seed mod 2³².
    expect(new Rng(2 ** 32).next()).toBe(new Rng(0).next());
    expect(new Rng(1e300).next()).toBe(new Rng(0).next());
    for (const seed of [2 ** 32, 1e300, -1]) {
      const e = base();
      e.seed = seed;
      expect(summary(issuesOf(e))).toEqual(['out_of_range seed']);
      const f = base();
      f.model.init = { seed };
      expect(summary(issuesOf(f))).toEqual(['out_of_range model.init.seed']);
    }
    const ok = base();
    ok.seed = MAX_SEED;
    ok.model.init = { seed: MAX_SEED };
    expect(validateExperiment(ok).ok).toBe(true);
    const frac = base();
    frac.seed = 1.5;
    expect(summary(issuesOf(frac))).toEqual(['not_integer seed']);
  });
});

describe('overrides over a deeply nested file', () => {
  test('applyOverrides leaves it for the validator to name, instead of overflowing the stack', () => {
    const e = base();
    e.loss = nested(100_000);
    const out = applyOverrides(e, { lr: 0.5 });
    expect(summary(issuesOf(out))).toEqual([`too_deep loss${'.0'.repeat(LIMITS.depth - 1)}`]);
  });
});

describe('prediction', () => {
  test('rows × the widest layer beyond the limit is an input error, before the forward pass', () => {
    const r = fromModelFile({
      format: 'unha-model',
      version: 1,
      inputs: 1,
      layers: [{ units: 1000, activation: 'tanh' }, { units: 1 }],
      params: {
        W1: Array.from({ length: 1000 }, () => [0.001]),
        b1: new Array(1000).fill(0),
        W2: [new Array(1000).fill(0.001)],
        b2: [0],
      },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(infer(r.value, [[1], [2]]).outputs).toHaveLength(2);
    const rows = Array.from({ length: 1001 }, (_, i) => [i]);
    let thrown: unknown;
    try {
      infer(r.value, rows);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(UnhaInputError);
    expect((thrown as UnhaInputError).issues).toEqual([
      {
        code: 'too_large',
        path: ['inputs'],
        expected: { key: 'limit', what: 'activations', limit: LIMITS.activations, needed: 1001 * 1000 },
      },
    ]);
  });
});
