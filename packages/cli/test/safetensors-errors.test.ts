/**
 * Bad safetensors files, opened (`predict`), used as initial values (`run --init`) and exported again
 * (`export … --safetensors`): one located message per problem in each locale, exit 2, no stack trace,
 * nothing on stdout and no file written. The files are laid out by hand here, byte by byte.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unhaHere } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'unha-st-bad-'));

/** 8 length bytes (the given length, or the header's), the header's bytes, then the data. */
function file(name: string, header: string | Uint8Array, data: number[], length?: bigint): string {
  const h = typeof header === 'string' ? new TextEncoder().encode(header) : header;
  const out = new Uint8Array(8 + h.length + 8 * data.length);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, length ?? BigInt(h.length), true);
  out.set(h, 8);
  data.forEach((v, i) => view.setFloat64(8 + h.length + 8 * i, v, true));
  const path = join(dir, name);
  writeFileSync(path, out);
  return path;
}
const entry = (dtype: string, shape: number[], at: [number, number]) => ({ dtype, shape, data_offsets: at });
const header = (t: Record<string, unknown>): string => JSON.stringify(t);
const GOOD = { W1: entry('F64', [1, 1], [0, 8]), b1: entry('F64', [1], [8, 16]) };

/** A good file's first bytes: its length bytes, its header and `dataBytes` of its 16 data bytes (negative: less header). */
function cut(name: string, dataBytes: number): string {
  const whole = readFileSync(file(name, header(GOOD), [1.5, 0.25]));
  const n = Number(whole.readBigUInt64LE(0));
  writeFileSync(join(dir, name), whole.subarray(0, 8 + n + dataBytes));
  return join(dir, name);
}

/** [case, the file, English, Portuguese]: the message names the file and the place in it. */
const CASES: [string, () => string, RegExp, RegExp][] = [
  [
    'a truncated file (cut inside its data: b1 has 4 of its 8 bytes)',
    () => cut('data.safetensors', 12),
    /data\.safetensors: header\.b1\.data_offsets ends too soon: only 12 byte\(s\) of data follow the header; expected 16 byte\(s\)/,
    /data\.safetensors: header\.b1\.data_offsets acaba antes do que devia: só 12 byte\(s\) de dados vêm depois do cabeçalho; esperado 16 byte\(s\)/,
  ],
  [
    'a truncated file (cut inside its header)',
    () => cut('header.safetensors', -40),
    /header\.safetensors: header ends too soon: only \d+ byte\(s\) follow the 8 length bytes; expected \d+ byte\(s\) of header, as the file's first 8 bytes announce$/m,
    /header\.safetensors: header acaba antes do que devia: só \d+ byte\(s\) vêm depois dos 8 bytes de tamanho; esperado \d+ byte\(s\) de cabeçalho, como anunciam os 8 primeiros bytes do arquivo$/m,
  ],
  [
    'offsets that lie (b1 says 16 bytes for one value)',
    () => file('offsets.safetensors', header({ ...GOOD, b1: entry('F64', [1], [8, 24]) }), [1.5, 0.25, 0]),
    /offsets\.safetensors: header\.b1\.data_offsets does not fit the shape: 16 byte\(s\); expected 8 byte\(s\)/,
    /offsets\.safetensors: header\.b1\.data_offsets não encaixa no formato: 16 byte\(s\); esperado 8 byte\(s\)/,
  ],
  [
    'a shape its bytes cannot hold',
    () => file('shape.safetensors', header({ ...GOOD, W1: entry('F64', [2, 2], [0, 8]) }), [1.5, 0.25]),
    /shape\.safetensors: header\.W1\.data_offsets does not fit the shape: 8 byte\(s\); expected 32 byte\(s\)/,
    /shape\.safetensors: header\.W1\.data_offsets não encaixa no formato: 8 byte\(s\); esperado 32 byte\(s\)/,
  ],
  [
    'an unknown dtype',
    () => file('dtype.safetensors', header({ ...GOOD, W1: entry('F8', [1, 1], [0, 8]) }), [1.5, 0.25]),
    /dtype\.safetensors: header\.W1\.dtype has an unknown value: "F8"; expected one of: F64, F32, F16, BF16/,
    /dtype\.safetensors: header\.W1\.dtype tem um valor desconhecido: "F8"; esperado um de: F64, F32, F16, BF16/,
  ],
  [
    'a huge header length (2^63)',
    () => file('huge.safetensors', '{}', [1.5], 2n ** 63n),
    /huge\.safetensors: header_size is too large; expected at most 100,000,000 bytes of header/,
    /huge\.safetensors: header_size é grande demais; esperado no máximo 100\.000\.000 bytes de cabeçalho/,
  ],
  [
    'a header that is not UTF-8',
    () => {
      const h = new TextEncoder().encode(header({ W1: entry('F64', [1], [0, 8]) }));
      h[3] = 0xff;
      return file('utf8.safetensors', h, [1.5]);
    },
    /utf8\.safetensors: header is not text in an encoding we read; expected text in UTF-8/,
    /utf8\.safetensors: header não é texto numa codificação que sabemos ler; esperado texto em UTF-8/,
  ],
];

const PT = { LANG: 'pt_BR.UTF-8' };

async function refused(args: string[], env: Record<string, string>, message: RegExp): Promise<void> {
  const r = await unhaHere(args, env);
  expect(r.stderr).toMatch(message);
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n').length).toBe(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stdout).toBe('');
}

