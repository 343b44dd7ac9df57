/**
 * `unha export … --onnx`: the file the command writes, opened by onnxruntime, gives the logits and
 * outputs the engine computes for the same training (run here again by the engine itself, not read
 * from the file), for a GPT (float64 and float32), a dense net with its z-score, a language model, a
 * saved model file and a safetensors file; the messages in both locales; an unwritable path.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { corpusWords, findGptLesson, findLesson, findLmLesson } from '@unha/lessons';
import {
  GptTrainer,
  LmTrainer,
  fromModelFile,
  infer,
  toModelFile,
  train,
  validateExperiment,
  validateGptExperiment,
  validateLmExperiment,
} from '@unha/engine';
import { GptTrainer32 } from '../../engine/src/fast/index';
import { expectOnnxClose, runOnnx } from '../../engine/test/onnx-helpers';
import { unhaHere } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'unha-onnx-'));

function gptExperiment(over: Record<string, unknown>) {
  const r = validateGptExperiment({ ...findGptLesson('gpt-tiny')!.experiment, ...over });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

const windows = (B: number, T: number, V: number) =>
  Int32Array.from({ length: B * T }, (_, i) => (i * 5 + ((i / T) | 0)) % V);

/** onnxruntime's output for a file's `tokens` input, B rows of T token ids. */
const runTokens = async (file: string, tokens: Int32Array, B: number, T: number) =>
  (await runOnnx(readFileSync(file), { name: 'tokens', type: 'int64', values: tokens, dims: [B, T] })).data;

/** onnxruntime's output for a dense net's `inputs`, one row per example. */
const runInputs = async (file: string, rows: number[][]) =>
  (
    await runOnnx(readFileSync(file), {
      name: 'inputs',
      type: 'float32',
      values: rows.flat(),
      dims: [rows.length, rows[0].length],
    })
  ).data;

describe('unha export --onnx', () => {
  test('gpt-tiny (float64, 15 steps): the file gives the engine’s logits', async () => {
    const out = join(dir, 'tiny.onnx');
    const r = await unhaHere(['export', 'gpt-tiny', '--steps', '15', '--onnx', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Wrote ${out}: ONNX, opset 17`);
    expect(r.stdout).toContain('tokens int64 [batch, positions ≤ 4] → logits float32 [batch, positions, 12]');
    const t = new GptTrainer(gptExperiment({ steps: 15 }));
    while (t.step());
    const tokens = windows(3, 4, 12);
    const ort = await runTokens(out, tokens, 3, 4);
    expectOnnxClose(ort, t.model.forward(tokens, 3, 4).logits.data, 'gpt-tiny');
  });

  test('gpt-tiny with --dtype float32: the float32 run’s logits, weights unchanged', async () => {
    const out = join(dir, 'tiny32.onnx');
    const r = await unhaHere(['export', 'gpt-tiny', '--steps', '10', '--dtype', 'float32', '--onnx', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('float32 run’s own numbers');
    const t = new GptTrainer32(gptExperiment({ steps: 10, dtype: 'float32' }));
    while (t.step());
    const m = t.model;
    const tokens = windows(4, 4, 12);
    m.i32(m.buf.tokens, 16).set(tokens);
    m.forward(4, 4, false);
    const expected = Float64Array.from(m.f32(m.buf.logits, 16 * 12));
    t.close();
    const ort = await runTokens(out, tokens, 4, 4);
    expectOnnxClose(ort, expected, 'gpt-tiny float32');
  });

  test('unbalanced-scales --normalize (pt-BR): raw inputs in, the engine’s predictions out', async () => {
    const out = join(dir, 'scales.onnx');
    const r = await unhaHere(['export', 'unbalanced-scales', '--normalize', '--onnx', out], {
      LANG: 'pt_BR.UTF-8',
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Gravado ${out}: ONNX, opset 17`);
    expect(r.stdout).toContain('normalizadas (escore z) dentro do grafo');
    const exp = validateExperiment({ ...findLesson('unbalanced-scales')!.experiment, normalize: true });
    if (!exp.ok) throw new Error('lesson');
    const model = toModelFile(train(exp.value));
    const inputs = [
      [0.1, 12],
      [0.5, 52],
      [0.9, 97],
      [2, 150],
    ];
    const ort = await runInputs(out, inputs);
    expectOnnxClose(ort, infer(model, inputs).outputs.flat(), 'unbalanced-scales');
  });

  test('a model saved by run --save, and the same model through safetensors, give one prediction', async () => {
    const saved = join(dir, 'net.json');
    expect((await unhaHere(['run', 'two-inputs-network', '--normalize', '--save', saved])).code).toBe(0);
    const st = join(dir, 'net.safetensors');
    expect((await unhaHere(['export', saved, '--safetensors', st])).code).toBe(0);
    const model = fromModelFile(JSON.parse(readFileSync(saved, 'utf8')));
    if (!model.ok) throw new Error('model file');
    const inputs = [
      [0, 1],
      [2, 3],
      [-1, 4],
    ];
    const expected = infer(model.value, inputs).outputs.flat();
    for (const source of [saved, st]) {
      const out = join(dir, 'net.onnx');
      const r = await unhaHere(['export', source, '--onnx', out]);
      expect(r.code, r.stderr).toBe(0);
      const ort = await runInputs(out, inputs);
      expectOnnxClose(ort, expected, source);
    }
  });

  test('names-mlp (20 steps): context ids in, the engine’s logits out', async () => {
    const out = join(dir, 'names.onnx');
    const r = await unhaHere(['export', 'names-mlp', '--steps', '20', '--onnx', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('tokens int64 [batch, 3] → logits float32 [batch, 27]');
    const exp = validateLmExperiment({ ...findLmLesson('names-mlp')!.experiment, steps: 20 });
    if (!exp.ok) throw new Error('lesson');
    const t = new LmTrainer(exp.value, { words: corpusWords('english-names') });
    while (t.step());
    const tokens = windows(10, 3, 27);
    const ort = await runTokens(out, tokens, 10, 3);
    expectOnnxClose(ort, t.model.forward(tokens, 10).logits.data, 'names-mlp');
  });

  test('a path that cannot be written: exit 2, one located message in each locale, no stack', async () => {
    const out = join(dir, 'no-such-dir', 'x.onnx');
    for (const [env, text] of [
      [{}, 'cannot write the file'],
      [{ LANG: 'pt_BR.UTF-8' }, 'não foi possível gravar o arquivo'],
    ] as const) {
      const r = await unhaHere(['export', 'one-neuron', '--onnx', out], env);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(out);
      expect(r.stderr).toContain(text);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(out)).toBe(false);
    }
  });
});
