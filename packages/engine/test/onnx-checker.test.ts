import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { corpusWords, findGptLesson, findLesson, findLmLesson } from '@unha/lessons';
import {
  GptTrainer,
  LmTrainer,
  gptParamSpecs,
  toLmModelFile,
  toModelFile,
  train,
  validateExperiment,
  validateGptExperiment,
  validateLmExperiment,
} from '../src/index';
import { gptOnnx } from '../src/formats/onnx-gpt';
import { denseOnnx, lmOnnx } from '../src/formats/onnx-nets';

/**
 * The ONNX project's own checker (Debian's python3-onnx, 1.12: opset 17, IR 8) on our files:
 * `check_model(full_check=True)` validates every node against its operator's schema and runs strict
 * shape inference; the script also reads the file back with the official protobuf classes and prints
 * what it found, which the test compares with what the model is.
 */

const PYTHON = '/usr/bin/python3';
const hasOnnx = spawnSync(PYTHON, ['-c', 'import onnx'], { encoding: 'utf8' }).status === 0;
// CI installs python3-onnx (.ci/run): there a missing checker is a failure, not a skip.
if (!hasOnnx && process.env.CI === 'true')
  throw new Error('onnx-checker.test.ts: python3-onnx is missing under CI=true (.ci/run installs it)');
if (!hasOnnx)
  console.warn(
    '\n*** onnx-checker.test.ts SKIPPED: python3-onnx is not installed (apt-get install python3-onnx) ***\n',
  );

const SCRIPT = `
import json, math, sys, onnx
from onnx import numpy_helper
m = onnx.load(sys.argv[1])
onnx.checker.check_model(m, full_check=True)
inferred = onnx.shape_inference.infer_shapes(m, check_type=True, strict_mode=True)
def dims(v):
    return [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim]
def first(t):
    x = float(numpy_helper.to_array(t).flatten()[0])
    return x if math.isfinite(x) else str(x)
g = m.graph
print(json.dumps({
    "ir": m.ir_version,
    "opset": [[o.domain, o.version] for o in m.opset_import],
    "inputs": [[v.name, v.type.tensor_type.elem_type, dims(v)] for v in g.input],
    "outputs": [[v.name, v.type.tensor_type.elem_type, dims(v)] for v in inferred.graph.output],
    "initializers": {t.name: list(t.dims) for t in g.initializer},
    "first": {t.name: first(t) for t in g.initializer if t.data_type == 1},
    "ops": sorted(set(n.op_type for n in g.node)),
    "metadata": {p.key: p.value for p in m.metadata_props},
}))
`;

const dir = mkdtempSync(join(tmpdir(), 'unha-onnx-check-'));

interface Checked {
  ir: number;
  opset: [string, number][];
  inputs: [string, number, (string | number)[]][];
  outputs: [string, number, (string | number)[]][];
  initializers: Record<string, number[]>;
  first: Record<string, number | string>;
  ops: string[];
  metadata: Record<string, string>;
}

function check(name: string, bytes: Uint8Array): Checked {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  const r = spawnSync(PYTHON, ['-c', SCRIPT, file], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const c = JSON.parse(r.stdout) as Checked;
  expect(c.ir).toBe(8);
  expect(c.opset).toEqual([['', 17]]);
  return c;
}

describe.skipIf(!hasOnnx)('the ONNX checker (python3-onnx) accepts every family', () => {
  test('a GPT of two layers and two heads', () => {
    const r = validateGptExperiment({
      ...findGptLesson('gpt-tiny')!.experiment,
      steps: 2,
      model: { type: 'gpt', layers: 2, heads: 2, width: 8, block: 4, init: { seed: 5 } },
    });
    if (!r.ok) throw new Error('experiment');
    const t = new GptTrainer(r.value);
    while (t.step());
    const vocab = [...t.data.vocab.chars];
    const params = t.params();
    const c = check('gpt.onnx', gptOnnx({ experiment: r.value, vocab, params }));
    expect(c.inputs).toEqual([['tokens', 7, ['batch', 'positions']]]);
    expect(c.outputs).toEqual([['logits', 1, ['batch', 'positions', 12]]]);
    for (const { name, shape } of gptParamSpecs(r.value.model, vocab.length)) {
      expect(c.initializers[name], name).toEqual(shape);
      const v = params[name];
      const first = Array.isArray(v[0]) ? (v as number[][])[0][0] : (v as number[])[0];
      expect(c.first[name], name).toBe(Math.fround(first));
    }
    expect(c.initializers.causal_mask).toEqual([4, 4]);
    expect(c.first['const.minus_inf']).toBe('-inf');
    expect(c.metadata.kind).toBe('gpt');
  });

  test('a dense net with its z-score', () => {
    const r = validateExperiment({ ...findLesson('two-inputs-network')!.experiment, normalize: true });
    if (!r.ok) throw new Error('experiment');
    const m = toModelFile(train(r.value));
    const c = check('dense.onnx', denseOnnx(m));
    expect(c.inputs).toEqual([['inputs', 1, ['batch', 2]]]);
    expect(c.outputs).toEqual([['outputs', 1, ['batch', 1]]]);
    expect(c.ops).toEqual(['Div', 'Gemm', 'Relu', 'Sub']);
    expect(c.initializers).toMatchObject({ 'normalization.mean': [2], W1: [8, 2], b1: [8], W3: [1, 8] });
    expect(JSON.parse(c.metadata.normalization)).toEqual(m.normalization);
  });

  test('the MLP and the counting model of the names', () => {
    for (const [id, steps] of [
      ['names-mlp', 3],
      ['names-counts', 0],
    ] as const) {
      const r = validateLmExperiment({ ...findLmLesson(id)!.experiment, steps });
      if (!r.ok) throw new Error('experiment');
      const t = new LmTrainer(r.value, { words: corpusWords('english-names') });
      while (t.step());
      const f = toLmModelFile(t);
      const c = check(`${id}.onnx`, lmOnnx(f));
      expect(c.inputs).toEqual([['tokens', 7, ['batch', r.value.data.context]]]);
      expect(c.outputs).toEqual([['logits', 1, ['batch', 27]]]);
      expect(JSON.parse(c.metadata.vocab)).toEqual(f.vocab);
    }
  });
});
