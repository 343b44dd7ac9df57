/**
 * The GPT benchmark (issue 10): steps/s and tokens/s of the moby-dick recipe (nanoGPT's CPU
 * recipe, 0.8 M parameters) in the float64 engine, beside a plain forward pass of the same model
 * written by hand (bench/gpt-baseline.ts, checked to give the engine's loss on the same windows),
 * measured in the same run; and gpt-tiny's steps/s. The big model is slow in float64 with a full
 * graph, so it is measured over a few steps after one warm-up step (GPT_STEPS, default 3).
 */
import { type GptExperiment, GptTrainer } from '@unha/engine';
import * as lessons from '@unha/lessons';
import { PlainGpt } from './gpt-baseline';
import { table } from './measure';

interface GptLessonLike {
  experiment: GptExperiment;
}

function lesson(id: string): GptLessonLike | undefined {
  const find = (lessons as { findGptLesson?: (id: string) => GptLessonLike | undefined }).findGptLesson;
  return typeof find === 'function' ? find(id) : undefined;
}

function textOf(exp: GptExperiment): string {
  if (exp.data.text !== undefined) return exp.data.text;
  const get = (lessons as { corpusText?: (id: string) => string }).corpusText;
  if (exp.data.corpus === undefined || typeof get !== 'function') throw new Error('no text for the bench');
  return get(exp.data.corpus);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (fn: () => void): number => {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
};

/** moby-dick: engine steps (forward, backward, AdamW) and engine forwards against the plain forward. */
function bigModel(exp: GptExperiment, text: string, steps: number): void {
  const { batchSize: B } = exp;
  const T = exp.model.block;
  const trainer = new GptTrainer(exp, { text, trace: 'none' });
  // Step 1 is the warm-up (and gives the windows and initial parameters for the baseline's check).
  const initial = trainer.initial;
  const first = trainer.step()!;
  const plain = new PlainGpt(initial, exp.model);
  const plainLoss = plain.loss(trainer.data.train, first.starts, T);
  if (Math.abs(plainLoss - first.loss) > 1e-9 * first.loss)
    throw new Error(`the baseline computes another model: ${plainLoss} vs the engine's ${first.loss}`);

  const stepMs: number[] = [];
  const forwardMs: number[] = [];
  const plainMs: number[] = [];
  const model = trainer.model;
  const tokens = new Int32Array(B * T);
  first.starts.forEach((s, r) => tokens.set(trainer.data.train.subarray(s, s + T), r * T));
  time(() => model.forward(tokens, B, T)); // warm the forward alone too
  for (let i = 0; i < steps; i++) {
    // Interleaved, so that a burst of load on the shared machine hits every side alike.
    stepMs.push(time(() => trainer.step()));
    forwardMs.push(time(() => model.forward(tokens, B, T)));
    plainMs.push(time(() => plain.loss(trainer.data.train, first.starts, T)));
  }
  const tokensPerStep = B * T;
  const row = (name: string, ms: number, base: number): string[] => [
    name,
    (1000 / ms).toFixed(2),
    ((tokensPerStep * 1000) / ms).toFixed(0),
    ms.toFixed(0),
    `${(ms / base).toFixed(2)}×`,
  ];
  const p = median(plainMs);
  console.log(
    table([
      ['moby-dick (float64)', 'per s', 'tokens/s', 'ms', 'time vs plain forward'],
      row('plain JS forward, no graph (baseline)', p, p),
      row('engine forward (graph kept for backward)', median(forwardMs), p),
      row('engine training step (forward, backward, AdamW)', median(stepMs), p),
    ]),
  );
  console.log(
    `(${steps} steps after 1 warm-up, median; batch ${B} × block ${T} = ${tokensPerStep} tokens per step; ` +
      `the baseline's loss on step 1's windows is the engine's to 1e-9: ${first.loss.toFixed(6)})`,
  );
  const sPerStep = median(stepMs) / 1000;
  console.log(
    `At this speed the recipe's ${exp.steps} steps take about ${((exp.steps * sPerStep) / 60).toFixed(0)} min ` +
      `(plus ${exp.steps / (exp.eval?.every ?? 250)} evaluations).`,
  );
}

/** gpt-tiny: every step of its run, with and without the full trace. */
function tinyModel(exp: GptExperiment, text: string): void {
  const rows = [['gpt-tiny', 'steps/s', 'tokens/s', 'ms/run']];
  for (const trace of ['none', 'full'] as const) {
    const ms: number[] = [];
    for (let rep = 0; rep < 4; rep++) {
      const t = time(() => new GptTrainer(exp, { text, trace }).run());
      if (rep > 0) ms.push(t); // the first run warms the JIT
    }
    const m = median(ms);
    rows.push([
      `GptTrainer, trace ${trace}`,
      ((exp.steps * 1000) / m).toFixed(0),
      ((exp.steps * exp.batchSize * exp.model.block * 1000) / m).toFixed(0),
      m.toFixed(0),
    ]);
  }
  console.log(table(rows));
  console.log(`(${exp.steps} steps, median of 3 runs after a warm-up)`);
}

export function gptBench(): void {
  console.log(
    '\n## GPT: the moby-dick recipe (4 layers, 4 heads, width 128, block 64, batch 12) and gpt-tiny\n',
  );
  const big = lesson('moby-dick');
  const tiny = lesson('gpt-tiny');
  if (!big || !tiny) {
    console.log('(the GPT lessons are not in @unha/lessons: skipped)');
    return;
  }
  bigModel(big.experiment, textOf(big.experiment), Number(process.env.GPT_STEPS ?? 3));
  console.log('');
  tinyModel(tiny.experiment, textOf(tiny.experiment));
}
