import { type GptExperiment, type GptParamValues, anatomyOf, gptOnnx, readSafetensors } from '@unha/engine';
import { firstValues, renderIssue } from '@unha/explain';
import type { FileView } from '../formats/anatomy-view';
import { FIRST_IN_TABLE } from '../formats/anatomy-view';
import type { ModelFormat } from '../formats/files-view';
import { type GptFromFile, gptFile, gptFromFile } from '../formats/gpt-file';
import { fileWords } from '../formats/words';
import type { Locale } from '../state';
import type { OpenFile } from './protocol';
import { gptWords } from './words';

/**
 * The worker's side of the model as a file: the bytes of a download, made from the values the run has
 * now, and a .safetensors file read, checked (every header number against the file, by the engine),
 * taken apart for the page and, when its metadata says which GPT it is, turned into a model.
 */

/** Whether this build writes ONNX (the engine's formats/onnx-gpt.ts). */
export const CAN_ONNX = true;

/** Values taken apart under the tensors table (the first tensor's). */
const TAKEN_APART = 4;

export interface ModelNow {
  experiment: GptExperiment;
  vocab: readonly string[];
  params: GptParamValues;
  step: number;
}

/** A name for the download: the lesson's or the file's stem, the step, the format. */
export function downloadName(stem: string, step: number, f: ModelFormat): string {
  const base = stem.replace(/\.(json|safetensors|onnx)$/i, '') || 'gpt';
  return f.format === 'onnx'
    ? `${base}-step${step}.onnx`
    : `${base}-step${step}-${f.dtype.toLowerCase()}.safetensors`;
}

/** The file's bytes, or undefined for a format this build cannot write. */
export function modelFileBytes(m: ModelNow, f: ModelFormat): Uint8Array | undefined {
  if (f.format === 'safetensors') return gptFile(m, f.dtype);
  // The inference graph, tokens → logits, its weights in float32.
  return CAN_ONNX ? gptOnnx(m) : undefined;
}

export function isSafetensorsName(name: string): boolean {
  return /\.safetensors$/i.test(name);
}

export type ReadSafetensors =
  { ok: true; view: FileView; gpt?: GptFromFile; note?: string } | { ok: false; message: string };

/**
 * Reads a .safetensors file: a file the engine refuses gives its located issues in the learner's
 * language; a file it reads is taken apart, and run as a GPT when its metadata allows (else `note`
 * says why not).
 */
export async function readSafetensorsFile(
  f: OpenFile,
  locale: Locale,
  maxBytes: number,
): Promise<ReadSafetensors> {
  const gw = gptWords(locale);
  if (f.size > maxBytes)
    return {
      ok: false,
      message: gw.tooLarge(f.name, (f.size / 1024 / 1024).toFixed(1), maxBytes / 1024 / 1024),
    };
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await f.file.arrayBuffer());
  } catch {
    return { ok: false, message: gw.unreadable(f.name) };
  }
  const text = (issues: Parameters<typeof renderIssue>[0][]): string =>
    issues.map((i) => renderIssue(i, f.name, locale)).join('\n');
  const r = readSafetensors(bytes);
  if (!r.ok) return { ok: false, message: gw.badFile(f.name, text(r.issues)) };
  const anatomy = anatomyOf(r.value, bytes, TAKEN_APART);
  const firsts = r.value.tensors.map((t) => Array.from(t.values.subarray(0, FIRST_IN_TABLE)));
  const values = firstValues(r.value, bytes, TAKEN_APART);
  const view: FileView = { name: f.name, anatomy, firsts, values };
  const g = gptFromFile(r.value);
  if (!g.ok) return { ok: true, view, note: fileWords(locale).inspectedOnly(f.name, text(g.issues)) };
  return { ok: true, view, gpt: g.value };
}
