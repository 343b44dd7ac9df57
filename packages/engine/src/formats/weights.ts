import type { Issue } from '../errors';
import type { Matrix, Vector } from '../experiment';
import { gptParamSpecs } from '../gpt/model';
import type { GptExperiment, GptModelSpec, GptParamValues } from '../gpt/types';
import type { SafetensorsFile, SafetensorsWriteDtype, TensorIn } from './safetensors';
import { writeSafetensors } from './safetensors';

/**
 * Our models as named tensors, and named tensors back as our models' parameters. The names are the
 * ones the lab already shows: nanoGPT's state_dict keys for the GPT (transformer.wte.weight, …),
 * W1, b1, … for the dense nets (W of shape [units, inputs], as torch.nn.Linear's weight) and E, W1,
 * b1, … for the language models. Everything else a reader needs (the vocabulary, the experiment, the
 * normalisation) rides in `__metadata__` as texts (JSON where it is structured), under these keys:
 *
 *   format "unha-weights", version "1", kind "gpt" | "dense" | "lm", experiment (JSON),
 *   gpt:   vocab (JSON array of characters), config (JSON: nanoGPT's GPTConfig fields)
 *   dense: inputs, layers (JSON), normalization (JSON {mean, std}), input_names, target_names, trained
 *   lm:    vocab (JSON array, "." first), trained (JSON {steps, trainLoss, valLoss})
 */
export const WEIGHTS_FORMAT = 'unha-weights';
export type WeightsKind = 'gpt' | 'dense' | 'lm';

export type NamedValues = Record<string, Matrix | Vector>;

/** Row-major values of a matrix or a vector. */
export function flatValues(v: Matrix | Vector): number[] {
  return Array.isArray(v[0]) ? (v as Matrix).flat() : (v as Vector);
}

/** Values of a tensor as the lab keeps them: a vector for 1-D, rows for 2-D. */
export function shaped(values: ArrayLike<number>, shape: readonly number[]): Matrix | Vector {
  if (shape.length === 2) {
    const [r, c] = shape;
    const rows: Matrix = [];
    for (let i = 0; i < r; i++) rows.push(Array.from({ length: c }, (_, j) => values[i * c + j]));
    return rows;
  }
  return Array.from(values);
}

/** Named values as tensors, in the given order of names and shapes. */
export function tensorsOf(
  values: NamedValues,
  shapes: readonly (readonly [string, readonly number[]])[],
): TensorIn[] {
  return shapes.map(([name, shape]) => ({ name, shape, values: flatValues(values[name]) }));
}

/** The metadata every file of ours carries. */
export function baseMetadata(kind: WeightsKind, experiment: unknown): Record<string, string> {
  return { format: WEIGHTS_FORMAT, version: '1', kind, experiment: JSON.stringify(experiment) };
}

/** nanoGPT's GPTConfig for this model, as its field names. */
export function gptConfig(
  m: Pick<GptModelSpec, 'layers' | 'heads' | 'width' | 'block' | 'dropout'>,
  vocabSize: number,
) {
  return {
    n_layer: m.layers,
    n_head: m.heads,
    n_embd: m.width,
    block_size: m.block,
    vocab_size: vocabSize,
    bias: true,
    dropout: m.dropout,
  };
}

/** A GPT's parameters as a safetensors file, in nanoGPT's state_dict order, the head tied (not written twice). */
export function gptSafetensors(
  g: { experiment: GptExperiment; vocab: readonly string[]; params: GptParamValues },
  dtype: SafetensorsWriteDtype,
  extra: Record<string, string> = {},
): Uint8Array {
  const m = g.experiment.model;
  const specs = gptParamSpecs(m, g.vocab.length).map((p) => [p.name, p.shape] as const);
  // The experiment as a seed-initialised one: the values are the tensors, not a copy in the metadata.
  const experiment = { ...g.experiment, model: { ...m, init: { seed: 'seed' in m.init ? m.init.seed : 0 } } };
  return writeSafetensors(tensorsOf(g.params, specs), dtype, {
    ...baseMetadata('gpt', experiment),
    vocab: JSON.stringify(g.vocab),
    config: JSON.stringify(gptConfig(m, g.vocab.length)),
    ...extra,
  });
}

/** How a file's names are read: prefixes dropped, buffers ignored, tied copies checked. */
export interface NameRules {
  /** Dropped from the front of every name (torch.compile's "_orig_mod."). */
  prefixes?: string[];
  /** Names that are not parameters (nanoGPT's causal-mask buffer ".attn.bias"), skipped. */
  ignore?: (name: string) => boolean;
  /** A name that must hold exactly another's values (a tied weight saved twice), and which. */
  tied?: Record<string, string>;
}

