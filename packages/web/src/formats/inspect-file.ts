import { type Issue, type SafetensorsFile, anatomyOf, readSafetensors } from '@unha/engine';
import { firstValues, renderIssue } from '@unha/explain';
import type { Locale } from '../state';
import { FIRST_IN_TABLE, type FileView } from './anatomy-view';
import { fileWords } from './words';

/** Values taken apart under the tensors table (from the first tensor on). */
const TAKEN_APART = 4;

export function isSafetensorsName(name: string): boolean {
  return /\.safetensors$/i.test(name);
}

/**
 * A .safetensors file's bytes read by the engine (every header number checked against the file before
 * anything is allocated) and taken apart for the page; the engine's issues when it refuses them.
 */
export function fileViewOf(
  bytes: Uint8Array,
  name: string,
): { ok: true; view: FileView; file: SafetensorsFile } | { ok: false; issues: Issue[] } {
  const r = readSafetensors(bytes);
  if (!r.ok) return r;
  const anatomy = anatomyOf(r.value, bytes, TAKEN_APART);
  const firsts = r.value.tensors.map((t) => Array.from(t.values.subarray(0, FIRST_IN_TABLE)));
  const values = firstValues(r.value, bytes, TAKEN_APART);
  return { ok: true, view: { name, anatomy, firsts, values }, file: r.value };
}

/** Issues as lines in the learner's language, each with the file's name and its place. */
export function issuesText(issues: readonly Issue[], name: string, locale: Locale): string {
  return issues.map((i) => renderIssue(i, name, locale)).join('\n');
}

/** The largest file taken apart on the page's thread (a regression or LM model file is small). */
const MAX_BYTES = 200 * 1024 * 1024;

/**
 * A .safetensors file opened in a lab that runs experiments (regression, language models): taken
 * apart to read, the run on display left as it is; what to say about it, in the learner's language.
 */
export async function inspectHere(
  file: File,
  locale: Locale,
): Promise<{ view?: FileView; message: string; error: boolean }> {
  const w = fileWords(locale);
  if (file.size > MAX_BYTES) return { message: w.tooLarge(file.name), error: true };
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch {
    return { message: w.refused(file.name, ''), error: true };
  }
  const r = fileViewOf(bytes, file.name);
  if (!r.ok) return { message: w.refused(file.name, issuesText(r.issues, file.name, locale)), error: true };
  return { view: r.view, message: w.inspectedHere(file.name), error: false };
}
