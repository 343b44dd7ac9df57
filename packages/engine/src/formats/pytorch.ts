import type { Experiment } from '../experiment';
import { createGptTrainer } from '../fast/index';
import type { GptExperiment, GptParamValues } from '../gpt/types';
import { type LmModelFile, lmModelFromFile } from '../lm/model-file';
import { LmTrainer } from '../lm/train';
import type { LmExperiment } from '../lm/types';
import type { ModelFile } from '../model';
import { Trainer } from '../train';
import { type PyLocale, PY_IMPORTS, PY_LOADER, PY_MAIN, PY_TORCH, pyWords } from './pytorch-py';
import { PY_GPT } from './pytorch-py-gpt';
import { PY_DENSE, PY_LM } from './pytorch-py-models';
import { buildTextVocab } from '../gpt/data';
import { denseSafetensors } from './dense';
import { lmSafetensors } from './lm';
import type { SafetensorsWriteDtype } from './safetensors';
import { gptSafetensors } from './weights';

/**
 * A trained model as a directory PyTorch reads with nothing but torch installed:
 *
 *   model.py           the model as a torch.nn.Module with the lab's parameter names (nanoGPT's GPT;
 *                      the dense network; the character MLP), its own safetensors reader, and a main
 *                      program: the loss on batch.json beside the engine's, a sample, --sgd N, --json
 *   model.safetensors  the weights (F64 or F32) with what model.py needs in __metadata__
 *   batch.json         a few batches of the experiment's data, as the engine's trainer reads them
 *   expected.json      what the engine computed on them: the loss on the first, and plain SGD's losses
 *
 * The engine's numbers come from its own trainers, run again from these weights with plain SGD (no
 * momentum, schedule, clipping, weight decay or dropout) in the file's precision: step k reads batch k,
 * so PyTorch's steps and the engine's read the same tokens.
 */
export type PytorchSource =
  | {
      kind: 'gpt';
      experiment: GptExperiment;
      vocab: readonly string[];
      params: GptParamValues;
      dtype: 'float64' | 'float32';
      text: string;
    }
  | { kind: 'dense'; model: ModelFile }
  | { kind: 'lm'; model: LmModelFile; words?: readonly string[] };

export interface PytorchOptions {
  /** The weights' dtype; default the model's (float32 GPT runs F32, everything else F64). */
  dtype?: SafetensorsWriteDtype;
  /** Batches in batch.json and SGD steps in expected.json (default 3). */
  sgdSteps?: number;
  /** SGD's learning rate (default the experiment's). */
  lr?: number;
  /** The language of what model.py prints. */
  locale?: PyLocale;
}

export interface PytorchExpected {
  dtype: 'float64' | 'float32';
  /** The mean loss on batch.json's first batch, by the engine, from these weights. */
  loss: number;
  /** Absent for the counting model (no parameters). */
  sgd?: { lr: number; losses: number[] };
}

export interface PytorchFiles {
  'model.py': string;
  'model.safetensors': Uint8Array;
  /** Absent when the model came without its data (a model file without an experiment, a corpus not given). */
  'batch.json'?: string;
  'expected.json'?: string;
}

export const PYTORCH_SGD_STEPS = 3;

/** The values as the file holds them: rounded to float32 for F32, so the engine computes on the same numbers. */
function asStored<P extends Record<string, number[] | number[][]>>(
  params: P,
  dtype: SafetensorsWriteDtype,
): P {
  if (dtype === 'F64') return structuredClone(params);
  const round = (v: number[] | number[][]): number[] | number[][] =>
    Array.isArray(v[0]) ? (v as number[][]).map((r) => r.map(Math.fround)) : (v as number[]).map(Math.fround);
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, round(v)])) as P;
}