describe('bad safetensors files', () => {
  for (const [name, make, en, pt] of CASES)
    it(name, async () => {
      const path = make();
      const out = join(dir, `out-${name.length}.safetensors`);
      for (const [env, message] of [
        [{}, en],
        [PT, pt],
      ] as const) {
        await refused(['predict', path, '--input', '1'], env, message);
        await refused(['run', 'four-pairs', '--init', path, '--json'], env, message);
        await refused(['export', path, '--safetensors', out], env, message);
        expect(existsSync(out)).toBe(false);
      }
    });

  it('names that do not match the model: the stranger and the missing one, each located', async () => {
    const path = file('names.safetensors', header({ ...GOOD, W9: GOOD.W1, W1: undefined }), [1.5, 0.25]);
    const en = await unhaHere(['run', 'four-pairs', '--init', path]);
    expect(en.code).toBe(2);
    expect(en.stderr).toContain('names.safetensors: header.W9 is not a known field; expected one of: W1, b1');
    expect(en.stderr).toContain('names.safetensors: header.W1 is missing; expected shape [1, 1]');
    const pt = await unhaHere(['run', 'four-pairs', '--init', path], PT);
    expect(pt.stderr).toContain('names.safetensors: header.W9 não é um campo conhecido');
    expect(pt.stdout).toBe('');
  });

  it('a shape that is not the model’s: the file’s place and the shape expected', async () => {
    const path = file(
      'wide.safetensors',
      header({ W1: entry('F64', [1, 2], [0, 16]), b1: entry('F64', [1], [16, 24]) }),
      [1, 2, 3],
    );
    const r = await unhaHere(['run', 'four-pairs', '--init', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "wide.safetensors: header.W1.shape is not the model's: shape [1, 2]; expected shape [1, 1]",
    );
    const pt = await unhaHere(['run', 'four-pairs', '--init', path], PT);
    expect(pt.stderr).toContain(
      'wide.safetensors: header.W1.shape não é o do modelo: formato [1, 2]; esperado formato [1, 1]',
    );
  });

  it('a file of another kind of model: one sentence saying which, not each name it lacks', async () => {
    // Metadata kind "gpt" over a dense net's names: the kind alone refuses it.
    const meta = { __metadata__: { format: 'unha-weights', version: '1', kind: 'gpt' } };
    const path = file('gpt.safetensors', header({ ...meta, ...GOOD }), [1.5, 0.25]);
    const r = await unhaHere(['run', 'four-pairs', '--init', path]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `${path}: the file holds a GPT (kind "gpt" in __metadata__) and this run trains a dense network: --init takes the weights of the same kind of model.`,
    );
    const pt = await unhaHere(['run', 'four-pairs', '--init', path], PT);
    expect(pt.code).toBe(2);
    expect(pt.stderr.trim()).toBe(
      `${path}: o arquivo contém um GPT (kind "gpt" em __metadata__) e este treino é de uma rede densa: --init recebe os pesos do mesmo tipo de modelo.`,
    );
    expect(pt.stdout).toBe('');
  });

  it('a nanoGPT file without config and vocab says to open it through an experiment file', async () => {
    const path = file(
      'nano.safetensors',
      header({ 'transformer.wte.weight': entry('F64', [1, 1], [0, 8]) }),
      [1],
    );
    const en = await unhaHere(['sample', path]);
    expect(en.code).toBe(2);
    expect(en.stderr).toContain('model.init: {"file": ');
    const pt = await unhaHere(['sample', path], PT);
    expect(pt.stderr).toContain('escreva um arquivo de experimento com a forma do modelo e o seu texto');
  });

  it('a file that does not say its kind is opened only as initial values, and says so', async () => {
    const path = file('plain.safetensors', header(GOOD), [1.5, 0.25]);
    const r = await unhaHere(['predict', path, '--input', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--init ${path}`);
    expect((await unhaHere(['run', 'four-pairs', '--init', path, '--json'])).code).toBe(0);
  });

  it('model.init.file: a path alone in model.init, and a file that is there', async () => {
    const exp = {
      data: { inputs: [[1], [2]], targets: [[3], [5]] },
      model: { layers: [{ units: 1, activation: 'identity' }], init: { file: 3, seed: 1 } },
      loss: 'mse',
      optimizer: { name: 'sgd', lr: 0.01 },
      epochs: 2,
    };
    const bad = join(dir, 'bad-file.json');
    writeFileSync(bad, JSON.stringify(exp));
    const en = await unhaHere(['run', bad]);
    expect(en.code).toBe(2);
    expect(en.stderr).toContain(
      'bad-file.json: model.init.file has the wrong type; expected a text that is not empty',
    );
    expect(en.stderr).toContain('bad-file.json: model.init.seed is not a known field; expected file');
    const pt = await unhaHere(['run', bad], PT);
    expect(pt.stderr).toContain(
      'bad-file.json: model.init.file tem o tipo errado; esperado um texto não vazio',
    );
    const gone = join(dir, 'gone.json');
    writeFileSync(
      gone,
      JSON.stringify({ ...exp, model: { ...exp.model, init: { file: 'nowhere.safetensors' } } }),
    );
    const r = await unhaHere(['run', gone]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(dir, 'nowhere.safetensors')}: cannot read the file (no such file)`);
  });

  it('a vocabulary that is not the text’s is refused, located in the metadata', async () => {
    const meta = { __metadata__: { vocab: JSON.stringify(['a', 'b']) } };
    const path = file('vocab.safetensors', header(meta), []);
    const r = await unhaHere(['run', 'gpt-tiny', '--init', path, '--steps', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/vocab\.safetensors: header\.__metadata__\.vocab/);
  });
});
