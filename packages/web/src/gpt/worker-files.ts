import { type GptExperiment, type GptParamValues, type Issue, gptOnnx } from '@unha/engine';
import type { FileView } from '../formats/anatomy-view';
import type { ModelFormat } from '../formats/files-view';
import { type GptFromFile, gptFile, gptFromFile } from '../formats/gpt-file';
import { fileViewOf, issuesText } from '../formats/inspect-file';
export { isSafetensorsName } from '../formats/inspect-file';
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
  const text = (issues: readonly Issue[]): string => issuesText(issues, f.name, locale);
  const r = fileViewOf(bytes, f.name);
  if (!r.ok) return { ok: false, message: gw.badFile(f.name, text(r.issues)) };
  const view = r.view;
  const g = gptFromFile(r.file);
  if (!g.ok) return { ok: true, view, note: fileWords(locale).inspectedOnly(f.name, text(g.issues)) };
  return { ok: true, view, gpt: g.value };
}
