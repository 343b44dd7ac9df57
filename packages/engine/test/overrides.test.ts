/**
 * The one table of overrides the CLI's flags and the web lab's link are made from: each row reads
 * what it writes, bad text reads as nothing, and each override lands on the field it documents.
 */
import { describe, expect, it } from 'vitest';
import { type Experiment, validateExperiment } from '../src/experiment';
import {
  OVERRIDE_FIELDS,
  OVERRIDE_KEYS,
  type Overrides,
  applyOverrides,
  formatOverride,
  parseDecimal,
  parseOverride,
  readLayers,
  readOverride,
} from '../src/overrides';

/** A value of every key, as a person would set it. */
const SAMPLE: Required<Overrides> = {
  lr: 0.05,
  optimizer: 'adam',
  momentum: 0.9,
  epochs: 300,
  batchSize: 2,
  normalize: true,
  shuffle: false,
  l2: 1e-7,
  dropout: 0.2,
  validation: 0.25,
  seed: 0,
  layers: [
    { units: 4, activation: 'tanh' },
    { units: 1, activation: 'identity' },
  ],
};

/** Two inputs, one hidden layer of 3 tanh units, sgd with momentum. */
const base: Experiment = {
  data: {
    inputs: [
      [0, 1],
      [1, 0],
      [1, 1],
      [0, 0],
    ],
    targets: [[1], [1], [0], [0]],
  },
  model: {
    layers: [
      { units: 3, activation: 'tanh', dropout: 0.5 },
      { units: 1, activation: 'identity' },
    ],
    init: { seed: 7 },
  },
  loss: 'mse',
  optimizer: { name: 'sgd', lr: 0.1, momentum: 0.5 },
  epochs: 10,
};

const run = (o: Overrides): Experiment => {
  const r = validateExperiment(applyOverrides(base, o));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
};

describe('the table', () => {
  it.each(OVERRIDE_KEYS)('%s reads back what it writes', (key) => {
    const text = formatOverride(key, SAMPLE[key]);
    expect(parseOverride(key, text)).toEqual(SAMPLE[key]);
    expect(readOverride(key, text)).toEqual(SAMPLE[key]);
  });

  it('has a row for every key, and no two rows share a flag or a key of the link', () => {
    expect([...OVERRIDE_KEYS].sort()).toEqual(Object.keys(SAMPLE).sort());
    const flags = OVERRIDE_KEYS.map((k) => OVERRIDE_FIELDS[k].flag);
    const queries = OVERRIDE_KEYS.map((k) => OVERRIDE_FIELDS[k].query);
    expect(new Set(flags).size).toBe(flags.length);
    expect(new Set(queries).size).toBe(queries.length);
    for (const f of flags) expect(f).toMatch(/^--[a-z0-9]+(-[a-z0-9]+)*$/);
    // The page's own keys stay what links already carry.
    expect(queries.slice(0, 6)).toEqual(['lr', 'opt', 'momentum', 'epochs', 'batch', 'normalize']);
  });

  it('writes a link as people read it', () => {
    expect(formatOverride('normalize', true)).toBe('1');
    expect(formatOverride('shuffle', false)).toBe('0');
    expect(formatOverride('layers', SAMPLE.layers)).toBe('4:tanh,1');
    expect(formatOverride('lr', 0.01)).toBe('0.01');
  });
});