/** The files of the export, in memory (the CLI writes them; the tests run them). */
export function pytorchFiles(src: PytorchSource, o: PytorchOptions = {}): PytorchFiles {
  const dtype = o.dtype ?? (src.kind === 'gpt' && src.dtype === 'float32' ? 'F32' : 'F64');
  const steps = o.sgdSteps ?? PYTORCH_SGD_STEPS;
  const part =
    src.kind === 'gpt'
      ? gptPart(src, dtype, steps, o.lr)
      : src.kind === 'dense'
        ? densePart(src.model, dtype, steps, o.lr)
        : lmPart(src, dtype, steps, o.lr);
  const script = [
    '#!/usr/bin/env python3',
    `"""${part.docstring}\n\n    python3 model.py [--sgd N] [--lr LR] [--sample N] [--seed S] [--json]\n\nNothing but PyTorch is needed (written for torch 1.13 and later)."""`,
    PY_IMPORTS,
    pyWords(o.locale ?? 'en'),
    PY_TORCH,
    PY_LOADER,
    part.python,
    PY_MAIN,
  ].join('\n');
  const files: PytorchFiles = { 'model.py': script, 'model.safetensors': part.weights };
  const run = part.run;
  if (run && (run.sgd === undefined || run.sgd.losses.length > 0)) {
    files['batch.json'] = JSON.stringify({ kind: src.kind, batches: run.batches }) + '\n';
    const expected: PytorchExpected = {
      dtype: dtype === 'F32' ? 'float32' : 'float64',
      loss: run.sgd ? run.sgd.losses[0] : run.loss!,
      ...(run.sgd && { sgd: run.sgd }),
    };
    files['expected.json'] = JSON.stringify(expected, null, 2) + '\n';
  }
  return files;
}

interface Part {
  docstring: string;
  python: string;
  weights: Uint8Array;
  /** The batches, and the engine's SGD losses on them (the first is the loss), or its loss alone (counts). */
  run?: { batches: unknown[]; sgd?: { lr: number; losses: number[] }; loss?: number };
}

function gptPart(
  src: Extract<PytorchSource, { kind: 'gpt' }>,
  dtype: SafetensorsWriteDtype,
  steps: number,
  lr: number | undefined,
): Part {
  const weights = gptSafetensors(src, dtype);
  const docstring = `A GPT trained by unha (LLM na Unha), as PyTorch: nanoGPT's model with the lab's weights.`;
  // The batches come from the text the model learned; without it (a file opened alone) there are none.
  const chars = buildTextVocab(src.text).chars;
  if (src.text === '' || chars.length !== src.vocab.length || chars.some((c, i) => c !== src.vocab[i]))
    return { docstring, python: PY_GPT, weights };
  const exp = src.experiment;
  const sgd = lr ?? exp.optimizer.lr;
  const plain: GptExperiment = {
    ...exp,
    data: { ...exp.data, text: src.text },
    model: { ...exp.model, dropout: 0, init: structuredClone(src.params) },
    optimizer: { name: 'sgd', lr: sgd },
    schedule: undefined,
    clip: undefined,
    steps,
    dtype: dtype === 'F32' ? 'float32' : 'float64',
  };
  const batches: unknown[] = [];
  const losses: number[] = [];
  const trainer = createGptTrainer(plain, {
    onStep: (s) => {
      const T = exp.model.block;
      const train = trainer.data.train;
      const x = s.starts.map((st) => Array.from(train.subarray(st, st + T)));
      const y = s.starts.map((st) => Array.from(train.subarray(st + 1, st + T + 1)));
      batches.push({ starts: s.starts, x, y });
      losses.push(s.loss);
    },
  });
  try {
    while (trainer.step() !== null);
  } finally {
    if ('close' in trainer) trainer.close();
  }
  return { docstring, python: PY_GPT, weights, run: { batches, sgd: { lr: sgd, losses } } };
}

