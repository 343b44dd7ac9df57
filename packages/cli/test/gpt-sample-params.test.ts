/**
 * unha sample, predict and params of a GPT checkpoint: the text streams character by character and
 * is the same for the same seed; predict's probabilities are the softmax of a plain forward pass
 * (gpt-reference.ts) over the checkpoint's parameters; params counts by nanoGPT's names and formulas.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { type Params, logits } from './gpt-reference';
import { unhaHere } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'unha-gpt-sample-'));
const TEXT = 'Call me Ishmael. Some years ago, never mind how long precisely.\n';
const SPEC = { layers: 2, heads: 2, width: 8, block: 6 };
const EXP = {
  data: { text: TEXT, split: { train: 0.9, val: 0.1 } },
  model: { type: 'gpt', ...SPEC, init: { seed: 1 } },
  loss: 'cross-entropy',
  optimizer: { name: 'adamw', lr: 0.01 },
  batchSize: 4,
  batches: 'random',
  steps: 20,
  eval: { every: 20, windows: 4 },
};
const expFile = join(dir, 'call.json');
writeFileSync(expFile, JSON.stringify(EXP));
const out = join(dir, 'out');
const ckpt = join(out, 'ckpt.json');
const vocab = [...new Set(TEXT)].sort();

beforeAll(async () => {
  const r = await unhaHere(['train', expFile, '--out', out]);
  expect(r.code).toBe(0);
}, 60_000);

describe('unha sample: a GPT checkpoint', () => {
  it('writes the start and then one character per write, and the same text for the same seed', async () => {
    const { main } = await import('../src/cli');
    const writes: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
      writes.push(String(c));
      return true;
    });
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let code: number;
    try {
      code = await main([
        'sample',
        ckpt,
        '--start',
        'Call m',
        '--tokens',
        '40',
        '--seed',
        '7',
        '--locale',
        'en',
      ]);
    } finally {
      spy.mockRestore();
      err.mockRestore();
    }
    expect(code).toBe(0);
    expect(writes[0]).toBe('Call m');
    // 40 characters, each written as it was drawn, then the closing newline.
    expect(writes).toHaveLength(42);
    for (const w of writes.slice(1, 41)) expect(vocab).toContain(w === '\n' ? '\n' : w);
    const again = await unhaHere(['sample', ckpt, '--start', 'Call m', '--tokens', '40', '--seed', '7']);
    expect(again.stdout).toBe(writes.join(''));
    const other = await unhaHere(['sample', ckpt, '--start', 'Call m', '--tokens', '40', '--seed', '8']);
    expect(other.stdout).not.toBe(writes.join(''));
  });

  it('--json: the settings and the text; the out directory stands for its checkpoint', async () => {
    const r = await unhaHere(['sample', out, '--start', 'So', '--tokens', '12', '--top-k', '3', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as {
      start: string;
      tokens: number;
      topK: number;
      seed: number;
      text: string;
    };
    expect(j).toMatchObject({ start: 'So', tokens: 12, topK: 3 });
    expect([...j.text].every((c) => vocab.includes(c))).toBe(true);
  });

  it("part 1's names sampler still writes names", async () => {
    const r = await unhaHere(['sample', 'names-bigram', '--count', '3', '--locale', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^3 names sampled/);
  });
});

describe('unha predict: a GPT checkpoint', () => {
  it("the next character's probabilities are the softmax of a plain forward pass of the checkpoint", async () => {
    const r = await unhaHere(['predict', ckpt, '--context', 'Some years', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { context: string; probs: { char: string; p: number }[] };
    // The model reads the last block = 6 characters.
    expect(j.context).toBe(' years'.slice(-6));
    const ck = JSON.parse(readFileSync(ckpt, 'utf8')) as { params: Params };
    const z = logits(
      ck.params,
      SPEC,
      [...j.context].map((c) => vocab.indexOf(c)),
    ).at(-1);
    const m = Math.max(...z);
    const e = z.map((v) => Math.exp(v - m));
    const sum = e.reduce((a, b) => a + b, 0);
    for (const { char, p } of j.probs) expect(p).toBeCloseTo(e[vocab.indexOf(char)] / sum, 12);
    const text = await unhaHere(['predict', ckpt, '--context', 'Some years', '--locale', 'en']);
    expect(text.stdout).toContain('Next character after " years" (the model reads the last 6):');
  });
});

describe('unha params: a GPT', () => {
  it("every parameter by name and shape, the total by the formula, beside the seed's scales", async () => {
    const V = vocab.length;
    const C = SPEC.width;
    const perBlock =
      2 * C + (3 * C * C + 3 * C) + (C * C + C) + 2 * C + (4 * C * C + 4 * C) + (4 * C * C + C);
    const total = V * C + SPEC.block * C + SPEC.layers * perBlock + 2 * C;
    const j = await unhaHere(['params', expFile, '--json']);
    expect(j.code).toBe(0);
    const c = JSON.parse(j.stdout) as {
      params: { name: string; shape: number[] }[];
      total: number;
      withoutWpe: number;
    };
    expect(c.total).toBe(total);
    expect(c.withoutWpe).toBe(total - SPEC.block * C);
    expect(c.params[0]).toMatchObject({ name: 'transformer.wte.weight', shape: [V, C] });
    expect(c.params.find((p) => p.name === 'transformer.h.1.mlp.c_proj.weight')?.shape).toEqual([C, 4 * C]);
    const en = await unhaHere(['params', ckpt, '--locale', 'en']);
    expect(en.stdout).toContain(`total`);
    expect(en.stdout).toContain('lm_head.weight is transformer.wte.weight');
    expect(en.stdout).toMatch(/1 thousand .*\n.*◀ this model[^\n]*\n\s+1 million/);
    const pt = await unhaHere(['params', ckpt, '--locale', 'pt-BR']);
    expect(pt.stdout).toContain('“a partir do milhão já dá pra criar frases simples”');
    expect(pt.stdout).toContain('◀ este modelo');
  });
});
