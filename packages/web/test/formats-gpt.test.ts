import type { GptTrainer } from '@unha/engine';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { encodeExperiment } from '../src/state';
import { gptTrainedHere, readBack } from './helpers/engine-here';
import { chromiumAvailable } from './helpers/lab';
import { SAFETENSORS_BUTTONS, downloaded, expectStayedLocal, useLab } from './helpers/lab-suite';
import { ort } from './helpers/ort';
import { violations } from './helpers/axe';
import { referenceForward } from './helpers/gpt-reference';
import { type HandTensor, flat, handSafetensors, nanoGptNames } from './helpers/safetensors-bytes';

/**
 * The GPT lab's model as a file, in Debian's Chromium. A download is read back here by the engine's
 * reader and held to the parameters of a trainer run in this process (float64: the same bits; float32:
 * each value rounded to float32); the names are nanoGPT's, written out in the test. Files opened in the
 * page are made byte by byte here (helpers/safetensors-bytes.ts): their tensors are listed, their first
 * value's bytes are the file's, a GPT among them runs (its probabilities those of a plain-JS forward
 * pass of the file's values), and a cut one is refused with the place, in the page's language.
 */

const TEXT = 'the cat sat on the mat. the dog sat on the log. a cat and a dog met on the mat.\n';
const EXPERIMENT = {
  data: { text: TEXT, split: { train: 0.9, val: 0.1 } },
  model: { type: 'gpt', layers: 2, heads: 2, width: 8, block: 8, init: { seed: 5 } },
  loss: 'cross-entropy',
  optimizer: { name: 'adamw', lr: 0.02 },
  batchSize: 4,
  steps: 40,
  eval: { every: 20, windows: 10 },
  sample: { tokens: 20, seed: 2 },
};
const LINK = `?exp=${encodeExperiment(JSON.stringify(EXPERIMENT))}`;
const CHARS = [...new Set(TEXT)].sort();
const NAMES = nanoGptNames(2, 8, 8, CHARS.length);

const trainedHere = (steps: number): GptTrainer => gptTrainedHere(EXPERIMENT, steps);

async function status(page: Page, text: string): Promise<void> {
  await page.waitForFunction((t) => document.getElementById('epoch-status')?.textContent === t, text);
}

async function openFile(page: Page, name: string, bytes: Uint8Array): Promise<void> {
  await page.setInputFiles('#gpt-checkpoint', {
    name,
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(bytes),
  });
}

/** The trained model's values as a nanoGPT file would hold them: float32, with the tied head and the mask buffers. */
function nanoGptFile(params: Record<string, unknown>, metadata?: Record<string, string>): Uint8Array {
  const tensors: HandTensor[] = NAMES.map(([name, shape]) => ({
    name,
    dtype: 'F32',
    shape,
    values: flat(params[name]),
  }));
  for (const l of [0, 1])
    tensors.push({
      name: `transformer.h.${l}.attn.bias`,
      dtype: 'F32',
      shape: [1, 1, 8, 8],
      values: Array.from({ length: 64 }, (_, k) => (k % 8 <= Math.floor(k / 8) ? 1 : 0)),
    });
  tensors.push({ ...tensors[0], name: 'lm_head.weight' });
  return handSafetensors(tensors, metadata);
}

/** Values by name (flat) as the reference reads them: vectors, and rows for matrices. */
function shapedParams(get: (name: string) => number[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, shape] of NAMES) {
    const v = get(name);
    out[name] =
      shape.length === 2
        ? Array.from({ length: shape[0] }, (_, r) => v.slice(r * shape[1], (r + 1) * shape[1]))
        : v;
  }
  return out;
}

/** The next-character probabilities the page shows, once drawn. */
async function probs(page: Page): Promise<number[]> {
  await page.waitForFunction(() => document.getElementById('gpt-probs')?.querySelectorAll('button').length);
  return page
    .locator('#gpt-probs button')
    .evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.p)));
}

