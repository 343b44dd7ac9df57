import type { Activation } from '@unha/engine';
import type { LmTooLarge } from '../errors';

/** What the language-model workbook says to the learner, in one language (the sheet names are shared). */
export interface LmMessages {
  inputs: {
    defaultTitle: string;
    editHint: string;
    weightDecay: string;
    weightDecayMeaning: string;
    coupledDecayMeaning: string;
    warmup: string;
    warmupMeaning: string;
    decaySteps: string;
    decayStepsMeaning: string;
    minLr: string;
    minLrMeaning: string;
    vocab: string;
    vocabNote: (v: number) => string;
    index: string;
    char: string;
    /** The embedding table E: V rows of D numbers (or of V logits for the neural bigram). */
    embedding: (v: number, d: number, bigram: boolean) => string;
    layer: (l: number, units: number, inputs: number, activation: string) => string;
    activationName: Record<Activation, string>;
    examples: string;
    examplesNote: (context: number) => string;
    example: string;
    word: string;
    context: string;
    target: string;
    heldOut: (n: number) => string;
  };
  groups: {
    id: string;
    params: string;
    context: string;
    embedding: string;
    forward: string;
    logits: string;
    softmax: string;
    loss: string;
    backward: string;
    grads: string;
    optimizer: string;
    update: string;
  };
  cols: { step: string; example: string; target: string; lr: string; newParam: (p: string) => string };
  hints: {
    previous: string;
    contextIndex: string;
    targetIndex: string;
    lookup: string;
    weightedSum: string;
    activation: { relu: string; tanh: string; sigmoid: string };
    derivative: { relu: string; tanh: string; sigmoid: string };
    max: string;
    exp: string;
    sum: string;
    prob: string;
    nll: string;
    loss: string;
    dlogit: string;
    dhidden: string;
    delta: string;
    dEmbedding: string;
    scheduledLr: string;
    gradE: string;
    gradW: string;
    gradB: string;
    sgd: string;
    velocity: string;
    sgdMomentum: string;
    adamM: string;
    adamV: string;
    adamMHat: string;
    adamVHat: string;
    adam: string;
    adamw: string;
  };
  readme: {
    intro: string[];
    columns: string[];
    tryLines: (lr: string) => string[];
    heldOut: (n: number) => string;
    diverged: (step: number) => string;
    schedule: string;
    decay: string;
  };
  /** A language model too large for a sheet, and what would fit. */
  tooLarge: (e: LmTooLarge) => string;
}

/** Formula hints in mathematical notation: the same in every language. */
export const lmFormulaHints = {
  lookup: 'E[c, d]',
  max: 'max z',
  exp: 'e^(z − max)',
  sum: 'Σ e',
  prob: 'e / Σ e',
  nll: '−ln p[y]',
  dlogit: '(p − onehot(y)) / B',
  delta: '∂L/∂a · ∂a/∂z',
  gradB: 'Σ ∂L/∂z',
  sgd: 'p − LR·∂L/∂p',
  velocity: 'μ·v + ∂L/∂p',
  sgdMomentum: 'p − LR·v',
  adamM: 'β1·m + (1 − β1)·g',
  adamV: 'β2·v + (1 − β2)·g²',
  adamMHat: 'm / (1 − β1ᵗ)',
  adamVHat: 'v / (1 − β2ᵗ)',
  adam: 'p − LR·m̂/(√v̂ + ε)',
  adamw: 'p·(1 − LR·λ) − LR·m̂/(√v̂ + ε)',
} as const;

