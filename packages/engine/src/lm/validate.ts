import { Checker, has, isObj } from '../check';
import type { Expected, Issue, PathPart } from '../errors';
import { ACTIVATIONS, type Activation, MAX_SEED } from '../experiment';
import { BOUNDARY } from './data';
import type { LmDataSpec, LmExperiment, LmInitSpec, LmLayerSpec, LmOptimizerSpec, LrSchedule } from './types';

type Result = { ok: true; value: LmExperiment } | { ok: false; issues: Issue[] };
type Raw = Record<string, unknown>;

export const LM_OPTIMIZERS = ['sgd', 'adam', 'adamw'] as const;
export const LM_BATCHES = ['sequential', 'random'] as const;
/** PyTorch's AdamW default λ. */
export const ADAMW_DEFAULT_DECAY = 0.01;
export const LM_DEFAULTS = { batchSize: 32, steps: 1000, context: 3, train: 0.9 } as const;
/** At most this many words (a larger list is refused before the examples are built). */
export const MAX_WORDS = 1_000_000;
export const MAX_STEPS = 10_000_000;

/** The experiment's top-level fields (the GPT's add their own). */
export const LM_TOP = [
  'title',
  'notes',
  'description',
  'story',
  'name',
  '$schema',
  'data',
  'model',
  'loss',
  'optimizer',
  'batchSize',
  'batches',
  'steps',
  'seed',
  'schedule',
  'sample',
];
const SOURCES = ['words', 'corpus', 'file'];
const DATA = [...SOURCES, 'context', 'split', 'shuffle'];

const oneOf = (values: readonly string[]): Expected => ({ key: 'oneOf', values: [...values] });

/** An experiment for a language model: cross-entropy, or words to read. */
export function isLmExperiment(raw: unknown): boolean {
  if (!isObj(raw)) return false;
  // A transformer is part 2's experiment (gpt/validate.ts), though it is trained on cross-entropy too.
  if (isObj(raw.model) && raw.model.type === 'gpt') return false;
  if (raw.loss === 'cross-entropy') return true;
  const d = raw.data;
  return isObj(d) && SOURCES.some((k) => has(d, k));
}

export function unknownFields(c: Checker, v: Raw, allowed: readonly string[], path: PathPart[]): void {
  for (const k of Object.keys(v))
    if (!allowed.includes(k)) c.bad([...path, k], 'unknown_field', { key: 'fields', values: [...allowed] });
}

function words(c: Checker, v: unknown, path: PathPart[]): string[] | undefined {
  if (!Array.isArray(v) || !v.every((w) => typeof w === 'string'))
    return void c.bad(path, 'wrong_type', { key: 'stringArray' }, v);
  if (v.length === 0) return void c.bad(path, 'empty', { key: 'atLeastOne', what: 'word' });
  if (v.length > MAX_WORDS)
    return void c.bad(path, 'too_large', { key: 'limit', what: 'cells', limit: MAX_WORDS, needed: v.length });
  let ok = true;
  v.forEach((w, i) => {
    if (w === '' || w.includes(BOUNDARY)) {
      ok = false;
      c.bad([...path, i], w === '' ? 'empty' : 'unknown_value', { key: 'word' }, w);
    }
  });
  return ok ? v : undefined;
}

function dataSpec(c: Checker, v: unknown, counts: boolean, bigram: boolean): LmDataSpec | undefined {
  const path = ['data'];
  if (v === undefined) return void c.bad(path, 'missing', { key: 'oneSource', fields: SOURCES });
  if (!isObj(v)) return void c.bad(path, 'wrong_type', { key: 'object' }, v);
  unknownFields(c, v, DATA, path);
  const given = SOURCES.filter((k) => has(v, k));
  if (given.length !== 1)
    return void c.bad(path, given.length === 0 ? 'missing' : 'unknown_field', {
      key: 'oneSource',
      fields: SOURCES,
    });
  const out: Partial<LmDataSpec> = {};
  if (has(v, 'words')) {
    const w = words(c, v.words, [...path, 'words']);
    if (w) out.words = w;
  } else {
    const k = given[0] as 'corpus' | 'file';
    const s = v[k];
    if (typeof s !== 'string' || s === '') c.bad([...path, k], 'wrong_type', { key: 'text' }, s);
    else out[k] = s;
  }
  const ctx =
    v.context === undefined
      ? counts || bigram
        ? 1
        : LM_DEFAULTS.context
      : c.num(v.context, [...path, 'context'], { int: true, min: 1, max: 64 });
  if (ctx !== undefined) out.context = ctx;
  if (ctx !== undefined && ctx !== 1 && (counts || bigram))
    c.bad([...path, 'context'], 'out_of_range', { key: 'literal', value: '1' }, ctx);
  out.split = splitSpec(c, v.split, [...path, 'split'], LM_DEFAULTS.train);
  if (v.shuffle !== undefined) {
    if (typeof v.shuffle !== 'boolean')
      c.bad([...path, 'shuffle'], 'wrong_type', { key: 'boolean' }, v.shuffle);
    else out.shuffle = v.shuffle;
  }
  return out as LmDataSpec;
}

