import { readSafetensors } from '@unha/engine';
import { renderIssue } from '@unha/explain';
import { describe, expect, it } from 'vitest';
import { gptFromFile } from '../src/formats/gpt-file';
import { exact, grouped } from '../src/formats/words';
import { downloadName } from '../src/gpt/worker-files';
import { type HandTensor, handSafetensors, nanoGptNames } from './helpers/safetensors-bytes';

/**
 * What the lab asks of a .safetensors file's metadata to run it as a GPT, on files made by hand
 * (helpers/safetensors-bytes.ts): a 1-layer GPT of width 4 over "ab" whose values are 0.5, 1, 1.5, …
 * in nanoGPT's order, so each parameter's first value says where it is.
 */

const NAMES = nanoGptNames(1, 4, 3, 2);
const tensors = (): HandTensor[] => {
  let k = 0;
  return NAMES.map(([name, shape]) => {
    const n = shape.reduce((a, b) => a * b, 1);
    return { name, dtype: 'F64', shape, values: Array.from({ length: n }, () => ++k / 2) };
  });
};
const CONFIG = { n_layer: 1, n_head: 2, n_embd: 4, block_size: 3, vocab_size: 2, bias: true };

function opened(metadata: Record<string, string>, ts = tensors()) {
  const r = readSafetensors(handSafetensors(ts, metadata));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return gptFromFile(r.value);
}

const said = (r: ReturnType<typeof gptFromFile>, locale: 'en' | 'pt-BR' = 'en'): string[] =>
  r.ok ? [] : r.issues.map((i) => renderIssue(i, 'm.safetensors', locale));

describe('a .safetensors file as a GPT for the lab', () => {
  it('config and vocab are enough: the shapes from the config, the values by name, the step when written', () => {
    const r = opened({ config: JSON.stringify(CONFIG), vocab: '["a","b"]', step: '12' });
    if (!r.ok) throw new Error(said(r).join('\n'));
    expect(r.value.vocab).toEqual(['a', 'b']);
    expect(r.value.step).toBe(12);
    expect(r.value.experiment.model).toMatchObject({ layers: 1, heads: 2, width: 4, block: 3 });
    // wte [2, 4] holds 0.5 … 4; wpe [3, 4] starts at 4.5.
    expect(r.value.params['transformer.wte.weight']).toEqual([
      [0.5, 1, 1.5, 2],
      [2.5, 3, 3.5, 4],
    ]);
    expect((r.value.params['transformer.wpe.weight'] as number[][])[0][0]).toBe(4.5);
    expect((r.value.params['transformer.ln_f.bias'] as number[]).length).toBe(4);
  });

  it('the experiment in the metadata gives the shapes and the sampler', () => {
    const experiment = {
      data: { text: 'abab' },
      model: { type: 'gpt', layers: 1, heads: 2, width: 4, block: 3, init: { seed: 1 } },
      optimizer: { name: 'sgd', lr: 0.1 },
      sample: { tokens: 9, seed: 4 },
    };
    const r = opened({
      config: JSON.stringify(CONFIG),
      vocab: '["a","b"]',
      experiment: JSON.stringify(experiment),
    });
    if (!r.ok) throw new Error(said(r).join('\n'));
    expect(r.value.experiment.sample).toMatchObject({ tokens: 9, seed: 4 });
    expect(r.value.experiment.model.heads).toBe(2);
    expect(r.value.step).toBe(0);
  });

  it('each missing or wrong piece is said with its place, in both languages', () => {
    expect(said(opened({ vocab: '["a","b"]' }))).toEqual([
      'm.safetensors: header.__metadata__.config is missing; expected object with n_layer, n_head, n_embd, block_size and vocab_size',
    ]);
    const noHeads = { ...CONFIG, n_head: 3 };
    expect(said(opened({ config: JSON.stringify(noHeads), vocab: '["a","b"]' }))[0]).toContain(
      'm.safetensors: header.__metadata__.config',
    );
    // Three characters for a wte of two rows: the tensor is named, with the shape it should have.
    expect(said(opened({ config: JSON.stringify(CONFIG), vocab: '["a","b","c"]' }), 'pt-BR')[0]).toBe(
      'm.safetensors: header["transformer.wte.weight"].shape não é o do modelo: formato [2, 4]; esperado formato [3, 4]',
    );
    expect(said(opened({ config: JSON.stringify(CONFIG), vocab: '["a","a"]' }))[0]).toContain(
      'header.__metadata__.vocab has the wrong type',
    );
    expect(said(opened({ config: '{"n_layer": ', vocab: '["a","b"]' }))[0]).toContain(
      'header.__metadata__.config is not valid JSON',
    );
    // A tensor of the wrong shape: the engine's mapping names it in the header.
    const ts = tensors();
    ts[1] = { ...ts[1], shape: [4, 3] };
    expect(said(opened({ config: JSON.stringify(CONFIG), vocab: '["a","b"]' }, ts))[0]).toContain(
      'transformer.wpe.weight',
    );
  });

  it('names a download by its source, step and format; numbers are written as each language does', () => {
    expect(downloadName('gpt-tiny', 30, { format: 'safetensors', dtype: 'F32' })).toBe(
      'gpt-tiny-step30-f32.safetensors',
    );
    expect(downloadName('run.safetensors', 0, { format: 'onnx' })).toBe('run-step0.onnx');
    expect(grouped(1234567, 'pt-BR')).toBe('1.234.567');
    expect(grouped(1234567, 'en')).toBe('1,234,567');
    expect(exact(-0.25, 'pt-BR')).toBe('−0,25');
  });
});
