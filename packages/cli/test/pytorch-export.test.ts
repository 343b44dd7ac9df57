/**
 * The PyTorch export against the engine's own trainers: the exported model.py is run by Debian's
 * python3-torch (`--json`), and its loss on batch.json's first batch and its plain-SGD losses are compared
 * with the engine's trainers run here, in this test, from the same weights with an SGD optimizer (never
 * with expected.json, which the export wrote from the same engine). float64: 1e-9 relative; float32
 * (the WebAssembly trainer against torch's float32): 1e-5.
 */
import { rmSync } from 'node:fs';
import {
  type Experiment,
  type GptExperiment,
  GptTrainer,
  GptTrainer32,
  type LmExperiment,
  LmTrainer,
  Trainer,
  pytorchFiles,
  toLmModelFile,
  toModelFile,
  validateGptExperiment,
  validateLmExperiment,
} from '@unha/engine';
import { corpusWords, findLmLesson } from '@unha/lessons';
import { afterAll, describe, expect, it } from 'vitest';
import { hasTorch, runScript, torchTestsRun, within, writeExport } from './pytorch-helpers';

const torch = hasTorch();
const run = torchTestsRun(torch);
const F64 = 1e-9;
const F32 = 1e-5;
const seen = { f64: { max: 0 }, f32: { max: 0 } };
const dirs: string[] = [];

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  if (run)
    console.log(
      `PyTorch against the engine: largest relative difference ${seen.f64.max.toExponential(2)} in float64, ${seen.f32.max.toExponential(2)} in float32`,
    );
});

const TEXT = 'o sapo pula.\no pato nada.\no sapo nada.\no pato pula.\n';

type GptOver = Partial<Omit<GptExperiment, 'model'>> & { model?: Partial<GptExperiment['model']> };

