/**
 * Ours → safetensors → ours: a GPT trained a few steps by the float64 trainer written as F64, and by the
 * float32 trainer written as F32, comes back bit for bit (Object.is on every value), with the metadata a
 * reader needs; a trainer started from the values read is the same model (the same evaluation loss,
 * to the last bit). Then the mapping of a file's names onto the GPT's parameters, each way it can fail.
 */
import { describe, expect, test } from 'vitest';
import {
  GptTrainer,
  GptTrainer32,
  flatValues,
  gptConfig,
  gptParamSpecs,
  gptSafetensors,
  gptValuesFromSafetensors,
  metadataJson,
  readSafetensors,
  type GptExperiment,
  type GptParamValues,
  type SafetensorsFile,
  type SafetensorsTensor,
} from '../src/index';
import { f32Experiment } from './fast-trainer-helpers';

const TEXT = 'the cat sat on the mat. the dog sat on the log.\n'.repeat(3);

function read(bytes: Uint8Array): SafetensorsFile {
  const r = readSafetensors(bytes);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

function valuesOf(file: SafetensorsFile, exp: GptExperiment, v: number): GptParamValues {
  const r = gptValuesFromSafetensors(file, exp.model, v);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.values;
}

/** Every value equal to the last bit, name by name (and the same names). */
function expectSameBits(
  got: GptParamValues,
  want: GptParamValues,
  round: (x: number) => number = (x) => x,
): void {
  expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
  for (const [name, w] of Object.entries(want)) {
    const a = flatValues(got[name]);
    const b = flatValues(w).map(round);
    expect(a.length, name).toBe(b.length);
    const bad = a.findIndex((x, i) => !Object.is(x, b[i]));
    expect(bad, `${name}[${bad}]: ${a[bad]} vs ${b[bad]}`).toBe(-1);
  }
}

describe('round trips of trained GPTs', () => {
  const e64 = f32Experiment(TEXT, { steps: 4 }, 'float64');
  const t64 = new GptTrainer(e64);
  t64.run();
  const p64 = t64.params();
  const vocab = t64.data.vocab.chars;

  test('float64 trainer → F64 → the same bits, with vocab, config and experiment in the metadata', () => {
    const file = read(gptSafetensors({ experiment: e64, vocab, params: p64 }, 'F64'));
    expect(file.tensors.every((t) => t.dtype === 'F64')).toBe(true);
    // nanoGPT's state_dict order, the tied head not written.
    const names = gptParamSpecs(e64.model, vocab.length).map((s) => s.name);
    expect([...file.tensors.map((t) => t.name)]).toEqual(names);
    expectSameBits(valuesOf(file, e64, vocab.length), p64);
    expect(file.metadata.format).toBe('unha-weights');
    expect(file.metadata.kind).toBe('gpt');
    expect(metadataJson(file, 'vocab')).toEqual({ ok: true, value: vocab });
    expect(metadataJson(file, 'config')).toEqual({ ok: true, value: gptConfig(e64.model, vocab.length) });
    // The experiment rides along as a seeded one: the values are the tensors, not a copy in the header.
    const exp = metadataJson(file, 'experiment');
    expect(exp.ok && (exp.value as GptExperiment).model.init).toEqual({ seed: 3 });
  });

  test('a float64 trainer started from the values read is the same model', () => {
    const file = read(gptSafetensors({ experiment: e64, vocab, params: p64 }, 'F64'));
    const again = new GptTrainer({
      ...e64,
      model: { ...e64.model, init: valuesOf(file, e64, vocab.length) },
    });
    expectSameBits(again.params(), p64);
    expect(Object.is(again.evaluate('train'), t64.evaluate('train'))).toBe(true);
  });

  test('float64 values written as F32 are each rounded to the nearest float32', () => {
    const file = read(gptSafetensors({ experiment: e64, vocab, params: p64 }, 'F32'));
    expectSameBits(valuesOf(file, e64, vocab.length), p64, Math.fround);
  });

  test('float32 trainer → F32 → the same bits; a float32 trainer started from them evaluates the same', () => {
    const e32 = f32Experiment(TEXT, { steps: 4 }, 'float32');
    const t32 = new GptTrainer32(e32);
    try {
      t32.run();
      const p32 = t32.params();
      // The float32 trainer's values are float32 numbers: F32 keeps them whole.
      expect(flatValues(p32['transformer.wte.weight']).every((x) => Object.is(x, Math.fround(x)))).toBe(true);
      const file = read(gptSafetensors({ experiment: e32, vocab: t32.data.vocab.chars, params: p32 }, 'F32'));
      expect(file.tensors.every((t) => t.dtype === 'F32')).toBe(true);
      const back = valuesOf(file, e32, vocab.length);
      expectSameBits(back, p32);
      const again = new GptTrainer32({ ...e32, model: { ...e32.model, init: back } });
      try {
        expectSameBits(again.params(), p32);
        expect(Object.is(again.evaluate('train'), t32.evaluate('train'))).toBe(true);
      } finally {
        again.close();
      }
    } finally {
      t32.close();
    }
  });
});

describe('a file’s names against the GPT’s parameters', () => {
  const m = { layers: 1, width: 4, block: 3 };
  const V = 5;
  const specs = gptParamSpecs(m, V);
  /** Tensors as readSafetensors gives them, value k of each tensor = k / 8 (exact in every dtype). */
  const tensorsFor = (list: { name: string; shape: number[] }[]): SafetensorsTensor[] =>
    list.map(({ name, shape }) => {
      const n = shape.reduce((a, b) => a * b, 1);
      return {
        name,
        shape,
        dtype: 'F64',
        values: Float64Array.from({ length: n }, (_, k) => k / 8),
        begin: 0,
        end: 8 * n,
      };
    });
  const good = () => tensorsFor(specs.map((s) => ({ name: s.name, shape: s.shape })));
  const map = (tensors: SafetensorsTensor[]) => gptValuesFromSafetensors({ tensors }, m, V);
  const first6 = specs.slice(0, 6).map((s) => s.name);

  test('the plain names read; every value lands in its row and column', () => {
    const r = map(good());
    expect(r.ok).toBe(true);
    // wte [5, 4]: row 1, column 2 is value 1·4 + 2 = 6, i.e. 6/8.
    if (r.ok) expect((r.values['transformer.wte.weight'] as number[][])[1][2]).toBe(0.75);
  });

  test('a missing parameter: located at its name, with the shape wanted', () => {
    const r = map(good().filter((t) => t.name !== 'transformer.h.0.mlp.c_fc.bias'));
    expect(r).toEqual({
      ok: false,
      issues: [
        {
          code: 'missing',
          path: ['header', 'transformer.h.0.mlp.c_fc.bias'],
          expected: { key: 'tensorShape', shape: [16] },
        },
      ],
    });
  });

  test('a wrong shape (a vocabulary of another size), found and wanted', () => {
    const r = map(
      good().map((t) =>
        t.name === 'transformer.wte.weight' ? tensorsFor([{ name: t.name, shape: [6, 4] }])[0] : t,
      ),
    );
    expect(r).toEqual({
      ok: false,
      issues: [
        {
          code: 'model_shape',
          path: ['header', 'transformer.wte.weight', 'shape'],
          expected: { key: 'tensorShape', shape: [5, 4] },
          found: { key: 'tensorShape', shape: [6, 4] },
        },
      ],
    });
  });

  test.each(['transformer.h.1.ln_1.weight', 'constructor', 'toString', '__proto__'])(
    'a name the model does not have (%s)',
    (name) => {
      const r = map([...good(), ...tensorsFor([{ name, shape: [4] }])]);
      expect(r).toEqual({
        ok: false,
        issues: [
          {
            code: 'unknown_field',
            path: ['header', name],
            expected: { key: 'tensorNames', names: first6, more: specs.length - 6 },
          },
        ],
      });
    },
  );

  test('a wrong shape behind the compile prefix is that one issue, not also a missing name', () => {
    const r = map(
      good().map((t) =>
        t.name === 'transformer.ln_f.bias' ? tensorsFor([{ name: `_orig_mod.${t.name}`, shape: [5] }])[0] : t,
      ),
    );
    expect(r).toEqual({
      ok: false,
      issues: [
        {
          code: 'model_shape',
          path: ['header', '_orig_mod.transformer.ln_f.bias', 'shape'],
          expected: { key: 'tensorShape', shape: [4] },
          found: { key: 'tensorShape', shape: [5] },
        },
      ],
    });
  });

  test('a name twice once the compile prefix is dropped', () => {
    const r = map([...good(), ...tensorsFor([{ name: '_orig_mod.transformer.ln_f.bias', shape: [4] }])]);
    expect(r).toEqual({
      ok: false,
      issues: [{ code: 'twice', path: ['header', '_orig_mod.transformer.ln_f.bias'] }],
    });
  });

  test('a value that is not finite (NaN, ±∞ read from F32/F16 bytes)', () => {
    const tensors = good().map((t) =>
      t.name === 'transformer.wpe.weight'
        ? { ...t, values: t.values.map((v, i) => (i === 2 ? -Infinity : v)) }
        : t,
    );
    expect(map(tensors)).toEqual({
      ok: false,
      issues: [
        { code: 'not_finite', path: ['header', 'transformer.wpe.weight'], expected: { key: 'finiteNumber' } },
      ],
    });
  });

  test('mask buffers (attn.bias, attn.masked_bias) are skipped; a tied head equal to wte is accepted', () => {
    const wte = good().find((t) => t.name === 'transformer.wte.weight')!;
    const extra = [
      ...tensorsFor([
        { name: 'transformer.h.0.attn.bias', shape: [1, 1, 3, 3] },
        { name: 'transformer.h.0.attn.masked_bias', shape: [] },
      ]),
      { ...wte, name: 'lm_head.weight' },
    ];
    expect(map([...good(), ...extra]).ok).toBe(true);
  });
});
