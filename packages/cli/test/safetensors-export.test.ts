/**
 * `unha export … --safetensors`: the files read back equal the models they came from, compared with
 * the JSON files of the same runs (model.json from run --save, ckpt.json from train) and with bytes
 * worked out by hand; a second reader (Python's struct and json, no safetensors package) agrees.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSafetensors } from '@unha/engine';
import { unhaHere } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'unha-st-export-'));
const at = (name: string): string => join(dir, name);
type Json = Record<string, unknown>;
const json = (path: string): Json => JSON.parse(readFileSync(path, 'utf8')) as Json;
const st = (path: string) => {
  const r = readSafetensors(new Uint8Array(readFileSync(path)));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
};
const tensor = (path: string, name: string): number[] => {
  const t = st(path).tensors.find((x) => x.name === name);
  if (!t) throw new Error(`${name} not in ${path}`);
  return Array.from(t.values);
};
const flat = (v: unknown): number[] => (v as unknown[]).flat() as number[];

async function ok(args: string[]): Promise<string> {
  const r = await unhaHere(args);
  if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

beforeAll(async () => {
  await ok(['run', 'four-pairs', '--save', at('four.json')]);
  await ok(['run', 'names-mlp', '--steps', '20', '--save', at('names.json')]);
  await ok(['run', 'names-counts', '--save', at('counts.json')]);
  await ok(['train', 'gpt-tiny', '--steps', '4', '--out', at('gpt')]);
}, 120_000);

describe('export --safetensors', () => {
  it('one neuron by hand: 8 length bytes, the JSON header, then W = 0.5 and B = 0 as float64 bytes', async () => {
    // one-neuron at lr 0.1 swings between two values and is back where it started after its epochs:
    // W = 0.5, B = 0 (the lesson's own numbers, and run --save's).
    await ok(['run', 'one-neuron', '--save', at('one.json')]);
    expect(json(at('one.json')).params).toEqual({ W1: [[0.5]], b1: [0] });
    await ok(['export', at('one.json'), '--safetensors', at('one.safetensors')]);
    const bytes = readFileSync(at('one.safetensors'));
    const n = Number(bytes.readBigUInt64LE(0));
    expect(n % 8).toBe(0);
    const header = JSON.parse(bytes.subarray(8, 8 + n).toString('utf8')) as Json;
    expect(header.W1).toEqual({ dtype: 'F64', shape: [1, 1], data_offsets: [0, 8] });
    expect(header.b1).toEqual({ dtype: 'F64', shape: [1], data_offsets: [8, 16] });
    // 0.5 = 2^-1: sign 0, exponent 1022 = 0x3FE, mantissa 0 → 3F E0 00 … 00, little-endian reversed.
    expect([...bytes.subarray(8 + n, 8 + n + 8)]).toEqual([0, 0, 0, 0, 0, 0, 0xe0, 0x3f]);
    expect([...bytes.subarray(8 + n + 8)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(bytes.length).toBe(8 + n + 16);
    const meta = header.__metadata__ as Record<string, string>;
    expect(meta.format).toBe('unha-weights');
    expect(meta.kind).toBe('dense');
    expect(JSON.parse(meta.layers)).toEqual([{ units: 1, activation: 'identity' }]);
  });

  it('a dense model: W1, b1 equal model.json bit for bit; F32 rounds each to the nearest float32', async () => {
    const model = json(at('four.json'));
    const params = model.params as Json;
    await ok(['export', at('four.json'), '--safetensors', at('four.safetensors')]);
    expect(tensor(at('four.safetensors'), 'W1')).toEqual(flat(params.W1));
    expect(tensor(at('four.safetensors'), 'b1')).toEqual(params.b1);
    await ok(['export', at('four.json'), '--safetensors', at('four32.safetensors'), '--dtype', 'float32']);
    const f = st(at('four32.safetensors'));
    expect(f.tensors.map((t) => t.dtype)).toEqual(['F32', 'F32']);
    expect(tensor(at('four32.safetensors'), 'W1')).toEqual(flat(params.W1).map(Math.fround));
  });

  it('a lesson is trained first and gives the same file as its run --save', async () => {
    await ok(['export', 'four-pairs', '--safetensors', at('four-lesson.safetensors')]);
    expect(readFileSync(at('four-lesson.safetensors'))).toEqual(readFileSync(at('four.safetensors')));
  });

  it('a language model: E, W1, b1, W2, b2 equal its model file; the vocabulary rides in the metadata', async () => {
    const model = json(at('names.json'));
    const params = model.params as Json;
    await ok(['export', at('names.json'), '--safetensors', at('names.safetensors')]);
    const f = st(at('names.safetensors'));
    expect(f.tensors.map((t) => t.name)).toEqual(['E', 'W1', 'b1', 'W2', 'b2']);
    for (const t of f.tensors) expect(Array.from(t.values)).toEqual(flat(params[t.name]).flat());
    expect(JSON.parse(f.metadata.vocab)).toEqual(model.vocab);
    expect(f.metadata.kind).toBe('lm');
  });

  it('the counting model writes its table as counts [V, V]', async () => {
    const model = json(at('counts.json'));
    await ok(['export', at('counts.json'), '--safetensors', at('counts.safetensors')]);
    const f = st(at('counts.safetensors'));
    const V = (model.vocab as string[]).length;
    expect(f.tensors.map((t) => [t.name, t.shape])).toEqual([['counts', [V, V]]]);
    expect(Array.from(f.tensors[0].values)).toEqual(flat(model.counts));
  });

  it("a GPT checkpoint: nanoGPT's names in its order, the head tied (not written), values equal ckpt.json", async () => {
    const ck = json(join(at('gpt'), 'ckpt.json'));
    const params = ck.params as Json;
    await ok(['export', at('gpt'), '--safetensors', at('gpt.safetensors')]);
    const f = st(at('gpt.safetensors'));
    expect(f.tensors.map((t) => t.name)).toEqual(Object.keys(params));
    expect(f.tensors.some((t) => t.name === 'lm_head.weight')).toBe(false);
    for (const t of f.tensors) expect(Array.from(t.values)).toEqual(flat(params[t.name]).flat());
    expect(JSON.parse(f.metadata.vocab)).toEqual(ck.vocab);
    expect(JSON.parse(f.metadata.config)).toMatchObject({ n_layer: 1, n_head: 1, n_embd: 8, block_size: 4 });
  });

  it('ours → safetensors → ours is exact: a file exported again gives the same bytes', async () => {
    for (const name of ['four', 'names', 'counts', 'gpt']) {
      await ok(['export', at(`${name}.safetensors`), '--safetensors', at(`${name}-again.safetensors`)]);
      expect(readFileSync(at(`${name}-again.safetensors`))).toEqual(readFileSync(at(`${name}.safetensors`)));
    }
  });

  it("a second reader (Python's struct and json) finds the same names, shapes and values", () => {
    const py = spawnSync(
      '/usr/bin/python3',
      [
        '-c',
        [
          'import json, struct, sys',
          'b = open(sys.argv[1], "rb").read()',
          'n = struct.unpack("<Q", b[:8])[0]',
          'h = json.loads(b[8:8+n].decode("utf-8"))',
          'out = {}',
          'for k, v in h.items():',
          '    if k == "__metadata__": continue',
          '    s, e = v["data_offsets"]',
          '    out[k] = [v["shape"], list(struct.unpack("<%dd" % ((e - s) // 8), b[8+n+s:8+n+e]))]',
          'print(json.dumps(out))',
        ].join('\n'),
        at('names.safetensors'),
      ],
      { encoding: 'utf8' },
    );
    expect(py.status).toBe(0);
    const seen = JSON.parse(py.stdout) as Record<string, [number[], number[]]>;
    const params = json(at('names.json')).params as Json;
    for (const [name, [, values]] of Object.entries(seen)) expect(values).toEqual(flat(params[name]).flat());
    expect(Object.keys(seen).sort()).toEqual(Object.keys(params).sort());
  });

  it('exactly one of --xlsx, --safetensors, --onnx, --pytorch; nothing written otherwise', async () => {
    const r = await unhaHere([
      'export',
      'four-pairs',
      '--safetensors',
      at('x.safetensors'),
      '--xlsx',
      at('x.xlsx'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/one of: --xlsx/);
    expect(existsSync(at('x.safetensors')) || existsSync(at('x.xlsx'))).toBe(false);
    const pt = await unhaHere(['export', 'four-pairs'], { LANG: 'pt_BR.UTF-8' });
    expect(pt.stderr).toMatch(/Diga o que gravar, um de: --xlsx/);
  });

  it('--xlsx of a safetensors file: one sentence (the workbook trains; weights are already trained)', async () => {
    const w = at('four-x.safetensors');
    await ok(['export', at('four.json'), '--safetensors', w]);
    for (const [env, text] of [
      [{}, `${w} holds trained weights: --xlsx writes the training of a lesson or an experiment file`],
      [{ LANG: 'pt_BR.UTF-8' }, `${w} contém pesos treinados: --xlsx grava o treino de uma lição`],
    ] as const) {
      const r = await unhaHere(['export', w, '--xlsx', at('w.xlsx')], env);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(text);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(existsSync(at('w.xlsx'))).toBe(false);
    }
  });
});
