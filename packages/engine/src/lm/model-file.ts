import { Checker, isObj } from '../check';
import type { Issue } from '../errors';
import { BOUNDARY, vocabFromChars } from './data';
import { type CountTable, LmModel, lmParamShapes, resolveLayers } from './model';
import { checkLmShapes } from './shapes';
import type { LmTrainer } from './train';
import type { LmExperiment, LmParamValues } from './types';
import { validateLmExperiment } from './validate';

export const LM_MODEL_FORMAT = 'unha-lm-model';

/** A trained language model as a file: enough to sample, predict and explain without the words. */
export interface LmModelFile {
  format: typeof LM_MODEL_FORMAT;
  version: 1;
  experiment: LmExperiment;
  /** The vocabulary, "." first. */
  vocab: string[];
  params: LmParamValues;
  /** The counting model's table N[a][b] (with the experiment's smoothing it gives P). */
  counts?: number[][];
  steps: number;
  trainLoss: number;
  valLoss?: number;
}

export function toLmModelFile(t: LmTrainer): LmModelFile {
  const exp = { ...t.experiment };
  const final = t.result().final;
  return {
    format: LM_MODEL_FORMAT,
    version: 1,
    experiment: exp,
    vocab: [...t.data.vocab.chars],
    params: t.params(),
    ...(t.model.counts && { counts: t.model.counts.N }),
    steps: t.stepsRun,
    trainLoss: final.trainLoss,
    ...(final.valLoss !== undefined && { valLoss: final.valLoss }),
  };
}

/** Checks a saved model: its experiment, its vocabulary and that the parameters have their shapes. */
export function fromLmModelFile(
  raw: unknown,
): { ok: true; value: LmModelFile } | { ok: false; issues: Issue[] } {
  const c = new Checker();
  if (!isObj(raw))
    return { ok: false, issues: [{ code: 'wrong_type', path: [], expected: { key: 'object' } }] };
  if (raw.format !== LM_MODEL_FORMAT)
    c.bad(['format'], 'unknown_value', { key: 'literal', value: LM_MODEL_FORMAT }, raw.format);
  if (raw.version !== 1) c.bad(['version'], 'unknown_value', { key: 'literal', value: '1' }, raw.version);
  const vocab = raw.vocab;
  const okVocab =
    Array.isArray(vocab) &&
    vocab.length >= 2 &&
    vocab[0] === BOUNDARY &&
    vocab.every((ch) => typeof ch === 'string' && Array.from(ch).length === 1) &&
    new Set(vocab).size === vocab.length;
  if (!okVocab) c.bad(['vocab'], 'wrong_type', { key: 'stringArray' }, vocab);
  for (const k of ['steps', 'trainLoss'] as const)
    if (typeof raw[k] !== 'number') c.bad([k], 'wrong_type', { key: 'number' }, raw[k]);
  const exp = validateLmExperiment(raw.experiment);
  if (!exp.ok) c.issues.push(...exp.issues.map((i) => ({ ...i, path: ['experiment', ...i.path] })));
  if (c.issues.length > 0 || !exp.ok) return { ok: false, issues: c.issues };
  const v = (vocab as string[]).length;
  const e = exp.value;
  const params = raw.params;
  if (!isObj(params))
    return { ok: false, issues: [{ code: 'wrong_type', path: ['params'], expected: { key: 'object' } }] };
  // The parameters are checked as initial values of the same experiment would be.
  const shapeIssues = checkLmShapes({ ...e, model: { ...e.model, init: params as LmParamValues } }, v).map(
    (i) => ({
      ...i,
      path: ['params', ...i.path.slice(2)],
    }),
  );
  for (const [name, value] of Object.entries(params)) {
    const flat = (Array.isArray(value) ? value.flat() : [value]) as unknown[];
    if (!flat.every((x) => typeof x === 'number' && Number.isFinite(x)))
      shapeIssues.push({ code: 'not_finite', path: ['params', name], expected: { key: 'finiteNumber' } });
  }
  if (e.model.layers[0].type === 'counts') {
    const m = c.matrix(raw.counts, ['counts']);
    if (m && (m.length !== v || m[0].length !== v || m.flat().some((x) => x < 0 || !Number.isInteger(x))))
      c.bad(['counts'], 'shape', { key: 'weightShape', rows: v, cols: v });
  }
  const all = [...c.issues, ...shapeIssues];
  if (all.length > 0) return { ok: false, issues: all };
  return { ok: true, value: raw as unknown as LmModelFile };
}

/** The model a file holds, ready to sample from or to predict with. */
export function lmModelFromFile(f: LmModelFile): LmModel {
  const vocab = vocabFromChars(f.vocab);
  const v = f.vocab.length;
  const layers = resolveLayers(f.experiment.model.layers, v);
  const first = layers[0];
  if (first.type === 'counts') {
    const N = f.counts!;
    const P = N.map((row) => {
      const total = row.reduce((s, x) => s + x + first.smoothing, 0);
      return row.map((x) => (total > 0 ? (x + first.smoothing) / total : 1 / v));
    });
    const table: CountTable = { N, P, smoothing: first.smoothing };
    return new LmModel(vocab, 1, layers, {}, table);
  }
  // Only the names the model has (a file may carry nothing else: checked above).
  const names = lmParamShapes(layers, v, f.experiment.data.context).map(([n]) => n);
  const values = Object.fromEntries(names.map((n) => [n, f.params[n]]));
  return new LmModel(vocab, f.experiment.data.context, layers, values);
}
