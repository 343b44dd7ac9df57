import type { LmExperiment, LocalText, LmOptimizerSpec, LrSchedule } from '@unha/engine';
import type { CorpusId } from '../corpora/index';

/**
 * The experiments of the language-model ladder, built the same way for each corpus so that the
 * English and the Brazilian lessons differ only in their words and their stories.
 *
 * Every lesson uses seed 0 and shuffles its corpus before the 90/10 split. The corpora are sorted
 * alphabetically: without the shuffle the validation words would be the last tenth of the alphabet
 * (names from "t" on), a different language from the training words. With the same seed every rung
 * of the ladder trains and validates on the same words, so their losses compare.
 */
const SEED = 0;

function data(corpus: CorpusId, context: number): LmExperiment['data'] {
  return { corpus, context, split: { train: 0.9, val: 0.1 }, shuffle: true };
}

/** The counting bigram: N[a][b] plus `smoothing` in every cell, rows normalised. No steps. */
export function countsExperiment(corpus: CorpusId, title: LocalText): LmExperiment {
  return {
    title,
    data: data(corpus, 1),
    model: { layers: [{ type: 'counts', smoothing: 1 }], init: { seed: SEED } },
    loss: 'cross-entropy',
    batchSize: 32,
    batches: 'random',
    steps: 0,
    seed: SEED,
  };
}

export interface TrainingChoice {
  optimizer: LmOptimizerSpec;
  steps: number;
  batchSize: number;
  schedule?: LrSchedule;
}

/** The neural bigram: one table E of V×V logits (embedding dim "vocab", context 1), softmax, cross-entropy. */
export function bigramExperiment(corpus: CorpusId, title: LocalText, t: TrainingChoice): LmExperiment {
  return {
    title,
    data: data(corpus, 1),
    model: { layers: [{ type: 'embedding', dim: 'vocab' }], init: { seed: SEED } },
    loss: 'cross-entropy',
    optimizer: t.optimizer,
    batchSize: t.batchSize,
    batches: 'random',
    steps: t.steps,
    seed: SEED,
    ...(t.schedule && { schedule: t.schedule }),
  };
}

/** Bengio et al. (2003) as makemore: 3 characters, each a 2-D embedding, tanh hidden layer, V logits. */
export function mlpExperiment(corpus: CorpusId, title: LocalText, t: TrainingChoice): LmExperiment {
  return {
    title,
    data: data(corpus, 3),
    model: {
      layers: [
        { type: 'embedding', dim: 2 },
        { type: 'dense', units: 100, activation: 'tanh' },
        { type: 'dense', units: 'vocab', activation: 'identity' },
      ],
      init: { seed: SEED },
    },
    loss: 'cross-entropy',
    optimizer: t.optimizer,
    batchSize: t.batchSize,
    batches: 'random',
    steps: t.steps,
    seed: SEED,
    ...(t.schedule && { schedule: t.schedule }),
  };
}
