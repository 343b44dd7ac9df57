import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  type GptCheckpoint,
  type GptExperiment,
  type Issue,
  UnhaInputError,
  formatPath,
  isGptExperiment,
  validateGptCheckpoint,
  validateGptExperiment,
} from '@unha/engine';
import { type Locale, renderIssue } from '@unha/explain';
import { findLesson } from '@unha/lessons';
import { UserError } from '../errors';
import type { Dtype } from '../fast/compute';
import { readSource } from '../load';
import { type LmOptions, applyLmOverrides, lmOverridesFrom, withFlag } from '../lm/load';
import { findLmLesson } from '../lm/lessons';
import { LIMITS, readText } from '../read';
import { readSourceJson } from '../safetensors';
import { type GptLessonInfo, corpusIds, corpusText, findGptLesson } from './lessons';
import { gptWords } from './words';
import { gptWithInit, takeInitFile } from '../init-file';

export const CHECKPOINT_FORMAT = 'unha-gpt-checkpoint';
/** The file `unha train` writes in its --out directory (nanoGPT writes ckpt.pt in out/). */
export const CHECKPOINT_FILE = 'ckpt.json';
/**
 * The largest checkpoint read: the moby-dick recipe's 0.8 M parameters, with Adam's two moments,
 * are about 2.4 M numbers, some 55 MB of JSON; a model ten times larger still fits.
 */
export const CHECKPOINT_LIMIT = 1_000_000_000;

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Where a GPT comes from: a built-in lesson or an experiment file (to train), or a checkpoint. */
export type GptSource =
  | { kind: 'experiment'; raw: unknown; name: string; lesson?: GptLessonInfo; file?: string }
  | { kind: 'checkpoint'; checkpoint: GptCheckpoint; name: string };
export type GptExperimentSource = Extract<GptSource, { kind: 'experiment' }>;

/** The checkpoint a path names: the file itself, or ckpt.json in the directory unha train wrote. */
export function checkpointPath(path: string): string {
  try {
    return statSync(path).isDirectory() ? join(path, CHECKPOINT_FILE) : path;
  } catch {
    return path;
  }
}

/** A GPT checkpoint file, validated; every problem located in words. */
export function readCheckpoint(path: string, locale: Locale): GptCheckpoint {
  const raw = readSourceJson(path, locale, CHECKPOINT_LIMIT);
  return checkpointOf(raw, path, locale);
}

function checkpointOf(raw: unknown, path: string, locale: Locale): GptCheckpoint {
  if (!isObj(raw) || raw.format !== CHECKPOINT_FORMAT)
    throw new UserError([gptWords(locale).notCheckpoint(path)]);
  const r = validateGptCheckpoint(raw);
  if (!r.ok) throw new UserError(r.issues.map((i) => renderIssue(i, path, locale)));
  return r.value;
}

/**
 * The GPT of `<lesson|file|checkpoint>`, or undefined when the source is something else (a
 * regression, a part-1 language model). `checkpoints`: the command takes a checkpoint (sample,
 * params, predict); the others refuse one by the words of the caller.
 */
export function gptSourceOf(
  source: string | undefined,
  locale: Locale,
  checkpoints = false,
): GptSource | undefined {
  if (source === undefined) return undefined;
  const lesson = findGptLesson(source);
  if (lesson) return { kind: 'experiment', raw: lesson.experiment, name: source, lesson };
  if (findLesson(source) || findLmLesson(source)) return undefined;
  if (checkpoints && existsSync(source)) {
    const path = checkpointPath(source);
    const raw = readSourceJson(path, locale, CHECKPOINT_LIMIT);
    if (isObj(raw) && raw.format === CHECKPOINT_FORMAT)
      return { kind: 'checkpoint', checkpoint: checkpointOf(raw, path, locale), name: path };
    return isGptExperiment(raw) ? { kind: 'experiment', raw, name: source, file: source } : undefined;
  }
  const { raw } = readSource(source, locale);
  if (isObj(raw) && raw.format === CHECKPOINT_FORMAT)
    throw new UserError([gptWords(locale).checkpointNotExperiment(source)]);
  return isGptExperiment(raw) ? { kind: 'experiment', raw, name: source, file: source } : undefined;
}

export interface GptLoaded {
  experiment: GptExperiment;
  /** The text to train on: data.text, the corpus, data.file or --data. */
  text: string;
  source: string;
  lesson?: GptLessonInfo;
}

/** Code points (the tokens), without building the array. */
export function codePoints(text: string): number {
  let n = 0;
  // A surrogate pair is one code point (as `for…of` reads it); a lone half counts as one too.
  for (let i = 0; i < text.length; i++, n++) {
    const c = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++;
  }
  return n;
}

