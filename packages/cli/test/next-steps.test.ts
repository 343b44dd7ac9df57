/**
 * The real `unha` command on the seed's next steps: divergence as an outcome (exit 0), the three fixes,
 * every training flag landing in the experiment, CSV data and its errors (exit 2, line and column, no
 * stack trace), --save / predict, params. The commands run concurrently: each spawn costs ~0.5 s.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Experiment, type ModelFile, train, traceToJson, validateExperiment } from '@unha/engine';
import { findLesson } from '@unha/lessons';

const bin = fileURLToPath(new URL('../bin/unha.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'unha-next-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

interface Out {
  code: number | null;
  stdout: string;
  stderr: string;
}

function unha(args: string[], env: Record<string, string> = {}): Promise<Out> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [bin, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8', ...env },
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface RunJson {
  initial: { params: Record<string, number[] | number[][]> };
  normalization?: { mean: number[]; std: number[] };
  epochs: { epoch: number; loss: number; valLoss?: number; params: Record<string, number[] | number[][]> }[];
  diverged?: { epoch: number; quantity: string; reason: string };
}

const noStack = (o: Out): void => expect(o.stderr).not.toMatch(/\n\s+at /);
const json = (o: Out): RunJson => JSON.parse(o.stdout) as RunJson;

const csv = file('ab.csv', 'a;b;y\n1;0;7\n0;1;8\n1;1;10\n2;1;12\n1;2;13\n0,5;0,5;7,5\n');
const badCsv = file('bad.csv', 'a,b,y\n1,2,3\n4,,6\n7,x,9\n1,2\n');
const badModel = file(
  'bad-model.json',
  JSON.stringify({
    format: 'unha-model',
    version: 1,
    inputs: 1,
    layers: [{ units: 1, activation: 'identity' }],
    params: { W1: [[1, 2]], b1: [0] },
  }),
);
const csvArgs = ['--data', csv, '--inputs', 'a,b', '--targets', 'y'];
const flagArgs = ['--batch-size', '2', '--shuffle', '--seed', '3', '--l2', '0,01', '--momentum', '0.9'];

const runs: Record<string, string[]> = {
  diverges: ['run', 'unbalanced-scales', '--locale', 'en'],
  divergesJson: ['run', 'unbalanced-scales', '--json'],
  normalize: ['run', 'unbalanced-scales', '--normalize', '--json'],
  flags: ['run', 'four-pairs', ...flagArgs, '--validation', '0.25', '--epochs', '3', '--json'],
  dropout: [
    'run',
    'four-pairs',
    '--layers',
    '3:tanh,1',
    '--dropout',
    '0.5',
    '--seed',
    '2',
    '--epochs',
    '3',
    '--json',
  ],
  csv: ['run', ...csvArgs, '--layers', '4:tanh,1', '--lr', '0.05', '--epochs', '50', '--seed', '7', '--json'],
  csvExplain: ['explain', ...csvArgs, '--epoch', '2', '--locale', 'pt-BR'],
  badCsv: ['run', '--data', badCsv, '--locale', 'pt-BR'],
  badColumn: ['run', ...csvArgs.slice(0, 2), '--inputs', 'a,z', '--locale', 'en'],
  noSource: ['run', '--locale', 'en'],
  noHidden: ['run', 'one-neuron', '--dropout', '0.2', '--locale', 'en'],
  badModel: ['predict', badModel, '--input', '5', '--locale', 'pt-BR'],
  paramsText: ['params', 'two-inputs-network', '--locale', 'pt-BR'],
  miniBatches: ['run', 'mini-batches', '--locale', 'en', '--no-chart'],
  miniExplain: ['explain', 'mini-batches', '--step', '3', '--locale', 'en'],
};
const out: Record<string, Out> = {};

beforeAll(async () => {
  const names = Object.keys(runs);
  const results = await Promise.all(names.map((n) => unha(runs[n])));
  names.forEach((n, i) => (out[n] = results[i]));
}, 120_000);

function valid(raw: unknown): Experiment {
  const r = validateExperiment(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

describe('unbalanced-scales: divergence is an outcome, and each fix rescues it', () => {
  it('exit 0, the explanation of which value exploded and what to try', () => {
    const o = out.diverges;
    expect(o.code).toBe(0);
    expect(o.stdout).toContain('The training diverged. At epoch 3 the loss reached');
    expect(o.stdout).toContain('--normalize');
    noStack(o);
  });
  it('--json carries "diverged": {"epoch": 3, ...}', () => {
    const j = json(out.divergesJson);
    expect(out.divergesJson.code).toBe(0);
    expect(j.diverged).toMatchObject({ epoch: 3, quantity: 'loss', reason: 'exploding' });
    expect(j.epochs.length).toBe(2);
  });
  // --lr 0.0001 and --optimizer adam are checked in-process (packages/lessons/test/next-steps.test.ts).
  it('--normalize: no divergence, all 500 epochs, the fitted mean and deviation in --json', () => {
    const n = json(out.normalize);
    expect(n.diverged).toBeUndefined();
    expect(n.epochs.length).toBe(500);
    expect(n.normalization!.mean).toEqual([0.49374999999999997, 52]);
    expect(n.epochs[499].loss).toBeLessThan(1e-10);
  });
});

describe('training flags land in the experiment', () => {
  it('--batch-size --shuffle --seed --l2 --momentum --validation: the same run as the fields', () => {
    const exp = valid({
      ...findLesson('four-pairs')!.experiment,
      batchSize: 2,
      shuffle: true,
      seed: 3,
      l2: 0.01,
      optimizer: { name: 'sgd', lr: 0.05, momentum: 0.9 },
      validation: 0.25,
      epochs: 3,
    });
    expect(out.flags.code).toBe(0);
    expect(json(out.flags)).toEqual(JSON.parse(JSON.stringify(traceToJson(train(exp, { trace: 'epochs' })))));
    expect(json(out.flags).epochs[0].valLoss).toBeDefined();
  });
  it('--layers and --dropout (every hidden layer), initial values drawn from --seed', () => {
    const base = findLesson('four-pairs')!.experiment;
    const exp = valid({
      ...base,
      model: {
        layers: [
          { units: 3, activation: 'tanh', dropout: 0.5 },
          { units: 1, activation: 'identity' },
        ],
        init: { seed: 2 },
      },
      seed: 2,
      epochs: 3,
    });
    expect(json(out.dropout)).toEqual(
      JSON.parse(JSON.stringify(traceToJson(train(exp, { trace: 'epochs' })))),
    );
  });
  it('mini-batches: the table says what the loss of an epoch is; explain shows the batch', () => {
    expect(out.miniBatches.stdout).toContain(
      '(8 steps per epoch, batches of 8: the loss of an epoch is the mean of its batch losses',
    );
    expect(out.miniExplain.stdout).toContain('Epoch 1, step 3 of 8');
    expect(out.miniExplain.stdout).toMatch(/mini-batch 3 of 8: examples (\d+, ){7}\d+ of the data/);
  });
});

describe('the user’s own data: --data file.csv', () => {
  it('trains the network of --layers; --json reports initial.params, which reproduce the run', async () => {
    expect(out.csv.code).toBe(0);
    const j = json(out.csv);
    expect((j.initial.params.W1 as number[][]).map((r) => r.length)).toEqual([2, 2, 2, 2]);
    expect((j.initial.params.W2 as number[][])[0].length).toBe(4);
    expect(j.epochs.length).toBe(50);
    const again = file(
      'again.json',
      JSON.stringify({
        data: {
          inputs: [
            [1, 0],
            [0, 1],
            [1, 1],
            [2, 1],
            [1, 2],
            [0.5, 0.5],
          ],
          targets: [[7], [8], [10], [12], [13], [7.5]],
        },
        model: {
          layers: [
            { units: 4, activation: 'tanh' },
            { units: 1, activation: 'identity' },
          ],
          init: j.initial.params,
        },
        optimizer: { name: 'sgd', lr: 0.05 },
        epochs: 50,
      }),
    );
    const r = await unha(['run', again, '--json']);
    expect(json(r).epochs).toEqual(j.epochs);
  });
  it('explain works on a CSV too (decimal commas, semicolons)', () => {
    expect(out.csvExplain.code).toBe(0);
    expect(out.csvExplain.stdout).toContain('Época 2');
  });
  it('a missing value, a non-number and a ragged row: exit 2, each with its line and column', () => {
    const o = out.badCsv;
    expect(o.code).toBe(2);
    expect(o.stderr).toContain('bad.csv:3 (coluna b): o valor está faltando; esperado um número');
    expect(o.stderr).toContain('bad.csv:4 (coluna b): o valor não é um número: "x"; esperado um número');
    expect(o.stderr).toContain('bad.csv:5: a linha tem um número de campos diferente do cabeçalho: 2');
    expect(o.stdout).toBe('');
    noStack(o);
  });
  it('an unknown column, no source, dropout without a hidden layer: exit 2, in words', () => {
    expect(out.badColumn.code).toBe(2);
    expect(out.badColumn.stderr).toContain('ab.csv:1: inputs names a column the file does not have: "z"');
    expect(out.noSource.code).toBe(2);
    expect(out.noSource.stderr).toContain('missing argument lesson-or-file');
    expect(out.noHidden.code).toBe(2);
    expect(out.noHidden.stderr).toContain('--dropout applies to hidden layers');
    for (const k of ['badColumn', 'noSource', 'noHidden']) noStack(out[k]);
  });
});

describe('models: --save, predict, params', () => {
  it('save, then predict by hand: ŷ = W·x + B = 2,0919·5 + 0,5306 (the seed at epoch 15)', async () => {
    const m = join(dir, 'one.json');
    const r = await unha(['run', 'one-neuron', '--lr', '0.01', '--epochs', '15', '--save', m]);
    expect(r.code).toBe(0);
    const saved = JSON.parse(readFileSync(m, 'utf8')) as ModelFile;
    expect(saved.format).toBe('unha-model');
    const fresh = file('fresh.csv', 'id;x;y\nA;5;11\nB;3;7\n');
    const [text, js, fromCsv] = await Promise.all([
      unha(['predict', m, '--input', '5', '--locale', 'pt-BR']),
      unha(['predict', m, '--input', '5', '--input', '3', '--json']),
      unha(['predict', m, '--data', fresh, '--json']),
    ]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Inferência (predição)');
    expect(text.stdout).toContain('ŷ = W·x + B = 2,0919·5 + 0,5306 = 10,9904');
    const W = (saved.params.W1 as number[][])[0][0];
    const B = (saved.params.b1 as number[])[0];
    expect((JSON.parse(js.stdout) as { outputs: number[][] }).outputs).toEqual([[W * 5 + B], [W * 3 + B]]);
    // --data: the column named as in training (x), and the targets (y) beside the predictions.
    expect(JSON.parse(fromCsv.stdout)).toEqual({
      inputs: [[5], [3]],
      outputs: [[W * 5 + B], [W * 3 + B]],
      targets: [[11], [7]],
      mse: ((W * 5 + B - 11) ** 2 + (W * 3 + B - 7) ** 2) / 2,
    });
  });
  it('a bad model file: exit 2, the path and what was expected, in the user’s language', () => {
    const o = out.badModel;
    expect(o.code).toBe(2);
    expect(o.stderr).toContain('bad-model.json: params.W1 não encaixa no formato');
    noStack(o);
  });
  it('params: 105 parameters, 88 multiply-adds forward, ≈ 3 × 88 per training step, beside the seed', () => {
    const t = out.paramsText.stdout;
    expect(t).toMatch(/total\s+88\s+17\s+105\s+88/);
    expect(t).toContain('≈ 3 × 88 = 264');
    expect(t).toMatch(/100 {2}distinguir.*\n\s+105 {2}◀ este modelo\n\s+1 mil {2}detectar/);
  });
});
