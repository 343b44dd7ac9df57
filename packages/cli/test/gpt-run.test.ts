/**
 * `unha run --json` of a GPT against numbers worked out here, independently of the engine: a plain
 * forward pass from nanoGPT's definition (gpt-reference.ts) gives each step's loss, and SGD steps whose
 * gradient is taken by central differences of that loss (not the engine's backward) give the final
 * parameters and losses.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Params, type Spec, meanLoss, numericGrad } from './gpt-reference';
import { unhaHere } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'unha-gpt-run-'));
const file = (name: string, content: unknown): string => {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};

/** Numbers in [−0.5, 0.5)·scale from a small linear congruential generator (not the engine's Rng). */
function lcg(seed: number): (scale: number) => number {
  let s = seed >>> 0;
  return (scale) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32 - 0.5) * scale;
  };
}

/** Every parameter of a GPT by nanoGPT's names, in the contract's order; LayerNorm weights near 1. */
export function makeParams(spec: Spec, V: number, seed: number): Params {
  const r = lcg(seed);
  const C = spec.width;
  const m = (rows: number, cols: number, s = 0.6): number[][] =>
    Array.from({ length: rows }, () => Array.from({ length: cols }, () => r(s)));
  const vec = (n: number, s = 0.2, base = 0): number[] => Array.from({ length: n }, () => base + r(s));
  const p: Params = { 'transformer.wte.weight': m(V, C), 'transformer.wpe.weight': m(spec.block, C) };
  for (let l = 0; l < spec.layers; l++) {
    const h = `transformer.h.${l}.`;
    Object.assign(p, {
      [`${h}ln_1.weight`]: vec(C, 0.4, 1),
      [`${h}ln_1.bias`]: vec(C),
      [`${h}attn.c_attn.weight`]: m(3 * C, C, 1.2),
      [`${h}attn.c_attn.bias`]: vec(3 * C),
      [`${h}attn.c_proj.weight`]: m(C, C),
      [`${h}attn.c_proj.bias`]: vec(C),
      [`${h}ln_2.weight`]: vec(C, 0.4, 1),
      [`${h}ln_2.bias`]: vec(C),
      [`${h}mlp.c_fc.weight`]: m(4 * C, C, 1.2),
      [`${h}mlp.c_fc.bias`]: vec(4 * C),
      [`${h}mlp.c_proj.weight`]: m(C, 4 * C),
      [`${h}mlp.c_proj.bias`]: vec(C),
    });
  }
  p['transformer.ln_f.weight'] = vec(C, 0.4, 1);
  p['transformer.ln_f.bias'] = vec(C);
  return p;
}

const TEXT = 'abba cab abc bac';
/** sorted(set(text)): " " a b c. */
const tokens = [...TEXT].map((c) => ' abc'.indexOf(c));
const SPEC: Spec = { layers: 1, heads: 2, width: 4, block: 3 };
const INIT = makeParams(SPEC, 4, 7);
const EXP = {
  data: { text: TEXT, split: { train: 0.75, val: 0.25 } },
  model: { type: 'gpt', ...SPEC, init: INIT },
  loss: 'cross-entropy',
  optimizer: { name: 'sgd', lr: 0.1 },
  batchSize: 2,
  batches: 'sequential',
  steps: 2,
};

interface GptJson {
  steps: { step: number; loss: number }[];
  final: { trainLoss: number; valLoss: number; params: Params };
}

