import { type GptExperiment, GptTrainer, gptParamSpecs } from '@unha/engine';
import { SheetError } from '../errors';
import type { GptSheetRun, GptSheetTensor } from './run';
import { checkGptSheet } from './workbook';

/** What the engine can train that the sheet does not write as formulas: a SheetError naming the field. */
export function checkGptForSheet(exp: GptExperiment): void {
  const no = (feature: string): never => {
    throw new SheetError({ code: 'sheet_unsupported', feature });
  };
  if (exp.model.dropout > 0) no(`model.dropout: ${exp.model.dropout}`);
  if (exp.clip !== undefined) no(`clip: ${exp.clip}`);
  if (exp.schedule) no('schedule');
  if ((exp.optimizer.momentum ?? 0) > 0) no(`optimizer.momentum: ${exp.optimizer.momentum}`);
}

const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);

/**
 * Trains the experiment in the engine (every step traced) and gives the sheet the run as data: the
 * initial parameters, each step's batch and the engine's loss and parameters after it. `steps`: how
 * many of the experiment's steps the sheet holds (default all); the size is checked before training.
 */
export function gptRunForSheet(
  exp: GptExperiment,
  opts: { text?: string; steps?: number; onStep?: (step: number) => void } = {},
): GptSheetRun {
  checkGptForSheet(exp);
  const count = Math.min(opts.steps ?? exp.steps, exp.steps);
  const trainer = new GptTrainer(exp, { ...(opts.text !== undefined && { text: opts.text }), trace: 'full' });
  const chars = trainer.data.vocab.chars;
  const m = exp.model;
  checkGptSheet({ ...m, vocab: chars.length, batchSize: exp.batchSize, steps: count });
  const specs = gptParamSpecs(exp.model, chars.length);
  const initial = new Map<string, GptSheetTensor>();
  for (const s of specs)
    initial.set(s.name, { shape: s.shape, data: Float64Array.from(flat(trainer.initial[s.name])) });
  const B = exp.batchSize;
  const T = exp.model.block;
  const train = trainer.data.train;
  const steps: GptSheetRun['steps'] = [];
  for (let tr = trainer.step(); tr && tr.step <= count; tr = tr.step < count ? trainer.step() : null) {
    const window = (off: number) => tr.starts.map((s) => Array.from(train.subarray(s + off, s + off + T)));
    steps.push({
      step: tr.step,
      inputs: window(0),
      targets: window(1),
      loss: tr.loss,
      after: new Map(tr.updates!.map((u) => [u.name, Float64Array.from(u.after)])),
    });
    opts.onStep?.(tr.step);
  }
  const o = exp.optimizer;
  const t = exp.title;
  return {
    ...(t !== undefined && { title: t }),
    chars,
    layers: exp.model.layers,
    heads: exp.model.heads,
    width: exp.model.width,
    block: T,
    batchSize: B,
    optimizer: {
      name: o.name,
      lr: o.lr,
      beta1: o.beta1 ?? 0.9,
      beta2: o.beta2 ?? 0.999,
      eps: o.eps ?? 1e-8,
      weightDecay: o.weightDecay ?? (o.name === 'adamw' ? 0.01 : 0),
    },
    initial,
    decays: new Set(specs.filter((s) => s.decay).map((s) => s.name)),
    steps,
  };
}
