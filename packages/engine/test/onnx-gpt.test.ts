import { describe, expect, test } from 'vitest';
import { findGptLesson } from '@unha/lessons';
import { type GptExperiment, GptTrainer, validateGptExperiment } from '../src/index';
import { GptTrainer32 } from '../src/fast/index';
import { gptOnnx } from '../src/formats/onnx-gpt';
import { expectOnnxClose, runOnnx } from './onnx-helpers';

/**
 * The GPT's ONNX graph run by onnxruntime against the engine's forward pass on the same tokens:
 * every logit of every position, for several batch sizes and window lengths (both dimensions are
 * dynamic in the file), after some training so that the weights are far from their initial values.
 */

function experiment(over: Record<string, unknown>, model: Record<string, unknown> = {}): GptExperiment {
  const base = findGptLesson('gpt-tiny')!.experiment;
  const r = validateGptExperiment({ ...base, ...over, model: { ...base.model, ...model } });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

/** Deterministic token windows: B rows of T ids, spread over the vocabulary. */
function windows(B: number, T: number, V: number): Int32Array {
  return Int32Array.from({ length: B * T }, (_, i) => (i * 7 + ((i / T) | 0) * 3) % V);
}

describe('GPT as ONNX, onnxruntime against the float64 engine', () => {
  test('gpt-tiny after 60 AdamW steps: logits for T = 1 … block and batches of 1 and 3', async () => {
    const exp = experiment({ steps: 60 });
    const t = new GptTrainer(exp);
    while (t.step());
    const vocab = [...t.data.vocab.chars];
    const bytes = gptOnnx({ experiment: exp, vocab, params: t.params() });
    const V = vocab.length;
    for (const B of [1, 3])
      for (let T = 1; T <= exp.model.block; T++) {
        const tokens = windows(B, T, V);
        const ort = await runOnnx(bytes, { name: 'tokens', type: 'int64', values: tokens, dims: [B, T] });
        expect(ort.dims).toEqual([B, T, V]);
        expect(ort.session.inputNames).toEqual(['tokens']);
        expect(ort.session.outputNames).toEqual(['logits']);
        expectOnnxClose(ort.data, t.model.forward(tokens, B, T).logits.data, `B=${B} T=${T}`);
      }
  });

  test('two layers of two heads, block 8, on the attention lesson text', async () => {
    const text = findGptLesson('attention')!.experiment.data.text;
    const exp = experiment(
      { data: { text, split: { train: 0.9, val: 0.1 } }, steps: 25, batches: 'random', seed: 3 },
      { layers: 2, heads: 2, width: 8, block: 8, init: { seed: 7 } },
    );
    const t = new GptTrainer(exp);
    while (t.step());
    const vocab = [...t.data.vocab.chars];
    const bytes = gptOnnx({ experiment: exp, vocab, params: t.params() });
    for (const [B, T] of [
      [2, 8],
      [4, 5],
    ]) {
      const tokens = windows(B, T, vocab.length);
      const ort = await runOnnx(bytes, { name: 'tokens', type: 'int64', values: tokens, dims: [B, T] });
      expectOnnxClose(ort.data, t.model.forward(tokens, B, T).logits.data, `B=${B} T=${T}`);
      // onnxruntime's own rewrites (fused LayerNorm, GELU, attention) keep the same numbers.
      const fused = await runOnnx(
        bytes,
        { name: 'tokens', type: 'int64', values: tokens, dims: [B, T] },
        { optimize: true },
      );
      expectOnnxClose(fused.data, t.model.forward(tokens, B, T).logits.data, `optimised B=${B} T=${T}`);
    }
  });

  test('more positions than the block is refused by onnxruntime, not read past wpe', async () => {
    const exp = experiment({ steps: 1 });
    const t = new GptTrainer(exp);
    const bytes = gptOnnx({ experiment: exp, vocab: [...t.data.vocab.chars], params: t.params() });
    const T = exp.model.block + 1;
    await expect(
      runOnnx(
        bytes,
        { name: 'tokens', type: 'int64', values: new Int32Array(T), dims: [1, T] },
        { quiet: true },
      ),
    ).rejects.toThrow();
  });
});

describe('GPT as ONNX, onnxruntime against the float32 trainer', () => {
  test('two layers, two heads, 30 steps in float32: the WebAssembly forward pass and the file agree', async () => {
    const exp = experiment(
      { steps: 30, batchSize: 4, dtype: 'float32' },
      { layers: 2, heads: 2, width: 8, block: 4, init: { seed: 11 } },
    );
    const t = new GptTrainer32(exp);
    while (t.step());
    const m = t.model;
    const vocab = [...t.data.vocab.chars];
    const bytes = gptOnnx({ experiment: exp, vocab, params: m.values() });
    const B = exp.batchSize;
    const T = exp.model.block;
    const V = vocab.length;
    const tokens = windows(B, T, V);
    m.i32(m.buf.tokens, B * T).set(tokens);
    m.forward(B, T, false);
    const expected = Float64Array.from(m.f32(m.buf.logits, B * T * V));
    const ort = await runOnnx(bytes, { name: 'tokens', type: 'int64', values: tokens, dims: [B, T] });
    expectOnnxClose(ort.data, expected, 'float32 trainer');
    t.close();
  });
});