/**
 * `data.split`: { train, val } fractions (val defaults to the rest), adding up to at most 1; the
 * default train fraction when absent. Shared by part 1's word lists and the GPT's texts.
 */
export function splitSpec(
  c: Checker,
  s: unknown,
  path: PathPart[],
  defaultTrain: number,
): { train: number; val: number } {
  const split = { train: defaultTrain, val: 1 - defaultTrain };
  if (s === undefined) return split;
  if (!isObj(s)) {
    c.bad(path, 'wrong_type', { key: 'objectWith', fields: ['train', 'val'] }, s);
    return split;
  }
  unknownFields(c, s, ['train', 'val'], path);
  const train = c.num(s.train, [...path, 'train'], { min: 0, max: 1, exclusiveMin: true });
  const val =
    s.val === undefined && train !== undefined
      ? 1 - train
      : c.num(s.val, [...path, 'val'], { min: 0, max: 1 });
  if (train === undefined || val === undefined) return split;
  if (train + val > 1 + 1e-9) c.bad(path, 'out_of_range', { key: 'fractionsSum' }, s);
  return { train, val };
}

const LAYER_TYPES = ['embedding', 'dense', 'counts'];

function layers(c: Checker, v: unknown): LmLayerSpec[] | undefined {
  const path = ['model', 'layers'];
  if (v === undefined) return void c.bad(path, 'missing', { key: 'layerArray' });
  if (!Array.isArray(v)) return void c.bad(path, 'wrong_type', { key: 'layerArray' }, v);
  if (v.length === 0) return void c.bad(path, 'empty', { key: 'atLeastOne', what: 'layer' });
  if (v.length > 16)
    return void c.bad(path, 'too_large', { key: 'limit', what: 'depth', limit: 16, needed: v.length });
  const out: LmLayerSpec[] = [];
  let ok = true;
  v.forEach((raw: unknown, i) => {
    const p = [...path, i];
    if (!isObj(raw)) {
      ok = false;
      return c.bad(p, 'wrong_type', { key: 'object' }, raw);
    }
    const type = raw.type ?? (has(raw, 'units') ? 'dense' : undefined);
    if (typeof type !== 'string' || !LAYER_TYPES.includes(type)) {
      ok = false;
      return c.bad(
        [...p, 'type'],
        type === undefined ? 'missing' : 'unknown_value',
        oneOf(LAYER_TYPES),
        type,
      );
    }
    const before = c.issues.length;
    if (type === 'embedding') {
      unknownFields(c, raw, ['type', 'dim'], p);
      const dim = raw.dim === 'vocab' ? 'vocab' : c.num(raw.dim, [...p, 'dim'], { int: true, min: 1 });
      if (dim !== undefined) out.push({ type, dim });
      if (i !== 0) c.bad(p, 'unknown_value', { key: 'firstLayer' });
    } else if (type === 'counts') {
      unknownFields(c, raw, ['type', 'smoothing'], p);
      const k = raw.smoothing === undefined ? 1 : c.num(raw.smoothing, [...p, 'smoothing'], { min: 0 });
      if (k !== undefined) out.push({ type, smoothing: k });
      if (v.length !== 1) c.bad(p, 'unknown_value', { key: 'onlyLayer' });
    } else {
      unknownFields(c, raw, ['type', 'units', 'activation'], p);
      if (i === 0) c.bad(p, 'unknown_value', { key: 'firstLayer' });
      const units =
        raw.units === 'vocab' ? 'vocab' : c.num(raw.units, [...p, 'units'], { int: true, min: 1 });
      if (units === 'vocab' && i !== v.length - 1)
        c.bad([...p, 'units'], 'unknown_value', { key: 'vocabLast' }, units);
      const act = raw.activation ?? 'identity';
      if (typeof act !== 'string' || !(ACTIVATIONS as readonly string[]).includes(act))
        c.bad([...p, 'activation'], 'unknown_value', oneOf(ACTIVATIONS), act);
      else if (units !== undefined) out.push({ type: 'dense', units, activation: act as Activation });
    }
    if (c.issues.length > before) ok = false;
  });
  return ok ? out : undefined;
}

