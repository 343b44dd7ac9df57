import type { Issue, PathPart } from '../errors';
import { LM_MODEL_FORMAT, type LmModelFile, fromLmModelFile } from '../lm/model-file';
import { lmParamShapes, resolveLayers } from '../lm/model';
import type { LmExperiment } from '../lm/types';
import { namedTensors } from './dense';
import type { SafetensorsFile, SafetensorsWriteDtype, TensorIn } from './safetensors';
import { writeSafetensors } from './safetensors';
import { type NamedValues, baseMetadata, metadataJson, tensorsOf, valuesFromTensors } from './weights';

/**
 * A language model (`unha run names-mlp --save`) as safetensors: its own names (E [V, dim], W1
 * [units, fan-in], b1, …, in the order of lmParamShapes); the counting model writes its table of
 * counts N as `counts` [V, V]. The metadata holds the experiment, the vocabulary ("." first) and
 * how far it trained (`trained`: {steps, trainLoss, valLoss}).
 */

/** The parameters' names and shapes of an experiment over a vocabulary of V characters. */
export function lmFileShapes(exp: LmExperiment, vocabSize: number): [string, number[]][] {
  return lmParamShapes(resolveLayers(exp.model.layers, vocabSize), vocabSize, exp.data.context);
}

const isCounts = (exp: LmExperiment): boolean => exp.model.layers[0].type === 'counts';

export function lmSafetensors(
  m: LmModelFile,
  dtype: SafetensorsWriteDtype,
  extra: Record<string, string> = {},
): Uint8Array {
  const V = m.vocab.length;
  const tensors: TensorIn[] =
    isCounts(m.experiment) && m.counts
      ? [{ name: 'counts', shape: [V, V], values: m.counts.flat() }]
      : tensorsOf(m.params, lmFileShapes(m.experiment, V));
  const trained = {
    steps: m.steps,
    trainLoss: m.trainLoss,
    ...(m.valLoss !== undefined && { valLoss: m.valLoss }),
  };
  return writeSafetensors(tensors, dtype, {
    ...baseMetadata('lm', m.experiment),
    vocab: JSON.stringify(m.vocab),
    trained: JSON.stringify(trained),
    ...extra,
  });
}

/** A model file's issue path as the place in the safetensors file that held the value. */
function filePath(path: PathPart[]): PathPart[] {
  const [head, ...rest] = path;
  if (head === 'params') return ['header', ...rest];
  if (head === 'counts') return ['header', 'counts', ...rest];
  if (head === 'steps' || head === 'trainLoss' || head === 'valLoss')
    return ['header', '__metadata__', 'trained', head];
  return ['header', '__metadata__', ...path];
}

/**
 * The language model a safetensors file holds, checked by the model file's own validator (the
 * experiment, the vocabulary, every parameter's shape against the model's), the issues pointing into
 * the file's header and metadata.
 */
export function lmModelFromSafetensors(
  file: Pick<SafetensorsFile, 'tensors' | 'metadata'>,
): { ok: true; value: LmModelFile } | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  const json = (key: string): unknown => {
    const r = metadataJson(file, key);
    if (!r.ok) issues.push(r.issue);
    else if (r.value === undefined)
      issues.push({ code: 'missing', path: ['header', '__metadata__', key], expected: { key: 'text' } });
    return r.ok ? r.value : undefined;
  };
  const experiment = json('experiment');
  const vocab = json('vocab');
  const trained = json('trained');
  if (issues.length > 0) return { ok: false, issues };
  const t = (typeof trained === 'object' && trained !== null ? trained : {}) as Record<string, unknown>;
  const params = namedTensors(file);
  const counts = params.counts;
  delete params.counts;
  const raw = {
    format: LM_MODEL_FORMAT,
    version: 1,
    experiment,
    vocab,
    params,
    ...(counts !== undefined && { counts }),
    steps: t.steps,
    trainLoss: t.trainLoss,
    ...(t.valLoss !== undefined && { valLoss: t.valLoss }),
  };
  const r = fromLmModelFile(raw);
  if (!r.ok) return { ok: false, issues: r.issues.map((i) => ({ ...i, path: filePath(i.path) })) };
  return r;
}

/** Initial values for a language-model experiment from a file's tensors (E, W1, b1, … of its shapes). */
export function lmInitFromSafetensors(
  file: Pick<SafetensorsFile, 'tensors'>,
  exp: LmExperiment,
  vocabSize: number,
): { ok: true; values: NamedValues } | { ok: false; issues: Issue[] } {
  return valuesFromTensors(file, lmFileShapes(exp, vocabSize));
}
