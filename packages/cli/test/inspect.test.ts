import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSafetensors } from '@unha/engine';
import { findReadingLesson, readingLessonFile } from '@unha/lessons';
import { unhaHere } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'unha-inspect-'));
const file = (name: string, bytes: Uint8Array): string => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};

/** {"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}} padded to 64 bytes, then 2.0919 and −0.5. */
function handMade(): Uint8Array {
  const json = '{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}'.padEnd(64, ' ');
  const out = new Uint8Array(80);
  out[0] = 64;
  for (let i = 0; i < 64; i++) out[8 + i] = json.charCodeAt(i);
  out.set([0xb1, 0xe1, 0x05, 0x40, 0x00, 0x00, 0x00, 0xbf], 72); // see formats-inspect.test.ts
  return out;
}

const noStack = (s: string): void => expect(s).not.toMatch(/\n\s+at |Error:/);

describe('unha inspect inside-the-file', () => {
  it('English: the story, then the file byte by byte with the W of the seed worked by hand', async () => {
    const r = await unhaHere(['inspect', 'inside-the-file', '--locale', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^# Inside the file: the parameters byte by byte\n\nIn the seed, Sallin's second question/,
    );
    expect(r.stdout).toContain('Inside one-neuron.safetensors');
    // W after 15 epochs at LR 0.01 is 2.091945786…; as float32 71 E2 05 40 = 0x4005E271.
    expect(r.stdout).toMatch(/W1\[0, 0\] +byte \d+: +71 E2 05 40 +→ +2\.091946/);
    expect(r.stdout).toMatch(/b1\[0\] +byte \d+: +96 D8 07 3F +→ +0\.5306486/);
    expect(r.stdout).toContain('As 32 bits: 0 10000000 00001011110001001110001');
    expect(r.stdout).toContain('10000000 = 128 → 2^(128 − 127) = 2^1 = 2');
    expect(r.stdout).toContain('1 + 385649 / 2^23 = 1.04597294330596923828125');
    expect(r.stdout).toContain('(exactly 2.0919458866119384765625)');
    expect(r.stdout).toContain('Before it was written it was 2.091945786053427 (float64)');
    expect(r.stdout).toMatch(/1000 × 1000 = 1 million +4 MB +8 MB/);
    expect(r.stdout).toContain('Try next:\n  unha inspect inside-the-file --json');
  });

  it('Portuguese, and unha run shows the same page', async () => {
    const r = await unhaHere(['inspect', 'inside-the-file'], { LANG: 'pt_BR.UTF-8' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Dentro de one-neuron.safetensors');
    expect(r.stdout).toMatch(/W1\[0, 0\] +byte \d+: +71 E2 05 40 +→ +2,091946/);
    expect(r.stdout).toContain('(exatamente 2,0919458866119384765625)');
    expect(r.stdout).toMatch(/1000 × 1000 = 1 milhão +4 MB +8 MB/);
    const run = await unhaHere(['run', 'inside-the-file'], { LANG: 'pt_BR.UTF-8' });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(r.stdout);
  });

  it('--json: the lesson, the file and the worked number', async () => {
    const r = await unhaHere(['inspect', 'inside-the-file', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Record<string, unknown> & {
      worked: Record<string, unknown>;
      tensors: { name: string }[];
      lengthBytes: number[];
      headerBytes: number;
    };
    expect(j.lesson).toBe('inside-the-file');
    expect(j.tensors.map((t) => t.name)).toEqual(['W1', 'b1']);
    expect(j.lengthBytes[0] + 256 * j.lengthBytes[1]).toBe(j.headerBytes);
    expect(j.worked).toMatchObject({ name: 'W1[0, 0]', bytes: [0x71, 0xe2, 0x05, 0x40], mantissa: 385649 });
    expect(j.worked.original).toBeCloseTo(2.0919458, 6);
    const run = await unhaHere(['run', 'inside-the-file', '--json']);
    expect(JSON.parse(run.stdout)).toEqual(j);
  });

  it('unha run refuses the training flags by name (they would change nothing) and passes --dtype on', async () => {
    const r = await unhaHere([
      'run',
      'inside-the-file',
      '--lr',
      '0.5',
      '--batch-size',
      '2',
      '--locale',
      'en',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "inside-the-file trains nothing to watch: it opens its model's file, and these flags would not change it: --lr, --batch-size (see unha inspect --help)\n",
    );
    const pt = await unhaHere(['run', 'inside-the-file', '--epochs', '3', '--locale', 'pt-BR']);
    expect([pt.code, pt.stderr]).toEqual([
      2,
      expect.stringContaining('estas opções não o mudariam: --epochs'),
    ]);
    const f64 = await unhaHere([
      'run',
      'inside-the-file',
      '--dtype',
      'float64',
      '--no-chart',
      '--locale',
      'en',
    ]);
    expect(f64.code).toBe(0);
    expect(f64.stdout).toMatch(/W1 +F64 +\[1, 1\]/);
  });

  it('unha lessons lists it in its own group', async () => {
    const r = await unhaHere(['lessons', '--locale', 'en']);
    expect(r.stdout).toMatch(/\n\nReading a model's file[^\n]*\n {2}inside-the-file +Inside the file/);
    const json = JSON.parse((await unhaHere(['lessons', '--json'])).stdout) as { id: string; kind: string }[];
    expect(json.find((l) => l.id === 'inside-the-file')?.kind).toBe('reading');
  });
});

describe('unha inspect <file>', () => {
  it('a file made by hand: its places and values', async () => {
    const p = file('hand.safetensors', handMade());
    const r = await unhaHere(['inspect', p, '--locale', 'en', '--values', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('64 = 64: the header has N = 64 bytes.');
    expect(r.stdout).toMatch(/w +F32 +\[2\] +2 +72 to 79/);
    expect(r.stdout).toMatch(/w\[0\] +byte 72: +B1 E1 05 40 +→ +2\.0919\n/);
    expect(r.stdout).not.toContain('00 00 00 BF'); // --values 1
  });

  it('a regression lesson is trained and written in memory (float64 unless --dtype)', async () => {
    const r = await unhaHere(['inspect', 'one-neuron', '--locale', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/W1 +F64 +\[1, 1\]/);
    expect(r.stdout).toContain('As 64 bits:');
    const f = await unhaHere(['inspect', 'one-neuron', '--dtype', 'float32', '--locale', 'en']);
    expect(f.stdout).toMatch(/W1 +F32 +\[1, 1\]/);
  });

  it("a header's control characters are shown escaped, never sent to the terminal", async () => {
    const bytes = writeSafetensors([{ name: 'w', shape: [1], values: [1] }], 'F32', {
      note: '\u001b]0;owned\u0007',
    });
    const r = await unhaHere(['inspect', file('ctl.safetensors', bytes)]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('\u001b');
  });
});

describe('unha inspect: bad input is one located message, exit 2, in both locales', () => {
  const whole = handMade();
  const cases: [string, Uint8Array, RegExp][] = [
    ['truncated.safetensors', whole.subarray(0, 75), /truncated\.safetensors: header\.w\.data_offsets/],
    ['short.safetensors', whole.subarray(0, 5), /short\.safetensors: header_size/],
    [
      'huge.safetensors',
      Uint8Array.from([...new Array<number>(7).fill(0), 0x80, ...whole.subarray(8)]),
      /huge\.safetensors: header_size/,
    ],
    [
      'latin1.safetensors',
      Uint8Array.from([...whole.subarray(0, 8), 0xff, ...whole.subarray(9)]),
      /latin1\.safetensors: header/,
    ],
  ];
  // Files of other formats, told apart by their name and first bytes: an ONNX model's protobuf
  // (field 1, ir_version 8: 08 08) and a JSON checkpoint ('{' read as a length is far too large).
  cases.push(
    [
      'model.onnx',
      Uint8Array.from([0x08, 0x08, 0x12, 0x04, 0x75, 0x6e, 0x68, 0x61, 0x3a, 0x00]),
      /model\.onnx (is not a safetensors file|não é um arquivo safetensors)/,
    ],
    [
      'ckpt.json',
      new TextEncoder().encode('{"format":"unha-gpt-checkpoint"}'),
      /ckpt\.json (is a JSON file, not|é um arquivo JSON, não) safetensors/,
    ],
  );
  for (const [name, bytes, where] of cases)
    it(name, async () => {
      const p = file(name, bytes);
      for (const LANG of ['C.UTF-8', 'pt_BR.UTF-8']) {
        const r = await unhaHere(['inspect', p], { LANG });
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toMatch(where);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        noStack(r.stderr);
      }
    });

  it('flags and names that do not fit', async () => {
    const p = file('ok.safetensors', handMade());
    const dtype = await unhaHere(['inspect', p, '--dtype', 'float32', '--locale', 'en']);
    expect([dtype.code, dtype.stderr]).toEqual([2, expect.stringContaining('--dtype chooses how a lesson')]);
    const values = await unhaHere(['inspect', p, '--values', '0', '--locale', 'pt-BR']);
    expect([values.code, values.stderr]).toEqual([2, expect.stringContaining('--values: "0"')]);
    const many = await unhaHere(['inspect', p, '--values', '5000', '--locale', 'en']);
    expect([many.code, many.stderr]).toEqual([2, expect.stringContaining('from 1 to 1000')]);
    const lm = await unhaHere(['inspect', 'names-mlp', '--locale', 'en']);
    expect([lm.code, lm.stderr]).toEqual([2, expect.stringContaining('unha export names-mlp --safetensors')]);
    const typo = await unhaHere(['inspect', 'inside-the-fil', '--locale', 'pt-BR']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('inside-the-file, one-neuron');
    const missing = await unhaHere(['inspect', join(dir, 'nope.safetensors'), '--locale', 'en']);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('no such file')]);
    for (const r of [dtype, values, many, lm, typo, missing]) noStack(r.stderr);
  });
});

/** The lesson's file read by Python's struct and json (a reader that shares nothing with ours). */
const PY = `
import json, struct, sys
b = open(sys.argv[1], 'rb').read()
n = struct.unpack('<Q', b[:8])[0]
h = json.loads(b[8:8 + n].decode('utf-8'))
out = {'headerBytes': n, 'tensors': []}
for k, v in h.items():
    if k == '__metadata__': continue
    s, e = v['data_offsets']
    vals = list(struct.unpack('<%df' % ((e - s) // 4), b[8 + n + s:8 + n + e]))
    out['tensors'].append({'name': k, 'fileBegin': 8 + n + s, 'fileEnd': 8 + n + e, 'values': vals})
try:
    import numpy
    out['shortest'] = [str(numpy.float32(t['values'][0])) for t in out['tensors']]
except ImportError:
    pass
print(json.dumps(out))
`;

describe("the lesson's file is export's file", () => {
  it('byte for byte what unha export one-neuron --lr 0.01 --epochs 15 --dtype float32 writes', async () => {
    const lesson = findReadingLesson('inside-the-file');
    if (!lesson) throw new Error('no lesson');
    const out = join(dir, 'exported.safetensors');
    const args = ['--lr', '0.01', '--epochs', '15', '--safetensors', out, '--dtype', 'float32'];
    const r = await unhaHere(['export', 'one-neuron', ...args]);
    expect(r.code, r.stderr).toBe(0);
    const exported = readFileSync(out);
    const ours = readingLessonFile(lesson).bytes;
    expect(exported.length).toBe(ours.length);
    expect(Buffer.from(ours).equals(exported)).toBe(true);
  });
});

describe('the anatomy against Python', () => {
  const python = '/usr/bin/python3';
  it.skipIf(!existsSync(python) && process.env.CI !== 'true')(
    'struct and json read the same places and values',
    async () => {
      const lesson = findReadingLesson('inside-the-file');
      if (!lesson) throw new Error('no lesson');
      const p = file('lesson.safetensors', readingLessonFile(lesson).bytes);
      const py = spawnSync(python, ['-c', PY, p], { encoding: 'utf8' });
      expect(py.status, py.stderr).toBe(0);
      const ref = JSON.parse(py.stdout) as {
        headerBytes: number;
        tensors: { name: string; fileBegin: number; fileEnd: number; values: number[] }[];
        shortest?: string[];
      };
      const ours = JSON.parse((await unhaHere(['inspect', p, '--json'])).stdout) as {
        headerBytes: number;
        tensors: { name: string; fileBegin: number; fileEnd: number }[];
        values: { value: number; shortest: string }[];
      };
      expect(ours.headerBytes).toBe(ref.headerBytes);
      expect(ours.tensors.map((t) => [t.name, t.fileBegin, t.fileEnd])).toEqual(
        ref.tensors.map((t) => [t.name, t.fileBegin, t.fileEnd]),
      );
      expect(ours.values.map((v) => v.value)).toEqual(ref.tensors.map((t) => t.values[0]));
      if (ref.shortest) expect(ours.values.map((v) => v.shortest)).toEqual(ref.shortest);
      else console.warn('numpy missing: the shortest decimals were not compared with numpy');
    },
  );
});
