import { Checker, has, isObj } from '../check';
import type { Expected, Issue, PathPart } from '../errors';
import { MAX_SEED } from '../experiment';
import {
  LM_BATCHES,
  LM_TOP,
  MAX_STEPS,
  lmOptimizer,
  lmSchedule,
  samplingFields,
  splitSpec,
  unknownFields,
} from '../lm/validate';
import { gptParamCount, gptParamSpecs } from './model';
import type { GptDataSpec, GptExperiment, GptInitSpec, GptModelSpec } from './types';

type Result = { ok: true; value: GptExperiment } | { ok: false; issues: Issue[] };

/** nanoGPT's state_dict lists the output head too; it IS the token table (weight tying). */
export const TIED_HEAD = 'lm_head.weight';

/** The recipe's sizes by default (nanoGPT's CPU run of tiny Shakespeare). */
export const GPT_DEFAULTS = { batchSize: 12, steps: 2000, train: 0.9, evalWindows: 200 } as const;
/** Refused before anything is allocated: far beyond what trains here. */
export const GPT_LIMITS = {
  layers: 48,
  heads: 64,
  width: 4096,
  block: 4096,
  parameters: 200_000_000,
} as const;
/** At most this many characters of text (Moby Dick has 1.2 M). */
export const MAX_TEXT = 50_000_000;

/** Part 1's top-level fields, and the GPT's own. */
const TOP = [...LM_TOP, 'clip', 'eval', 'dtype'];
const SOURCES = ['text', 'corpus', 'file'];
const MODEL = ['type', 'layers', 'heads', 'width', 'block', 'dropout', 'init', 'bias'];

const oneOf = (values: readonly string[]): Expected => ({ key: 'oneOf', values: [...values] });

/** A GPT experiment: `model.type` is "gpt". */
export function isGptExperiment(raw: unknown): boolean {
  return isObj(raw) && isObj(raw.model) && raw.model.type === 'gpt';
}

function dataSpec(c: Checker, v: unknown): GptDataSpec | undefined {
  const path = ['data'];
  if (v === undefined) return void c.bad(path, 'missing', { key: 'oneSource', fields: SOURCES });
  if (!isObj(v)) return void c.bad(path, 'wrong_type', { key: 'object' }, v);
  unknownFields(c, v, [...SOURCES, 'split'], path);
  const given = SOURCES.filter((k) => has(v, k));
  if (given.length !== 1)
    return void c.bad(path, given.length === 0 ? 'missing' : 'unknown_field', {
      key: 'oneSource',
      fields: SOURCES,
    });
  const k = given[0] as 'text' | 'corpus' | 'file';
  const s = v[k];
  const out: Partial<GptDataSpec> = {};
  if (typeof s !== 'string') c.bad([...path, k], 'wrong_type', { key: 'text' }, s);
  else if (s === '') c.bad([...path, k], 'empty', { key: 'nonEmptyText' });
  else if (s.length > MAX_TEXT)
    c.bad([...path, k], 'too_large', { key: 'limit', what: 'cells', limit: MAX_TEXT, needed: s.length });
  else out[k] = s;
  out.split = splitSpec(c, v.split, [...path, 'split'], GPT_DEFAULTS.train);
  return out as GptDataSpec;
}

function init(
  c: Checker,
  v: unknown,
  seed: number,
  m: Omit<GptModelSpec, 'init'> | undefined,
): GptInitSpec | undefined {
  const path = ['model', 'init'];
  if (v === undefined) return { seed };
  if (!isObj(v)) return void c.bad(path, 'wrong_type', { key: 'seedOrInitial' }, v);
  if (has(v, 'seed')) {
    unknownFields(c, v, ['seed'], path);
    const s = c.num(v.seed, [...path, 'seed'], { int: true, min: 0, max: MAX_SEED });
    return s === undefined ? undefined : { seed: s };
  }
  // Names are nanoGPT's; the shapes need the vocabulary and are checked by checkGptShapes.
  const names = m ? gptParamSpecs(m, 1).map((p) => p.name) : [];
  const out: Record<string, number[] | number[][]> = {};
  for (const [name, value] of Object.entries(v)) {
    const p: PathPart[] = [...path, name];
    if (m && !names.includes(name) && name !== TIED_HEAD) {
      c.bad(p, 'unknown_field', { key: 'fields', values: [...names.slice(0, 4), '…'] });
      continue;
    }
    if (Array.isArray(value) && value.length > 0 && Array.isArray(value[0])) {
      const mat = c.matrix(value, p);
      if (mat) out[name] = mat;
    } else if (!Array.isArray(value)) c.bad(p, 'wrong_type', { key: 'numberArray' }, value);
    else if (c.numbers(value, p)) out[name] = value as number[];
  }
  return out;
}