/** The text of a validated experiment: `--data`, else data.text, data.corpus or data.file. */
function textOf(
  exp: GptExperiment,
  src: GptExperimentSource,
  dataFlag: string | undefined,
  locale: Locale,
): { text: string; where: string } {
  if (dataFlag !== undefined) return { text: readText(dataFlag, locale, LIMITS.csv), where: dataFlag };
  const d = exp.data;
  if (d.text !== undefined) return { text: d.text, where: `${src.name}: data.text` };
  if (d.corpus !== undefined) {
    const found = corpusText(d.corpus);
    if (found !== undefined) return { text: found, where: `${src.name}: data.corpus` };
    const issue: Issue = {
      code: 'unknown_value',
      path: ['data', 'corpus'],
      received: JSON.stringify(d.corpus),
      expected: { key: 'oneOf', values: corpusIds() },
    };
    throw new UserError([renderIssue(issue, src.name, locale)]);
  }
  if (d.file !== undefined) {
    const path = src.file ? resolve(dirname(src.file), d.file) : d.file;
    return { text: readText(path, locale, LIMITS.csv), where: path };
  }
  // The validator refuses an experiment with none of the three; this is only a guard.
  throw new UserError([gptWords(locale).emptyText(`${src.name}: data`)]);
}

/**
 * The checks the text makes possible, before the engine is given it: a text of fewer than two
 * characters has nothing to predict, and a block as long as the training split has no window.
 */
export function checkText(
  exp: GptExperiment,
  text: string,
  where: string,
  source: string,
  locale: Locale,
): void {
  const w = gptWords(locale);
  const n = codePoints(text);
  if (n < 2) throw new UserError([w.emptyText(where)]);
  const fraction = exp.data.split?.train ?? 0.9;
  const train = Math.floor(fraction * n + 0.5);
  if (train <= exp.model.block) throw new UserError([w.blockTooLong(source, exp.model.block, train)]);
}

/**
 * The engine refuses dropout in float32 at model.dropout (the float32 path has none yet); its generic
 * "unknown value" words would not say why, so that one issue is worded here, with the way out.
 */
function dropoutInFloat32(i: Issue, raw: unknown): number | undefined {
  if (i.code !== 'unknown_value' || formatPath(i.path) !== 'model.dropout') return undefined;
  if (!isObj(raw) || raw.dtype !== 'float32' || !isObj(raw.model)) return undefined;
  const p = raw.model.dropout;
  return typeof p === 'number' && p > 0 ? p : undefined;
}

/**
 * The GPT of a source with the flags applied (`dtype`: --dtype), validated, and its text read: every
 * problem is words in `locale` naming the file (or the flag) and the field.
 */
export function loadGpt(src: GptExperimentSource, o: LmOptions, locale: Locale, dtype?: Dtype): GptLoaded {
  const overrides = lmOverridesFrom(o, locale);
  const taken = takeInitFile(src.raw, src.file, o.init);
  let raw = applyLmOverrides(taken.raw, overrides);
  if (dtype !== undefined && isObj(raw)) raw = { ...raw, dtype };
  // A text file given with --data takes the place of the experiment's own text.
  if (o.data !== undefined && isObj(raw) && isObj(raw.data)) {
    const data: Raw = { ...raw.data, file: o.data };
    delete data.text;
    delete data.corpus;
    raw = { ...raw, data };
  }
  const r = validateGptExperiment(raw);
  if (!r.ok)
    throw new UserError(
      r.issues.map((i) => {
        const p = dropoutInFloat32(i, raw);
        if (p === undefined) return renderIssue(i, withFlag(src.name, i.path, overrides), locale);
        const where = dtype === 'float32' ? `${src.name} --dtype float32` : src.name;
        return gptWords(locale).dropoutFloat32(where, String(p), dtype === 'float32');
      }),
    );
  const { text, where } = textOf(r.value, src, o.data, locale);
  checkText(r.value, text, where, src.name, locale);
  return {
    experiment: taken.init === undefined ? r.value : gptWithInit(r.value, text, taken.init, locale),
    text,
    source: src.name,
    ...(src.lesson && { lesson: src.lesson }),
  };
}

/**
 * Runs what builds a model from the user's data (a trainer, a model from a checkpoint): a problem the
 * engine finds there (UnhaInputError) is located in `source`, in words.
 */
export function located<T>(source: string, locale: Locale, make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (e instanceof UnhaInputError) throw new UserError(e.issues.map((i) => renderIssue(i, source, locale)));
    throw e;
  }
}
