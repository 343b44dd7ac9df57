import { Trainer, validateExperiment } from '@unha/engine';
import { findLesson } from '@unha/lessons';
import { describe, expect, it } from 'vitest';
import { violations } from './helpers/axe';
import { readBack } from './helpers/engine-here';
import { chromiumAvailable, shown } from './helpers/lab';
import { SAFETENSORS_BUTTONS, downloaded, expectStayedLocal, useLab } from './helpers/lab-suite';
import { ort } from './helpers/ort';
import { handSafetensors } from './helpers/safetensors-bytes';

/**
 * The regression lab's model as a file, in Debian's Chromium: the lesson unbalanced-scales with its
 * inputs z-scored (normalize=1), downloaded at epoch 5. The safetensors file is read back by the
 * engine's reader and held to a Trainer run here (W1 [units, inputs], b1 and the training data's mean
 * and standard deviation); the ONNX file is run by onnxruntime on new inputs and held to the neuron
 * worked here by hand: ((a − mean_a)/std_a)·W1[0][0] + ((b − mean_b)/std_b)·W1[0][1] + b1[0].
 */

const LINK = '?lesson=unbalanced-scales&normalize=1';

function trainedHere(epochs: number): Trainer {
  const lesson = findLesson('unbalanced-scales')!;
  const r = validateExperiment({ ...structuredClone(lesson.experiment), normalize: true });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const t = new Trainer(r.value);
  for (let i = 0; i < epochs; i++) t.stepEpoch();
  return t;
}