function modelSpec(c: Checker, v: unknown, seed: number): GptModelSpec | undefined {
  const path = ['model'];
  if (!isObj(v))
    return void c.bad(
      path,
      v === undefined ? 'missing' : 'wrong_type',
      { key: 'objectWith', fields: MODEL },
      v,
    );
  unknownFields(c, v, MODEL, path);
  const int = (k: 'layers' | 'heads' | 'width' | 'block', max: number): number | undefined =>
    c.num(v[k], [...path, k], { int: true, min: 1, max });
  const layers = int('layers', GPT_LIMITS.layers);
  const heads = int('heads', GPT_LIMITS.heads);
  const width = int('width', GPT_LIMITS.width);
  const block = int('block', GPT_LIMITS.block);
  if (heads !== undefined && width !== undefined && width % heads !== 0)
    c.bad([...path, 'heads'], 'out_of_range', { key: 'divisorOf', n: width }, heads);
  if (v.bias !== undefined && v.bias !== true)
    c.bad([...path, 'bias'], 'unknown_value', { key: 'literal', value: 'true' }, v.bias);
  // Below 1: at 1 every value is dropped and 1/(1 − p) is infinite.
  const dropout = v.dropout === undefined ? 0 : c.num(v.dropout, [...path, 'dropout'], { min: 0, max: 0.95 });
  if (
    layers === undefined ||
    heads === undefined ||
    width === undefined ||
    block === undefined ||
    dropout === undefined
  )
    return void init(c, v.init, seed, undefined);
  const shape = { type: 'gpt' as const, layers, heads, width, block, dropout };
  // The vocabulary is not known yet: bound the count with the table of a large one, 4096 characters.
  const count = gptParamCount(shape, 0);
  if (count > GPT_LIMITS.parameters)
    c.bad(path, 'too_large', {
      key: 'limit',
      what: 'parameters',
      limit: GPT_LIMITS.parameters,
      needed: count,
    });
  const ini = init(c, v.init, seed, shape);
  return ini && { ...shape, init: ini };
}

/**
 * Checks a GPT experiment field by field (every problem, each with its path). What needs the text
 * (the vocabulary, the initial values' shapes, enough tokens for a block) is checked once it is known:
 * `data.corpus` and `data.file` are read by the caller (the engine reads no files).
 */
export function validateGptExperiment(raw: unknown): Result {
  const c = new Checker();
  if (!isObj(raw))
    return { ok: false, issues: [{ code: 'wrong_type', path: [], expected: { key: 'object' } }] };
  unknownFields(c, raw, TOP, []);
  const seed =
    raw.seed === undefined ? undefined : c.num(raw.seed, ['seed'], { int: true, min: 0, max: MAX_SEED });
  const model = modelSpec(c, raw.model, seed ?? 0);
  const data = dataSpec(c, raw.data);
  if (raw.loss !== undefined && raw.loss !== 'cross-entropy')
    c.bad(['loss'], 'unknown_value', oneOf(['cross-entropy']), raw.loss);
  const opt = lmOptimizer(c, raw.optimizer);
  const batchSize =
    raw.batchSize === undefined
      ? GPT_DEFAULTS.batchSize
      : c.num(raw.batchSize, ['batchSize'], { int: true, min: 1, max: 4096 });
  const batches = raw.batches ?? 'random';
  if (typeof batches !== 'string' || !(LM_BATCHES as readonly string[]).includes(batches))
    c.bad(['batches'], 'unknown_value', oneOf(LM_BATCHES), batches);
  const steps =
    raw.steps === undefined
      ? GPT_DEFAULTS.steps
      : c.num(raw.steps, ['steps'], { int: true, min: 0, max: MAX_STEPS });
  const sched = raw.schedule === undefined ? undefined : lmSchedule(c, raw.schedule);
  const clip = raw.clip === undefined ? undefined : c.num(raw.clip, ['clip'], { min: 0, exclusiveMin: true });
  const ev = raw.eval === undefined ? undefined : evalSpec(c, raw.eval);
  const smp = raw.sample === undefined ? undefined : sampleSpec(c, raw.sample);
  if (raw.dtype !== undefined && raw.dtype !== 'float64' && raw.dtype !== 'float32')
    c.bad(['dtype'], 'unknown_value', oneOf(['float64', 'float32']), raw.dtype);
  // The float32 path has no dropout yet: say so where the number is rather than ignore it.
  if (raw.dtype === 'float32' && model && model.dropout > 0)
    c.bad(
      ['model', 'dropout'],
      'unknown_value',
      { key: 'literal', value: '0 (dtype float32)' },
      model.dropout,
    );
  if (c.issues.length > 0 || !model || !data || !opt || batchSize === undefined || steps === undefined)
    return { ok: false, issues: c.issues };
  const value: GptExperiment = {
    ...(raw.title !== undefined && { title: raw.title as GptExperiment['title'] }),
    ...(raw.notes !== undefined && { notes: raw.notes as GptExperiment['notes'] }),
    data,
    model,
    loss: 'cross-entropy',
    optimizer: opt,
    batchSize,
    batches: batches as GptExperiment['batches'],
    steps,
    ...(seed !== undefined && { seed }),
    ...(sched && { schedule: sched }),
    ...(clip !== undefined && { clip }),
    ...(ev && { eval: ev }),
    ...(smp && { sample: smp }),
    ...((raw.dtype === 'float64' || raw.dtype === 'float32') && { dtype: raw.dtype }),
  };
  return { ok: true, value };
}

