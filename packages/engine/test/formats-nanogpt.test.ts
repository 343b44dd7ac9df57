/**
 * A nanoGPT-shaped model saved by PyTorch, opened here.
 *
 * fixtures/formats/make_nanogpt_fixture.py builds the model in torch (float64, values drawn from torch's
 * generator, LayerNorm weights and biases too), writes it with its own safetensors writer (struct + json:
 * not ours) the way a compiled nanoGPT saves it (every key behind "_orig_mod.", the causal-mask buffers
 * transformer.h.N.attn.bias, the tied lm_head.weight), and records torch's mean cross-entropy and every
 * logit on a batch of four windows. Here the file goes through readSafetensors and
 * gptValuesFromSafetensors into our float64 GptModel, whose loss and logits must be torch's to 1e-9
 * (relative, floor 1e-12: both are float64 and differ only in the order of their sums).
 *
 * The same model rounded by torch to float32, float16 and bfloat16 (F32, F16, BF16 files): the values read
 * must be exactly torch's (Math.fround of the float64 values for F32, torch's own widening for the 16-bit
 * ones), and the float32 values in our float64 model give torch's float32 loss to 1e-6.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import {
  GptModel,
  buildTextVocab,
  flatValues,
  gptSafetensors,
  gptValuesFromSafetensors,
  readSafetensors,
  validateGptExperiment,
  type GptModelSpec,
  type GptParamValues,
  type SafetensorsFile,
} from '../src/index';
import { expectRelClose } from './helpers';

const DIR = fileURLToPath(new URL('./fixtures/formats/', import.meta.url));

interface Expected {
  config: {
    n_layer: number;
    n_head: number;
    n_embd: number;
    block_size: number;
    vocab_size: number;
    dropout: number;
  };
  vocab: string[];
  tokens: number[];
  batch: { starts: number[]; T: number };
  loss: number;
  logits: number[];
  loss32: number;
  widened: Record<'F16' | 'BF16', Record<string, number[]>>;
}

const expected = JSON.parse(readFileSync(`${DIR}nanogpt.expected.json`, 'utf8')) as Expected;
const c = expected.config;
const V = c.vocab_size;

function open(name: string): SafetensorsFile {
  const r = readSafetensors(new Uint8Array(readFileSync(`${DIR}${name}`)));
  if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.issues)}`);
  return r.value;
}

function params(file: SafetensorsFile): GptParamValues {
  const r = gptValuesFromSafetensors(file, { layers: c.n_layer, width: c.n_embd, block: c.block_size }, V);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.values;
}

function model(values: GptParamValues): GptModel {
  const spec: GptModelSpec = {
    type: 'gpt',
    layers: c.n_layer,
    heads: c.n_head,
    width: c.n_embd,
    block: c.block_size,
    dropout: 0,
    init: values,
  };
  // The vocabulary as torch's sorted(set(text)): the same characters in the same order.
  const vocab = buildTextVocab(expected.vocab.join(''));
  expect(vocab.chars).toEqual(expected.vocab);
  return new GptModel(vocab, spec, values);
}

const tokens = Int32Array.from(expected.tokens);
const { starts, T } = expected.batch;

describe('a nanoGPT model saved by PyTorch (float64, _orig_mod., mask buffers, tied head)', () => {
  const file = open('nanogpt-f64.safetensors');

  test('the file holds what nanoGPT saves, and the mapping keeps exactly our parameters', () => {
    const names = file.tensors.map((t) => t.name);
    expect(names.every((n) => n.startsWith('_orig_mod.'))).toBe(true);
    expect(names).toContain('_orig_mod.lm_head.weight');
    expect(names.filter((n) => /\.attn\.bias$/.test(n))).toHaveLength(c.n_layer);
    expect(file.metadata).toEqual({ format: 'pt' });
    const values = params(file);
    // 2 + 12 per layer + 2: the buffers and the tied copy are not parameters.
    expect(Object.keys(values)).toHaveLength(2 + 12 * c.n_layer + 2);
    expect(Object.keys(values).some((n) => n.includes('_orig_mod') || n.startsWith('lm_head'))).toBe(false);
  });

  test('our loss and every logit equal torch’s to 1e-9', () => {
    const m = model(params(file));
    const loss = m.meanLoss(tokens, starts, T);
    expectRelClose([loss], [expected.loss], 'loss');
    const input = new Int32Array(starts.length * T);
    starts.forEach((s, r) => input.set(tokens.subarray(s, s + T), r * T));
    const logits = m.forward(input, starts.length, T).logits;
    expect(logits.shape).toEqual([starts.length * T, V]);
    expectRelClose(Array.from(logits.data), expected.logits, 'logits');
  });

  test('written again by us (F64) and read back: the same bits, nanoGPT’s names kept', () => {
    const values = params(file);
    const exp = validateGptExperiment({
      data: { text: expected.tokens.map((k) => expected.vocab[k]).join('') },
      model: {
        type: 'gpt',
        layers: c.n_layer,
        heads: c.n_head,
        width: c.n_embd,
        block: c.block_size,
        init: values,
      },
      optimizer: { name: 'adamw', lr: 0.001 },
      steps: 1,
    });
    if (!exp.ok) throw new Error(JSON.stringify(exp.issues));
    const ours = readSafetensors(
      gptSafetensors({ experiment: exp.value, vocab: expected.vocab, params: values }, 'F64'),
    );
    if (!ours.ok) throw new Error(JSON.stringify(ours.issues));
    const again = params(ours.value);
    for (const [name, v] of Object.entries(values)) {
      const a = flatValues(again[name]);
      expect(
        flatValues(v).every((x, i) => Object.is(x, a[i])),
        name,
      ).toBe(true);
    }
    // Same tensors as the file from PyTorch, less the prefix, the buffers and the tied copy.
    const theirs = file.tensors
      .map((t) => t.name.slice('_orig_mod.'.length))
      .filter((n) => !/\.attn\.bias$|^lm_head/.test(n));
    expect(ours.value.tensors.map((t) => t.name).sort()).toEqual(theirs.sort());
  });

  test('a tied head that differs from the embedding by one value is refused, located', () => {
    const tensors = file.tensors.map((t) =>
      t.name === '_orig_mod.lm_head.weight'
        ? { ...t, values: t.values.map((v, i) => (i === 5 ? v + 1e-12 : v)) }
        : t,
    );
    const r = gptValuesFromSafetensors({ tensors }, { layers: 2, width: 8, block: 8 }, V);
    expect(r).toEqual({
      ok: false,
      issues: [
        {
          code: 'unknown_value',
          path: ['header', '_orig_mod.lm_head.weight'],
          expected: { key: 'tiedHead' },
        },
      ],
    });
  });
});

describe('the same model rounded by torch to float32, float16 and bfloat16', () => {
  const f64 = params(open('nanogpt-f64.safetensors'));

  test('F32: every value is the float64 value rounded to the nearest float32 (torch’s .float())', () => {
    const f32 = params(open('nanogpt-f32.safetensors'));
    for (const [name, v] of Object.entries(f64)) {
      const want = flatValues(v).map(Math.fround);
      const got = flatValues(f32[name]);
      expect(
        got.every((x, i) => Object.is(x, want[i])),
        name,
      ).toBe(true);
    }
  });

  test('F32: those values in our float64 model give torch’s float32 loss to 1e-6', () => {
    const loss = model(params(open('nanogpt-f32.safetensors'))).meanLoss(tokens, starts, T);
    // Measured 9.4·10⁻⁹ relative: torch's float32 sums against our float64 ones on the same values.
    expectRelClose([loss], [expected.loss32], 'loss32', 1e-6);
  });

  test.each(['F16', 'BF16'] as const)('%s: every value widened exactly as torch widens it', (dtype) => {
    const file = open(`nanogpt-${dtype.toLowerCase()}.safetensors`);
    expect(file.tensors.every((t) => t.dtype === dtype)).toBe(true);
    const values = params(file);
    const want = expected.widened[dtype];
    for (const [name, v] of Object.entries(values)) {
      const got = flatValues(v);
      expect(got.length, name).toBe(want[name].length);
      expect(
        got.every((x, i) => Object.is(x, want[name][i])),
        name,
      ).toBe(true);
    }
    // The tied head was written too, rounded the same way: it must equal wte.
    expect(want['lm_head.weight']).toEqual(want['transformer.wte.weight']);
  });
});
