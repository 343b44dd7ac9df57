import { writeFileSync } from 'node:fs';
import {
  type SafetensorsWriteDtype,
  denseSafetensors,
  gptSafetensors,
  lmSafetensors,
  readSafetensors,
} from '@unha/engine';
import type { Locale } from '@unha/explain';
import { UserError } from '../errors';
import { stWords } from '../safetensors-words';
import { words } from '../words';
import type { TrainedModel } from './export-model';

/** The file's dtype: --dtype, else the model's own (a float32 GPT run in F32, everything else in F64). */
export function fileDtype(m: TrainedModel, flag: 'float32' | 'float64' | undefined): SafetensorsWriteDtype {
  const d = flag ?? (m.kind === 'gpt' ? m.dtype : 'float64');
  return d === 'float32' ? 'F32' : 'F64';
}

/** A trained model's bytes as safetensors, with its metadata (vocabulary, experiment, normalisation). */
export function safetensorsBytes(m: TrainedModel, dtype: SafetensorsWriteDtype): Uint8Array {
  if (m.kind === 'gpt') return gptSafetensors(m, dtype);
  if (m.kind === 'dense') return denseSafetensors(m.model, dtype);
  return lmSafetensors(m.model, dtype);
}

/** `unha export … --safetensors out.safetensors`: writes the file and says what it holds. */
export function exportSafetensors(
  m: TrainedModel,
  out: string,
  dtype: SafetensorsWriteDtype,
  locale: Locale,
): void {
  const bytes = safetensorsBytes(m, dtype);
  try {
    writeFileSync(out, bytes);
  } catch (e) {
    throw new UserError([
      words(locale).fileUnwritable(out, (e as NodeJS.ErrnoException).code ?? (e as Error).message),
    ]);
  }
  // The counts come from the file as written (read back by the same checks any file gets).
  const r = readSafetensors(bytes);
  const tensors = r.ok ? r.value.tensors : [];
  const values = tensors.reduce((s, t) => s + t.values.length, 0);
  console.log(stWords(locale).written(out, dtype, tensors.length, values, bytes.length));
}
