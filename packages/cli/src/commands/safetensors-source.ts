import {
  type GptCheckpoint,
  type Issue,
  type LmModelFile,
  MAX_FILE_VALUES,
  MAX_HEADER_BYTES,
  type ModelFile,
  type SafetensorsFile,
  denseModelFromSafetensors,
  gptCheckpointFromSafetensors,
  lmModelFromSafetensors,
  looksLikeGpt,
  readSafetensors,
} from '@unha/engine';
import { type Locale, renderIssue } from '@unha/explain';
import { UserError } from '../errors';
import { readBytes } from '../read';
import { stWords } from '../safetensors-words';

/** The largest file read: the most values a file may hold in F64, its header and its length bytes. */
export const SAFETENSORS_LIMIT = 8 + MAX_HEADER_BYTES + 8 * MAX_FILE_VALUES;

export const isSafetensorsPath = (p: string): boolean => /\.safetensors$/i.test(p);

/** A safetensors file read and checked; every problem located in the file, in words. */
export function readSafetensorsFile(path: string, locale: Locale): SafetensorsFile {
  const r = readSafetensors(readBytes(path, SAFETENSORS_LIMIT, locale));
  if (!r.ok) throw new UserError(r.issues.map((i) => renderIssue(i, path, locale)));
  return r.value;
}

const fail = (issues: Issue[], path: string, locale: Locale): UserError =>
  new UserError(issues.map((i) => renderIssue(i, path, locale)));

/** What a safetensors file holds, opened as the model of its kind (a GPT as a checkpoint at its last step). */
export type OpenedSafetensors =
  | { kind: 'gpt'; checkpoint: GptCheckpoint }
  | { kind: 'dense'; model: ModelFile }
  | { kind: 'lm'; model: LmModelFile };

export function openedSafetensors(path: string, locale: Locale): OpenedSafetensors {
  const file = readSafetensorsFile(path, locale);
  const w = stWords(locale);
  if (looksLikeGpt(file)) {
    if (
      file.metadata.experiment === undefined &&
      (file.metadata.config === undefined || file.metadata.vocab === undefined)
    )
      throw new UserError([w.gptNeedsExperiment(path)]);
    const r = gptCheckpointFromSafetensors(file);
    if (!r.ok) throw fail(r.issues, path, locale);
    return { kind: 'gpt', checkpoint: r.value };
  }
  if (file.metadata.kind === 'dense') {
    const r = denseModelFromSafetensors(file);
    if (!r.ok) throw fail(r.issues, path, locale);
    return { kind: 'dense', model: r.value };
  }
  if (file.metadata.kind === 'lm') {
    const r = lmModelFromSafetensors(file);
    if (!r.ok) throw fail(r.issues, path, locale);
    return { kind: 'lm', model: r.value };
  }
  throw new UserError([w.noKind(path)]);
}