export const lmEn: LmMessages = {
  inputs: {
    defaultTitle: 'A language model trained by hand',
    editHint:
      'Yellow cells are inputs: change the learning rate, an initial parameter or an example and the Training sheet recomputes every step.',
    weightDecay: 'Weight decay λ',
    weightDecayMeaning:
      'AdamW pulls E and the W weights towards 0 each step: p ← p − LR·λ·p (never the biases)',
    coupledDecayMeaning:
      "PyTorch's weight_decay: λ·p is added to the gradient of E and the W (never the biases), pulling them towards 0",
    warmup: 'Warm-up steps',
    warmupMeaning: 'the rate grows linearly for this many steps: LR·(t)/(warm-up + 1) at step t',
    decaySteps: 'Decay ends at step',
    decayStepsMeaning: 'after the warm-up the rate falls along a cosine to min_lr at this step (nanoGPT)',
    minLr: 'Minimum rate',
    minLrMeaning: 'where the cosine ends (LR/10 unless the experiment gives it)',
    vocab: 'Vocabulary',
    vocabNote: (v) =>
      `${v} characters: "." (index 0) marks where a word starts and ends, then the characters of the words in order.`,
    index: 'Index',
    char: 'Character',
    embedding: (v, d, bigram) =>
      bigram
        ? `E (${v} × ${v}): the neural bigram. The row of the current character holds the ${v} logits of the next one.`
        : `E (${v} × ${d}): the embedding table. Each character is a row of ${d} numbers; the context's rows, side by side, feed layer 1.`,
    layer: (l, units, inputs, act) =>
      `Layer ${l}: ${units} unit(s) × ${inputs} input(s), activation ${act}. One row per unit: its weights, then its bias.`,
    activationName: { identity: 'identity (logits)', relu: 'ReLU', tanh: 'tanh', sigmoid: 'sigmoid' },
    examples: 'Training examples',
    examplesNote: (c) =>
      `Each word gives one example per character and one for its end: the ${c} character(s) before it (the context, "." before the start) and the character to predict.`,
    example: 'Example',
    word: 'Word',
    context: 'Context',
    target: 'Next',
    heldOut: (n) => `${n} word(s) held out for validation are not in this sheet.`,
  },
  groups: {
    id: 'Where',
    params: 'Parameters used',
    context: 'Context and target',
    embedding: 'Embedding lookup',
    forward: 'Hidden layers',
    logits: 'Logits',
    softmax: 'Softmax',
    loss: 'Cross-entropy',
    backward: 'Backpropagation (chain rule)',
    grads: 'Gradients',
    optimizer: 'Optimizer state',
    update: 'Updated parameters',
  },
  cols: { step: 'Step', example: 'Example', target: 'y', lr: 'LR', newParam: (p) => `new ${p}` },
  hints: {
    ...lmFormulaHints,
    previous: 'from the previous step',
    contextIndex: 'index (Inputs)',
    targetIndex: 'index to predict',
    weightedSum: 'Σ W·input + b',
    activation: { relu: 'max(0, z)', tanh: 'tanh(z)', sigmoid: '1/(1 + e^−z)' },
    derivative: { relu: '1 if z > 0, else 0', tanh: '1 − a²', sigmoid: 'a·(1 − a)' },
    loss: 'mean of −ln p[y]',
    dhidden: 'Σ W·∂L/∂z of the next layer',
    dEmbedding: 'Σ W1·∂L/∂z1',
    scheduledLr: 'warm-up, then cosine',
    gradE: 'Σ ∂L/∂E[c] over every use of the row',
    gradW: 'Σ ∂L/∂z · input',
  },
  readme: {
    intro: [
      'A character-level language model, trained step by step in live formulas. The numbers you see first were computed by the LLM na Unha engine; the spreadsheet recomputes all of them when it opens.',
      'Sheets: "Inputs" holds what you may change (learning rate, vocabulary, initial parameters, the training examples); "Training" holds one block of rows per step, one row per example of its batch, every cell a formula over the cells it depends on.',
    ],
    columns: [
      'Step / Example: which optimizer step the block is and which training example each row uses.',
      'Parameters used: the embedding table E and the weights this step starts from (step 1 reads them from Inputs, the others from the previous block).',
      'Context and target: the indices of the context characters and of the character to predict.',
      'Embedding lookup: the row of E of each context character (INDEX), side by side. For the neural bigram that row is the logits.',
      'Hidden layers and logits: z = Σ W·input + b and the activation, as in the regression lessons; the last layer gives one logit per character.',
      'Softmax: the largest logit is subtracted (so that EXP never overflows), then e = EXP(z − max), their sum, and p = e / Σ e.',
      "Cross-entropy: −LN(p) of the right character, and the step's loss, their mean over the batch. Its colour goes from green (small) to red (large).",
      'Backpropagation: ∂L/∂logit = (p − 1 for the right character, p for the others) / B, then through the layers back to the looked-up rows of E.',
      'Gradients: ∂L/∂W = Σ ∂L/∂z · input over the batch; the gradient of a row of E adds every use of that row (SUMIF over the context columns): a character seen twice gets both contributions.',
      'Optimizer state and updated parameters: p ← p − LR·∂L/∂p for plain gradient descent (Adam: m, v, m̂, v̂); the next block starts from them.',
    ],
    tryLines: (lr) => [
      `Change the learning rate (cell ${lr}, named learning_rate) and watch the loss column: too large and it jumps around, small and it falls slowly.`,
      'Change a row of E or a weight in Inputs: every step recomputes.',
      "Named cells: learning_rate, losses (one loss per step), final_loss (the last step's), final_E, final_W1, final_b1, … (the parameters after the last step).",
      'The loss of a model that knows nothing is ln V (every character equally likely): compare the first steps with it.',
    ],
    heldOut: (n) =>
      `${n} word(s) were held out for validation: the training uses the other words, as the engine did.`,
    diverged: (step) =>
      `The engine stopped at step ${step} because the loss exploded; the sheet holds the steps before it.`,
    schedule:
      'Learning-rate schedule (nanoGPT): the LR column gives each step its rate, rising during warmup_steps, then falling along a cosine to min_lr at decay_steps; the updates use it instead of learning_rate.',
    decay:
      'Weight decay pulls E and the W towards 0 (never the biases): AdamW multiplies them by (1 − LR·λ) before its step; sgd and Adam add λ·p to their gradient.',
  },
  tooLarge: (e) => {
    const n = (x: number): string => x.toLocaleString('en');
    const what = { cells: 'formula cells', rows: 'rows', columns: 'columns', examples: 'training examples' }[
      e.quantity
    ];
    const head = `The spreadsheet would be too large to stay usable: ${what} ${n(e.value)} (the limit is ${n(e.limit)}).`;
    if (e.quantity === 'examples')
      return `${head} Every training example is a row of Inputs: train on fewer words (about the first ${n(e.maxWords ?? 0)} fit): a shorter list in data.words or data.file.`;
    if (e.quantity === 'columns')
      return `${head} The columns grow with the model's ${n(e.params ?? 0)} parameters and the vocabulary, not with the steps: use fewer units or a smaller embedding, or words with fewer distinct characters.`;
    return e.maxSteps
      ? `${head} At most ${n(e.maxSteps)} step(s) fit: set "steps" to ${e.maxSteps} (or a smaller batch, --batch-size).`
      : `${head} Not even one step fits: use a smaller batch, fewer units or fewer distinct characters.`;
  },
};
