/**
 * Every way an experiment can be wrong, and the issue it must produce: a stable code and the path of the
 * bad field (the words come later, from explain's locales).
 */
import { describe, expect, test } from 'vitest';
import type { Issue } from '../src/errors';
import { type Experiment, validateExperiment } from '../src/experiment';
import { Trainer, initialParams } from '../src/train';

/** A valid 2-input, 2-layer experiment; each case below breaks one thing in a copy. */
const base = {
  data: {
    inputs: [
      [1, 2],
      [3, 4],
      [5, 6],
    ],
    targets: [[1], [2], [3]],
  },
  model: {
    layers: [
      { units: 3, activation: 'tanh' },
      { units: 1, activation: 'identity' },
    ],
    init: {
      W1: [
        [0.1, 0.2],
        [0.3, 0.4],
        [0.5, 0.6],
      ],
      b1: [0, 0, 0],
      W2: [[0.1, 0.2, 0.3]],
      b2: [0],
    },
  },
  loss: 'mse',
  optimizer: { name: 'sgd', lr: 0.1 },
  epochs: 5,
};
// The cases below break experiments the way untyped JSON can be broken, so they work on `any` values.
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access,
   @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return */
type Raw = Record<string, any>;

function issuesOf(change: (e: Raw) => void): Issue[] {
  const e = structuredClone(base) as Raw;
  change(e);
  const r = validateExperiment(e);
  if (r.ok) throw new Error('expected the experiment to be refused');
  return r.issues;
}

/** The issue list contains one with this code at this path. */
function expectIssue(issues: Issue[], code: Issue['code'], path: (string | number)[]): void {
  const summary = issues.map((i) => `${i.code} ${JSON.stringify(i.path)}`).join('; ');
  expect(
    issues.some((i) => i.code === code && JSON.stringify(i.path) === JSON.stringify(path)),
    `expected ${code} at ${JSON.stringify(path)}, got: ${summary}`,
  ).toBe(true);
}

type Case = [string, (e: Raw) => void, Issue['code'], (string | number)[]];

function cases(title: string, list: Case[]): void {
  describe(title, () => {
    test.each(list)('%s', (_name, change, code, path) => expectIssue(issuesOf(change), code, path));
  });
}

describe('a valid experiment', () => {
  test('passes, and comes out with the defaults filled in', () => {
    const r = validateExperiment(base);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.loss).toBe('mse');
    expect(r.value.model.layers[1].activation).toBe('identity');
  });

  test('loss and activation may be left out (mse, identity)', () => {
    const e = structuredClone(base) as Raw;
    delete e.loss;
    delete e.model.layers[1].activation;
    const r = validateExperiment(e);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.loss).toBe('mse');
      expect(r.value.model.layers[1].activation).toBe('identity');
    }
  });

  test('every optional field in its right form is accepted', () => {
    const e = structuredClone(base) as Raw;
    Object.assign(e, {
      title: { en: 'A title', 'pt-BR': 'Um título' },
      notes: 'notes',
      batchSize: 2,
      shuffle: true,
      seed: 3,
      l2: 0.01,
      normalize: true,
      validation: { inputs: [[7, 8]], targets: [[4]] },
    });
    e.data.inputNames = ['a', 'b'];
    e.data.targetNames = ['y'];
    e.model.layers[0].dropout = 0.2;
    e.optimizer = { name: 'adam', lr: 0.01, beta1: 0.8, beta2: 0.99, eps: 1e-6 };
    const r = validateExperiment(e);
    expect(r.ok, JSON.stringify(r)).toBe(true);
  });
});

describe('not an object', () => {
  test.each([[42], [null], [[1, 2]], ['text'], [undefined]])('%j', (raw) => {
    const r = validateExperiment(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues).toEqual([expect.objectContaining({ code: 'wrong_type', path: [] })]);
  });
});

