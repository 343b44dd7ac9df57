import { describe, expect, test } from 'vitest';
import { findGptLesson } from '@unha/lessons';
import { GptTrainer, gptParamSpecs, validateGptExperiment } from '../src/index';
import { ONNX_FLOAT, OnnxGraph } from '../src/formats/onnx';
import { gptOnnx } from '../src/formats/onnx-gpt';
import {
  floatField,
  intField,
  messageField,
  packedFloats,
  packedInts,
  stringField,
  varint,
} from '../src/formats/protobuf';
import { runOnnx } from './onnx-helpers';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');

describe('protobuf wire format, against bytes worked out by hand', () => {
  test('varints: 7 bits a byte, low first, the high bit says more follows', () => {
    expect(hex(varint(0))).toBe('00');
    expect(hex(varint(1))).toBe('01');
    expect(hex(varint(127))).toBe('7f');
    // 150 = 1·128 + 22: 22 | 0x80 = 0x96, then 1.
    expect(hex(varint(150))).toBe('96 01');
    // 300 = 2·128 + 44: 0xac, 0x02.
    expect(hex(varint(300))).toBe('ac 02');
    // 2^32 = 4·2^28: four bytes of 0 with the high bit, then 2^32 / 2^28 = 16.
    expect(hex(varint(2 ** 32))).toBe('80 80 80 80 10');
    // −1 as int64 is 2^64 − 1: nine bytes of 7 one-bits (0xff) and a last 1.
    expect(hex(varint(-1))).toBe('ff ff ff ff ff ff ff ff ff 01');
    expect(() => varint(0.5)).toThrow();
  });

  test('fields: key = field number · 8 + wire type, then the value', () => {
    // The encoding guide's examples: field 1 = 150; field 2 = "testing"; field 3 = a message holding field 1 = 150.
    expect(hex(intField(1, 150))).toBe('08 96 01');
    expect(hex(stringField(2, 'testing'))).toBe('12 07 74 65 73 74 69 6e 67');
    expect(hex(messageField(3, [intField(1, 150)]))).toBe('1a 03 08 96 01');
    // Packed: one key (4·8 + 2 = 0x22), the length 6, then 3, 270 (0x8e 0x02), 86942 (0x9e 0xa7 0x05).
    expect(hex(packedInts(4, [3, 270, 86942]))).toBe('22 06 03 8e 02 9e a7 05');
    // Floats: 1 = 0x3f800000 and −2.5 = 0xc0200000, little-endian; fixed32 key 2·8 + 5 = 0x15.
    expect(hex(floatField(2, 1))).toBe('15 00 00 80 3f');
    expect(hex(floatField(2, -2.5))).toBe('15 00 00 20 c0');
    // 0.5 = 0x3f000000.
    expect(hex(packedFloats(4, [1, 0.5]))).toBe('22 08 00 00 80 3f 00 00 00 3f');
  });

  test('a whole ONNX file, y = Relu(x) for x float [2], byte by byte', async () => {
    const g = new OnnxGraph();
    g.input('x', ONNX_FLOAT, [2]);
    g.node('Relu', ['x'], 'y');
    g.output('y', ONNX_FLOAT, [2]);
    const bytes = g.model('g', 'd', { k: 'v' });
    // ValueInfoProto for a float [2]: name (0a 01 'x'), type (12 0a) = TypeProto { tensor_type (0a 08)
    // = { elem_type 1 (08 01), shape (12 04) = { dim (0a 02) = { dim_value 2 (08 02) } } } }: 15 bytes.
    const info = (c: string) => `0a 01 ${c} 12 0a 0a 08 08 01 12 04 0a 02 08 02`;
    const graph = [
      // node (0a 0f): input 'x' (0a 01 78), output 'y' (12 01 79), name 'y' (1a 01 79), op_type 'Relu' (22 04 …)
      '0a 0f 0a 01 78 12 01 79 1a 01 79 22 04 52 65 6c 75',
      '12 01 67', // name 'g'
      '52 01 64', // doc_string 'd' (field 10: 10·8 + 2 = 0x52)
      `5a 0f ${info('78')}`, // input (field 11: 0x5a)
      `62 0f ${info('79')}`, // output (field 12: 0x62)
    ].join(' ');
    const expected = [
      '08 08', // ir_version 8
      '12 04 75 6e 68 61', // producer_name 'unha'
      '1a 01 31', // producer_version '1'
      '32 01 64', // doc_string 'd'
      `3a 39 ${graph}`, // graph (field 7), 57 bytes
      '42 04 0a 00 10 11', // opset_import (field 8): domain '', version 17
      '72 06 0a 01 6b 12 01 76', // metadata_props (field 14): k = v
    ].join(' ');
    expect(hex(bytes)).toBe(expected);
    const ort = await runOnnx(bytes, { name: 'x', type: 'float32', values: [-1.5, 2.25], dims: [2] });
    expect(Array.from(ort.data)).toEqual([0, 2.25]);
  });
});

