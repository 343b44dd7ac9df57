/**
 * A file written by the safetensors library itself (fixtures/formats/make_hf_fixture.py: save_file
 * with F64, F32, F16 and BF16 tensors, a scalar, an empty tensor and metadata; the library chooses the
 * order of the data and pads the header). Every value read must be torch's, widened to float64, exactly.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { readSafetensors } from '../src/index';

const DIR = fileURLToPath(new URL('./fixtures/formats/', import.meta.url));
const DTYPES: Record<string, string> = {
  'torch.float64': 'F64',
  'torch.float32': 'F32',
  'torch.float16': 'F16',
  'torch.bfloat16': 'BF16',
};

interface Expected {
  metadata: Record<string, string>;
  tensors: Record<string, { dtype: string; shape: number[]; values: number[] }>;
}

test('save_file’s output reads: names, dtypes, shapes, metadata and every value exact', () => {
  const expected = JSON.parse(readFileSync(`${DIR}hf-save-file.expected.json`, 'utf8')) as Expected;
  const r = readSafetensors(new Uint8Array(readFileSync(`${DIR}hf-save-file.safetensors`)));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  expect(r.value.metadata).toEqual(expected.metadata);
  // The library pads the header so that the data starts on an 8-byte boundary.
  expect((8 + r.value.headerBytes) % 8).toBe(0);
  expect(r.value.tensors.map((t) => t.name).sort()).toEqual(Object.keys(expected.tensors).sort());
  for (const t of r.value.tensors) {
    const want = expected.tensors[t.name];
    expect([t.dtype, t.shape], t.name).toEqual([DTYPES[want.dtype], want.shape]);
    expect(t.values.length, t.name).toBe(want.values.length);
    const bad = want.values.findIndex((v, i) => !Object.is(t.values[i], v));
    expect(bad, `${t.name}[${bad}]`).toBe(-1);
  }
});
