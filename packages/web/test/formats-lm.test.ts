import { LmTrainer, validateLmExperiment } from '@unha/engine';
import { describe, expect, it } from 'vitest';
import { encodeExperiment } from '../src/state';
import { violations } from './helpers/axe';
import { readBack } from './helpers/engine-here';
import { chromiumAvailable, shown } from './helpers/lab';
import { SAFETENSORS_BUTTONS, downloaded, expectStayedLocal, useLab } from './helpers/lab-suite';
import { ort } from './helpers/ort';

/**
 * The language-model lab's model as a file, in Debian's Chromium, for a neural bigram of our own (one
 * table E [V, V]: the row of the current character is the next one's logits). The safetensors download
 * is held to an LmTrainer run here and the vocabulary worked here ("." then the sorted characters); the
 * ONNX download, run by onnxruntime on every character, gives back E's rows (the bigram's logits).
 */

const WORDS = 'ana bia caio duda enzo gael iara joao lara luan maya noah otto rafa sara theo vivi yuri'.split(
  ' ',
);
const EXPERIMENT = {
  data: { words: WORDS, context: 1, split: { train: 0.8, val: 0.2 } },
  model: { layers: [{ type: 'embedding', dim: 'vocab' }], init: { seed: 3 } },
  loss: 'cross-entropy',
  optimizer: { name: 'sgd', lr: 10 },
  batchSize: 16,
  batches: 'sequential',
  steps: 20,
};
const LINK = `?exp=${encodeExperiment(JSON.stringify(EXPERIMENT))}`;
const CHARS = ['.', ...[...new Set(WORDS.join(''))].sort()];

function trainedHere(steps: number): LmTrainer {
  const r = validateLmExperiment(structuredClone(EXPERIMENT));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const t = new LmTrainer(r.value, { words: WORDS, trace: 'none' });
  for (let i = 0; i < steps; i++) t.step();
  return t;
}

describe.skipIf(!chromiumAvailable())('the language-model lab’s model as a file, in Chromium', () => {
  const lab = useLab();

  it('downloads the bigram after step 3 as safetensors and ONNX: E as a trainer here, its rows the logits', async () => {
    const page = await lab.page(`${LINK}&lang=en&step=3`);
    await shown(page, 'Step 3 of 20');
    const here = (trainedHere(3).params().E as number[][]).flat();
    const V = CHARS.length;
    const files: Record<string, number[]> = {};
    for (const [button, dtype] of SAFETENSORS_BUTTONS) {
      const d = await downloaded(page, button);
      expect(d.name).toBe(`experiment-step3-${dtype.toLowerCase()}.safetensors`);
      const f = readBack(d.bytes);
      expect(f.tensors.map((t) => [t.name, t.dtype, t.shape])).toEqual([['E', dtype, [V, V]]]);
      expect(JSON.parse(f.metadata.vocab)).toEqual(CHARS);
      files[dtype] = Array.from(f.tensors[0].values);
    }
    // Chromium and this Node may round a last digit apart (exp, log): 1e-12.
    files.F64.forEach((v, i) => expect(Math.abs(v - here[i])).toBeLessThan(1e-12));
    expect(files.F32).toEqual(files.F64.map(Math.fround));
    if (ort) {
      const d = await downloaded(page, '#download-onnx');
      expect(d.name).toBe('experiment-step3.onnx');
      const session = await ort.InferenceSession.create(d.bytes);
      const ids = BigInt64Array.from(CHARS.map((_, i) => BigInt(i)));
      const out = (await session.run({ tokens: new ort.Tensor('int64', ids, [V, 1]) }))[
        session.outputNames[0]
      ];
      expect(out.dims).toEqual([V, V]);
      Array.from(out.data as Float32Array).forEach((z, k) =>
        expect(Math.abs(z - files.F64[k]) / Math.max(1, Math.abs(files.F64[k]))).toBeLessThan(1e-6),
      );
    }
    await page.close();
  }, 120_000);

  it('a download opened back here is taken apart; axe finds nothing with both panels, in either language', async () => {
    for (const [lang, status] of [
      ['en', 'Step 1 of 20'],
      ['pt-BR', 'Passo 1 de 20'],
    ] as const) {
      const page = await lab.page(`${LINK}&lang=${lang}&step=1`);
      await shown(page, status);
      await downloaded(page, '#download-st-f64');
      await page.waitForFunction(() => document.getElementById('model-file-message')?.textContent);
      // The file just downloaded, opened here: taken apart beside the run, which stays.
      const d = await downloaded(page, '#download-st-f64');
      await page.setInputFiles('#file', {
        name: d.name,
        mimeType: 'application/octet-stream',
        buffer: Buffer.from(d.bytes),
      });
      await page.waitForFunction(() => document.querySelectorAll('#file-tensors tbody tr').length === 1);
      expect(await page.getAttribute('#file-tensors tbody tr', 'data-shape')).toBe(
        JSON.stringify([CHARS.length, CHARS.length]),
      );
      await shown(page, status);
      expect(await violations(page), lang).toEqual([]);
      await page.close();
    }
  }, 120_000);

  it('nothing left the machine and nothing logged an error', () => {
    expectStayedLocal(lab);
  });
});
