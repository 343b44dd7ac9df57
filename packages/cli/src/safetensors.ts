import { statSync } from 'node:fs';
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
import { UserError } from './errors';
import { LIMITS, parseJson, readBytes, readText } from './read';
import { stWords } from './safetensors-words';

/** The largest file read: the most values a file may hold in F64, its header and its length bytes. */
export const SAFETENSORS_LIMIT = 8 + MAX_HEADER_BYTES + 8 * MAX_FILE_VALUES;

export const isSafetensorsPath = (p: string): boolean => /\.safetensors$/i.test(p);

const fail = (issues: Issue[], path: string, locale: Locale): UserError =>
  new UserError(issues.map((i) => renderIssue(i, path, locale)));

/** A safetensors file read and checked; every problem located in the file, in words. */
export function readSafetensorsFile(path: string, locale: Locale): SafetensorsFile {
  const r = readSafetensors(readBytes(path, SAFETENSORS_LIMIT, locale));
  if (!r.ok) throw fail(r.issues, path, locale);
  return r.value;
}

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
  // A kind this lab does not write is named as such; only a file without one is told to use --init.
  const kind = Object.hasOwn(file.metadata, 'kind') ? file.metadata.kind : undefined;
  if (kind !== undefined)
    throw fail(
      [
        {
          code: 'unknown_value',
          path: ['header', '__metadata__', 'kind'],
          received: JSON.stringify(kind),
          expected: { key: 'oneOf', values: ['gpt', 'dense', 'lm'] },
        },
      ],
      path,
      locale,
    );
  throw new UserError([w.noKind(path)]);
}

/** The files already opened in this process, by path, size and time: a command looks at its source more than once. */
const opened = new Map<string, { stamp: string; value: OpenedSafetensors }>();

/**
 * A safetensors file as the JSON file of the same model would read: a dense model as its model file
 * (`unha run --save`), a language model as its model file, a GPT as a checkpoint at its last step. The
 * commands that open model files then take it as they take those (and check it again the same way).
 */
export function safetensorsAsJson(path: string, locale: Locale): unknown {
  let stamp = '';
  try {
    const st = statSync(path);
    stamp = `${st.size}:${st.mtimeMs}`;
  } catch {
    // readBytes says why the file cannot be read.
  }
  const hit = opened.get(path);
  const value = hit && hit.stamp === stamp && stamp !== '' ? hit.value : openedSafetensors(path, locale);
  opened.set(path, { stamp, value });
  return value.kind === 'gpt' ? value.checkpoint : value.model;
}

/** A source file's JSON: a `.safetensors` file as the model it holds, anything else parsed as JSON. */
export function readSourceJson(path: string, locale: Locale, limit: number = LIMITS.json): unknown {
  if (isSafetensorsPath(path)) return safetensorsAsJson(path, locale);
  return parseJson(path, readText(path, locale, limit), locale);
}
