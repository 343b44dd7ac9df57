/**
 * `--init w.safetensors` and `model.init: {"file": …}` start a run from a file's weights: the run equals
 * the same experiment with those values written inline in model.init (the JSON the lab always read).
 * The files come from three writers: bytes laid out by hand here, `unha export`, and a nanoGPT-shaped
 * file written by Python's struct (torch.compile's "_orig_mod." prefix, attn.bias buffers, the tied head).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findGptLesson, findLesson, findLmLesson } from '@unha/lessons';
import { unhaHere } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'unha-st-init-'));
const at = (name: string): string => join(dir, name);
type Json = Record<string, unknown>;
const json = (path: string): Json => JSON.parse(readFileSync(path, 'utf8')) as Json;
const write = (name: string, value: unknown): string => {
  writeFileSync(at(name), JSON.stringify(value));
  return at(name);
};
const withInit = (exp: unknown, init: unknown): Json => {
  const e = exp as Json;
  return { ...e, model: { ...(e.model as Json), init } };
};

async function ok(args: string[]): Promise<string> {
  const r = await unhaHere(args);
  if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** A safetensors file laid out by hand: 8 length bytes, the header padded with spaces, float64 values. */
function handMade(tensors: [string, number[], number[]][]): Uint8Array {
  const header: Json = {};
  let off = 0;
  for (const [name, shape, values] of tensors) {
    header[name] = { dtype: 'F64', shape, data_offsets: [off, off + 8 * values.length] };
    off += 8 * values.length;
  }
  let text = JSON.stringify(header);
  while (text.length % 8 !== 0) text += ' ';
  const out = new Uint8Array(8 + text.length + off);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(text.length), true);
  out.set(new TextEncoder().encode(text), 8);
  let p = 8 + text.length;
  for (const [, , values] of tensors)
    for (const v of values) {
      view.setFloat64(p, v, true);
      p += 8;
    }
  return out;
}

beforeAll(async () => {
  await ok(['run', 'names-mlp', '--steps', '20', '--save', at('names.json')]);
  await ok(['export', at('names.json'), '--safetensors', at('names.safetensors')]);
  await ok(['train', 'gpt-tiny', '--steps', '4', '--out', at('gpt')]);
}, 120_000);

describe('--init and model.init.file', () => {
  it('a dense lesson from hand-made bytes runs as with the values inline; model.init.file is relative to its file', async () => {
    writeFileSync(
      at('hand.safetensors'),
      handMade([
        ['W1', [1, 1], [1.5]],
        ['b1', [1], [0.25]],
      ]),
    );
    const exp = findLesson('four-pairs')!.experiment;
    const inline = await ok([
      'run',
      write('inline.json', withInit(exp, { W1: [[1.5]], b1: [0.25] })),
      '--json',
    ]);
    expect(JSON.parse(inline.split('\n')[0])).toMatchObject({
      initial: { params: { W1: [[1.5]], b1: [0.25] } },
    });
    expect(await ok(['run', 'four-pairs', '--init', at('hand.safetensors'), '--json'])).toBe(inline);
    mkdirSync(at('sub'), { recursive: true });
    const inFile = write('sub/exp.json', withInit(exp, { file: '../hand.safetensors' }));
    expect(await ok(['run', inFile, '--json'])).toBe(inline);
  });

  it('a language model from its exported file trains as from the same values inline', async () => {
    const params = json(at('names.json')).params;
    const exp = findLmLesson('names-mlp')!.experiment;
    await ok(['run', write('lm-inline.json', withInit(exp, params)), '--steps', '3', '--save', at('a.json')]);
    await ok(['run', 'names-mlp', '--init', at('names.safetensors'), '--steps', '3', '--save', at('b.json')]);
    expect(json(at('b.json')).params).toEqual(json(at('a.json')).params);
    expect(json(at('b.json')).params).not.toEqual(params);
  });

  it("a GPT from a nanoGPT-shaped float32 file (Python's struct) trains as from the same values inline", async () => {
    const ck = json(join(at('gpt'), 'ckpt.json'));
    writeFileSync(at('params.json'), JSON.stringify(ck.params));
    // nanoGPT's torch.compile'd state_dict: every name under _orig_mod., a causal-mask buffer per block,
    // and lm_head.weight saved beside the embedding it is tied to.
    const py = spawnSync(
      '/usr/bin/python3',
      [
        '-c',
        [
          'import json, struct, sys',
          'p = json.load(open(sys.argv[1]))',
          'def flat(v): return [x for r in v for x in r] if isinstance(v[0], list) else v',
          'def shape(v): return [len(v), len(v[0])] if isinstance(v[0], list) else [len(v)]',
          'p["lm_head.weight"] = p["transformer.wte.weight"]',
          'p["transformer.h.0.attn.bias"] = [[1.0 if j <= i else 0.0 for j in range(4)] for i in range(4)]',
          'h, data = {}, b""',
          'for k, v in p.items():',
          '    b = struct.pack("<%df" % len(flat(v)), *flat(v))',
          '    h["_orig_mod." + k] = {"dtype": "F32", "shape": shape(v), "data_offsets": [len(data), len(data) + len(b)]}',
          '    data += b',
          'text = json.dumps(h).encode("utf-8")',
          'open(sys.argv[2], "wb").write(struct.pack("<Q", len(text)) + text + data)',
        ].join('\n'),
        at('params.json'),
        at('nano.safetensors'),
      ],
      { encoding: 'utf8' },
    );
    expect(py.stderr).toBe('');
    const rounded = JSON.parse(JSON.stringify(ck.params), (_k, v: unknown) =>
      typeof v === 'number' ? Math.fround(v) : v,
    ) as Json;
    const exp = findGptLesson('gpt-tiny')!.experiment;
    await ok(['train', write('gpt-inline.json', withInit(exp, rounded)), '--steps', '2', '--out', at('A')]);
    await ok(['train', 'gpt-tiny', '--init', at('nano.safetensors'), '--steps', '2', '--out', at('B')]);
    const a = json(join(at('A'), 'ckpt.json'));
    const b = json(join(at('B'), 'ckpt.json'));
    expect(b.params).toEqual(a.params);
    expect(b.history).toEqual(a.history);
    // The same file named in an experiment file's model.init.
    await ok([
      'train',
      write('gpt-file.json', withInit(exp, { file: 'nano.safetensors' })),
      '--steps',
      '2',
      '--out',
      at('C'),
    ]);
    expect(json(join(at('C'), 'ckpt.json')).params).toEqual(a.params);
  });
});