/** An independent reader of the wire format (a few lines, no library): field number → values. */
type Field = bigint | Uint8Array;
function decode(b: Uint8Array): Map<number, Field[]> {
  const out = new Map<number, Field[]>();
  let i = 0;
  const readVarint = (): bigint => {
    let v = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const byte = b[i++];
      v |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return v;
    }
  };
  while (i < b.length) {
    const key = Number(readVarint());
    const wire = key & 7;
    let value: Field;
    if (wire === 0) value = readVarint();
    else if (wire === 2) {
      const n = Number(readVarint());
      value = b.subarray(i, i + n);
      i += n;
    } else if (wire === 5) value = b.subarray(i, (i += 4));
    else throw new Error(`wire type ${wire}`);
    out.set(key >> 3, [...(out.get(key >> 3) ?? []), value]);
  }
  return out;
}
const text = (f: Field) => new TextDecoder().decode(f as Uint8Array);
const msg = (f: Field) => decode(f as Uint8Array);

describe('the GPT file read back by an independent decoder', () => {
  test('gpt-tiny: versions, metadata, initializers as float32 with nanoGPT names, the tied head', () => {
    const r = validateGptExperiment({ ...findGptLesson('gpt-tiny')!.experiment, steps: 3 });
    if (!r.ok) throw new Error('lesson');
    const t = new GptTrainer(r.value);
    while (t.step());
    const vocab = [...t.data.vocab.chars];
    const params = t.params();
    const model = decode(gptOnnx({ experiment: r.value, vocab, params }));
    expect(model.get(1)).toEqual([8n]);
    const opset = msg(model.get(8)![0]);
    expect(opset.get(2)).toEqual([17n]);
    const props = new Map(model.get(14)!.map((p) => [text(msg(p).get(1)![0]), text(msg(p).get(2)![0])]));
    expect(props.get('kind')).toBe('gpt');
    expect(JSON.parse(props.get('vocab')!)).toEqual(vocab);
    expect(JSON.parse(props.get('config')!)).toMatchObject({
      n_layer: 1,
      n_head: 1,
      n_embd: 8,
      block_size: 4,
    });

    const graph = msg(model.get(7)![0]);
    const inits = graph.get(5)!.map(msg);
    const byName = new Map(inits.map((t) => [text(t.get(8)![0]), t]));
    const specs = gptParamSpecs(r.value.model, vocab.length);
    for (const { name, shape } of specs) {
      const tensor = byName.get(name)!;
      expect(tensor, name).toBeDefined();
      expect(tensor.get(1)!.map(Number), name).toEqual(shape);
      expect(tensor.get(2), name).toEqual([1n]); // FLOAT
      const f = tensor.get(4)![0] as Uint8Array;
      const stored = new Float32Array(f.slice().buffer);
      const v = params[name];
      const flat = (Array.isArray(v[0]) ? (v as number[][]).flat() : v) as number[];
      expect(Array.from(stored), name).toEqual(flat.map(Math.fround));
    }
    // The head is tied: no second copy of wte; wte is read by the embedding and by the head.
    expect(byName.has('lm_head.weight')).toBe(false);
    const nodes = graph.get(1)!.map(msg);
    const readers = nodes.filter((n) => (n.get(1) ?? []).some((i) => text(i) === 'transformer.wte.weight'));
    expect(readers.map((n) => text(n.get(4)![0])).sort()).toEqual(['Gather', 'Transpose']);
    const ops = new Set(nodes.map((n) => text(n.get(4)![0])));
    for (const op of ['LayerNormalization', 'Erf', 'Softmax', 'Where', 'MatMul', 'Split'])
      expect(ops.has(op), op).toBe(true);
  });
});
