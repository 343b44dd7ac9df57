/** The GPT workbook's words (English). */
import type { GptTooLarge } from '../errors';

export const gptEn = {
  tooLarge: (e: GptTooLarge) =>
    `${e.field} is ${e.value}: a GPT written as formulas has at most ${e.limit} (a step's sheet would be too long to follow by hand). Export a smaller configuration (e.g. --batch-size, or a copy of the experiment with a smaller model).`,
  written: (file: string, steps: number, of: number, cells: number) => [
    `Wrote ${file}: ${steps} of ${of} step(s), ${cells.toLocaleString('en')} live formulas.`,
    'Open it in LibreOffice or Excel and change learning_rate on the Inputs sheet: every step recomputes.',
  ],
  unknownCorpus: (source: string, corpus: string) =>
    `${source}: data.corpus: there is no built-in corpus '${corpus}'.`,
  sheets: { readme: 'Read me', inputs: 'Inputs', step: (k: number) => `Step ${k}` },
  defaultTitle: 'A tiny GPT, trained by hand',
  readme: {
    intro: [
      'Every number of a tiny GPT (nanoGPT’s model) trained for a few steps, as live formulas: the forward pass, the cross-entropy, the backward pass of every operation (attention and LayerNorm included) and the optimizer’s update.',
      'Each step is a sheet, read from top to bottom: the parameters it starts from, the embeddings, each block (LayerNorm, attention per row of the batch and head, MLP), the final LayerNorm, the logits and the loss; then the backward pass and the update of every parameter.',
      'The rows of most tables are the positions of the batch (b = row of the batch, t = position); the attention tables have one row per query position. Masked (future) positions show −∞ and their weights are exactly 0.',
    ],
    tryTitle: 'Try it',
    tryLines: (lr: string) => [
      `Change ${lr} on the Inputs sheet: every step recomputes (the losses are named step1_loss, step2_loss, …).`,
      'Change an initial parameter or a token of a batch on the Inputs sheet and follow the change through every formula.',
    ],
    names:
      'Defined names: learning_rate and the optimizer’s constants, step<k>_loss, final_loss, after<k>_<parameter> (e.g. after3_wte_weight) and final_<parameter>.',
    engine: (steps: number, losses: string) => `The engine’s losses for the ${steps} steps: ${losses}.`,
    limits:
      'Written as formulas: GELU with ERF, LayerNorm with AVERAGE and VARP, the dot products with SUMPRODUCT or written out term by term.',
  },
  inputs: {
    editHint: 'Yellow cells are inputs: edit them and every step recomputes.',
    constants: 'Constants',
    learningRate: 'learning rate',
    beta1: 'β₁',
    beta2: 'β₂',
    eps: 'ε',
    weightDecay: 'weight decay λ',
    vocab: 'Vocabulary (index: character)',
    params: 'Initial parameters (nanoGPT’s names, [out][in])',
    batches: 'The batches (token indices; target = the next token)',
    inputsTitle: 'inputs',
    targetsTitle: 'targets (the next token)',
    row: (b: number) => `row ${b + 1}`,
  },
  step: {
    params: 'Parameters used by this step',
    embedding: 'Embedding: wte[token] + wpe[t]',
    block: (i: number) => `Block ${i}`,
    attention: (i: number, b: number, h: number) => `Block ${i}, attention of row ${b + 1}, head ${h + 1}`,
    mlp: (i: number) => `Block ${i}, MLP`,
    lnf: 'Final LayerNorm',
    head: 'Logits (head tied to wte), softmax, −ln p',
    loss: 'loss',
    query: (t: number) => `query t${t + 1}`,
    position: (b: number, t: number) => `b${b + 1} t${t + 1}`,
    backward: 'Backward pass',
    backBlock: (i: number) => `Backward, block ${i}`,
    backAttention: (i: number, b: number, h: number) =>
      `Backward, block ${i}, attention of row ${b + 1}, head ${h + 1}`,
    update: 'Update',
    param: (name: string) => `Update of ${name}`,
    adamStep: 'Adam',
  },
};

export type GptMessages = typeof gptEn;
