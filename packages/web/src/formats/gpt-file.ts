import {
  type GptExperiment,
  type GptParamValues,
  type Issue,
  type PathPart,
  type SafetensorsFile,
  type SafetensorsWriteDtype,
  gptSafetensors,
  gptValuesFromSafetensors,
  metadataJson,
  validateGptExperiment,
} from '@unha/engine';

/**
 * A GPT as a safetensors file and back, for the web lab. Writing is the engine's gptSafetensors (nanoGPT's
 * names, the head tied, the vocabulary, nanoGPT's config and the experiment in `__metadata__`), plus the
 * step the lab's model is at. Reading takes a file the engine has already checked byte by byte and
 * asks of its metadata what the lab needs to run the model: `config` (nanoGPT's GPTConfig: the shapes)
 * and `vocab` (which character each row of wte is); `experiment`, when present, only brings the
 * sampler's settings and the notes. A nanoGPT file without them can be inspected, not run.
 */

export interface GptFromFile {
  experiment: GptExperiment;
  vocab: string[];
  params: GptParamValues;
  step: number;
}

export type GptFileResult = { ok: true; value: GptFromFile } | { ok: false; issues: Issue[] };

/** The metadata key the lab adds to what gptSafetensors writes: the optimizer steps behind the values. */
export const STEP_KEY = 'step';

export function gptFile(
  g: { experiment: GptExperiment; vocab: readonly string[]; params: GptParamValues; step: number },
  dtype: SafetensorsWriteDtype,
): Uint8Array {
  return gptSafetensors(g, dtype, { [STEP_KEY]: String(g.step) });
}

const META: PathPart[] = ['header', '__metadata__'];
const CONFIG_INTS = ['n_layer', 'n_head', 'n_embd', 'block_size', 'vocab_size'] as const;

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** nanoGPT's config: every size a whole number ≥ 1, the heads dividing the width. */
function configOf(raw: unknown, issues: Issue[]): Record<(typeof CONFIG_INTS)[number], number> | undefined {
  const path = [...META, 'config'];
  if (!isObj(raw)) {
    issues.push({
      code: raw === undefined ? 'missing' : 'wrong_type',
      path,
      expected: { key: 'objectWith', fields: [...CONFIG_INTS] },
    });
    return undefined;
  }
  const before = issues.length;
  for (const k of CONFIG_INTS) {
    const v = raw[k];
    if (!Number.isSafeInteger(v) || (v as number) < 1)
      issues.push({
        code: v === undefined ? 'missing' : 'not_integer',
        path: [...path, k],
        expected: { key: 'bound', op: '≥', value: 1 },
        ...(v !== undefined && { received: JSON.stringify(v) }),
      });
  }
  if (issues.length > before) return undefined;
  const c = raw as Record<(typeof CONFIG_INTS)[number], number>;
  if (c.n_embd % c.n_head !== 0) {
    issues.push({
      code: 'unknown_value',
      path: [...path, 'n_head'],
      expected: { key: 'divisorOf', n: c.n_embd },
    });
    return undefined;
  }
  return c;
}

/** The vocabulary: distinct single characters, as many as the config's vocab_size. */
function vocabOf(raw: unknown, size: number | undefined, issues: Issue[]): string[] | undefined {
  const path = [...META, 'vocab'];
  const ok =
    Array.isArray(raw) &&
    raw.every((c) => typeof c === 'string' && [...c].length === 1) &&
    new Set(raw).size === raw.length;
  if (!ok) {
    issues.push({
      code: raw === undefined ? 'missing' : 'wrong_type',
      path,
      expected: { key: 'stringArray' },
    });
    return undefined;
  }
  if (size !== undefined && raw.length !== size) {
    issues.push({ code: 'shape', path, expected: { key: 'count', n: size, of: 'names' } });
    return undefined;
  }
  return raw as string[];
}

/** The experiment the file carries (ours do), or the smallest one its config describes. */
function experimentOf(
  raw: unknown,
  c: Record<(typeof CONFIG_INTS)[number], number>,
  vocab: string[],
  issues: Issue[],
): GptExperiment | undefined {
  const model = {
    type: 'gpt',
    layers: c.n_layer,
    heads: c.n_head,
    width: c.n_embd,
    block: c.block_size,
    init: { seed: 0 },
  };
  // Without one, an experiment that only names the text's characters (nanoGPT's default optimizer):
  // the model is there to sample and inspect, not to train.
  const given = isObj(raw)
    ? raw
    : { data: { text: vocab.join('') }, optimizer: { name: 'adamw', lr: 6e-4 }, steps: 0 };
  const oldModel = isObj(given.model) ? given.model : {};
  // The shapes are the config's (nanoGPT's own record of them); the rest is the experiment's.
  const r = validateGptExperiment({ ...given, model: { ...oldModel, ...model } });
  if (!r.ok) {
    for (const i of r.issues) issues.push({ ...i, path: [...META, 'experiment', ...i.path] });
    return undefined;
  }
  return r.value;
}

/** A checked safetensors file as a GPT the lab can run: the located issues when it is not one. */
export function gptFromFile(file: SafetensorsFile): GptFileResult {
  const issues: Issue[] = [];
  const json = (key: string): unknown => {
    const r = metadataJson(file, key);
    if (!r.ok) issues.push(r.issue);
    return r.ok ? r.value : null;
  };
  const config = configOf(json('config'), issues);
  const vocab = vocabOf(json('vocab'), config?.vocab_size, issues);
  const rawExp = json('experiment');
  if (!config || !vocab || issues.length > 0) return { ok: false, issues };
  const experiment = experimentOf(rawExp, config, vocab, issues);
  if (!experiment) return { ok: false, issues };
  const values = gptValuesFromSafetensors(file, experiment.model, vocab.length);
  if (!values.ok) return values;
  const step = Number(file.metadata[STEP_KEY] ?? 0);
  return {
    ok: true,
    value: {
      experiment,
      vocab,
      params: values.values,
      step: Number.isSafeInteger(step) && step >= 0 ? step : 0,
    },
  };
}
