import type { Activation } from '@unha/engine';
import type { GptTooLarge, LmTooLarge, SheetErrorInfo } from '../errors';
import { formulaHints } from './formulas';

/** Everything the workbook says to the learner, in one language. */
export interface SheetMessages {
  sheets: { readme: string; inputs: string; training: string; explain: string };
  inputs: {
    defaultTitle: string;
    editHint: string;
    constants: string;
    learningRate: string;
    momentum: string;
    beta1: string;
    beta2: string;
    eps: string;
    l2: string;
    name: string;
    value: string;
    meaning: string;
    learningRateMeaning: string;
    momentumMeaning: string;
    beta1Meaning: string;
    beta2Meaning: string;
    epsMeaning: string;
    l2Meaning: string;
    params: string;
    layer: (l: number, units: number, inputs: number, activation: string) => string;
    activationName: Record<Activation, string>;
    unit: (j: number) => string;
    data: string;
    row: string;
    normalized: (name: string) => string;
    mean: string;
    std: string;
    heldOut: (n: number) => string;
  };
  groups: {
    id: string;
    params: string;
    input: string;
    forward: string;
    error: string;
    loss: string;
    backward: string;
    grads: string;
    optimizer: string;
    update: string;
  };
  cols: {
    epoch: string;
    step: string;
    example: string;
    epochLoss: string;
    mask: string;
    newParam: (p: string) => string;
  };
  hints: {
    previous: string;
    initial: string;
    data: string;
    target: string;
    weightedSum: string;
    mask: (p: number) => string;
    dropped: string;
    droppedBack: string;
    err: string;
    sq: string;
    mse: string;
    l2: string;
    loss: string;
    lossL2: string;
    epochLoss: string;
    dyhat: (count: string) => string;
    dhidden: string;
    delta: string;
    gradW: string;
    gradB: string;
    l2Term: string;
    sgd: string;
    velocity: string;
    sgdMomentum: string;
    adamM: string;
    adamV: string;
    adamMHat: string;
    adamVHat: string;
    adam: string;
    activation: { relu: string; tanh: string; sigmoid: string };
    derivative: { relu: string; tanh: string; sigmoid: string };
  };
  readme: {
    title: string;
    intro: string[];
    columnsTitle: string;
    columns: string[];
    tryTitle: string;
    tryLines: (lr: string, inputs: string) => string[];
    notesTitle: string;
    normalized: string;
    l2: string;
    dropout: string;
    miniBatches: string;
    /** The Training columns continue on more sheets (a wide network). */
    pages: (first: string, more: string[]) => string;
    heldOut: (n: number) => string;
    diverged: (epoch: number) => string;
    /** Shuffled or dropout run that diverged: only the complete epochs are in the sheet. */
    divergedDrawn: (epoch: number, complete: number) => string;
    /** On the Training sheet when the run diverged before completing its first epoch. */
    noEpochs: (epoch: number) => string;
    noCache: string;
    names: string;
    closing: string;
  };
  explain: { title: string; missing: string };
  errors: (e: Exclude<SheetErrorInfo, LmTooLarge | GptTooLarge>) => string;
}

