/**
 * The user's own data and models: the CSV parser (every kind of problem with its line and column),
 * the model file (save, reload, predict the same numbers; a bad file's issues with their paths) and
 * the parameter count.
 */
import { describe, expect, it } from 'vitest';
import {
  type Issue,
  type ModelFile,
  Network,
  countParams,
  csvToData,
  csvToInputs,
  fromModelFile,
  infer,
  parseCsvNumber,
  toModelFile,
  train,
  validateExperiment,
} from '../src/index';

const ok = <T>(r: { ok: true; value: T } | { ok: false; issues: Issue[] }): T => {
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
};
const issues = (r: { ok: boolean; issues?: Issue[] }): Issue[] => {
  expect(r.ok).toBe(false);
  return r.issues!;
};

describe('CSV', () => {
  it('commas, decimal points; inputs default to all but the last column, the target to the last', () => {
    expect(ok(csvToData('a,b,y\n1,2,3\n4.5,-6,7e-1\n'))).toEqual({
      inputs: [
        [1, 2],
        [4.5, -6],
      ],
      targets: [[3], [0.7]],
      inputNames: ['a', 'b'],
      targetNames: ['y'],
    });
  });
  it('semicolons with decimal commas, a BOM, Windows line ends, blank lines, quotes, ignored columns', () => {
    const text = '\uFEFFid;x;"y"\r\n"a;1";2,5;−1,25\r\n\r\nb;3;"4,0"\r\n';
    expect(ok(csvToData(text, { inputs: ['x'], targets: ['y'] }))).toEqual({
      inputs: [[2.5], [3]],
      targets: [[-1.25], [4]],
      inputNames: ['x'],
      targetNames: ['y'],
    });
    expect(parseCsvNumber('1.234,5')).toBeNaN(); // no thousands separators
    expect(parseCsvNumber('1,2,3')).toBeNaN();
    expect(parseCsvNumber(' 3 ')).toBe(3);
  });
  it('every problem at once, each with its line and column', () => {
    const found = issues(csvToData('a,b,y\n1,2,3\n4,,6\n7,x,9\n1,2\n'));
    expect(found).toEqual([
      { code: 'missing', path: [], line: 3, column: 'b', expected: { key: 'cellNumber' } },
      { code: 'csv_value', path: [], line: 4, column: 'b', received: '"x"', expected: { key: 'cellNumber' } },
      {
        code: 'csv_ragged',
        path: [],
        line: 5,
        received: '2',
        expected: { key: 'count', n: 3, of: 'fields' },
      },
    ]);
  });
  it('an unknown column names the option and lists the header', () => {
    const header = { key: 'oneOf', values: ['a', 'b', 'y'] };
    expect(issues(csvToData('a,b,y\n1,2,3\n', { inputs: ['a', 'z'], targets: ['w'] }))).toEqual([
      { code: 'csv_column', path: ['inputs'], line: 1, received: '"z"', expected: header },
      { code: 'csv_column', path: ['targets'], line: 1, received: '"w"', expected: header },
    ]);
  });
  it('an empty file, a header alone, a single column', () => {
    expect(issues(csvToData(''))[0].code).toBe('empty');
    expect(issues(csvToData('\n\na,y\n'))[0]).toMatchObject({ code: 'empty', line: 3 });
    expect(issues(csvToData('y\n1\n'))[0]).toMatchObject({ code: 'empty', line: 1 });
  });
  it('inputs for prediction: named columns, or the first n; targets only when all present', () => {
    const text = 'a;b;y\n1;2;3\n0,5;1;2\n';
    expect(ok(csvToInputs(text, ['b', 'a'], ['y']))).toEqual({
      inputs: [
        [2, 1],
        [1, 0.5],
      ],
      inputNames: ['b', 'a'],
      targets: [[3], [2]],
    });
    expect(ok(csvToInputs(text, 2, ['z']))).toEqual({
      inputs: [
        [1, 2],
        [0.5, 1],
      ],
      inputNames: ['a', 'b'],
    });
  });
});