cases('missing fields', [
  ['data', (e) => delete e.data, 'missing', ['data']],
  ['data.inputs', (e) => delete e.data.inputs, 'missing', ['data', 'inputs']],
  ['data.targets', (e) => delete e.data.targets, 'missing', ['data', 'targets']],
  ['model', (e) => delete e.model, 'missing', ['model']],
  ['model.layers', (e) => delete e.model.layers, 'missing', ['model', 'layers']],
  [
    'model.layers[0].units',
    (e) => delete e.model.layers[0].units,
    'missing',
    ['model', 'layers', 0, 'units'],
  ],
  ['model.init', (e) => delete e.model.init, 'missing', ['model', 'init']],
  ['model.init.W2', (e) => delete e.model.init.W2, 'missing', ['model', 'init', 'W2']],
  ['model.init.b1', (e) => delete e.model.init.b1, 'missing', ['model', 'init', 'b1']],
  ['optimizer', (e) => delete e.optimizer, 'missing', ['optimizer']],
  ['optimizer.name', (e) => delete e.optimizer.name, 'missing', ['optimizer', 'name']],
  ['optimizer.lr', (e) => delete e.optimizer.lr, 'missing', ['optimizer', 'lr']],
  ['epochs', (e) => delete e.epochs, 'missing', ['epochs']],
]);

cases('wrong types', [
  ['data is a number', (e) => (e.data = 5), 'wrong_type', ['data']],
  ['data.inputs is text', (e) => (e.data.inputs = 'abc'), 'wrong_type', ['data', 'inputs']],
  ['a row of inputs is a number', (e) => (e.data.inputs[1] = 5), 'wrong_type', ['data', 'inputs', 1]],
  ['an input is text', (e) => (e.data.inputs[0][1] = '2'), 'wrong_type', ['data', 'inputs', 0, 1]],
  ['a target is null', (e) => (e.data.targets[2][0] = null), 'wrong_type', ['data', 'targets', 2, 0]],
  ['inputNames are not text', (e) => (e.data.inputNames = [1, 2]), 'wrong_type', ['data', 'inputNames']],
  ['model is an array', (e) => (e.model = []), 'wrong_type', ['model']],
  ['model.layers is an object', (e) => (e.model.layers = {}), 'wrong_type', ['model', 'layers']],
  ['a layer is a number', (e) => (e.model.layers[0] = 3), 'wrong_type', ['model', 'layers', 0]],
  ['units is text', (e) => (e.model.layers[0].units = '3'), 'wrong_type', ['model', 'layers', 0, 'units']],
  ['units is 1.5', (e) => (e.model.layers[0].units = 1.5), 'not_integer', ['model', 'layers', 0, 'units']],
  ['units is 0', (e) => (e.model.layers[0].units = 0), 'out_of_range', ['model', 'layers', 0, 'units']],
  [
    'activation is a number',
    (e) => (e.model.layers[0].activation = 1),
    'wrong_type',
    ['model', 'layers', 0, 'activation'],
  ],
  [
    'dropout is text',
    (e) => (e.model.layers[0].dropout = 'half'),
    'wrong_type',
    ['model', 'layers', 0, 'dropout'],
  ],
  ['init is text', (e) => (e.model.init = 'random'), 'wrong_type', ['model', 'init']],
  ['init.seed is text', (e) => (e.model.init = { seed: 'x' }), 'wrong_type', ['model', 'init', 'seed']],
  ['init.seed is negative', (e) => (e.model.init = { seed: -1 }), 'out_of_range', ['model', 'init', 'seed']],
  ['init.seed is 1.5', (e) => (e.model.init = { seed: 1.5 }), 'not_integer', ['model', 'init', 'seed']],
  ['W1 is a number', (e) => (e.model.init.W1 = 1), 'wrong_type', ['model', 'init', 'W1']],
  ['b1 is text', (e) => (e.model.init.b1 = 'zeros'), 'wrong_type', ['model', 'init', 'b1']],
  ['a value of b1 is text', (e) => (e.model.init.b1[1] = '0'), 'wrong_type', ['model', 'init', 'b1', 1]],
  ['loss is a number', (e) => (e.loss = 2), 'wrong_type', ['loss']],
  ['optimizer is text', (e) => (e.optimizer = 'sgd'), 'wrong_type', ['optimizer']],
  ['optimizer.name is a number', (e) => (e.optimizer.name = 1), 'wrong_type', ['optimizer', 'name']],
  ['lr is text', (e) => (e.optimizer.lr = '0.1'), 'wrong_type', ['optimizer', 'lr']],
  ['epochs is text', (e) => (e.epochs = '10'), 'wrong_type', ['epochs']],
  ['batchSize is text', (e) => (e.batchSize = 'all'), 'wrong_type', ['batchSize']],
  ['shuffle is text', (e) => (e.shuffle = 'yes'), 'wrong_type', ['shuffle']],
  ['normalize is 1', (e) => (e.normalize = 1), 'wrong_type', ['normalize']],
  ['title is a number', (e) => (e.title = 5), 'wrong_type', ['title']],
  ['notes has a number inside', (e) => (e.notes = { en: 5 }), 'wrong_type', ['notes']],
  ['validation is text', (e) => (e.validation = 'some'), 'wrong_type', ['validation']],
]);

