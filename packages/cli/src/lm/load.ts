import { dirname, resolve } from 'node:path';
import {
  type Issue,
  type LmExperiment,
  LM_MODEL_FORMAT,
  OVERRIDE_FIELDS,
  OVERRIDE_KEYS,
  depthIssue,
  formatPath,
  isLmExperiment,
  parseDecimal,
  parseWordList,
  validateLmExperiment,
} from '@unha/engine';
import { type Locale, renderIssue } from '@unha/explain';
import { findLesson } from '@unha/lessons';
import { UserError } from '../errors';
import { readSource } from '../load';
import { type CommonOptions, integer } from '../options';
import { LIMITS, readText } from '../read';
import { words } from '../words';
import { lmWithInit, takeInitFile } from '../init-file';
import { type LmLessonInfo, corpusIds, corpusWords, findLmLesson } from './lessons';
import { lmWords } from './words';

export { LM_MODEL_FORMAT };

/** The flags of a language-model run, as commander gives them (text). */
export interface LmOptions extends CommonOptions {
  steps?: string;
  every?: string;
  evalEvery?: string;
}

export type LmOptimizer = 'sgd' | 'adam' | 'adamw';
const LM_OPTIMIZERS: readonly LmOptimizer[] = ['sgd', 'adam', 'adamw'];

export interface LmOverrides {
  lr?: number;
  steps?: number;
  batchSize?: number;
  optimizer?: LmOptimizer;
  momentum?: number;
  seed?: number;
}

/** Each flag a language model takes and the experiment field it sets (to name the flag in a message). */
const LM_FLAGS: { [K in keyof LmOverrides]-?: { flag: string; field: string } } = {
  lr: { flag: '--lr', field: 'optimizer.lr' },
  steps: { flag: '--steps', field: 'steps' },
  batchSize: { flag: '--batch-size', field: 'batchSize' },
  optimizer: { flag: '--optimizer', field: 'optimizer.name' },
  momentum: { flag: '--momentum', field: 'optimizer.momentum' },
  seed: { flag: '--seed', field: 'seed' },
};
/** The flags that shape training: the counting model has none of that. */
const TRAINING_ONLY: (keyof LmOverrides)[] = ['lr', 'steps', 'batchSize', 'optimizer', 'momentum'];

/** Where a language model comes from: a built-in lesson, or an experiment file. */
export interface LmSource {
  raw: unknown;
  /** The lesson id or the file path, for messages. */
  name: string;
  lesson?: LmLessonInfo;
  /** The experiment file (data.file is read relative to it). */
  file?: string;
}

export interface LmLoaded {
  experiment: LmExperiment;
  /** The words to train on: data.words, the corpus, data.file or --data. */
  words: string[];
  source: string;
  lesson?: LmLessonInfo;
}

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The language model of `<lesson|file.json>`; undefined when the source is not one (a regression). */
export function lmSourceOf(source: string | undefined, locale: Locale): LmSource | undefined {
  if (source === undefined) return undefined;
  const lesson = findLmLesson(source);
  if (lesson) return { raw: lesson.experiment, name: source, lesson };
  if (findLesson(source)) return undefined;
  const { raw } = readSource(source, locale);
  if (isObj(raw) && raw.format === LM_MODEL_FORMAT)
    throw new UserError([words(locale).modelNotExperiment(source)]);
  return isLmExperiment(raw) ? { raw, name: source, file: source } : undefined;
}

const isCounts = (raw: unknown): boolean =>
  isObj(raw) &&
  isObj(raw.model) &&
  Array.isArray(raw.model.layers) &&
  raw.model.layers.some((l) => isObj(l) && l.type === 'counts');

/**
 * The flags of a language-model run, each read and held to its bound; a flag that means nothing to
 * a language model (--epochs, --normalize, …) or to the counting model (--lr, --steps, …) is refused
 * by name.
 */
export function lmOverridesFrom(o: LmOptions, locale: Locale, counts = false): LmOverrides {
  const lw = lmWords(locale);
  const w = words(locale);
  for (const key of OVERRIDE_KEYS) {
    if (key in LM_FLAGS || o[key] === undefined) continue;
    throw new UserError([
      key === 'epochs' ? lw.epochsForLm : lw.notForLm(OVERRIDE_FIELDS[key].flag, lw.lmFlags),
    ]);
  }
  if (o.inputs !== undefined) throw new UserError([lw.notForLm('--inputs', lw.lmFlags)]);
  if (o.targets !== undefined) throw new UserError([lw.notForLm('--targets', lw.lmFlags)]);
  const number = (flag: string, v: string, ok: (n: number) => boolean, expected: string): number => {
    const n = parseDecimal(v);
    if (n === undefined || !ok(n)) throw new UserError([w.badFlag(flag, v, expected)]);
    return n;
  };
  const out: LmOverrides = {};
  if (o.lr !== undefined) out.lr = number('--lr', o.lr, (n) => n > 0, w.positiveNumber);
  if (o.steps !== undefined) out.steps = integer('--steps', o.steps, locale);
  if (o.batchSize !== undefined) out.batchSize = integer('--batch-size', o.batchSize, locale);
  if (o.momentum !== undefined)
    out.momentum = number('--momentum', o.momentum, (n) => n >= 0, w.nonNegativeNumber);
  if (o.seed !== undefined) out.seed = integer('--seed', o.seed, locale, 0);
  if (o.optimizer !== undefined) {
    const name = o.optimizer.trim().toLowerCase() as LmOptimizer;
    if (!LM_OPTIMIZERS.includes(name))
      throw new UserError([w.badFlag('--optimizer', o.optimizer, lw.optimizerNames)]);
    out.optimizer = name;
  }
  if (counts)
    for (const key of TRAINING_ONLY)
      if (out[key] !== undefined) throw new UserError([lw.countsNoTraining(LM_FLAGS[key].flag)]);
  return out;
}

