import type { Issue } from '../errors';
import type { GptCheckpoint } from '../gpt/train';
import type { GptExperiment } from '../gpt/types';
import { validateGptExperiment } from '../gpt/validate';
import type { SafetensorsFile } from './safetensors';
import { gptValuesFromSafetensors, metadataJson } from './weights';

/**
 * A GPT safetensors file opened as a checkpoint at its last step (no optimizer state, no history):
 * what `unha sample`, `params` and `predict` already read. The model's shape comes from the metadata:
 * our `experiment`, else nanoGPT's GPTConfig in `config`; the characters from `vocab`. A nanoGPT file
 * with neither carries no vocabulary: it is opened through an experiment file whose text gives it.
 */

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An experiment of the config's shape over the vocabulary's characters (only to hold the shape). */
function experimentOfConfig(config: Raw, vocab: string[]): unknown {
  return {
    data: { text: vocab.join('') },
    model: {
      type: 'gpt',
      layers: config.n_layer,
      heads: config.n_head,
      width: config.n_embd,
      block: config.block_size,
      dropout: config.dropout ?? 0,
      init: { seed: 0 },
    },
    optimizer: { name: 'adamw', lr: 0.001 },
    steps: 1,
  };
}

/** Whether the file says it is a GPT: our kind, or a GPTConfig, or nanoGPT's names. */
export function looksLikeGpt(file: Pick<SafetensorsFile, 'tensors' | 'metadata'>): boolean {
  if (file.metadata.kind !== undefined) return file.metadata.kind === 'gpt';
  return (
    file.metadata.config !== undefined ||
    file.tensors.some((t) => /(^|\.)transformer\.wte\.weight$/.test(t.name))
  );
}

export function gptCheckpointFromSafetensors(
  file: Pick<SafetensorsFile, 'tensors' | 'metadata'>,
): { ok: true; value: GptCheckpoint } | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  const json = (key: string): unknown => {
    const r = metadataJson(file, key);
    if (!r.ok) issues.push(r.issue);
    return r.ok ? r.value : undefined;
  };
  const experiment = json('experiment');
  const config = json('config');
  const vocab = json('vocab');
  if (issues.length > 0) return { ok: false, issues };
  const vocabOk =
    Array.isArray(vocab) &&
    vocab.length > 0 &&
    vocab.every((ch) => typeof ch === 'string' && Array.from(ch).length === 1) &&
    new Set(vocab).size === vocab.length;
  if (vocab === undefined)
    issues.push({
      code: 'missing',
      path: ['header', '__metadata__', 'vocab'],
      expected: { key: 'stringArray' },
    });
  else if (!vocabOk)
    issues.push({
      code: 'wrong_type',
      path: ['header', '__metadata__', 'vocab'],
      expected: { key: 'stringArray' },
    });
  if (experiment === undefined && !isObj(config))
    issues.push({
      code: config === undefined ? 'missing' : 'wrong_type',
      path: ['header', '__metadata__', 'config'],
      expected: { key: 'objectWith', fields: ['n_layer', 'n_head', 'n_embd', 'block_size', 'vocab_size'] },
    });
  if (issues.length > 0) return { ok: false, issues };
  const chars = vocab as string[];
  const rawExp = experiment !== undefined ? experiment : experimentOfConfig(config as Raw, chars);
  const key = experiment !== undefined ? 'experiment' : 'config';
  const r = validateGptExperiment(rawExp);
  if (!r.ok)
    return {
      ok: false,
      issues: r.issues.map((i) => ({ ...i, path: ['header', '__metadata__', key, ...i.path] })),
    };
  const exp: GptExperiment = r.value;
  const values = gptValuesFromSafetensors(file, exp.model, chars.length);
  if (!values.ok) return values;
  return {
    ok: true,
    value: {
      format: 'unha-gpt-checkpoint',
      version: 1,
      experiment: { ...exp, model: { ...exp.model, init: { seed: 0 } } },
      vocab: chars,
      step: 0,
      params: values.values,
      optimizer: {},
      rng: 0,
      history: [],
    },
  };
}
