import { type GptExperiment, validateGptExperiment } from '@unha/engine';

/** Tiny GPTs for the sheet's tests (the text and shapes are small enough to read every number). */
const text = 'the cat sat on the mat. the hat.';

function exp(raw: Record<string, unknown>): GptExperiment {
  const v = validateGptExperiment({
    data: { text, split: { train: 1, val: 0 } },
    loss: 'cross-entropy',
    batches: 'sequential',
    steps: 3,
    ...raw,
  });
  if (!v.ok) throw new Error(JSON.stringify(v.issues));
  return v.value;
}

export const gptAdamw = exp({
  model: { type: 'gpt', layers: 1, heads: 1, width: 4, block: 4, init: { seed: 1337 } },
  optimizer: { name: 'adamw', lr: 0.05, beta1: 0.9, beta2: 0.99, weightDecay: 0.1 },
  batchSize: 2,
});

export const gptSgdTwoHeads = exp({
  model: { type: 'gpt', layers: 1, heads: 2, width: 4, block: 3, init: { seed: 7 } },
  optimizer: { name: 'sgd', lr: 0.5 },
  batchSize: 2,
  batches: 'random',
  seed: 3,
});

export const gptAdamCoupled = exp({
  model: { type: 'gpt', layers: 2, heads: 1, width: 4, block: 3, init: { seed: 11 } },
  optimizer: { name: 'adam', lr: 0.02, weightDecay: 0.05 },
  batchSize: 1,
});

/** The same experiment at another learning rate. */
export function gptAtRate(e: GptExperiment, lr: number): GptExperiment {
  return { ...e, optimizer: { ...e.optimizer, lr } };
}

/**
 * The gpt-tiny lesson's experiment (packages/lessons, gpt-tiny): one block, one head, width 8,
 * block 4, batch 4, AdamW at 0.03 on four sentences (12 characters); the sheet holds 3 of its 300 steps.
 */
export const gptTinyLesson = exp({
  title: { 'pt-BR': 'O menor GPT: quatro frases', en: 'The smallest GPT: four sentences' },
  data: { text: 'o sapo pula.\no pato nada.\no sapo nada.\no pato pula.\n', split: { train: 0.9, val: 0.1 } },
  model: { type: 'gpt', layers: 1, heads: 1, width: 8, block: 4, dropout: 0, init: { seed: 1337 } },
  optimizer: { name: 'adamw', lr: 0.03, beta1: 0.9, beta2: 0.99, weightDecay: 0.1 },
  batchSize: 4,
  steps: 300,
});