export const NANOGPT_NAMES: NameRules = {
  prefixes: ['_orig_mod.'],
  ignore: (n) => /^transformer\.h\.\d+\.attn\.(bias|masked_bias)$/.test(n),
  tied: { 'lm_head.weight': 'transformer.wte.weight' },
};

/**
 * The model's parameters from a file's tensors: every expected name present with its shape, no name
 * the model does not have. Issues point into the header (`header["name"].shape`).
 */
export function valuesFromTensors(
  file: Pick<SafetensorsFile, 'tensors'>,
  expected: readonly (readonly [string, readonly number[]])[],
  rules: NameRules = {},
): { ok: true; values: NamedValues } | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  const want = new Map(expected.map(([n, s]) => [n, s]));
  const found = new Map<string, { raw: string; values: Float64Array; shape: number[] }>();
  const tiedCopies: { raw: string; name: string; values: Float64Array }[] = [];
  // Names already reported (a wrong shape, a duplicate): not reported missing as well.
  const reported = new Set<string>();
  const names = [...want.keys()];
  for (const t of file.tensors) {
    let name = t.name;
    for (const p of rules.prefixes ?? []) if (name.startsWith(p)) name = name.slice(p.length);
    if (rules.ignore?.(name)) continue;
    // Own keys only: a tensor named "constructor" is an unknown name, not a tied copy of Object.
    const tiedTo = rules.tied && Object.hasOwn(rules.tied, name) ? rules.tied[name] : undefined;
    if (tiedTo !== undefined) {
      tiedCopies.push({ raw: t.name, name: tiedTo, values: t.values });
      continue;
    }
    const shape = want.get(name);
    if (shape === undefined) {
      issues.push({
        code: 'unknown_field',
        path: ['header', t.name],
        expected: { key: 'tensorNames', names: names.slice(0, 6), more: Math.max(0, names.length - 6) },
      });
      continue;
    }
    if (found.has(name) || reported.has(name)) {
      issues.push({ code: 'twice', path: ['header', t.name] });
      continue;
    }
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      issues.push({
        code: 'model_shape',
        path: ['header', t.name, 'shape'],
        expected: { key: 'tensorShape', shape: [...shape] },
        found: { key: 'tensorShape', shape: t.shape },
      });
      reported.add(name);
      continue;
    }
    found.set(name, { raw: t.name, values: t.values, shape: t.shape });
  }
  for (const [name, shape] of want)
    if (!found.has(name) && !reported.has(name))
      issues.push({
        code: 'missing',
        path: ['header', name],
        expected: { key: 'tensorShape', shape: [...shape] },
      });
  for (const c of tiedCopies) {
    const base = found.get(c.name);
    if (!base) continue;
    const same =
      base.values.length === c.values.length && base.values.every((v, i) => Object.is(v, c.values[i]));
    if (!same) issues.push({ code: 'unknown_value', path: ['header', c.raw], expected: { key: 'tiedHead' } });
  }
  for (const f of found.values())
    if (!f.values.every(Number.isFinite))
      issues.push({ code: 'not_finite', path: ['header', f.raw], expected: { key: 'finiteNumber' } });
  if (issues.length > 0) return { ok: false, issues };
  const values: NamedValues = {};
  for (const [name, shape] of expected) values[name] = shaped(found.get(name)!.values, shape);
  return { ok: true, values };
}

/** The GPT's parameters from a file (ours or nanoGPT's), checked against the model's names and shapes. */
export function gptValuesFromSafetensors(
  file: Pick<SafetensorsFile, 'tensors'>,
  m: Pick<GptModelSpec, 'layers' | 'width' | 'block'>,
  vocabSize: number,
): { ok: true; values: GptParamValues } | { ok: false; issues: Issue[] } {
  const specs = gptParamSpecs(m, vocabSize).map((p) => [p.name, p.shape] as const);
  return valuesFromTensors(file, specs, NANOGPT_NAMES);
}

/** A metadata field read as JSON; undefined when absent, an issue when present and not JSON. */
export function metadataJson(
  file: Pick<SafetensorsFile, 'metadata'>,
  key: string,
): { ok: true; value: unknown } | { ok: false; issue: Issue } {
  const text = Object.hasOwn(file.metadata, key) ? file.metadata[key] : undefined;
  if (text === undefined) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    // JSON.parse's message is English and quotes the text: the path alone says where.
    return { ok: false, issue: { code: 'not_json', path: ['header', '__metadata__', key] } };
  }
}