function init(c: Checker, v: unknown, seed: number): LmInitSpec | undefined {
  const path = ['model', 'init'];
  if (v === undefined) return { seed };
  if (!isObj(v)) return void c.bad(path, 'wrong_type', { key: 'seedOrInitial' }, v);
  if (has(v, 'seed')) {
    unknownFields(c, v, ['seed'], path);
    const s = c.num(v.seed, [...path, 'seed'], { int: true, min: 0, max: MAX_SEED });
    return s === undefined ? undefined : { seed: s };
  }
  const out: Record<string, number[] | number[][]> = {};
  for (const [name, value] of Object.entries(v)) {
    if (!/^(E|[Wb][1-9][0-9]*)$/.test(name)) {
      c.bad([...path, name], 'unknown_field', {
        key: 'fields',
        values: ['seed', 'E', 'W1', 'b1', 'W2', 'b2', '…'],
      });
      continue;
    }
    if (name === 'E' || name.startsWith('W')) {
      const m = c.matrix(value, [...path, name]);
      if (m) out[name] = m;
    } else if (!Array.isArray(value)) c.bad([...path, name], 'wrong_type', { key: 'numberArray' }, value);
    else if (c.numbers(value, [...path, name])) out[name] = value as number[];
  }
  return out;
}

export function lmOptimizer(c: Checker, v: unknown): LmOptimizerSpec | undefined {
  const path = ['optimizer'];
  if (!isObj(v))
    return void c.bad(
      path,
      v === undefined ? 'missing' : 'wrong_type',
      { key: 'objectWith', fields: ['name', 'lr'] },
      v,
    );
  const name = v.name;
  if (typeof name !== 'string' || !(LM_OPTIMIZERS as readonly string[]).includes(name))
    return void c.bad(
      [...path, 'name'],
      name === undefined ? 'missing' : 'unknown_value',
      oneOf(LM_OPTIMIZERS),
      name,
    );
  const allowed = [
    'name',
    'lr',
    ...(name === 'sgd' ? ['momentum'] : ['beta1', 'beta2', 'eps']),
    'weightDecay',
  ];
  unknownFields(c, v, allowed, path);
  const lr = c.num(v.lr, [...path, 'lr'], { min: 0, exclusiveMin: true });
  const o: LmOptimizerSpec = { name: name as LmOptimizerSpec['name'], lr: lr ?? 0 };
  const opt = (
    k: 'momentum' | 'beta1' | 'beta2' | 'eps' | 'weightDecay',
    min: number,
    max?: number,
    exclusiveMin = false,
  ): void => {
    if (v[k] === undefined) return;
    const x = c.num(v[k], [...path, k], { min, ...(max !== undefined && { max }), exclusiveMin });
    if (x !== undefined) o[k] = x;
  };
  opt('momentum', 0, 0.999999);
  opt('beta1', 0, 0.999999);
  opt('beta2', 0, 0.999999);
  opt('eps', 0, undefined, true);
  opt('weightDecay', 0);
  if (name === 'adamw' && o.weightDecay === undefined) o.weightDecay = ADAMW_DEFAULT_DECAY;
  return o;
}

export function lmSchedule(c: Checker, v: unknown): LrSchedule | undefined {
  const path = ['schedule'];
  if (!isObj(v))
    return void c.bad(
      path,
      'wrong_type',
      { key: 'objectWith', fields: ['warmup', 'decaySteps', 'minLr'] },
      v,
    );
  unknownFields(c, v, ['warmup', 'decaySteps', 'minLr'], path);
  const warmup = v.warmup === undefined ? 0 : c.num(v.warmup, [...path, 'warmup'], { int: true, min: 0 });
  const out: LrSchedule = { warmup: warmup ?? 0 };
  if (v.decaySteps !== undefined) {
    const d = c.num(v.decaySteps, [...path, 'decaySteps'], { int: true, min: out.warmup + 1 });
    if (d !== undefined) out.decaySteps = d;
  }
  if (v.minLr !== undefined) {
    const m = c.num(v.minLr, [...path, 'minLr'], { min: 0 });
    if (m !== undefined) out.minLr = m;
  }
  return out;
}