export const en: SheetMessages = {
  sheets: { readme: 'Read me', inputs: 'Inputs', training: 'Training', explain: 'Epoch 1 explained' },
  inputs: {
    defaultTitle: 'Neural network training, by hand',
    editHint: 'Yellow cells are inputs: change any of them and the Training sheet recomputes the whole run.',
    constants: 'Constants',
    learningRate: 'Learning rate (LR)',
    momentum: 'Momentum μ',
    beta1: 'Adam β1',
    beta2: 'Adam β2',
    eps: 'Adam ε',
    l2: 'L2 penalty λ',
    name: 'Name',
    value: 'Value',
    meaning: 'What it does',
    learningRateMeaning: 'size of each step against the gradient: p ← p − LR·∂L/∂p',
    momentumMeaning: 'how much of the previous step is kept: v ← μ·v + ∂L/∂p',
    beta1Meaning: 'memory of the mean gradient m',
    beta2Meaning: 'memory of the mean squared gradient v',
    epsMeaning: 'keeps the division away from zero',
    l2Meaning: 'adds λ·ΣW² to the loss: pulls the weights towards 0',
    params: 'Initial parameters',
    layer: (l, units, inputs, act) =>
      `Layer ${l}: ${units} unit(s) × ${inputs} input(s), activation ${act}. One row per unit: its weights, then its bias.`,
    activationName: { identity: 'identity', relu: 'ReLU', tanh: 'tanh', sigmoid: 'sigmoid' },
    unit: (j) => `unit ${j}`,
    data: 'Training data',
    row: 'Row',
    normalized: (name) => `${name} normalized`,
    mean: 'mean',
    std: 'standard deviation',
    heldOut: (n) => `${n} row(s) held out for validation are not in this sheet.`,
  },
  groups: {
    id: 'Where',
    params: 'Parameters used',
    input: 'Input',
    forward: 'Forward pass',
    error: 'Error',
    loss: 'Loss',
    backward: 'Backpropagation (chain rule)',
    grads: 'Gradients',
    optimizer: 'Optimizer state',
    update: 'Updated parameters',
  },
  cols: {
    epoch: 'Epoch',
    step: 'Step',
    example: 'Example',
    epochLoss: 'Epoch loss',
    mask: 'mask',
    newParam: (p) => `new ${p}`,
  },
  hints: {
    ...formulaHints,
    previous: 'from the previous update',
    initial: 'from Inputs',
    data: 'data (Inputs)',
    target: 'right answer',
    mask: (p) => `drawn: 0 or 1/(1 − ${p})`,
    dropped: 'a·mask',
    droppedBack: '∂L/∂d · mask',
    weightedSum: 'Σ W·input + b',
    err: 'ŷ − y',
    sq: '(ŷ − y)²',
    mse: 'mean of e²',
    l2: 'λ·ΣW²',
    loss: 'mean of e²',
    lossL2: 'MSE + L2',
    epochLoss: 'mean of the step losses',
    dyhat: (count) => (count === '1' ? '2·e' : `2·e/${count}`),
    dhidden: 'Σ W·∂L/∂z of the next layer',
    gradW: 'Σ ∂L/∂z · input',
    activation: { relu: 'max(0, z)', tanh: 'tanh(z)', sigmoid: '1/(1 + e^−z)' },
    derivative: { relu: '1 if z > 0, else 0', tanh: '1 − a²', sigmoid: 'a·(1 − a)' },
  },
  readme: {
    title: 'How to read this workbook',
    intro: [
      'Every number of the training is a live formula. The numbers you see first were computed by the LLM na Unha engine; the spreadsheet recomputes all of them when it opens.',
      'Sheets: "Inputs" holds what you may change (data, initial parameters, learning rate); "Training" holds one block of rows per epoch, every cell a formula over the cells it depends on; "Epoch 1 explained" tells the first epoch in words.',
    ],
    columnsTitle: 'The columns of "Training", left to right',
    columns: [
      'Epoch / Example: which epoch the block is and which data row each line uses (one line per example).',
      'Parameters used: the weights and biases this epoch starts from (the first epoch reads them from Inputs, the others from the previous block).',
      'Input and forward pass: the inputs x, then for each layer the weighted sum z = Σ W·input + b and the activation a; the last one is the prediction ŷ.',
      'Error: y is the right answer, e = ŷ − y and e² its square.',
      'Loss: the mean of e² over the examples (plus λ·ΣW² with L2). Its colour goes from green (small) to red (large): convergence and divergence at a glance.',
      'Backpropagation: ∂L/∂ŷ = 2·e/N (the derivative of the mean of e²), then for each layer, from the last to the first, ∂L/∂a, the activation derivative ∂a/∂z and their product ∂L/∂z (the chain rule, one factor per column).',
      'Gradients: ∂L/∂W = Σ over examples of ∂L/∂z · input, ∂L/∂b = Σ ∂L/∂z.',
      'Optimizer state and updated parameters: the new values, p ← p − LR·∂L/∂p for plain gradient descent; the next block starts from them.',
    ],
    tryTitle: 'Try it',
    tryLines: (lr, inputs) => [
      `Change the learning rate (cell ${lr}, named learning_rate) and watch the loss column: too large and it oscillates or explodes, small enough and it converges.`,
      `Change an initial weight or a data value in ${inputs}: the whole training recomputes.`,
      'Named cells: learning_rate, final_loss (the loss of the last epoch), losses (the loss column), final_W1, final_b1, ... (the trained parameters).',
    ],
    notesTitle: 'Notes',
    normalized:
      'The inputs are normalized (z-score): each column minus its mean, divided by its standard deviation, computed in Inputs.',
    l2: 'L2 penalty: the loss adds λ·ΣW² (weights only) and each weight gradient adds 2λW.',
    dropout:
      'Dropout: during training each hidden value is multiplied by a mask the engine drew at random (0, or 1/(1 − p) to keep the mean); the masks are numbers, not formulas, and the backward pass multiplies by the same mask.',
    pages: (first, more) =>
      `The network has too many parameters for one sheet: "${first}" holds the computation of each example and the loss; the parameters used, their gradients, the optimizer state and the new values continue, on the same rows, in ${more.map((m) => `"${m}"`).join(', ')}.`,
    miniBatches:
      'Mini-batches: each block is one update (a step) over some of the examples; the epoch loss is the mean of its steps.',
    heldOut: (n) =>
      `${n} example(s) were held out for validation: the training uses the other rows, as the engine did.`,
    diverged: (epoch) =>
      `The engine stopped at epoch ${epoch} because the loss exploded; later blocks have formulas but no precomputed numbers.`,
    divergedDrawn: (epoch, complete) =>
      `The engine stopped in epoch ${epoch} because the loss exploded. With shuffling or dropout the random draws of that epoch were never completed, so the sheet holds only the ${complete} complete epoch(s) before it.`,
    noEpochs: (epoch) =>
      `The training diverged in epoch ${epoch} before completing it: there is no complete epoch to show. The Read me sheet says why and what to try.`,
    noCache:
      'If you see no numbers, ask your spreadsheet to recalculate (LibreOffice: Data ▸ Calculate ▸ Recalculate Hard).',
    names: 'Labels: W2[1,3] is the weight from input 3 to unit 1 of layer 2; b2[1] is that unit’s bias.',
    closing:
      '"It IS possible to do Data Science in Excel!" (from the conversation that started this project)',
  },
  explain: {
    title: 'Epoch 1, step by step',
    missing: 'The explanation in words is not available for this run.',
  },
  errors: (e) =>
    e.code === 'sheet_too_large'
      ? `The spreadsheet would be too large to stay usable: ${e.quantity === 'cells' ? 'formula cells' : e.quantity} ${e.value.toLocaleString('en')} (the limit is ${e.limit.toLocaleString('en')}). ${
          e.quantity === 'columns'
            ? 'The columns do not depend on the epochs: use fewer units in the layers (--layers).'
            : e.maxEpochs
              ? `At most ${e.maxEpochs.toLocaleString('en')} epoch(s) fit: --epochs ${e.maxEpochs}.`
              : 'Not even one epoch fits: use fewer examples or fewer units.'
        }`
      : `The spreadsheet does not support ${e.feature} yet: export the run without it.`,
};