describe('unha run --json: a GPT', () => {
  it('each step and the final losses and parameters agree with a plain forward pass and finite differences', async () => {
    const r = await unhaHere(['run', file('tiny.json', EXP), '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as GptJson;
    expect(Object.keys(out)).toEqual(['steps', 'final']);
    expect(out.steps.map((s) => Object.keys(s))).toEqual([
      ['step', 'loss'],
      ['step', 'loss'],
    ]);
    expect(out.steps.map((s) => s.step)).toEqual([1, 2]);
    // 16 characters: the first round(0.75·16) = 12 train. Sequential rows start at
    // ((k·B + r)·block) mod (12 − 3): step 1 at 0 and 3, step 2 at 6 and 9 mod 9 = 0.
    const train = tokens.slice(0, 12);
    const val = tokens.slice(12);
    const batches = [
      [0, 3],
      [6, 0],
    ];
    const p = structuredClone(INIT);
    batches.forEach((starts, k) => {
      const loss = (q: Params): number => meanLoss(q, SPEC, train, starts, 3);
      expect(out.steps[k].loss).toBeCloseTo(loss(p), 9);
      const g = numericGrad(p, loss);
      for (const [name, value] of Object.entries(p)) {
        const gv = g[name];
        if (Array.isArray(value[0]))
          (value as number[][]).forEach((row, i) =>
            row.forEach((_, j) => ((value as number[][])[i][j] -= 0.1 * (gv as number[][])[i][j])),
          );
        else (value as number[]).forEach((_, i) => ((value as number[])[i] -= 0.1 * (gv as number[])[i]));
      }
    });
    // nanoGPT's state_dict: the tied head listed last under its own name, the same numbers as wte.
    expect(Object.keys(out.final.params)).toEqual([...Object.keys(INIT), 'lm_head.weight']);
    expect(out.final.params['lm_head.weight']).toEqual(out.final.params['transformer.wte.weight']);
    for (const [name, value] of Object.entries(p))
      expect((out.final.params[name] as number[][]).flat()).toEqual(
        (value as number[][]).flat().map((x): unknown => expect.closeTo(x, 8)),
      );
    // Evaluation windows of T = min(block, n − 1): train 0, 3, 6 (12 tokens); validation 0 (4 tokens).
    expect(out.final.trainLoss).toBeCloseTo(meanLoss(p, SPEC, train, [0, 3, 6], 3), 8);
    expect(out.final.valLoss).toBeCloseTo(meanLoss(p, SPEC, val, [0], 3), 8);
  });

  it('without --json: the data and the model, a table of steps, the final losses beside ln V, and a text', async () => {
    const en = await unhaHere(['run', file('tiny.json', EXP), '--locale', 'en']);
    expect(en.code).toBe(0);
    expect(en.stdout).toContain(
      '16 characters → 12 training and 4 validation tokens; vocabulary of 4 characters',
    );
    expect(en.stdout).toMatch(/GPT: 1 layer, 2 heads, width 4, block 3; \d+ parameters/);
    expect(en.stdout).toMatch(/step +batch loss +train loss +val\. loss/);
    expect(en.stdout).toContain(`ln 4 = ${Math.log(4).toFixed(4)}`);
    expect(en.stdout).toContain('Text written by the model (start "a"');
    const pt = await unhaHere(['run', file('tiny.json', EXP), '--locale', 'pt-BR']);
    expect(pt.code).toBe(0);
    expect(pt.stdout).toContain('16 caracteres → 12 tokens de treino e 4 de validação');
    expect(pt.stdout).toContain('Texto escrito pelo modelo (início "a"');
  });
});

describe('unha run: a GPT that diverges', () => {
  const wild = {
    ...EXP,
    model: { ...EXP.model, init: { seed: 1 } },
    optimizer: { name: 'sgd', lr: 1e9 },
    steps: 200,
  };
  it('is an outcome said in words (the step and the value), not a crash; --json carries `diverged`', async () => {
    const en = await unhaHere(['run', file('wild.json', wild), '--locale', 'en']);
    expect(en.code).toBe(0);
    expect(en.stderr).toBe('');
    expect(en.stdout).toMatch(/The training diverged at step \d+: .* reached .*\. Try a smaller --lr\./);
    expect(en.stdout).not.toContain('Text written by the model');
    const pt = await unhaHere(['run', file('wild.json', wild), '--locale', 'pt-BR']);
    expect(pt.stdout).toMatch(/O treino divergiu no passo \d+: .* chegou a .*\. Experimente um --lr menor\./);
    const json = await unhaHere(['run', file('wild.json', wild), '--json']);
    expect(json.code).toBe(0);
    const out = JSON.parse(json.stdout) as { steps: unknown[]; diverged: { step: number } };
    // The same step in both forms.
    expect(en.stdout).toContain(`diverged at step ${out.diverged.step}:`);
  });
});