function evalSpec(c: Checker, v: unknown): GptExperiment['eval'] {
  const path = ['eval'];
  if (!isObj(v))
    return void c.bad(path, 'wrong_type', { key: 'objectWith', fields: ['every', 'windows'] }, v);
  unknownFields(c, v, ['every', 'windows'], path);
  const out: NonNullable<GptExperiment['eval']> = {};
  if (v.every !== undefined) out.every = c.num(v.every, [...path, 'every'], { int: true, min: 1 });
  if (v.windows !== undefined)
    out.windows = c.num(v.windows, [...path, 'windows'], { int: true, min: 1, max: 100_000 });
  for (const k of Object.keys(out) as (keyof typeof out)[]) if (out[k] === undefined) delete out[k];
  return out;
}

function sampleSpec(c: Checker, v: unknown): GptExperiment['sample'] {
  const path = ['sample'];
  if (!isObj(v)) return void c.bad(path, 'wrong_type', { key: 'object' }, v);
  unknownFields(c, v, ['start', 'tokens', 'temperature', 'topK', 'seed'], path);
  const out: NonNullable<GptExperiment['sample']> = samplingFields(c, v, path);
  if (v.start !== undefined) {
    if (typeof v.start !== 'string') c.bad([...path, 'start'], 'wrong_type', { key: 'text' }, v.start);
    else out.start = v.start;
  }
  if (v.tokens !== undefined) {
    const n = c.num(v.tokens, [...path, 'tokens'], { int: true, min: 1, max: 100_000 });
    if (n !== undefined) out.tokens = n;
  }
  return out;
}

/** The initial values' shapes against the model's, once the vocabulary's size V is known. */
export function checkGptShapes(exp: GptExperiment, vocabSize: number): Issue[] {
  const init = exp.model.init;
  if ('seed' in init && typeof init.seed === 'number') return [];
  const given = init as Record<string, unknown>;
  const issues: Issue[] = [];
  // lm_head.weight may be given (a state_dict has it), but only as the very same numbers as wte.
  const head = given[TIED_HEAD];
  if (head !== undefined && JSON.stringify(head) !== JSON.stringify(given['transformer.wte.weight']))
    issues.push({
      code: 'unknown_value',
      path: ['model', 'init', TIED_HEAD],
      expected: { key: 'literal', value: 'transformer.wte.weight' },
    });
  for (const { name, shape } of gptParamSpecs(exp.model, vocabSize)) {
    const path: PathPart[] = ['model', 'init', name];
    const v = given[name];
    const expected: Expected =
      shape.length === 2
        ? { key: 'weightShape', rows: shape[0], cols: shape[1] }
        : { key: 'numberArray', n: shape[0] };
    if (v === undefined) {
      issues.push({ code: 'missing', path, expected });
      continue;
    }
    const ok =
      Array.isArray(v) &&
      v.length === shape[0] &&
      (shape.length === 1
        ? v.every((x) => typeof x === 'number')
        : v.every((row) => Array.isArray(row) && row.length === shape[1]));
    if (!ok) {
      const found: Expected =
        Array.isArray(v) && Array.isArray(v[0])
          ? { key: 'weightShape', rows: v.length, cols: (v[0] as unknown[]).length }
          : { key: 'numberArray', n: Array.isArray(v) ? v.length : 0 };
      issues.push({ code: 'shape', path, expected, found });
    }
  }
  return issues;
}