function gptExperiment(over: GptOver = {}): GptExperiment {
  const r = validateGptExperiment({
    data: { text: TEXT, split: { train: 0.9, val: 0.1 } },
    model: {
      type: 'gpt',
      layers: 1,
      heads: 1,
      width: 8,
      block: 4,
      dropout: 0,
      init: { seed: 1337 },
      ...over.model,
    },
    loss: 'cross-entropy',
    optimizer: { name: 'adamw', lr: 0.03, beta1: 0.9, beta2: 0.99, weightDecay: 0.1 },
    batchSize: 4,
    batches: 'sequential',
    steps: 15,
    ...Object.fromEntries(Object.entries(over).filter(([k]) => k !== 'model')),
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

/** The engine's SGD losses from these weights: its own trainer, an sgd optimizer, nothing else changed. */
function engineGptSgd(
  exp: GptExperiment,
  params: GptExperiment['model']['init'],
  lr: number,
  steps: number,
): number[] {
  const e: GptExperiment = {
    ...exp,
    model: { ...exp.model, init: params },
    optimizer: { name: 'sgd', lr },
    steps,
  };
  const t = exp.dtype === 'float32' ? new GptTrainer32(e) : new GptTrainer(e);
  try {
    while (t.step() !== null);
  } finally {
    if (t instanceof GptTrainer32) t.close();
  }
  return t.history.map((h) => h.loss);
}

function compare(dir: string, lr: number, steps: number, want: number[], tol: number, s: { max: number }) {
  const out = runScript(dir, ['--sgd', String(steps), '--lr', String(lr), '--sample', '12', '--seed', '3']);
  within(out.loss!, want[0], tol, 'loss on the first batch', s);
  expect(out.sgd!.losses).toHaveLength(steps);
  out.sgd!.losses.forEach((l, k) => within(l, want[k], tol, `SGD step ${k + 1}`, s));
  return out;
}

describe.skipIf(!run)('python3 model.py against the engine (PyTorch)', () => {
  it('gpt-tiny after 15 AdamW steps, float64: the loss and 3 SGD steps to 1e-9', () => {
    const exp = gptExperiment();
    const trained = new GptTrainer(exp);
    while (trained.step() !== null);
    const params = trained.params();
    const want = engineGptSgd(exp, params, 0.1, 3);
    const vocab = trained.data.vocab.chars;
    const files = pytorchFiles({ kind: 'gpt', experiment: exp, vocab, params, dtype: 'float64', text: TEXT });
    const dir = writeExport(files);
    dirs.push(dir);
    const out = compare(dir, 0.1, 3, want, F64, seen.f64);
    expect(out.dtype).toBe('float64');
    expect(out.parameters).toBe(1016);
    // A sample from the start text, every character in the vocabulary.
    expect(typeof out.sample).toBe('string');
    expect(Array.from(out.sample as string).every((c) => vocab.includes(c))).toBe(true);
    expect(Array.from(out.sample as string)).toHaveLength(12);
  });

  it('a 2-layer, 2-head GPT from its seed, random windows, float64: 4 SGD steps to 1e-9', () => {
    const exp = gptExperiment({
      model: { layers: 2, heads: 2, width: 16, block: 8, init: { seed: 7 } },
      batchSize: 3,
      batches: 'random',
      seed: 11,
    });
    const t = new GptTrainer(exp);
    const want = engineGptSgd(exp, t.initial, 0.5, 4);
    const files = pytorchFiles(
      {
        kind: 'gpt',
        experiment: exp,
        vocab: t.data.vocab.chars,
        params: t.initial,
        dtype: 'float64',
        text: TEXT,
      },
      { sgdSteps: 4, lr: 0.5 },
    );
    const dir = writeExport(files);
    dirs.push(dir);
    compare(dir, 0.5, 4, want, F64, seen.f64);
  });

  it('gpt-tiny in float32 (the WebAssembly trainer, F32 weights): the loss and 3 SGD steps to 1e-5', () => {
    const exp = { ...gptExperiment(), dtype: 'float32' as const };
    const trained = new GptTrainer32(exp);
    try {
      while (trained.step() !== null);
    } finally {
      trained.close();
    }
    const params = trained.params();
    const want = engineGptSgd(exp, params, 0.1, 3);
    const files = pytorchFiles({
      kind: 'gpt',
      experiment: exp,
      vocab: trained.data.vocab.chars,
      params,
      dtype: 'float32',
      text: TEXT,
    });
    const dir = writeExport(files);
    dirs.push(dir);
    expect(compare(dir, 0.1, 3, want, F32, seen.f32).dtype).toBe('float32');
  });

  it('a dense net with z-scored inputs (two scales, two outputs, a validation split): loss and SGD to 1e-9', () => {
    const inputs = Array.from({ length: 12 }, (_, i) => [i * 0.5 - 2, 1000 + 37 * ((i * 5) % 7)]);
    const exp: Experiment = {
      data: { inputs, targets: inputs.map(([a, b]) => [Math.sin(a) + b / 1000, a * a * 0.1]) },
      model: {
        layers: [
          { units: 5, activation: 'tanh' },
          { units: 3, activation: 'relu' },
          { units: 2, activation: 'identity' },
        ],
        init: { seed: 4 },
      },
      loss: 'mse',
      optimizer: { name: 'adam', lr: 0.05 },
      epochs: 20,
      normalize: true,
      validation: 0.25,
      seed: 2,
    };
    const model = toModelFile(new Trainer(exp).run());
    expect(model.normalization).toBeDefined();
    const sgd = new Trainer({
      ...exp,
      model: { ...exp.model, init: model.params },
      optimizer: { name: 'sgd', lr: 0.2 },
      epochs: 3,
    });
    const want: number[] = [];
    for (let e = sgd.stepEpoch(); e !== null; e = sgd.stepEpoch()) want.push(e.loss);
    const dir = writeExport(pytorchFiles({ kind: 'dense', model }, { lr: 0.2 }));
    dirs.push(dir);
    compare(dir, 0.2, 3, want, F64, seen.f64);
  });

  for (const id of ['names-mlp', 'names-bigram'])
    it(`${id} after 30 steps: the loss and 3 SGD steps to 1e-9, names sampled`, () => {
      const { experiment, words } = lmLesson(id);
      const trained = new LmTrainer({ ...experiment, steps: 30 }, { words });
      while (trained.step() !== null);
      const model = toLmModelFile(trained);
      const sgd = new LmTrainer(
        // Plain SGD: the lesson's schedule (a cosine over the steps) is not part of it.
        {
          ...experiment,
          model: { ...experiment.model, init: model.params },
          optimizer: { name: 'sgd', lr: 0.1 },
          schedule: undefined,
          steps: 3,
        },
        { words },
      );
      while (sgd.step() !== null);
      const dir = writeExport(pytorchFiles({ kind: 'lm', model, words }, { lr: 0.1 }));
      dirs.push(dir);
      const out = compare(
        dir,
        0.1,
        3,
        sgd.history.map((h) => h.loss),
        F64,
        seen.f64,
      );
      expect(out.sample).toHaveLength(12);
    });

  it('names-counts: the loss of its table on the first 1024 training examples to 1e-9, names sampled, no SGD', () => {
    const { experiment, words } = lmLesson('names-counts');
    const t = new LmTrainer(experiment, { words });
    const model = toLmModelFile(t);
    // The engine's loss here: −mean ln P over the first 1024 examples, P from the trainer's own table.
    const train = t.data.train;
    const P = t.model.counts!.P;
    let total = 0;
    for (let i = 0; i < 1024; i++)
      total -= Math.log(P[train.contexts[i * train.context + train.context - 1]][train.targets[i]]);
    const dir = writeExport(pytorchFiles({ kind: 'lm', model, words }));
    dirs.push(dir);
    const out = runScript(dir, ['--sample', '5', '--sgd', '2']);
    expect(out.parameters).toBe(0);
    within(out.loss!, total / 1024, F64, "the counting model's loss", seen.f64);
    expect(out.sgd).toBeUndefined();
    expect(out.sample).toHaveLength(5);
  });
});

function lmLesson(id: string): { experiment: LmExperiment; words: string[] } {
  const r = validateLmExperiment(findLmLesson(id)!.experiment);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const data = r.value.data;
  return { experiment: r.value, words: data.words ?? corpusWords(data.corpus!) };
}