cases('unknown values', [
  [
    'activation softmax',
    (e) => (e.model.layers[0].activation = 'softmax'),
    'unknown_value',
    ['model', 'layers', 0, 'activation'],
  ],
  ['optimizer rmsprop', (e) => (e.optimizer.name = 'rmsprop'), 'unknown_value', ['optimizer', 'name']],
  ['loss mae', (e) => (e.loss = 'mae'), 'unknown_value', ['loss']],
]);

cases('unknown fields', [
  ['a top-level typo', (e) => (e.learningRate = 0.1), 'unknown_field', ['learningRate']],
  ['in data', (e) => (e.data.input_names = ['a', 'b']), 'unknown_field', ['data', 'input_names']],
  ['in model', (e) => (e.model.optimizer = 'adam'), 'unknown_field', ['model', 'optimizer']],
  ['in a layer', (e) => (e.model.layers[0].bias = false), 'unknown_field', ['model', 'layers', 0, 'bias']],
  [
    'momentum on adam',
    (e) => (e.optimizer = { name: 'adam', lr: 0.1, momentum: 0.9 }),
    'unknown_field',
    ['optimizer', 'momentum'],
  ],
  ['beta1 on sgd', (e) => (e.optimizer.beta1 = 0.9), 'unknown_field', ['optimizer', 'beta1']],
  ['W3 for a 2-layer model', (e) => (e.model.init.W3 = [[1]]), 'unknown_field', ['model', 'init', 'W3']],
  ['a stray name in init', (e) => (e.model.init.bias = [0]), 'unknown_field', ['model', 'init', 'bias']],
  [
    'initial values beside a seed',
    (e) => (e.model.init = { seed: 1, W1: [[1, 2]] }),
    'unknown_field',
    ['model', 'init', 'W1'],
  ],
  [
    'in a validation set',
    (e) => (e.validation = { inputs: [[1, 2]], targets: [[1]], weights: [1] }),
    'unknown_field',
    ['validation', 'weights'],
  ],
]);

cases('ragged and empty arrays', [
  ['ragged inputs', (e) => (e.data.inputs[1] = [3]), 'ragged', ['data', 'inputs', 1]],
  ['ragged targets', (e) => (e.data.targets[2] = [3, 4]), 'ragged', ['data', 'targets', 2]],
  ['ragged W1', (e) => (e.model.init.W1[2] = [0.5]), 'ragged', ['model', 'init', 'W1', 2]],
  ['no input rows', (e) => (e.data.inputs = []), 'empty', ['data', 'inputs']],
  ['no target rows', (e) => (e.data.targets = []), 'empty', ['data', 'targets']],
  ['an empty input row', (e) => (e.data.inputs[0] = []), 'empty', ['data', 'inputs', 0]],
  ['no layers', (e) => (e.model.layers = []), 'empty', ['model', 'layers']],
  ['an empty W1', (e) => (e.model.init.W1 = []), 'empty', ['model', 'init', 'W1']],
]);

cases('shapes that do not fit', [
  ['fewer target rows than input rows', (e) => e.data.targets.pop(), 'shape', ['data', 'targets']],
  ['more target rows than input rows', (e) => e.data.targets.push([4]), 'shape', ['data', 'targets']],
  [
    'last layer units ≠ target columns',
    (e) => (e.model.layers[1].units = 2),
    'shape',
    ['model', 'layers', 1, 'units'],
  ],
  [
    'W1 with the wrong number of columns',
    (e) => (e.model.init.W1 = [[1], [2], [3]]),
    'shape',
    ['model', 'init', 'W1'],
  ],
  ['W1 with the wrong number of rows', (e) => e.model.init.W1.pop(), 'shape', ['model', 'init', 'W1']],
  [
    'W2 that does not take layer 1 outputs',
    (e) => (e.model.init.W2 = [[1, 2]]),
    'shape',
    ['model', 'init', 'W2'],
  ],
  ['b1 with too few values', (e) => (e.model.init.b1 = [0, 0]), 'shape', ['model', 'init', 'b1']],
  ['b2 with too many values', (e) => (e.model.init.b2 = [0, 0]), 'shape', ['model', 'init', 'b2']],
  ['inputNames of the wrong length', (e) => (e.data.inputNames = ['a']), 'shape', ['data', 'inputNames']],
  [
    'targetNames of the wrong length',
    (e) => (e.data.targetNames = ['y', 'z']),
    'shape',
    ['data', 'targetNames'],
  ],
  [
    'validation inputs of the wrong width',
    (e) => (e.validation = { inputs: [[1, 2, 3]], targets: [[1]] }),
    'shape',
    ['validation', 'inputs'],
  ],
  [
    'validation targets of the wrong width',
    (e) => (e.validation = { inputs: [[1, 2]], targets: [[1, 2]] }),
    'shape',
    ['validation', 'targets'],
  ],
  [
    'validation with more targets than inputs',
    (e) => (e.validation = { inputs: [[1, 2]], targets: [[1], [2]] }),
    'shape',
    ['validation', 'targets'],
  ],
]);

