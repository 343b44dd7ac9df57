/**
 * `unha export … --pytorch dir/`: the directory it writes (the files, the words in both languages, the
 * weights read back by our own reader), what it refuses (exit 2, in words, nothing written), and the
 * written model.py run by PyTorch: its loss agrees with the numbers the command wrote beside it.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type GptExperiment,
  type GptParamValues,
  pytorchFiles,
  readSafetensors,
  validateGptExperiment,
} from '@unha/engine';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { PYTHON, hasTorch, runScript, torchTestsRun, within, writeExport } from './pytorch-helpers';
import { unhaHere } from './run-cli';

const root = mkdtempSync(join(tmpdir(), 'unha-pytorch-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const torch = torchTestsRun(hasTorch());

interface Expected {
  dtype: string;
  loss: number;
  sgd?: { lr: number; losses: number[] };
}
const expectedOf = (dir: string): Expected =>
  JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;

describe('unha export --pytorch', () => {
  const gpt = join(root, 'gpt');
  it('gpt-tiny: four files, the weights in F64 under nanoGPT names, the words to run them', async () => {
    const r = await unhaHere(['export', 'gpt-tiny', '--pytorch', gpt, '--steps', '5']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(gpt).sort()).toEqual(['batch.json', 'expected.json', 'model.py', 'model.safetensors']);
    expect(r.stdout).toContain(
      `Wrote ${gpt}: model.py, model.safetensors, batch.json, expected.json (weights in F64).`,
    );
    expect(r.stdout).toContain(`python3 ${join(gpt, 'model.py')} --sgd 3`);
    const file = readSafetensors(new Uint8Array(readFileSync(join(gpt, 'model.safetensors'))));
    expect(file.ok).toBe(true);
    if (!file.ok) return;
    expect(file.value.tensors[0]).toMatchObject({
      name: 'transformer.wte.weight',
      dtype: 'F64',
      shape: [12, 8],
    });
    expect(file.value.tensors.some((t) => t.name === 'lm_head.weight')).toBe(false);
    const batches = (
      JSON.parse(readFileSync(join(gpt, 'batch.json'), 'utf8')) as { batches: { x: number[][] }[] }
    ).batches;
    // gpt-tiny's sequential windows: batch k row r starts at ((4k + r)·4) mod 43, 4 rows of 4 tokens.
    expect(batches).toHaveLength(3);
    expect(batches[0].x).toHaveLength(4);
    expect(batches[0].x[0]).toHaveLength(4);
    const script = readFileSync(join(gpt, 'model.py'), 'utf8');
    for (const name of [
      'class GPT(nn.Module)',
      'class CausalSelfAttention',
      'class Block',
      'torch.frombuffer',
    ])
      expect(script).toContain(name);
    expect(expectedOf(gpt).dtype).toBe('float64');
  });

  it('pt-BR: the words in Portuguese, and model.py prints them too', async () => {
    const dir = join(root, 'dense-pt');
    const r = await unhaHere(['export', 'four-pairs', '--pytorch', dir, '--locale', 'pt-BR']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `Gravado ${dir}: model.py, model.safetensors, batch.json, expected.json (pesos em F64).`,
    );
    expect(r.stdout).toContain('Rode: python3');
    expect(readFileSync(join(dir, 'model.py'), 'utf8')).toContain('perda no primeiro lote de batch.json');
  });

  it('--dtype float32: the weights in F32 and expected.json in float32', async () => {
    const dir = join(root, 'dense-f32');
    const r = await unhaHere(['export', 'nonlinear-hidden', '--pytorch', dir, '--dtype', 'float32']);
    expect(r.code).toBe(0);
    const file = readSafetensors(new Uint8Array(readFileSync(join(dir, 'model.safetensors'))));
    expect(file.ok && file.value.tensors.every((t) => t.dtype === 'F32')).toBe(true);
    expect(expectedOf(dir).dtype).toBe('float32');
  });

  it('the counting model: its table and its loss on the first examples, no SGD (both languages)', async () => {
    for (const [locale, words] of [
      ['en', 'batch.json holds the first 1024 training examples'],
      ['pt-BR', 'batch.json tem os primeiros 1024 exemplos de treino'],
    ]) {
      const dir = join(root, `counts-${locale}`);
      const r = await unhaHere(['export', 'names-counts', '--pytorch', dir, '--locale', locale]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(words);
      expect(r.stdout).not.toContain('--sgd');
      const e = expectedOf(dir);
      expect(e.sgd).toBeUndefined();
      const file = readSafetensors(new Uint8Array(readFileSync(join(dir, 'model.safetensors'))));
      expect(file.ok && file.value.tensors.map((t) => [t.name, t.shape])).toEqual([['counts', [27, 27]]]);
    }
  });

  it('a file where the directory should be is refused, exit 2, the file untouched', async () => {
    const path = join(root, 'a-file');
    writeFileSync(path, 'keep me');
    const r = await unhaHere(['export', 'one-neuron', '--pytorch', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${path}: there is a file of that name; --pytorch takes a directory`);
    expect(readFileSync(path, 'utf8')).toBe('keep me');
  });

  it.skipIf(!torch)(
    "python3 model.py on what the command wrote: its loss and SGD steps equal expected.json's",
    () => {
      const seen = { max: 0 };
      const out = runScript(gpt, ['--sgd', '3', '--sample', '20']);
      const want = expectedOf(gpt);
      within(out.loss!, want.loss, 1e-9, 'loss', seen);
      out.sgd!.losses.forEach((l, k) => within(l, want.sgd!.losses[k], 1e-9, `SGD step ${k + 1}`, seen));
      const f32 = runScript(join(root, 'dense-f32'), ['--sgd', '3']);
      expect(f32.dtype).toBe('float32');
      const want32 = expectedOf(join(root, 'dense-f32'));
      within(f32.loss!, want32.loss, 1e-5, 'float32 loss', seen);
      f32.sgd!.losses.forEach((l, k) =>
        within(l, want32.sgd!.losses[k], 1e-5, `float32 SGD step ${k + 1}`, seen),
      );
    },
  );
});

describe('model.py without its data, and on a damaged weights file', () => {
  const text = 'o sapo pula.\no pato nada.\n';
  const r = validateGptExperiment({
    data: { text, split: { train: 0.9, val: 0.1 } },
    model: { type: 'gpt', layers: 1, heads: 2, width: 4, block: 4, dropout: 0, init: { seed: 1 } },
    loss: 'cross-entropy',
    optimizer: { name: 'sgd', lr: 0.1 },
    batchSize: 2,
    batches: 'sequential',
    steps: 1,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const exp: GptExperiment = r.value;
  const vocab = [...new Set(Array.from(text))].sort();
  const params = (): GptParamValues => {
    // Hand-made values in nanoGPT's shapes: 0.01·k in every weight, biases 0, LayerNorm weights 1.
    const c = 4;
    const m = (rows: number, cols: number) =>
      Array.from({ length: rows }, (_, i) =>
        Array.from({ length: cols }, (_, j) => 0.01 * ((i * cols + j) % 7)),
      );
    const h = 'transformer.h.0';
    return {
      'transformer.wte.weight': m(vocab.length, c),
      'transformer.wpe.weight': m(4, c),
      [`${h}.ln_1.weight`]: [1, 1, 1, 1],
      [`${h}.ln_1.bias`]: [0, 0, 0, 0],
      [`${h}.attn.c_attn.weight`]: m(3 * c, c),
      [`${h}.attn.c_attn.bias`]: new Array<number>(3 * c).fill(0),
      [`${h}.attn.c_proj.weight`]: m(c, c),
      [`${h}.attn.c_proj.bias`]: [0, 0, 0, 0],
      [`${h}.ln_2.weight`]: [1, 1, 1, 1],
      [`${h}.ln_2.bias`]: [0, 0, 0, 0],
      [`${h}.mlp.c_fc.weight`]: m(4 * c, c),
      [`${h}.mlp.c_fc.bias`]: new Array<number>(4 * c).fill(0),
      [`${h}.mlp.c_proj.weight`]: m(c, 4 * c),
      [`${h}.mlp.c_proj.bias`]: [0, 0, 0, 0],
      'transformer.ln_f.weight': [1, 1, 1, 1],
      'transformer.ln_f.bias': [0, 0, 0, 0],
    };
  };

  /** The directory --pytorch writes for this GPT, its text given or not. */
  const gptFiles = (withText: string) =>
    pytorchFiles({ kind: 'gpt', experiment: exp, vocab, params: params(), dtype: 'float64', text: withText });

  it('a GPT whose text is not at hand: model.py and the weights, no batch.json or expected.json', () => {
    const files = gptFiles('');
    expect(Object.keys(files).sort()).toEqual(['model.py', 'model.safetensors']);
  });

  const damaged = (cut: (b: Uint8Array) => Uint8Array) => {
    const files = gptFiles(text);
    const dir = writeExport({ ...files, 'model.safetensors': cut(files['model.safetensors']) });
    const p = spawnSync(PYTHON, [join(dir, 'model.py'), '--sample', '0'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    rmSync(dir, { recursive: true, force: true });
    return p;
  };

  it.skipIf(!torch)('truncated weights: one sentence naming the file and the bytes, no traceback', () => {
    const p = damaged((b) => b.subarray(0, b.length - 9));
    expect(p.status).toBe(1);
    expect(p.stderr).toMatch(/model\.safetensors: \d+ bytes, fewer than the header says \(\d+\)\./);
    expect(p.stderr).not.toContain('Traceback');
  });

  it.skipIf(!torch)('a shape that does not fit its bytes, and a header not UTF-8: one sentence each', () => {
    // transformer.wte.weight is [V, 4]: said to be [V, 3], the same length of header.
    const shape = damaged((b) => {
      const out = b.slice();
      const at = Buffer.from(out).indexOf(',4],"data_offsets":[0,');
      out[at + 1] = '3'.charCodeAt(0);
      return out;
    });
    expect(shape.status).toBe(1);
    expect(shape.stderr).toMatch(
      /tensor transformer\.wte\.weight has \d+ bytes for shape \[\d+, 3\], which needs \d+\./,
    );
    expect(shape.stderr).not.toContain('Traceback');
    const utf8 = damaged((b) => {
      const out = b.slice();
      out[12] = 0xff;
      return out;
    });
    expect(utf8.status).toBe(1);
    expect(utf8.stderr).toMatch(/the header \(bytes 8 to \d+\) is not UTF-8 JSON\./);
    expect(utf8.stderr).not.toContain('Traceback');
  });

  it.skipIf(!torch)('a tensor renamed: the name the model does not have, no traceback', () => {
    const p = damaged((b) => {
      const out = b.slice();
      const at = Buffer.from(out).indexOf('transformer.ln_f.bias');
      out.set(Buffer.from('transformer.ln_g.bias'), at);
      return out;
    });
    expect(p.status).toBe(1);
    expect(p.stderr).toContain('the file has transformer.ln_g.bias but the model does not.');
    expect(p.stderr).not.toContain('Traceback');
  });

  it.skipIf(!existsSync(PYTHON))('a Python without torch: one sentence in the export’s language', () => {
    // A torch package on PYTHONPATH that fails to import stands for a Python without PyTorch.
    const fake = join(root, 'no-torch');
    mkdirSync(join(fake, 'torch'), { recursive: true });
    writeFileSync(join(fake, 'torch', '__init__.py'), 'raise ImportError("no torch here")\n');
    for (const [locale, words] of [
      ['en', 'model.py needs PyTorch, which'],
      ['pt-BR', 'model.py precisa do PyTorch, que'],
    ] as const) {
      const files = pytorchFiles(
        { kind: 'gpt', experiment: exp, vocab, params: params(), dtype: 'float64', text },
        { locale },
      );
      const dir = writeExport(files);
      const p = spawnSync(PYTHON, [join(dir, 'model.py')], {
        encoding: 'utf8',
        env: { ...process.env, PYTHONPATH: fake },
      });
      rmSync(dir, { recursive: true, force: true });
      expect(p.status).toBe(1);
      expect(p.stderr).toContain(words);
      expect(p.stderr).not.toContain('Traceback');
    }
  });
});
