import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import {
  type DataSpec,
  type Experiment,
  MODEL_FORMAT,
  type ModelFile,
  OVERRIDE_FIELDS,
  OVERRIDE_KEYS,
  type Overrides,
  applyOverrides,
  formatPath,
  csvToData,
  fromModelFile,
  validateExperiment,
} from '@unha/engine';
import { type Locale, renderIssue } from '@unha/explain';
import { type Lesson, findLesson, lessons } from '@unha/lessons';
import { UserError } from './errors';
import { lmLessons } from './lm/lessons';
import { gptLessons } from './gpt/lessons';
import type { DataOptions } from './options';
import { LIMITS, readText } from './read';
import { readSourceJson } from './safetensors';
import { denseWithInit, takeInitFile } from './init-file';
import { words } from './words';

export interface Loaded {
  experiment: Experiment;
  lesson?: Lesson;
  /** The lesson id or the file path, for messages. */
  source: string;
}

/** What a run made from a CSV alone starts with (before the flags): one neuron per target, sgd. */
export const CSV_DEFAULTS = { lr: 0.01, epochs: 100 } as const;

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A lesson's experiment, or the JSON of a file (experiment or model); unknown names list the lessons. */
export function readSource(source: string, locale: Locale): { raw: unknown; lesson?: Lesson } {
  const lesson = findLesson(source);
  if (lesson) return { raw: lesson.experiment, lesson };
  // A bare name that is no file is a misspelt lesson: list them.
  if (!/[./\\]/.test(source) && !existsSync(source))
    throw new UserError([
      words(locale).unknownSource(source) +
        [...lessons, ...lmLessons, ...gptLessons].map((l) => l.id).join(', '),
    ]);
  return { raw: readSourceJson(source, locale) };
}

/** The data of a CSV file, or its problems as words naming the line and the column. */
export function loadCsv(path: string, d: DataOptions, locale: Locale): DataSpec {
  const r = csvToData(readText(path, locale, LIMITS.csv), {
    ...(d.inputs && { inputs: d.inputs }),
    ...(d.targets && { targets: d.targets }),
  });
  if (!r.ok) throw new UserError(r.issues.map((i) => renderIssue(i, path, locale)));
  return r.value;
}

/** Puts CSV data into an experiment (a lesson's, a file's, or a fresh one when there is no source). */
function withData(raw: unknown, data: DataSpec, file: string, o: Overrides): Raw {
  const nOut = data.targets[0].length;
  if (!isObj(raw))
    return {
      title: basename(file),
      data,
      model: { layers: [{ units: nOut, activation: 'identity' }], init: { seed: o.seed ?? 0 } },
      loss: 'mse',
      optimizer: { name: 'sgd', lr: CSV_DEFAULTS.lr },
      epochs: CSV_DEFAULTS.epochs,
    };
  const out: Raw = { ...raw, data };
  // An explicit validation set belongs to the old data.
  if (isObj(out.validation)) delete out.validation;
  const model = isObj(out.model) ? out.model : {};
  const oldData = isObj(raw.data) ? raw.data : {};
  const width = (m: unknown): number => (Array.isArray(m) && Array.isArray(m[0]) ? m[0].length : -1);
  if (width(oldData.inputs) !== data.inputs[0].length || width(oldData.targets) !== nOut) {
    // Other widths: the output layer gets one unit per target, the initial values come from a seed.
    const ls = Array.isArray(model.layers) ? [...(model.layers as unknown[])] : [];
    const last = ls[ls.length - 1];
    if (isObj(last)) ls[ls.length - 1] = { ...last, units: nOut };
    const init = model.init;
    out.model = {
      ...model,
      layers: ls,
      init: { seed: isObj(init) && typeof init.seed === 'number' ? init.seed : 0 },
    };
  }
  return out;
}

/**
 * Reads `<lesson|file.json>` (or a CSV given with --data), applies the flags and validates; every
 * problem becomes words in `locale`.
 */
export function loadExperiment(
  source: string | undefined,
  overrides: Overrides,
  locale: Locale,
  data: DataOptions = {},
): Loaded {
  const w = words(locale);
  if (source === undefined && data.data === undefined) throw new UserError([w.needsSource]);
  const read = source !== undefined ? readSource(source, locale) : { raw: undefined };
  if (isObj(read.raw) && read.raw.format === MODEL_FORMAT)
    throw new UserError([w.modelNotExperiment(source ?? '')]);
  // The weights file is taken out first: new data of other widths must not drop it unsaid.
  const taken = takeInitFile(read.raw, read.lesson || source === undefined ? undefined : source, data.init);
  let raw = taken.raw;
  if (data.data !== undefined) raw = withData(raw, loadCsv(data.data, data, locale), data.data, overrides);
  const name = source ?? data.data ?? '';
  if (overrides.dropout !== undefined && overrides.dropout > 0 && isObj(raw)) {
    const layers = overrides.layers ?? (isObj(raw.model) ? raw.model.layers : undefined);
    if (Array.isArray(layers) && layers.length < 2) throw new UserError([w.dropoutNeedsHidden]);
  }
  const withFlags = isObj(raw) ? applyOverrides(raw, overrides) : raw;
  const r = validateExperiment(withFlags);
  if (!r.ok)
    throw new UserError(r.issues.map((i) => renderIssue(i, withFlag(name, i.path, overrides), locale)));
  const experiment = taken.init === undefined ? r.value : denseWithInit(r.value, taken.init, locale);
  return { experiment, source: name, ...(read.lesson && { lesson: read.lesson }) };
}

/**
 * The source of an issue, naming the flag when a flag set the field: "four-pairs --momentum" for
 * optimizer.momentum when --momentum was given (the table of overrides says which field each sets).
 */
function withFlag(source: string, path: (string | number)[], overrides: Overrides): string {
  const field = formatPath(path).replace(/\[\d+\]/g, '[]');
  const key = OVERRIDE_KEYS.find((k) => overrides[k] !== undefined && OVERRIDE_FIELDS[k].field === field);
  return key ? `${source} ${OVERRIDE_FIELDS[key].flag}` : source;
}

/** Reads a model file (`unha run --save`); a bad one gets every problem in words. */
export function loadModel(path: string, locale: Locale): ModelFile {
  const raw = readSourceJson(path, locale);
  const r = fromModelFile(raw);
  if (!r.ok) throw new UserError(r.issues.map((i) => renderIssue(i, path, locale)));
  return r.value;
}

/** For commands that take a lesson, an experiment file or a model file (`unha params`). */
export function loadAny(
  source: string | undefined,
  overrides: Overrides,
  locale: Locale,
  data: DataOptions = {},
): { model: ModelFile; source: string } | Loaded {
  if (source !== undefined && !findLesson(source) && data.data === undefined) {
    const { raw } = readSource(source, locale);
    if (isObj(raw) && raw.format === MODEL_FORMAT) return { model: loadModel(source, locale), source };
  }
  return loadExperiment(source, overrides, locale, data);
}