describe.skipIf(!chromiumAvailable())('the regression lab’s model as a file, in Chromium', () => {
  const lab = useLab();

  it('downloads the model at the epoch shown as safetensors: W1, b1 and the normalisation of a run here', async () => {
    const page = await lab.page(`${LINK}&lang=en&step=5`);
    await shown(page, 'Epoch 5 of 500');
    const t = trainedHere(5);
    const want = t.trace.epochs[4].params as { W1: number[][]; b1: number[] };
    for (const [button, dtype] of SAFETENSORS_BUTTONS) {
      const d = await downloaded(page, button);
      expect(d.name).toBe(`unbalanced-scales-epoch5-${dtype.toLowerCase()}.safetensors`);
      const f = readBack(d.bytes);
      const round = dtype === 'F64' ? (v: number) => v : Math.fround;
      expect(f.tensors.map((x) => [x.name, x.dtype, x.shape])).toEqual([
        ['W1', dtype, [1, 2]],
        ['b1', dtype, [1]],
      ]);
      expect(Array.from(f.tensors[0].values)).toEqual(want.W1[0].map(round));
      expect(Array.from(f.tensors[1].values)).toEqual(want.b1.map(round));
      expect(JSON.parse(f.metadata.normalization)).toEqual(t.trace.normalization);
      expect(f.metadata.kind).toBe('dense');
    }
    await page.close();
  }, 120_000);

  it.skipIf(!ort)(
    'downloads it as ONNX: onnxruntime’s outputs are the neuron worked by hand, normalisation included',
    async () => {
      const page = await lab.page(`${LINK}&lang=pt-BR&step=5`);
      await shown(page, 'Época 5 de 500');
      const st = readBack((await downloaded(page, '#download-st-f64')).bytes);
      const [W, b] = st.tensors.map((x) => Array.from(x.values));
      const norm = JSON.parse(st.metadata.normalization) as { mean: number[]; std: number[] };
      const d = await downloaded(page, '#download-onnx');
      expect(d.name).toBe('unbalanced-scales-epoch5.onnx');
      const rows = [
        [0.5, 50],
        [0.1, 90],
        [1, 10],
      ];
      const session = await ort!.InferenceSession.create(d.bytes);
      const input = new ort!.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, 2]);
      const out = (await session.run({ [session.inputNames[0]]: input }))[session.outputNames[0]];
      expect(out.dims).toEqual([rows.length, 1]);
      rows.forEach((x, i) => {
        const z = x.map((v, c) => (v - norm.mean[c]) / norm.std[c]);
        const y = z[0] * W[0] + z[1] * W[1] + b[0];
        const got = (out.data as Float32Array)[i];
        expect(Math.abs(got - y) / Math.max(1, Math.abs(y))).toBeLessThan(1e-5);
      });
      await page.close();
    },
    120_000,
  );

  it('axe finds nothing in either language with the file panel, and a download says its size', async () => {
    for (const [lang, status] of [
      ['en', 'Epoch 2 of 500'],
      ['pt-BR', 'Época 2 de 500'],
    ] as const) {
      const page = await lab.page(`${LINK}&lang=${lang}&step=2`);
      await shown(page, status);
      const d = await downloaded(page, '#download-st-f32');
      await page.waitForFunction(
        (n) => document.getElementById('model-file-message')?.textContent?.startsWith(n),
        d.name,
      );
      // The size grouped as each language writes it: 1,052 / 1.052.
      const size = String(d.bytes.length).replace(/\B(?=(\d{3})+$)/g, lang === 'en' ? ',' : '.');
      expect(await page.textContent('#model-file-message')).toContain(`${size} bytes`);
      expect(await violations(page), lang).toEqual([]);
      await page.close();
    }
  }, 120_000);

  it('a .safetensors file opened here is taken apart beside the run; one cut short is refused, in each language', async () => {
    // A one-neuron file made by hand: W1 = [[2.0919]], b1 = [0.5306] (the seed's numbers), float32.
    const bytes = handSafetensors([
      { name: 'W1', dtype: 'F32', shape: [1, 1], values: [2.0919] },
      { name: 'b1', dtype: 'F32', shape: [1], values: [0.5306] },
    ]);
    for (const [lang, status, refused] of [
      ['en', 'Epoch 1 of 500', 'cannot be read as safetensors'],
      ['pt-BR', 'Época 1 de 500', 'não pode ser lido como safetensors'],
    ] as const) {
      const page = await lab.page(`${LINK}&lang=${lang}&step=1`);
      await shown(page, status);
      const open = (name: string, b: Uint8Array) =>
        page.setInputFiles('#file', { name, mimeType: 'application/octet-stream', buffer: Buffer.from(b) });
      await open('cut.safetensors', bytes.subarray(0, 20));
      await page.waitForFunction(() =>
        document.getElementById('model-file-message')?.textContent?.includes('cut.safetensors'),
      );
      const message = await page.textContent('#model-file-message');
      expect(message).toContain(`cut.safetensors ${refused}`);
      expect(message).toContain('cut.safetensors: header '); // cut inside the header it announces
      expect(await page.locator('#file-tensors tbody tr').count()).toBe(0);
      await open('neuron.safetensors', bytes);
      await page.waitForFunction(() => document.querySelectorAll('#file-tensors tbody tr').length === 2);
      const rows = await page
        .locator('#file-tensors tbody tr')
        .evaluateAll((els) =>
          els.map((e) => [(e as HTMLElement).dataset.name, (e as HTMLElement).dataset.first]),
        );
      expect(rows).toEqual([
        ['W1', JSON.stringify([Math.fround(2.0919)])],
        ['b1', JSON.stringify([Math.fround(0.5306)])],
      ]);
      // 2.0919 as float32, by hand: 1.04595 × 2^1, exponent 1 + 127 = 128, mantissa
      // round(0.04595 × 2^23) = round(385456.54) = 385457 = 0x5E1B1: 0x4005E1B1, lowest byte first.
      expect(await page.getAttribute('#file-first li >> nth=0', 'data-bytes')).toBe('b1 e1 05 40');
      await shown(page, status);
      expect(await violations(page), lang).toEqual([]);
      await page.close();
    }
  }, 120_000);

  it('nothing left the machine and nothing logged an error', () => {
    expectStayedLocal(lab);
  });
});
