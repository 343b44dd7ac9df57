import {
  type GptExperiment,
  type GptParamValues,
  type Issue,
  type SafetensorsFile,
  type SafetensorsWriteDtype,
  gptCheckpointFromSafetensors,
  gptSafetensors,
} from '@unha/engine';

/**
 * A GPT as a safetensors file and back, for the web lab. Writing is the engine's gptSafetensors (nanoGPT's
 * names, the head tied, the vocabulary, nanoGPT's config and the experiment in `__metadata__`), plus the
 * step the lab's model is at. A file runs when its metadata says which GPT it is (`vocab`, and
 * `experiment` or nanoGPT's `config`); a nanoGPT file without them can be inspected, not run.
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

/**
 * A checked safetensors file as a GPT the lab can run (the engine's reading, the one `unha sample` does:
 * shapes from the experiment or nanoGPT's config, characters from `vocab`), with the step it was saved
 * at when the lab wrote it; the located issues when it is not one.
 */
export function gptFromFile(file: SafetensorsFile): GptFileResult {
  const r = gptCheckpointFromSafetensors(file);
  if (!r.ok) return r;
  const step = Number(file.metadata[STEP_KEY] ?? 0);
  const { experiment, vocab, params } = r.value;
  return {
    ok: true,
    value: { experiment, vocab, params, step: Number.isSafeInteger(step) && step >= 0 ? step : 0 },
  };
}
