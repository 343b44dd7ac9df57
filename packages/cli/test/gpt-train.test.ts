/**
 * `unha train` of a GPT, as a user runs it (the real command, in its own process): Ctrl-C finishes the
 * step, writes a checkpoint and leaves with 130; a run killed outright leaves its last checkpoint
 * whole; --resume from either gives every step's loss and the final parameters exactly as a run
 * that was never stopped.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { train } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'unha-gpt-train-'));
const EXP = {
  data: { text: 'abba cab abc bac, a cab; abba!\nbac cab abc. ', split: { train: 0.8, val: 0.2 } },
  model: { type: 'gpt', layers: 1, heads: 2, width: 8, block: 4, init: { seed: 3 } },
  loss: 'cross-entropy',
  optimizer: { name: 'adamw', lr: 0.01, weightDecay: 0.1 },
  batchSize: 3,
  batches: 'random',
  seed: 5,
  steps: 30,
  eval: { every: 10, windows: 4 },
  sample: { tokens: 20 },
};
const expFile = join(dir, 'tiny.json');
writeFileSync(expFile, JSON.stringify(EXP));

interface Checkpoint {
  format: string;
  step: number;
  params: Record<string, unknown>;
  history: { step: number; loss: number; lr: number }[];
}
const readCk = (out: string): Checkpoint =>
  JSON.parse(readFileSync(join(out, 'ckpt.json'), 'utf8')) as Checkpoint;

describe('unha train', () => {
  it('evaluates, samples and checkpoints every eval.every steps; the checkpoint holds the whole history', async () => {
    const out = join(dir, 'whole');
    const r = await train([expFile, '--out', out]);
    expect(r.code).toBe(0);
    // Off a terminal the progress is one line on stderr at each evaluation; stdout stays for a pipe.
    expect(r.stderr.trimEnd().split('\n')).toEqual(
      [10, 20, 30].map((s): unknown =>
        expect.stringMatching(
          new RegExp(`^step ${s}/30: [\\d.]+ steps/s, [\\d.]+ tokens/s, \\d+:\\d\\d left$`),
        ),
      ),
    );
    for (const step of [0, 10, 20, 30]) expect(r.stdout).toMatch(new RegExp(`step ${step}: train loss \\d`));
    expect(r.stdout.match(/Text written by the model/g)).toHaveLength(3);
    expect(r.stdout).toContain(`checkpoint of step 30 → ${join(out, 'ckpt.json')}`);
    const ck = readCk(out);
    expect(ck.format).toBe('unha-gpt-checkpoint');
    expect(ck.step).toBe(30);
    expect(ck.history.map((h) => h.step)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    // No temporary file is left beside it.
    expect(existsSync(join(out, `ckpt.json.${process.pid}.tmp`))).toBe(false);
  });

  it('Ctrl-C finishes the step, writes a checkpoint and exits 130; --resume then equals a run never stopped', async () => {
    const long = ['--steps', '100000', '--eval-every', '5'];
    const out = join(dir, 'stopped');
    // Stop once the first evaluation after step 0 is out: somewhere past step 5.
    const r = await train([expFile, '--out', out, ...long], (s) => /step [1-9]\d*: train loss/.test(s));
    expect(r.code).toBe(130);
    expect(r.stdout).toMatch(
      /Interrupted after step (\d+): checkpoint saved to .*ckpt\.json\. To continue: unha train .* --resume/,
    );
    const k = readCk(out).step;
    expect(k).toBeGreaterThanOrEqual(5);
    expect(readCk(out).history).toHaveLength(k);
    // Resume to k + 7, and train k + 7 steps in one go: the same numbers, to the last bit.
    const end = String(k + 7);
    const resumed = await train([expFile, '--out', out, '--resume', '--steps', end, '--eval-every', '5']);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`Resuming at step ${k} from ${out}`);
    const fresh = join(dir, 'fresh');
    expect((await train([expFile, '--out', fresh, '--steps', end, '--eval-every', '5'])).code).toBe(0);
    const a = readCk(out);
    const b = readCk(fresh);
    expect(a.step).toBe(k + 7);
    expect(a.history).toEqual(b.history);
    expect(a.params).toEqual(b.params);
  });

  it('a run killed outright resumes from its last evaluation checkpoint, with the same numbers', async () => {
    const out = join(dir, 'killed');
    const r = await train(
      [expFile, '--out', out, '--steps', '100000', '--eval-every', '4'],
      (s) => /checkpoint of step 8 →/.test(s),
      'SIGKILL',
    );
    expect(r.signal).toBe('SIGKILL');
    const k = readCk(out).step;
    expect(k % 4).toBe(0);
    expect(k).toBeGreaterThanOrEqual(8);
    const end = String(k + 3);
    expect((await train([expFile, '--out', out, '--resume', '--steps', end])).code).toBe(0);
    const fresh = join(dir, 'fresh-killed');
    expect((await train([expFile, '--out', fresh, '--steps', end])).code).toBe(0);
    expect(readCk(out).history).toEqual(readCk(fresh).history);
    expect(readCk(out).params).toEqual(readCk(fresh).params);
  });

  it('--resume refuses a checkpoint of another experiment, in words', async () => {
    const other = join(dir, 'other.json');
    writeFileSync(other, JSON.stringify({ ...EXP, optimizer: { name: 'sgd', lr: 0.1 } }));
    const r = await train([other, '--out', join(dir, 'whole'), '--resume']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /--resume: the checkpoint in .*whole was trained on another experiment than .*other\.json/,
    );
  });
});
