import type { Activation, LmExperiment, ParamUpdate } from '@unha/engine';

/**
 * What the language-model sheet reads: the run as plain data. It is filled from the engine's
 * LmTrainer (from-trainer.ts); keeping it apart lets the layout depend on the numbers it shows and
 * nothing else.
 */

/** One value of a step's graph, as the engine traces it (LmRecord): [batch, width] row-major. */
export interface LmSheetRecord {
  role: 'embedding' | 'z' | 'a' | 'logits' | 'probs' | 'loss';
  layer: number;
  name: string;
  shape: number[];
  value: Float64Array;
  grad: Float64Array | null;
}

export interface LmSheetStep {
  /** 1-based. */
  step: number;
  /** Training example indices, in order. */
  batch: number[];
  /** Batch mean cross-entropy before the update. */
  loss: number;
  lr: number;
  records: LmSheetRecord[];
  updates: ParamUpdate[];
}

export interface LmDenseSheetLayer {
  units: number;
  activation: Activation;
}

export interface LmSheetRun {
  experiment: LmExperiment;
  /** The vocabulary: chars[0] is the boundary token '.'. */
  chars: string[];
  /** Characters of context before the one predicted. */
  context: number;
  /** Width of an embedding row (V for the neural bigram). */
  dim: number;
  /** The dense layers after the embedding, resolved ('vocab' replaced by V); empty for the bigram. */
  dense: LmDenseSheetLayer[];
  trainWords: string[];
  valWords: number;
  /** The training examples: contexts[n] (context token indices) → targets[n]; word[n] its source word. */
  contexts: number[][];
  targets: number[];
  word: number[];
  /** Parameters before the first step, flat row-major, by name (E, W1, b1, …). */
  initial: Map<string, { shape: number[]; data: Float64Array }>;
  /** Every step the sheet holds (all of them, or those run before a divergence). */
  steps: LmSheetStep[];
  /** The step at which the engine stopped because the loss exploded. */
  divergedAt?: number;
}

/** The parameter names in the order the engine creates them: E, then W1, b1, W2, b2, … */
export function paramOrder(run: LmSheetRun): string[] {
  return ['E', ...run.dense.flatMap((_, i) => [`W${i + 1}`, `b${i + 1}`])];
}