describe.skipIf(!chromiumAvailable())('the GPT lab’s model as a file, in Chromium', () => {
  const lab = useLab();

  it('downloads the model as safetensors: nanoGPT’s names, the lab’s values (float64 as a trainer here, float32 those rounded)', async () => {
    const page = await lab.page(`${LINK}&lang=en&text=${encodeURIComponent('the cat')}`);
    // The page's Chromium and this Node round some last digits apart (their Math.cos, Math.exp, … are
    // not the same build), so a trainer here is matched to 1e-12; the float32 file is the float64 one
    // rounded; and the probabilities the page shows are a plain-JS forward pass of the downloaded values.
    for (const step of [0, 6]) {
      if (step > 0) for (let i = 0; i < step; i++) await page.click('#next');
      await status(page, `Step ${step} of 40`);
      const want = trainedHere(step).params() as Record<string, unknown>;
      const files: Record<string, Map<string, number[]>> = {};
      for (const [button, dtype] of SAFETENSORS_BUTTONS) {
        const d = await downloaded(page, button);
        expect(d.name).toBe(`experiment-step${step}-${dtype.toLowerCase()}.safetensors`);
        const f = readBack(d.bytes);
        expect(f.tensors.map((t) => [t.name, t.shape])).toEqual(NAMES);
        expect(f.tensors.every((t) => t.dtype === dtype)).toBe(true);
        files[dtype] = new Map(f.tensors.map((t) => [t.name, Array.from(t.values)]));
        expect(JSON.parse(f.metadata.vocab)).toEqual(CHARS);
        expect(JSON.parse(f.metadata.config)).toMatchObject({
          n_layer: 2,
          n_head: 2,
          n_embd: 8,
          block_size: 8,
        });
        expect(f.metadata.step).toBe(String(step));
        await page.waitForFunction(
          (n) => document.getElementById('model-file-message')?.textContent?.startsWith(n),
          d.name,
        );
      }
      for (const [name] of NAMES) {
        const f64 = files.F64.get(name)!;
        const here = flat(want[name]);
        f64.forEach((v, i) => expect(Math.abs(v - here[i])).toBeLessThan(1e-12));
        expect(files.F32.get(name)).toEqual(f64.map(Math.fround));
      }
      const ref = referenceForward(
        shapedParams((name) => files.F64.get(name)!),
        [...'the cat'].map((c) => CHARS.indexOf(c)),
        2,
        2,
      );
      await page.waitForFunction(
        (n) => document.getElementById('attention')?.dataset.step === String(n),
        step,
      );
      const shown = await probs(page);
      expect(shown.length).toBe(CHARS.length);
      shown.forEach((p, i) => expect(Math.abs(p - ref.probs[i])).toBeLessThan(1e-12));
    }
    await page.close();
  }, 120_000);

  it('a float32 run downloads float32 values: its F64 file holds the F32 file’s numbers exactly', async () => {
    const page = await lab.page(`${LINK}&lang=en&step=3&dtype=float32&threads=1`);
    await status(page, 'Step 3 of 40');
    const values = async (button: string): Promise<number[]> => {
      return readBack((await downloaded(page, button)).bytes).tensors.flatMap((t) => Array.from(t.values));
    };
    const f64 = await values('#download-st-f64');
    expect(f64.every((v) => Math.fround(v) === v)).toBe(true);
    expect(await values('#download-st-f32')).toEqual(f64);
    await page.close();
  }, 120_000);

  it.skipIf(!ort)(
    'downloads the model as ONNX: onnxruntime’s logits are a plain-JS forward pass of the values, to 1e-5',
    async () => {
      const page = await lab.page(`${LINK}&lang=pt-BR&step=4&text=${encodeURIComponent('the cat')}`);
      await status(page, 'Passo 4 de 40');
      const st = readBack((await downloaded(page, '#download-st-f64')).bytes);
      const values = new Map(st.tensors.map((t) => [t.name, Array.from(t.values)]));
      const d = await downloaded(page, '#download-onnx');
      expect(d.name).toBe('experiment-step4.onnx');
      const tokens = [...'the cat'].map((c) => CHARS.indexOf(c));
      const session = await ort!.InferenceSession.create(d.bytes);
      const feeds = {
        tokens: new ort!.Tensor('int64', BigInt64Array.from(tokens, BigInt), [1, tokens.length]),
      };
      const out = (await session.run(feeds))[session.outputNames[0]];
      expect(out.dims).toEqual([1, tokens.length, CHARS.length]);
      const last = Array.from(out.data as Float32Array).slice((tokens.length - 1) * CHARS.length);
      const ref = referenceForward(
        shapedParams((n) => values.get(n)!),
        tokens,
        2,
        2,
      );
      last.forEach((z, i) =>
        expect(Math.abs(z - ref.logits[i]) / Math.max(1, Math.abs(ref.logits[i]))).toBeLessThan(1e-5),
      );
      await page.close();
    },
    120_000,
  );

  it('opens a nanoGPT-shaped file made by hand: its tensors listed, its first value from the file’s bytes, the GPT run on its values', async () => {
    const page = await lab.page(`${LINK}&lang=en&text=${encodeURIComponent('the cat')}`);
    await status(page, 'Step 0 of 40');
    const params = trainedHere(10).params() as Record<string, unknown>;
    const config = { n_layer: 2, n_head: 2, n_embd: 8, block_size: 8, vocab_size: CHARS.length, bias: true };
    const meta = { vocab: JSON.stringify(CHARS), config: JSON.stringify(config), step: '10' };
    const bytes = nanoGptFile(params, meta);
    await openFile(page, 'tiny.safetensors', bytes);
    await status(page, 'tiny.safetensors: the model after step 10');
    const rows = await page
      .locator('#file-tensors tbody tr')
      .evaluateAll((els) =>
        els.map((e) => [(e as HTMLElement).dataset.name, (e as HTMLElement).dataset.shape]),
      );
    expect(rows.length).toBe(NAMES.length + 3);
    for (const [name, shape] of NAMES) expect(rows).toContainEqual([name, JSON.stringify(shape)]);
    expect(rows).toContainEqual(['lm_head.weight', JSON.stringify([CHARS.length, 8])]);
    expect(await page.getAttribute('#file-sizes', 'data-bytes')).toBe(String(bytes.length));
    // The first value of wte (the first tensor's bytes in the file): its 4 bytes, lowest first, and the number.
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    const first = page.locator('#file-first li').first();
    const hex = Array.from(bytes.subarray(8 + n, 12 + n), (b) => b.toString(16).padStart(2, '0')).join(' ');
    expect(await first.getAttribute('data-bytes')).toBe(hex);
    expect(Number(await first.getAttribute('data-v'))).toBe(
      Math.fround(flat(params['transformer.wte.weight'])[0]),
    );
    // The probabilities of the next character are a plain-JS forward pass of the file's float32 values.
    const read = shapedParams((name) => flat(params[name]).map(Math.fround));
    const ref = referenceForward(
      read,
      [...'the cat'].map((c) => CHARS.indexOf(c)),
      2,
      2,
    );
    const shown = await probs(page);
    expect(shown.length).toBe(CHARS.length);
    shown.forEach((p, i) => expect(Math.abs(p - ref.probs[i])).toBeLessThan(1e-9));
    await page.close();
  }, 120_000);

  it('a file dropped on the panel without config and vocabulary is taken apart, not run, and says why', async () => {
    const page = await lab.page(`${LINK}&lang=pt-BR&step=2`);
    await status(page, 'Passo 2 de 40');
    const bytes = Array.from(nanoGptFile(trainedHere(0).params() as Record<string, unknown>));
    await page.evaluate((b) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(b)], 'bare.safetensors'));
      const panel = document.getElementById('gpt-checkpoint-panel')!;
      panel.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      panel.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, bytes);
    await page.waitForFunction(() => document.querySelectorAll('#file-tensors tbody tr').length > 0);
    expect(await page.locator('#file-tensors tbody tr').count()).toBe(NAMES.length + 3);
    await page.waitForFunction(() =>
      document.getElementById('gpt-checkpoint-message')?.textContent?.includes('bare.safetensors:'),
    );
    const message = await page.textContent('#gpt-checkpoint-message');
    expect(message).toContain('não pode rodar aqui');
    expect(message).toContain('bare.safetensors: header.__metadata__.config está faltando');
    await status(page, 'Passo 2 de 40');
    await page.close();
  }, 120_000);

  it('a file cut short is refused with the place, in each language; axe finds nothing with a file taken apart', async () => {
    const good = nanoGptFile(trainedHere(0).params(), {
      vocab: JSON.stringify(CHARS),
    });
    for (const [lang, at, words] of [
      ['en', 'Step 1 of 40', 'ends too soon'],
      ['pt-BR', 'Passo 1 de 40', 'acaba antes do que devia'],
    ] as const) {
      const page = await lab.page(`${LINK}&lang=${lang}&step=1`);
      await status(page, at);
      await openFile(page, 'cut.safetensors', good.subarray(0, good.length - 5));
      await page.waitForFunction(() =>
        document.getElementById('gpt-checkpoint-message')?.textContent?.includes('cut.safetensors:'),
      );
      const message = await page.textContent('#gpt-checkpoint-message');
      // The last tensor in the file is the tied head: its offsets reach past the end.
      expect(message).toContain(`cut.safetensors: header["lm_head.weight"].data_offsets ${words}`);
      expect(await page.locator('#file-tensors tbody tr').count()).toBe(0);
      await status(page, at);
      await openFile(page, 'bare.safetensors', good);
      await page.waitForFunction(() => document.querySelectorAll('#file-tensors tbody tr').length > 0);
      await page.click('#file-anatomy summary');
      expect(await violations(page), lang).toEqual([]);
      await page.close();
    }
  }, 120_000);

  it('nothing left the machine and nothing logged an error', () => {
    expectStayedLocal(lab);
  });
});
