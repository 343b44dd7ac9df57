import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  type LmExperiment,
  LM_MODEL_FORMAT,
  type LmModelFile,
  fromLmModelFile,
  isLmExperiment,
  parseWordList,
  validateLmExperiment,
} from '@unha/engine';
import { type Locale, renderIssue } from '@unha/explain';
import * as lessonLib from '@unha/lessons';
import { UserError } from '../errors';
import { LIMITS, readText } from '../read';
import { readSourceJson } from '../safetensors';
import { words } from '../words';
import { lmWithInit, takeInitFile } from '../init-file';
import { lmCliWords } from './lm-words';

/**
 * Where `unha explain` and `unha sample` find a language model: a lesson, an experiment file, or a
 * saved model. The language-model lessons and the built-in corpora land in @unha/lessons beside this
 * work, so they are looked up by name (findLmLesson / corpusWords) when the package has them; the
 * integration may replace this file by the run command's own loader.
 */
export type LmSource =
  | { kind: 'experiment'; raw: unknown; name: string; file?: string }
  | { kind: 'model'; model: LmModelFile; name: string };

type Lib = Record<string, unknown>;
const lib = lessonLib as unknown as Lib;
const call = (name: string, arg: string): unknown =>
  typeof lib[name] === 'function' ? (lib[name] as (a: string) => unknown)(arg) : undefined;
const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The language-model lesson of this id, if the lessons package has one. */
function lmLesson(id: string): unknown {
  const found = call('findLmLesson', id) ?? call('findLesson', id);
  return isObj(found) && isLmExperiment(found.experiment) ? found.experiment : undefined;
}

/** The language model a source names, or undefined when it is something else (a regression, no file). */
export function lmSourceOf(source: string, locale: Locale): LmSource | undefined {
  const lesson = lmLesson(source);
  if (lesson) return { kind: 'experiment', raw: lesson, name: source };
  if (lessonLib.findLesson(source) || (!/[./\\]/.test(source) && !existsSync(source))) return undefined;
  const raw = readSourceJson(source, locale);
  if (isObj(raw) && raw.format === LM_MODEL_FORMAT) {
    const r = fromLmModelFile(raw);
    if (!r.ok) throw new UserError(r.issues.map((i) => renderIssue(i, source, locale)));
    return { kind: 'model', model: r.value, name: source };
  }
  return isLmExperiment(raw) ? { kind: 'experiment', raw, name: source, file: source } : undefined;
}

/** A bare name that is neither a lesson nor a file: the words that list the lessons. */
export function unknownSource(source: string, locale: Locale): UserError {
  const ids = lessonLib.lessons.map((l) => l.id);
  const lm = lib.lmLessons;
  if (Array.isArray(lm)) for (const l of lm) if (isObj(l) && typeof l.id === 'string') ids.push(l.id);
  return new UserError([words(locale).unknownSource(source) + ids.join(', ')]);
}

function readWords(path: string, locale: Locale): string[] {
  const r = parseWordList(readText(path, locale, LIMITS.csv));
  if (!r.ok) throw new UserError(r.issues.map((i) => renderIssue(i, path, locale)));
  return r.words;
}

/** The validated experiment and its words (data.words, --data, data.file beside the file, data.corpus). */
export function loadLmExperiment(
  src: Extract<LmSource, { kind: 'experiment' }>,
  locale: Locale,
  dataFile?: string,
  initFlag?: string,
): { experiment: LmExperiment; words: string[] } {
  const taken = takeInitFile(src.raw, src.file, initFlag);
  const loaded = experimentAndWords({ ...src, raw: taken.raw }, locale, dataFile);
  if (taken.init === undefined) return loaded;
  return { ...loaded, experiment: lmWithInit(loaded.experiment, loaded.words, taken.init, locale) };
}

function experimentAndWords(
  src: Extract<LmSource, { kind: 'experiment' }>,
  locale: Locale,
  dataFile?: string,
): { experiment: LmExperiment; words: string[] } {
  let raw = src.raw;
  if (dataFile !== undefined && isObj(raw) && isObj(raw.data)) {
    const data: Record<string, unknown> = { ...raw.data, file: dataFile };
    delete data.words;
    delete data.corpus;
    raw = { ...raw, data };
  }
  const r = validateLmExperiment(raw);
  if (!r.ok) throw new UserError(r.issues.map((i) => renderIssue(i, src.name, locale)));
  const d = r.value.data;
  if (dataFile !== undefined) return { experiment: r.value, words: readWords(dataFile, locale) };
  if (d.words) return { experiment: r.value, words: d.words };
  if (d.file !== undefined)
    return {
      experiment: r.value,
      words: readWords(src.file ? resolve(dirname(src.file), d.file) : d.file, locale),
    };
  const corpus = d.corpus !== undefined ? call('corpusWords', d.corpus) : undefined;
  if (Array.isArray(corpus)) return { experiment: r.value, words: corpus as string[] };
  throw new UserError([lmCliWords(locale).unknownCorpus(src.name, String(d.corpus))]);
}