cases('numbers that are not finite (from code: JSON cannot hold them)', [
  ['NaN in inputs', (e) => (e.data.inputs[0][0] = NaN), 'not_finite', ['data', 'inputs', 0, 0]],
  ['Infinity in targets', (e) => (e.data.targets[1][0] = Infinity), 'not_finite', ['data', 'targets', 1, 0]],
  ['NaN in W1', (e) => (e.model.init.W1[1][1] = NaN), 'not_finite', ['model', 'init', 'W1', 1, 1]],
  ['−Infinity in b1', (e) => (e.model.init.b1[2] = -Infinity), 'not_finite', ['model', 'init', 'b1', 2]],
  ['lr Infinity', (e) => (e.optimizer.lr = Infinity), 'not_finite', ['optimizer', 'lr']],
  ['lr NaN', (e) => (e.optimizer.lr = NaN), 'not_finite', ['optimizer', 'lr']],
  ['epochs NaN', (e) => (e.epochs = NaN), 'not_finite', ['epochs']],
  ['l2 NaN', (e) => (e.l2 = NaN), 'not_finite', ['l2']],
  ['validation NaN', (e) => (e.validation = NaN), 'not_finite', ['validation']],
  ['momentum Infinity', (e) => (e.optimizer.momentum = Infinity), 'not_finite', ['optimizer', 'momentum']],
]);

cases('numbers out of range', [
  ['lr 0', (e) => (e.optimizer.lr = 0), 'out_of_range', ['optimizer', 'lr']],
  ['lr negative', (e) => (e.optimizer.lr = -0.1), 'out_of_range', ['optimizer', 'lr']],
  ['epochs 2.5', (e) => (e.epochs = 2.5), 'not_integer', ['epochs']],
  ['epochs 0', (e) => (e.epochs = 0), 'out_of_range', ['epochs']],
  ['batchSize 0', (e) => (e.batchSize = 0), 'out_of_range', ['batchSize']],
  ['batchSize 1.5', (e) => (e.batchSize = 1.5), 'not_integer', ['batchSize']],
  ['seed negative', (e) => (e.seed = -3), 'out_of_range', ['seed']],
  ['l2 negative', (e) => (e.l2 = -0.01), 'out_of_range', ['l2']],
  ['momentum above 1', (e) => (e.optimizer.momentum = 1.5), 'out_of_range', ['optimizer', 'momentum']],
  [
    'beta2 of 1 (no averaging)',
    (e) => (e.optimizer = { name: 'adam', lr: 0.1, beta2: 1 }),
    'out_of_range',
    ['optimizer', 'beta2'],
  ],
  ['eps 0', (e) => (e.optimizer = { name: 'adam', lr: 0.1, eps: 0 }), 'out_of_range', ['optimizer', 'eps']],
  ['dropout 1', (e) => (e.model.layers[0].dropout = 1), 'out_of_range', ['model', 'layers', 0, 'dropout']],
  [
    'dropout negative',
    (e) => (e.model.layers[0].dropout = -0.1),
    'out_of_range',
    ['model', 'layers', 0, 'dropout'],
  ],
  [
    'dropout on the output layer',
    (e) => (e.model.layers[1].dropout = 0.5),
    'out_of_range',
    ['model', 'layers', 1, 'dropout'],
  ],
  ['validation fraction 0.95', (e) => (e.validation = 0.95), 'out_of_range', ['validation']],
  ['validation fraction negative', (e) => (e.validation = -0.2), 'out_of_range', ['validation']],
  [
    'a validation fraction of a single example',
    (e) => {
      e.data = { inputs: [[1, 2]], targets: [[1]] };
      e.validation = 0.5;
    },
    'out_of_range',
    ['validation'],
  ],
]);

