import { dirname, resolve } from 'node:path';
import {
  type Experiment,
  type GptExperiment,
  type Issue,
  type LmExperiment,
  type SafetensorsFile,
  type WeightsKind,
  buildTextVocab,
  buildVocab,
  denseInitFromSafetensors,
  gptValuesFromSafetensors,
  lmInitFromSafetensors,
  metadataJson,
} from '@unha/engine';
import { type Locale, renderIssue } from '@unha/explain';
import { UserError } from './errors';
import { readSafetensorsFile } from './safetensors';
import { stWords } from './safetensors-words';

/**
 * Starting a run from weights in a file: `--init w.safetensors` on the command line, or
 * `model.init: {"file": "w.safetensors"}` in an experiment file (the path relative to that file, as
 * data.file is). The experiment is checked with a seed in that place first (its shape decides what the
 * file must hold), then the file's tensors are matched to the model's names and shapes and become the
 * initial values; every mismatch is located in the file.
 */

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The weights file a source asks for (--init wins over model.init.file), and the raw experiment with
 * a seed in its place; the raw as it is when there is none. A bad `file` field is said here, located.
 */
export function takeInitFile(
  raw: unknown,
  experimentFile: string | undefined,
  flag: string | undefined,
  where: { name: string; locale: Locale },
): { raw: unknown; init?: string } {
  if (!isObj(raw) || !isObj(raw.model)) return flag === undefined ? { raw } : { raw, init: flag };
  const given = raw.model.init;
  if (isObj(given) && 'file' in given) badFileField(given, where);
  const inFile = isObj(given) && typeof given.file === 'string' ? given.file : undefined;
  if (flag === undefined && inFile === undefined) return { raw };
  const seed = isObj(given) && typeof given.seed === 'number' ? given.seed : 0;
  const out = { ...raw, model: { ...raw.model, init: { seed } } };
  if (flag !== undefined) return { raw: out, init: flag };
  const path = experimentFile !== undefined ? resolve(dirname(experimentFile), inFile!) : inFile!;
  return { raw: out, init: path };
}

/** model.init.file is a path, alone in model.init: anything else is said at its place in the experiment. */
function badFileField(init: Raw, where: { name: string; locale: Locale }): void {
  const issues: Issue[] = [];
  if (typeof init.file !== 'string' || init.file === '')
    issues.push({ code: 'wrong_type', path: ['model', 'init', 'file'], expected: { key: 'nonEmptyText' } });
  for (const k of Object.keys(init))
    if (k !== 'file')
      issues.push({
        code: 'unknown_field',
        path: ['model', 'init', k],
        expected: { key: 'fields', values: ['file'] },
      });
  if (issues.length > 0) throw located(where.name, where.locale, issues);
}

function located(path: string, locale: Locale, issues: Issue[]): UserError {
  return new UserError(issues.map((i) => renderIssue(i, path, locale)));
}

/** The file's vocabulary (metadata `vocab`), when it has one, must be the one the text or the words give. */
function checkVocab(file: SafetensorsFile, chars: readonly string[], path: string, locale: Locale): void {
  const r = metadataJson(file, 'vocab');
  if (!r.ok) throw located(path, locale, [r.issue]);
  if (r.value === undefined) return;
  const same =
    Array.isArray(r.value) && r.value.length === chars.length && r.value.every((c, i) => c === chars[i]);
  if (!same)
    throw located(path, locale, [
      {
        code: 'unknown_value',
        path: ['header', '__metadata__', 'vocab'],
        expected: { key: 'literal', value: JSON.stringify(chars) },
      },
    ]);
}

/**
 * A file that says it holds another family (metadata `kind`) is refused in one sentence, rather than
 * with every one of its names that the model lacks. A file without `kind` (nanoGPT's) is matched by names.
 */
function checkKind(file: SafetensorsFile, wants: WeightsKind, path: string, locale: Locale): void {
  const has = Object.hasOwn(file.metadata, 'kind') ? file.metadata.kind : undefined;
  if ((has === 'gpt' || has === 'dense' || has === 'lm') && has !== wants)
    throw new UserError([stWords(locale).initOtherKind(path, has, wants)]);
}

/** A dense experiment started from the file's W1, b1, … */
export function denseWithInit(exp: Experiment, path: string, locale: Locale): Experiment {
  const file = readSafetensorsFile(path, locale);
  checkKind(file, 'dense', path, locale);
  const r = denseInitFromSafetensors(file, exp.data.inputs[0].length, exp.model.layers);
  if (!r.ok) throw located(path, locale, r.issues);
  return { ...exp, model: { ...exp.model, init: r.values } };
}

/** A language model started from the file's E, W1, b1, … over the vocabulary of its words. */
export function lmWithInit(
  exp: LmExperiment,
  words: readonly string[],
  path: string,
  locale: Locale,
): LmExperiment {
  if (exp.model.layers[0].type === 'counts') throw new UserError([stWords(locale).initNotForCounts(path)]);
  const file = readSafetensorsFile(path, locale);
  checkKind(file, 'lm', path, locale);
  const chars = buildVocab(words).chars;
  checkVocab(file, chars, path, locale);
  const r = lmInitFromSafetensors(file, exp, chars.length);
  if (!r.ok) throw located(path, locale, r.issues);
  return { ...exp, model: { ...exp.model, init: r.values } };
}

/** A GPT started from the file's tensors (ours or nanoGPT's names) over the vocabulary of its text. */
export function gptWithInit(exp: GptExperiment, text: string, path: string, locale: Locale): GptExperiment {
  const file = readSafetensorsFile(path, locale);
  checkKind(file, 'gpt', path, locale);
  const chars = buildTextVocab(text).chars;
  checkVocab(file, chars, path, locale);
  const r = gptValuesFromSafetensors(file, exp.model, chars.length);
  if (!r.ok) throw located(path, locale, r.issues);
  return { ...exp, model: { ...exp.model, init: r.values } };
}
