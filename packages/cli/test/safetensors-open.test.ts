/**
 * `sample`, `predict` and `params` open a .safetensors file as the model it holds: their answers equal
 * the ones they give for the JSON files of the same models (model.json, the LM model file, ckpt.json).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { unhaHere } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'unha-st-open-'));
const at = (name: string): string => join(dir, name);

async function ok(args: string[]): Promise<string> {
  const r = await unhaHere(args);
  if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}
/** The same command's JSON on the JSON model and on its safetensors file (the source's name aside). */
async function both(args: (file: string) => string[], json: string, st: string): Promise<[unknown, unknown]> {
  const a = JSON.parse(await ok(args(json))) as Record<string, unknown>;
  const b = JSON.parse(await ok(args(st))) as Record<string, unknown>;
  delete a.source;
  delete b.source;
  return [a, b];
}

beforeAll(async () => {
  await ok(['run', 'two-inputs-network', '--epochs', '30', '--normalize', '--save', at('net.json')]);
  await ok(['run', 'names-mlp', '--steps', '20', '--save', at('names.json')]);
  await ok(['run', 'names-counts', '--save', at('counts.json')]);
  await ok(['train', 'gpt-tiny', '--steps', '4', '--out', at('gpt')]);
  for (const [from, to] of [
    ['net.json', 'net'],
    ['names.json', 'names'],
    ['counts.json', 'counts'],
    ['gpt', 'gpt'],
  ])
    await ok(['export', at(from), '--safetensors', at(`${to}.safetensors`)]);
}, 120_000);

describe('a .safetensors file opened as its model', () => {
  it('predict: a dense net with its normalisation gives model.json’s outputs', async () => {
    const [a, b] = await both(
      (f) => ['predict', f, '--input', '0.5,1', '--input', '1,50', '--input', '0.3,20', '--json'],
      at('net.json'),
      at('net.safetensors'),
    );
    expect(b).toEqual(a);
    expect((a as { normalized?: unknown }).normalized).toBeDefined();
  });

  it('params: the same counts for the dense net, the language model and the GPT', async () => {
    for (const [json, st] of [
      ['net.json', 'net.safetensors'],
      ['names.json', 'names.safetensors'],
      ['gpt', 'gpt.safetensors'],
    ]) {
      const [a, b] = await both((f) => ['params', f, '--json'], at(json), at(st));
      expect(b).toEqual(a);
    }
  });

  it('sample: a language model and the counting model write the same names', async () => {
    for (const [json, st] of [
      ['names.json', 'names.safetensors'],
      ['counts.json', 'counts.safetensors'],
    ]) {
      const [a, b] = await both((f) => ['sample', f, '--count', '8', '--json'], at(json), at(st));
      expect(b).toEqual(a);
    }
  });

  it('predict --context: a language model gives the same probabilities', async () => {
    const [a, b] = await both(
      (f) => ['predict', f, '--context', 'em', '--json'],
      at('names.json'),
      at('names.safetensors'),
    );
    expect(b).toEqual(a);
  });

  it('a GPT samples the same text and predicts the same probabilities as its checkpoint', async () => {
    const [a, b] = await both(
      (f) => ['sample', f, '--tokens', '30', '--json'],
      at('gpt'),
      at('gpt.safetensors'),
    );
    expect(b).toEqual(a);
    const [c, d] = await both(
      (f) => ['predict', f, '--context', 'o s', '--json'],
      at('gpt'),
      at('gpt.safetensors'),
    );
    expect(d).toEqual(c);
  });

  it("nanoGPT's own file (Python's struct, F32, _orig_mod., tied lm_head, config and vocab added) opens as the GPT", async () => {
    const ck = JSON.parse(readFileSync(join(at('gpt'), 'ckpt.json'), 'utf8')) as {
      params: Record<string, unknown>;
      vocab: string[];
    };
    const py = spawnSync(
      '/usr/bin/python3',
      [
        '-c',
        [
          'import json, struct, sys',
          'ck = json.load(open(sys.argv[1]))',
          'p = ck["params"]',
          'def flat(v): return [x for r in v for x in r] if isinstance(v[0], list) else v',
          'def shape(v): return [len(v), len(v[0])] if isinstance(v[0], list) else [len(v)]',
          'p["lm_head.weight"] = p["transformer.wte.weight"]',
          'h, data = {}, b""',
          'for k, v in p.items():',
          '    b = struct.pack("<%df" % len(flat(v)), *flat(v))',
          '    h["_orig_mod." + k] = {"dtype": "F32", "shape": shape(v), "data_offsets": [len(data), len(data) + len(b)]}',
          '    data += b',
          'cfg = {"n_layer": 1, "n_head": 1, "n_embd": 8, "block_size": 4, "vocab_size": len(ck["vocab"]), "bias": True, "dropout": 0.0}',
          'h["__metadata__"] = {"config": json.dumps(cfg), "vocab": json.dumps(ck["vocab"])}',
          'text = json.dumps(h).encode("utf-8")',
          'open(sys.argv[2], "wb").write(struct.pack("<Q", len(text)) + text + data)',
        ].join('\n'),
        join(at('gpt'), 'ckpt.json'),
        at('nano.safetensors'),
      ],
      { encoding: 'utf8' },
    );
    expect(py.stderr).toBe('');
    expect(ck.vocab.length).toBe(12);
    const [a, b] = await both((f) => ['params', f, '--json'], at('gpt'), at('nano.safetensors'));
    expect(b).toEqual(a);
    // The file holds each value rounded to float32: the probabilities agree to float32's precision.
    type Probs = { probs: { char: string; p: number }[] };
    const [c, d] = (await both(
      (f) => ['predict', f, '--context', 'o s', '--json'],
      at('gpt'),
      at('nano.safetensors'),
    )) as [Probs, Probs];
    expect(d.probs.map((x) => x.char)).toEqual(c.probs.map((x) => x.char));
    d.probs.forEach((x, i) => expect(Math.abs(x.p - c.probs[i].p)).toBeLessThan(1e-5));
  });

  it('--init with a trained model is refused by name', async () => {
    const r = await unhaHere(['sample', at('names.safetensors'), '--init', at('names.safetensors')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /--init starts a training from weights; .*names\.safetensors is a trained model/,
    );
  });

  it('a file without "kind" is sent to --init; a kind this lab does not write is named', async () => {
    // 8 length bytes, then a header padded with spaces to 8k bytes and no tensors.
    const write = (name: string, header: object): string => {
      const h = JSON.stringify(header).padEnd(Math.ceil(JSON.stringify(header).length / 8) * 8, ' ');
      const bytes = Buffer.alloc(8 + h.length);
      bytes.writeBigUInt64LE(BigInt(h.length), 0);
      bytes.write(h, 8, 'latin1');
      writeFileSync(at(name), bytes);
      return at(name);
    };
    const none = write('none.safetensors', { __metadata__: { note: 'x' } });
    const r = await unhaHere(['predict', none, '--input', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `${none}: the file does not say which model it holds (no "kind" in __metadata__)`,
    );
    const other = write('mlp.safetensors', { __metadata__: { kind: 'mlp' } });
    for (const [env, text] of [
      [{}, 'header.__metadata__.kind has an unknown value: "mlp"; expected one of: gpt, dense, lm'],
      [
        { LANG: 'pt_BR.UTF-8' },
        'header.__metadata__.kind tem um valor desconhecido: "mlp"; esperado um de: gpt, dense, lm',
      ],
    ] as const) {
      const k = await unhaHere(['sample', other], env);
      expect(k.code).toBe(2);
      expect(k.stderr.trim()).toBe(`${other}: ${text}`);
    }
  });
});