describe('issues carry what was expected and what was found', () => {
  test('an unknown activation lists the choices and quotes the value', () => {
    const [i] = issuesOf((e) => (e.model.layers[0].activation = 'softmax'));
    expect(i).toEqual({
      code: 'unknown_value',
      path: ['model', 'layers', 0, 'activation'],
      expected: { key: 'oneOf', values: ['identity', 'relu', 'tanh', 'sigmoid'] },
      received: '"softmax"',
    });
  });

  test('a W of the wrong shape says both shapes', () => {
    const [i] = issuesOf((e) => (e.model.init.W1 = [[1], [2], [3]]));
    expect(i.expected).toEqual({ key: 'weightShape', rows: 3, cols: 2, layer: 1 });
    expect(i.found).toEqual({ key: 'weightShape', rows: 3, cols: 1 });
  });

  test('every problem is reported, not only the first', () => {
    const issues = issuesOf((e) => {
      e.optimizer.lr = -1;
      e.epochs = 0.5;
      e.model.layers[0].activation = 'gelu';
      e.extra = true;
    });
    expect(issues).toHaveLength(4);
    expectIssue(issues, 'out_of_range', ['optimizer', 'lr']);
    expectIssue(issues, 'not_integer', ['epochs']);
    expectIssue(issues, 'unknown_value', ['model', 'layers', 0, 'activation']);
    expectIssue(issues, 'unknown_field', ['extra']);
  });
});

describe('init from a seed', () => {
  const withSeed = (seed: number): Experiment => {
    const e = structuredClone(base) as Raw;
    e.model.layers = [
      { units: 4, activation: 'tanh' },
      { units: 3, activation: 'tanh' },
      { units: 1, activation: 'identity' },
    ];
    e.model.init = { seed };
    const r = validateExperiment(e);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    return r.value;
  };

  test('{seed: 42} is accepted and gives every parameter its shape', () => {
    const p = initialParams(withSeed(42));
    expect(Object.keys(p).sort()).toEqual(['W1', 'W2', 'W3', 'b1', 'b2', 'b3']);
    expect((p.W1 as number[][]).map((r) => r.length)).toEqual([2, 2, 2, 2]);
    expect((p.W2 as number[][]).map((r) => r.length)).toEqual([4, 4, 4]);
    expect((p.W3 as number[][]).map((r) => r.length)).toEqual([3]);
    expect([p.b1, p.b2, p.b3].map((b) => b.length)).toEqual([4, 3, 1]);
  });

  test('the same seed gives the same parameters; another seed, different ones', () => {
    expect(initialParams(withSeed(42))).toEqual(initialParams(withSeed(42)));
    expect(new Trainer(withSeed(42)).network.values()).toEqual(initialParams(withSeed(42)));
    expect(initialParams(withSeed(43))).not.toEqual(initialParams(withSeed(42)));
    const a = (initialParams(withSeed(42)).W1 as number[][]).flat();
    const b = (initialParams(withSeed(43)).W1 as number[][]).flat();
    expect(a.every((v, i) => v !== b[i])).toBe(true);
  });

  test('values lie within ±1/√fan_in (PyTorch nn.Linear scheme) and are spread out', () => {
    const p = initialParams(withSeed(7));
    const fanIn = { 1: 2, 2: 4, 3: 3 } as const;
    for (const l of [1, 2, 3] as const) {
      const k = 1 / Math.sqrt(fanIn[l]);
      const values = [...(p[`W${l}`] as number[][]).flat(), ...(p[`b${l}`] as number[])];
      for (const v of values) expect(Math.abs(v)).toBeLessThanOrEqual(k);
      expect(new Set(values).size).toBe(values.length);
    }
    // Over many draws the extremes approach ±k: a scale bug (e.g. k = 1/fan_in) would show here.
    const big = (seed: number): number[] =>
      Object.values(initialParams(withSeed(seed)))
        .slice(0, 1)
        .flatMap((w) => (w as number[][]).flat());
    const all = Array.from({ length: 50 }, (_, s) => big(s)).flat();
    expect(Math.max(...all)).toBeGreaterThan(0.9 / Math.sqrt(2));
    expect(Math.min(...all)).toBeLessThan(-0.9 / Math.sqrt(2));
  });
});
