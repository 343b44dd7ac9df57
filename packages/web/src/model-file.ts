import {
  type LmTrainer,
  type Trace,
  denseOnnx,
  denseSafetensors,
  lmOnnx,
  lmSafetensors,
  toLmModelFile,
  toModelFile,
} from '@unha/engine';
import type { ModelFormat } from './formats/files-view';

/**
 * The regression lab's model at an epoch as a file: the engine's model file of that epoch (what
 * `unha run --save` writes: layers, W1 [units, inputs], b1, …, the normalisation and the experiment)
 * written as safetensors (F64 or F32) or as an ONNX graph with the normalisation inside. Made in the
 * worker, where the run's trace is.
 */
export function denseFileBytes(trace: Trace, epoch: number, f: ModelFormat): Uint8Array {
  const e = Math.max(0, Math.min(epoch, trace.epochs.length));
  const model = toModelFile(trace, { epochs: e, last: trace.epochs[e - 1] });
  return f.format === 'onnx' ? denseOnnx(model) : denseSafetensors(model, f.dtype);
}

/** lesson-epoch12-f64.safetensors, lesson-epoch12.onnx */
export function denseFileName(stem: string, epoch: number, f: ModelFormat): string {
  return f.format === 'onnx'
    ? `${stem}-epoch${epoch}.onnx`
    : `${stem}-epoch${epoch}-${f.dtype.toLowerCase()}.safetensors`;
}

/**
 * The language-model lab's model after a step as a file: the engine's LM model file (what
 * `unha train --save` writes: E, W1, b1, … or the counting model's counts, the vocabulary with "."
 * first) as safetensors, or as ONNX (context token ids → logits).
 */
export function lmFileBytes(t: LmTrainer, f: ModelFormat): Uint8Array {
  const model = toLmModelFile(t);
  return f.format === 'onnx' ? lmOnnx(model) : lmSafetensors(model, f.dtype);
}

/** names-mlp-step30-f64.safetensors, names-mlp-step30.onnx */
export function lmFileName(stem: string, step: number, f: ModelFormat): string {
  return f.format === 'onnx'
    ? `${stem}-step${step}.onnx`
    : `${stem}-step${step}-${f.dtype.toLowerCase()}.safetensors`;
}
