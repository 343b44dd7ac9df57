/**
 * The float32 path in the terminal: `--dtype float32` trains with the WebAssembly kernels and gives the
 * float64 engine's losses (an independent implementation: the traced graph) to float32's precision;
 * one thread and two give the same bits; `unha train` in float32 stops on Ctrl-C and resumes with the
 * numbers of a run never stopped, as the float64 trainer does.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { train, unhaHere } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'unha-gpt-f32-'));
const TEXT = 'the cat sat on the mat; a bat sat on the hat.\nthe rat ate the oat, and that was that.\n';
/** Two blocks, two heads, AdamW with warm-up, clipping and weight decay: every kernel of a step. */
const EXP = {
  data: { text: TEXT, split: { train: 0.85, val: 0.15 } },
  model: { type: 'gpt', layers: 2, heads: 2, width: 16, block: 8, init: { seed: 11 } },
  loss: 'cross-entropy',
  optimizer: { name: 'adamw', lr: 0.01, weightDecay: 0.1 },
  batchSize: 4,
  batches: 'random',
  seed: 2,
  steps: 24,
  schedule: { warmup: 5, decaySteps: 24, minLr: 0.001 },
  clip: 1,
  eval: { every: 10, windows: 6 },
  sample: { tokens: 30 },
};
const expFile = join(dir, 'small.json');
writeFileSync(expFile, JSON.stringify(EXP));

interface RunJson {
  steps: { step: number; loss: number; lr: number }[];
  final: { trainLoss: number; valLoss: number; params: Record<string, unknown> };
}

async function runJson(...flags: string[]): Promise<{ text: string; json: RunJson }> {
  const r = await unhaHere(['run', expFile, '--json', ...flags]);
  expect(r.code, r.stderr).toBe(0);
  return { text: r.stdout, json: JSON.parse(r.stdout) as RunJson };
}

const relative = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('unha run --dtype float32', () => {
  it('gives every step’s loss and the final losses of the float64 run within 1e-4 relative', async () => {
    const f64 = (await runJson('--dtype', 'float64')).json;
    const f32 = (await runJson('--dtype', 'float32')).json;
    expect(f32.steps.map((s) => s.step)).toEqual(f64.steps.map((s) => s.step));
    expect(f32.steps.map((s) => s.lr)).toEqual(f64.steps.map((s) => s.lr));
    const worst = Math.max(...f32.steps.map((s, i) => relative(s.loss, f64.steps[i].loss)));
    expect(worst).toBeLessThan(1e-4);
    // Not the same computation: float32 rounds differently somewhere along the run.
    expect(worst).toBeGreaterThan(0);
    expect(relative(f32.final.trainLoss, f64.final.trainLoss)).toBeLessThan(1e-4);
    expect(relative(f32.final.valLoss, f64.final.valLoss)).toBeLessThan(1e-4);
    // The loss went somewhere: the comparison is over a run that learns.
    expect(f64.steps[23].loss).toBeLessThan(f64.steps[0].loss - 0.3);
  });

  it('one thread and two give the same output, to the last digit', async () => {
    const one = await runJson('--dtype', 'float32', '--threads', '1');
    const two = await runJson('--dtype', 'float32', '--threads', '2');
    expect(two.text).toBe(one.text);
  });

  it('the table says how it computes; pt-BR in its own words', async () => {
    const short = ['--steps', '2', '--no-chart'];
    const en = await unhaHere([
      'run',
      expFile,
      ...short,
      '--dtype',
      'float32',
      '--threads',
      '2',
      '--locale',
      'en',
    ]);
    expect(en.stdout).toMatch(/parameters; float32 · 2 threads\n/);
    const pt = await unhaHere([
      'run',
      expFile,
      ...short,
      '--dtype',
      'float32',
      '--threads',
      '1',
      '--locale',
      'pt-BR',
    ]);
    expect(pt.stdout).toMatch(/parâmetros; float32 · 1 thread de execução\n/);
    const f64 = await unhaHere(['run', expFile, ...short, '--locale', 'en']);
    expect(f64.stdout).toMatch(/parameters; float64 · 1 thread\n/);
  });

  it('unha explain of a float32 experiment works its step in float64 and says so', async () => {
    const f32 = join(dir, 'f32.json');
    writeFileSync(f32, JSON.stringify({ ...EXP, dtype: 'float32', steps: 3 }));
    const r = await unhaHere(['explain', f32, '--step', '2', '--row', '0', '--pos', '1', '--locale', 'en']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/trains in float32; the hand calculation is made in float64/);
  });
});

interface Checkpoint {
  step: number;
  experiment: { dtype?: string };
  params: Record<string, unknown>;
  optimizer: Record<string, unknown>;
  history: { step: number; loss: number; lr: number }[];
}
const readCk = (out: string): Checkpoint =>
  JSON.parse(readFileSync(join(out, 'ckpt.json'), 'utf8')) as Checkpoint;

describe('unha train --dtype float32', () => {
  it('Ctrl-C writes a float32 checkpoint and exits 130; --resume continues in float32 with the numbers of a run never stopped', async () => {
    const f32 = ['--dtype', 'float32', '--eval-every', '5'];
    const out = join(dir, 'stopped');
    const r = await train([expFile, '--out', out, ...f32, '--steps', '100000'], (s) =>
      /step [1-9]\d*: train loss/.test(s),
    );
    expect(r.code, r.stderr).toBe(130);
    expect(r.stdout).toMatch(/float32 · 2 threads; checkpoints in /);
    expect(r.stdout).toMatch(/Interrupted after step (\d+): checkpoint saved to/);
    const k = readCk(out).step;
    expect(k).toBeGreaterThanOrEqual(5);
    expect(readCk(out).experiment.dtype).toBe('float32');
    // The checkpoint's numbers are float32 values (each one equal to its rounding to float32).
    const m = readCk(out).optimizer['m.transformer.wte.weight'] as number[];
    expect(m.length).toBeGreaterThan(0);
    expect(m.every((x) => Math.fround(x) === x)).toBe(true);
    // Resumed without --dtype: the checkpoint's float32 goes on.
    const end = String(k + 7);
    // The rest in this process (a new node costs seconds): no signal is needed there.
    const resumed = await unhaHere([
      'train',
      expFile,
      '--out',
      out,
      '--resume',
      '--steps',
      end,
      '--locale',
      'en',
    ]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(`Resuming at step ${k} from ${out}`);
    expect(resumed.stdout).toMatch(/float32 · 2 threads; checkpoints in /);
    const fresh = join(dir, 'fresh');
    const whole = await unhaHere([
      'train',
      expFile,
      '--out',
      fresh,
      '--dtype',
      'float32',
      '--steps',
      end,
      '--threads',
      '1',
      '--locale',
      'en',
    ]);
    expect(whole.code, whole.stderr).toBe(0);
    const a = readCk(out);
    const b = readCk(fresh);
    expect(a.step).toBe(k + 7);
    expect(a.history).toEqual(b.history);
    expect(a.params).toEqual(b.params);
    expect(a.optimizer).toEqual(b.optimizer);
  }, 60_000);
});
