import type { LocalText, Matrix, Vector } from '../experiment';
import type { LmOptimizerSpec, LrSchedule } from '../lm/types';

/**
 * The GPT experiment (`model.type: "gpt"`): a character-level decoder-only transformer as nanoGPT's
 * model.py, trained on a text. The JSON contract is documented in docs/gpt.md; the names here are the
 * JSON's, and the parameters' names are nanoGPT's state_dict keys.
 */

export type GptParamValues = Record<string, Matrix | Vector>;

export type GptInitSpec = { seed: number } | GptParamValues;

export interface GptModelSpec {
  type: 'gpt';
  /** Transformer blocks. */
  layers: number;
  /** Attention heads per block; they divide the width. */
  heads: number;
  /** C: values per position (the embedding's width). */
  width: number;
  /** The longest context (positions) the model reads: wpe has a row per position. */
  block: number;
  /** Dropout probability (nanoGPT's places: after wte+wpe, on the attention weights, after each c_proj). */
  dropout: number;
  init: GptInitSpec;
}

export interface GptDataSpec {
  /** The text itself (one of text, corpus, file). */
  text?: string;
  /** A built-in text corpus id ("moby-dick"). */
  corpus?: string;
  /** A UTF-8 text file, relative to the experiment file. */
  file?: string;
  /** Fractions of the tokens: the first round(train·n) train, the rest validate. */
  split: { train: number; val: number };
}

export interface GptExperiment {
  title?: LocalText;
  notes?: LocalText;
  data: GptDataSpec;
  model: GptModelSpec;
  loss: 'cross-entropy';
  optimizer: LmOptimizerSpec;
  /** Windows per step (default 12). */
  batchSize: number;
  /** "sequential": row r of batch k starts at ((k·B + r)·block) mod (n − block); "random" (default): seeded draws. */
  batches: 'sequential' | 'random';
  steps: number;
  /** Seed of the random windows and the dropout masks (default 0). */
  seed?: number;
  schedule?: LrSchedule;
  /** Clip the gradient's global norm to this (torch.nn.utils.clip_grad_norm_). */
  clip?: number;
  /** Evaluations during `unha train` (every N steps) over at most `windows` windows of each split. */
  eval?: { every?: number; windows?: number };
  sample?: { start?: string; tokens?: number; temperature?: number; topK?: number; seed?: number };
  /**
   * "float64" (the default): every number exact enough to be explained by hand, through the engine's
   * graph. "float32": the WebAssembly kernels (src/fast), many times faster, within float32's precision.
   */
  dtype?: 'float64' | 'float32';
}