function densePart(m: ModelFile, dtype: SafetensorsWriteDtype, steps: number, lr: number | undefined): Part {
  const weights = denseSafetensors(m, dtype);
  const docstring = `A dense network trained by unha (LLM na Unha), as PyTorch, with the lab's weights.`;
  const exp = m.experiment;
  if (!exp) return { docstring, python: PY_DENSE, weights };
  const sgd = lr ?? exp.optimizer.lr;
  const plain: Experiment = {
    ...exp,
    model: {
      layers: m.layers.map((l) => ({ units: l.units, activation: l.activation })),
      init: asStored(m.params, dtype),
    },
    optimizer: { name: 'sgd', lr: sgd },
    epochs: steps,
    batchSize: undefined,
    shuffle: false,
    l2: undefined,
  };
  // Every training example in one batch (the regression lessons' full-batch step), the same batch each step.
  const trainer = new Trainer(plain, { trace: 'epochs', keep: 'none' });
  const losses: number[] = [];
  for (let e = trainer.stepEpoch(); e !== null; e = trainer.stepEpoch()) losses.push(e.steps[0].loss);
  const rows = trainer.trace.train.rows;
  const batch = {
    rows,
    inputs: rows.map((r) => exp.data.inputs[r]),
    targets: rows.map((r) => exp.data.targets[r]),
  };
  return { docstring, python: PY_DENSE, weights, run: { batches: [batch], sgd: { lr: sgd, losses } } };
}

function lmPart(
  src: Extract<PytorchSource, { kind: 'lm' }>,
  dtype: SafetensorsWriteDtype,
  steps: number,
  lr: number | undefined,
): Part {
  const m = src.model;
  const exp = m.experiment;
  if (exp.model.layers[0].type === 'counts') return countsPart(src, dtype);
  const sgd = lr ?? exp.optimizer?.lr ?? 0.1;
  const plain: LmExperiment = {
    ...exp,
    model: { ...exp.model, init: asStored(m.params, dtype) },
    optimizer: { name: 'sgd', lr: sgd },
    schedule: undefined,
    steps,
  };
  // The batches come from the words the model learned; without them (a corpus file not given) there are none.
  const words = exp.data.words ?? src.words;
  const trainer = words ? new LmTrainer(plain, { words }) : undefined;
  const weights = lmSafetensors(m, dtype);
  const docstring = `A character model trained by unha (LLM na Unha), as PyTorch, with the lab's weights.`;
  if (!trainer) return { docstring, python: PY_LM, weights };
  const batches: unknown[] = [];
  const losses: number[] = [];
  const train = trainer.data.train;
  const c = train.context;
  for (let s = trainer.step(); s !== null; s = trainer.step()) {
    const contexts = s.batch.map((i) => Array.from(train.contexts.subarray(i * c, i * c + c)));
    batches.push({ examples: s.batch, contexts, targets: s.batch.map((i) => train.targets[i]) });
    losses.push(s.loss);
  }
  return { docstring, python: PY_LM, weights, run: { batches, sgd: { lr: sgd, losses } } };
}

/** Examples the counting model's loss is shown on: the first of the training split. */
export const PYTORCH_COUNT_EXAMPLES = 1024;

/** The counting model: its table, and its loss on the first training examples (nothing to train). */
function countsPart(src: Extract<PytorchSource, { kind: 'lm' }>, dtype: SafetensorsWriteDtype): Part {
  const m = src.model;
  const weights = lmSafetensors(m, dtype);
  const docstring = `A counting model made by unha (LLM na Unha), as PyTorch: its table of counts.`;
  const words = m.experiment.data.words ?? src.words;
  if (!words) return { docstring, python: PY_LM, weights };
  const train = new LmTrainer(m.experiment, { words }).data.train;
  const n = Math.min(PYTORCH_COUNT_EXAMPLES, train.count);
  const c = train.context;
  const sub = {
    count: n,
    context: c,
    contexts: train.contexts.subarray(0, n * c),
    targets: train.targets.subarray(0, n),
    word: train.word.subarray(0, n),
  };
  const contexts = Array.from({ length: n }, (_, i) => Array.from(sub.contexts.subarray(i * c, i * c + c)));
  const batch = {
    examples: Array.from({ length: n }, (_, i) => i),
    contexts,
    targets: Array.from(sub.targets),
  };
  // The file's counts, as the file holds them (integers: F32 holds them exactly up to 2²⁴).
  const loss = lmModelFromFile(m).meanLoss(sub);
  return { docstring, python: PY_LM, weights, run: { batches: [batch], loss } };
}