/** The flags over the raw experiment, before validation (which then names a bad value by its field). */
export function applyLmOverrides(raw: unknown, o: LmOverrides): unknown {
  // structuredClone recurses: a value nested past the stack is left for the validator to name.
  if (!isObj(raw) || depthIssue(raw)) return raw;
  const out = structuredClone(raw);
  if (o.steps !== undefined) out.steps = o.steps;
  if (o.batchSize !== undefined) out.batchSize = o.batchSize;
  if (o.seed !== undefined) out.seed = o.seed;
  if (o.lr !== undefined || o.optimizer !== undefined || o.momentum !== undefined) {
    const prev: Raw = isObj(out.optimizer) ? out.optimizer : {};
    const name = o.optimizer ?? prev.name;
    // Switching optimizer drops the other one's constants (momentum means nothing to Adam).
    const keep = name === prev.name ? prev : { name, lr: prev.lr };
    out.optimizer = {
      ...keep,
      name,
      ...(o.lr !== undefined && { lr: o.lr }),
      ...(o.momentum !== undefined && { momentum: o.momentum }),
    };
  }
  return out;
}

/** "names-mlp --lr" when the flag set the field the issue is about, else the source alone. */
export function withFlag(source: string, path: (string | number)[], o: LmOverrides): string {
  const field = formatPath(path);
  const key = (Object.keys(LM_FLAGS) as (keyof LmOverrides)[]).find(
    (k) => o[k] !== undefined && LM_FLAGS[k].field === field,
  );
  return key ? `${source} ${LM_FLAGS[key].flag}` : source;
}

/** A word list (one word per line), read with the CLI's bounded reader; its problems located by line. */
export function readWordList(path: string, locale: Locale): string[] {
  const r = parseWordList(readText(path, locale, LIMITS.csv));
  if (!r.ok) throw new UserError(r.issues.map((i) => renderIssue(i, path, locale)));
  return r.words;
}

/** The words of a validated experiment: `--data`, else data.words, data.corpus or data.file. */
function wordsOf(exp: LmExperiment, src: LmSource, dataFlag: string | undefined, locale: Locale): string[] {
  if (dataFlag !== undefined) return readWordList(dataFlag, locale);
  const d = exp.data;
  if (d.words !== undefined) return d.words;
  if (d.corpus !== undefined) {
    const found = corpusWords(d.corpus);
    if (found) return found;
    const issue: Issue = {
      code: 'unknown_value',
      path: ['data', 'corpus'],
      received: JSON.stringify(d.corpus),
      expected: { key: 'oneOf', values: corpusIds() },
    };
    throw new UserError([renderIssue(issue, src.name, locale)]);
  }
  if (d.file !== undefined)
    return readWordList(src.file ? resolve(dirname(src.file), d.file) : d.file, locale);
  // The validator refuses an experiment with none of the three; this is only a guard.
  throw new UserError([lmWords(locale).noWords(src.name)]);
}

/**
 * The language model of a source with the flags applied, validated, and its words read: every
 * problem is words in `locale` naming the file (or the flag) and the field.
 */
export function loadLm(src: LmSource, o: LmOptions, locale: Locale): LmLoaded {
  const overrides = lmOverridesFrom(o, locale, isCounts(src.raw));
  const taken = takeInitFile(src.raw, src.file, o.init);
  let raw = applyLmOverrides(taken.raw, overrides);
  // A word list given with --data takes the place of the experiment's own words.
  if (o.data !== undefined && isObj(raw) && isObj(raw.data)) {
    const data: Record<string, unknown> = { ...raw.data, file: o.data };
    delete data.words;
    delete data.corpus;
    raw = { ...raw, data };
  }
  const r = validateLmExperiment(raw);
  if (!r.ok)
    throw new UserError(r.issues.map((i) => renderIssue(i, withFlag(src.name, i.path, overrides), locale)));
  const list = wordsOf(r.value, src, o.data, locale);
  return {
    experiment: taken.init === undefined ? r.value : lmWithInit(r.value, list, taken.init, locale),
    words: list,
    source: src.name,
    ...(src.lesson && { lesson: src.lesson }),
  };
}