describe('model file', () => {
  const exp = ok(
    validateExperiment({
      data: {
        inputs: [
          [0.1, 40],
          [0.9, 10],
          [0.5, 70],
          [0.3, 25],
        ],
        targets: [[1], [2], [0.5], [1.5]],
        inputNames: ['a', 'b'],
        targetNames: ['y'],
      },
      model: {
        layers: [
          { units: 3, activation: 'tanh', dropout: 0.2 },
          { units: 1, activation: 'identity' },
        ],
        init: { seed: 2 },
      },
      optimizer: { name: 'adam', lr: 0.05 },
      epochs: 30,
      normalize: true,
    }),
  );
  const trace = train(exp, { trace: 'epochs' });

  it('save, reload through JSON, predict: the same numbers as the trained network on normalized inputs', () => {
    const file = toModelFile(trace);
    const back = ok(fromModelFile(JSON.parse(JSON.stringify(file))));
    expect(back.params).toEqual(trace.epochs[29].params);
    expect(back.normalization).toEqual(trace.normalization);
    expect(back.experiment).toEqual(exp);
    expect(back.trained).toMatchObject({ epochs: 30, loss: trace.epochs[29].loss });
    const fresh = [
      [0.2, 33],
      [0.7, 64],
    ];
    const inf = infer(back, fresh);
    const n = trace.normalization!;
    const z = fresh.map((r) => r.map((v, i) => (v - n.mean[i]) / n.std[i]));
    expect(inf.normalized).toEqual(z);
    const expected = new Network(exp.model.layers, 2, trace.epochs[29].params).predict(z);
    expect(inf.outputs).toEqual(expected);
    // The training examples, predicted from the file, give the run's final training loss (no dropout).
    const again = infer(back, exp.data.inputs);
    const mse = again.outputs.reduce((s, o, i) => s + (o[0] - exp.data.targets[i][0]) ** 2, 0) / 4;
    expect(mse).toBeCloseTo(
      new Network(exp.model.layers, 2, trace.epochs[29].params).forwardLoss(
        trace.train.inputs,
        trace.train.targets,
      ),
      14,
    );
  });

  it('a one-neuron model, by hand: ŷ = W·x + B', () => {
    const m: ModelFile = ok(
      fromModelFile({
        format: 'unha-model',
        version: 1,
        inputs: 1,
        layers: [{ units: 1, activation: 'identity' }],
        params: { W1: [[2.0919]], b1: [0.5306] },
      }),
    );
    expect(infer(m, [[5]]).outputs[0][0]).toBeCloseTo(2.0919 * 5 + 0.5306, 14);
  });

  it('a diverged run keeps its last finite parameters and says where it stopped', () => {
    const t = train(
      ok(
        validateExperiment({
          data: { inputs: [[1], [2], [3], [4]], targets: [[3], [5], [7], [9]] },
          model: { layers: [{ units: 1 }], init: { W1: [[0.5]], b1: [0] } },
          optimizer: { name: 'sgd', lr: 0.5 },
          epochs: 100,
        }),
      ),
    );
    const f = toModelFile(t);
    expect(f.trained!.divergedAtEpoch).toBe(t.diverged!.epoch);
    expect(f.params).toEqual(t.epochs[t.epochs.length - 1].params);
  });

  it('a bad model file: every problem with its path', () => {
    const base = JSON.parse(JSON.stringify(toModelFile(trace))) as Record<string, unknown>;
    const paths = (raw: unknown): string[] =>
      issues(fromModelFile(raw)).map((i) => `${i.path.join('.')} ${i.code}`);
    expect(paths({ ...base, format: 'keras' })).toEqual(['format unknown_value']);
    expect(paths({ ...base, version: 2 })).toEqual(['version unknown_value']);
    expect(paths({ ...base, params: { ...(base.params as object), W1: [[1, 2]] } })).toEqual([
      'params.W1 shape',
    ]);
    expect(paths({ ...base, params: undefined })).toContain('params missing');
    expect(paths({ ...base, normalization: { mean: [0, 0], std: [1, 0] } })).toEqual([
      'normalization.std.1 out_of_range',
    ]);
    expect(paths({ ...base, layers: [{ units: 3, activation: 'gelu' }, { units: 1 }] })).toContain(
      'layers.0.activation unknown_value',
    );
    expect(paths({ ...base, experiment: { epochs: 0 } })).toContain('experiment.epochs out_of_range');
    expect(paths({ ...base, extra: 1 })).toEqual(['extra unknown_field']);
    expect(paths('not an object')).toEqual([' wrong_type']);
  });
});

describe('parameter count', () => {
  it('the seed’s 8 + 8 network: 105 parameters, 88 multiply-adds forward, ≈ 264 per training step', () => {
    const c = countParams(
      [
        { units: 8, activation: 'relu' },
        { units: 8, activation: 'relu' },
        { units: 1, activation: 'identity' },
      ],
      2,
    );
    expect(c.layers.map((l) => [l.weights, l.biases, l.params])).toEqual([
      [16, 8, 24],
      [64, 8, 72],
      [8, 1, 9],
    ]);
    expect(c.params).toBe(105);
    expect(c.forwardMacs).toBe(88);
    expect(c.trainingMacs).toBe(264);
  });
  it('one neuron of one input: W and B, one multiply-add', () => {
    expect(countParams([{ units: 1, activation: 'identity' }], 1)).toMatchObject({
      params: 2,
      forwardMacs: 1,
    });
  });
});