function sample(c: Checker, v: unknown): LmExperiment['sample'] {
  const path = ['sample'];
  if (!isObj(v)) return void c.bad(path, 'wrong_type', { key: 'object' }, v);
  unknownFields(c, v, ['count', 'temperature', 'topK', 'seed'], path);
  const out: NonNullable<LmExperiment['sample']> = samplingFields(c, v, path);
  if (v.count !== undefined) {
    const n = c.num(v.count, [...path, 'count'], { int: true, min: 1, max: 1000 });
    if (n !== undefined) out.count = n;
  }
  return out;
}

/** The sampling settings every language model's `sample` has: temperature, top-k and the seed. */
export function samplingFields(
  c: Checker,
  v: Raw,
  path: PathPart[],
): { temperature?: number; topK?: number; seed?: number } {
  const out: { temperature?: number; topK?: number; seed?: number } = {};
  if (v.temperature !== undefined)
    out.temperature = c.num(v.temperature, [...path, 'temperature'], {
      min: 0,
      exclusiveMin: true,
      max: 100,
    });
  if (v.topK !== undefined) out.topK = c.num(v.topK, [...path, 'topK'], { int: true, min: 1 });
  if (v.seed !== undefined) out.seed = c.num(v.seed, [...path, 'seed'], { int: true, min: 0, max: MAX_SEED });
  for (const k of Object.keys(out) as (keyof typeof out)[]) if (out[k] === undefined) delete out[k];
  return out;
}

/**
 * Checks a language-model experiment field by field (every problem, each with its path). What needs
 * the vocabulary (the output's size, the initial values' shapes) is checked by `checkLmShapes` once the
 * words are known: `data.corpus` and `data.file` are read by the caller (the engine reads no files).
 */
export function validateLmExperiment(raw: unknown): Result {
  const c = new Checker();
  if (!isObj(raw))
    return { ok: false, issues: [{ code: 'wrong_type', path: [], expected: { key: 'object' } }] };
  unknownFields(c, raw, LM_TOP, []);
  const seed =
    raw.seed === undefined ? undefined : c.num(raw.seed, ['seed'], { int: true, min: 0, max: MAX_SEED });
  const model = raw.model;
  let ls: LmLayerSpec[] | undefined;
  let ini: LmInitSpec | undefined;
  if (!isObj(model))
    c.bad(
      ['model'],
      model === undefined ? 'missing' : 'wrong_type',
      { key: 'objectWith', fields: ['layers'] },
      model,
    );
  else {
    unknownFields(c, model, ['layers', 'init', 'type'], ['model']);
    ls = layers(c, model.layers);
    ini = init(c, model.init, seed ?? 0);
  }
  const counts = ls?.[0]?.type === 'counts';
  const bigram = ls?.length === 1 && ls[0].type === 'embedding';
  const data = dataSpec(c, raw.data, counts, bigram);
  if (raw.loss !== 'cross-entropy')
    c.bad(['loss'], raw.loss === undefined ? 'missing' : 'unknown_value', oneOf(['cross-entropy']), raw.loss);
  const opt = counts && raw.optimizer === undefined ? undefined : lmOptimizer(c, raw.optimizer);
  const batchSize =
    raw.batchSize === undefined
      ? LM_DEFAULTS.batchSize
      : c.num(raw.batchSize, ['batchSize'], { int: true, min: 1, max: 1_000_000 });
  const batches = raw.batches ?? 'random';
  if (typeof batches !== 'string' || !(LM_BATCHES as readonly string[]).includes(batches))
    c.bad(['batches'], 'unknown_value', oneOf(LM_BATCHES), batches);
  const steps =
    raw.steps === undefined
      ? counts
        ? 0
        : LM_DEFAULTS.steps
      : c.num(raw.steps, ['steps'], { int: true, min: 0, max: MAX_STEPS });
  const sched = raw.schedule === undefined ? undefined : lmSchedule(c, raw.schedule);
  const smp = raw.sample === undefined ? undefined : sample(c, raw.sample);
  if (c.issues.length > 0 || !ls || !ini || !data || batchSize === undefined || steps === undefined)
    return { ok: false, issues: c.issues };
  const value: LmExperiment = {
    ...(raw.title !== undefined && { title: raw.title as LmExperiment['title'] }),
    ...(raw.notes !== undefined && { notes: raw.notes as LmExperiment['notes'] }),
    data,
    model: { layers: ls, init: ini },
    loss: 'cross-entropy',
    ...(opt && { optimizer: opt }),
    batchSize,
    batches: batches as LmExperiment['batches'],
    steps,
    ...(seed !== undefined && { seed }),
    ...(sched && { schedule: sched }),
    ...(smp && { sample: smp }),
  };
  return { ok: true, value };
}