describe('reading what a person types', () => {
  it('takes a decimal point, a decimal comma, an exponent and the true minus sign', () => {
    expect(parseDecimal('0.01')).toBe(0.01);
    expect(parseDecimal('0,01')).toBe(0.01);
    expect(parseDecimal(' 1e-3 ')).toBe(0.001);
    expect(parseDecimal('−2')).toBe(-2);
    expect(parseDecimal('.5')).toBe(0.5);
    for (const bad of ['', 'abc', '1,2,3', '0x10', '1e999', 'NaN', '1 000'])
      expect(parseDecimal(bad)).toBeUndefined();
    expect(parseOverride('lr', '0,5')).toBe(0.5);
    expect(parseOverride('optimizer', 'ADAM')).toBe('adam');
    expect(parseOverride('layers', '4:TANH, 1')).toEqual(SAMPLE.layers);
  });

  it('gives nothing for bad values, each held to its kind', () => {
    const bad: [keyof Overrides, string][] = [
      ['lr', '0'],
      ['lr', '-1'],
      ['lr', 'abc'],
      ['epochs', '0'],
      ['epochs', '2.5'],
      ['batchSize', '0'],
      ['seed', '-1'],
      ['seed', '1.5'],
      ['l2', '-0.1'],
      ['dropout', '−0.1'],
      ['momentum', 'x'],
      ['validation', ''],
      ['optimizer', 'rmsprop'],
      ['normalize', 'yes'],
      ['shuffle', 'true'],
      ['layers', '4:foo,1'],
      ['layers', '0,1'],
      ['layers', '4,,1'],
      ['layers', '4:tanh:x,1'],
    ];
    for (const [key, text] of bad) expect(parseOverride(key, text), `${key}=${text}`).toBeUndefined();
  });

  it('a link may carry a value of the right type but out of range, for validation to name', () => {
    expect(readOverride('lr', '-1')).toBe(-1);
    expect(readOverride('epochs', '0')).toBe(0);
    expect(readOverride('epochs', '2.5')).toBeUndefined();
    const r = validateExperiment(applyOverrides(base, { lr: -1 }));
    expect(!r.ok && r.issues.map((i) => i.path)).toEqual([['optimizer', 'lr']]);
  });

  it('names the activation that does not exist', () => {
    expect(readLayers('4:Foo,1')).toEqual({ ok: false, activation: 'Foo' });
    expect(readLayers('4:tanh:x')).toEqual({ ok: false });
  });
});

describe('applyOverrides sets the documented fields', () => {
  it('each plain field', () => {
    const e = run({ lr: 0.01, epochs: 3, batchSize: 2, shuffle: true, normalize: true, l2: 0.1, seed: 4 });
    expect(e.optimizer).toEqual({ name: 'sgd', lr: 0.01, momentum: 0.5 });
    expect([e.epochs, e.batchSize, e.shuffle, e.normalize, e.l2, e.seed]).toEqual([3, 2, true, true, 0.1, 4]);
    expect(run({ validation: 0.25 }).validation).toBe(0.25);
    expect(run({ momentum: 0.9 }).optimizer).toEqual({ name: 'sgd', lr: 0.1, momentum: 0.9 });
  });

  it('switching optimizer drops momentum; keeping it keeps the constants', () => {
    expect(run({ optimizer: 'adam' }).optimizer).toEqual({ name: 'adam', lr: 0.1 });
    expect(run({ optimizer: 'sgd', lr: 0.2 }).optimizer).toEqual({ name: 'sgd', lr: 0.2, momentum: 0.5 });
    // Momentum on Adam is the file's mistake too: the validator names it.
    const r = validateExperiment(applyOverrides(base, { optimizer: 'adam', momentum: 0.9 }));
    expect(!r.ok && r.issues.map((i) => i.path)).toEqual([['optimizer', 'momentum']]);
  });

  it('dropout goes on every hidden layer, never the output; 0 takes it away', () => {
    const deep = {
      ...base,
      model: { ...base.model, layers: [...SAMPLE.layers.slice(0, 1), ...base.model.layers] },
    };
    const r = validateExperiment(applyOverrides(deep, { dropout: 0.3 }));
    expect(r.ok && r.value.model.layers.map((l) => l.dropout)).toEqual([0.3, 0.3, undefined]);
    expect(run({ dropout: 0 }).model.layers.map((l) => l.dropout)).toEqual([undefined, undefined]);
  });

  it('new layers draw their initial values from the seed, and dropout goes on them', () => {
    const e = run({ layers: SAMPLE.layers, dropout: 0.2 });
    expect(e.model.layers).toEqual([{ ...SAMPLE.layers[0], dropout: 0.2 }, SAMPLE.layers[1]]);
    expect(e.model.init).toEqual({ seed: 7 });
    expect(run({ layers: SAMPLE.layers, seed: 2 }).model.init).toEqual({ seed: 2 });
  });

  it('leaves the experiment it was given as it was', () => {
    const before = JSON.stringify(base);
    run({ ...SAMPLE, optimizer: 'sgd', validation: 0.25 });
    expect(JSON.stringify(base)).toBe(before);
  });
});
