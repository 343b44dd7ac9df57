import { plural } from '../format';

/** Every word the explanation and the interfaces show, in English. pt-BR.ts has the same keys. */
export const en = {
  epochTitle: (epoch: number, step: number, steps: number) =>
    steps > 1 ? `Epoch ${epoch}, step ${step} of ${steps}` : `Epoch ${epoch}`,
  data: 'Data',
  forward: 'Forward pass',
  loss: 'Loss',
  backward: 'Backpropagation (chain rule)',
  update: 'Update',
  summary: 'Result',
  example: (n: number, total: number) => `Example ${n} of ${total}`,
  moreExamples: (n: number) =>
    `… and ${n} more ${plural('en', n, 'example', 'examples')}, computed the same way.`,
  moreUnits: (n: number) =>
    `… and ${n} more ${plural('en', n, 'unit', 'units')} in this layer, computed the same way.`,
  moreInputs: (n: number) =>
    `… and ${n} more ${plural('en', n, 'weight', 'weights')} of this unit, computed the same way.`,
  moreUpdates: (n: number, name: string) =>
    `… and ${n} more ${plural('en', n, 'value', 'values')} of ${name}, updated by the same rule.`,
  layer: (l: number, units: number, act: string) =>
    `Layer ${l}: ${units} ${plural('en', units, 'unit', 'units')}, activation ${act}`,
  weightedSum: 'weighted sum of the inputs plus the bias',
  activation: (act: string) => `activation ${act}`,
  dropout: (p: number) => `dropout (p = ${p}): each value is kept and divided by 1 − p, or zeroed`,
  error: 'error: prediction minus target',
  mse: (n: number) =>
    `mean squared error over ${n} ${plural('en', n, 'value', 'values')} (the seed's convention: no ½)`,
  l2: 'L2 penalty: λ times the sum of the squared weights (not the biases)',
  totalLoss: 'loss = mean squared error + L2 penalty',
  dLdyhat: 'how the loss changes with each prediction',
  dLdz: (act: string) => `through the activation ${act}: multiply by its derivative`,
  dLdW: 'weight gradient: sum over the examples of (gradient at z) × (the input this weight multiplies)',
  dLda: 'gradient handed back to the previous layer: sum over units of (gradient at z) × weight',
  dLdW_l2: 'plus the L2 term 2·λ·W',
  dropoutBack: 'through dropout: multiply by the same mask',
  gradNote:
    'Gradients start at zero before each step (they are zeroed explicitly) and add up the contribution of every example.',
  sgdRule: 'gradient descent: step against the gradient, scaled by the learning rate',
  momentumRule: 'momentum: the velocity v remembers past gradients',
  adamRule: (t: number) =>
    `Adam, step t = ${t}: moving averages of the gradient (m) and of its square (v), corrected for their start at zero`,
  lossWas: 'loss of this epoch (before the update)',
  batchRows: (rows: number[], step: number, steps: number) =>
    `mini-batch ${step} of ${steps}: examples ${rows.join(', ')} of the data (shuffled with the seeded generator when shuffle is on)`,
  batchLossWas: 'loss of this batch (before its update)',
  epochLossIsMean: (steps: number) =>
    `loss of the epoch: the mean of its ${steps} batch losses, each before its own update`,
  paramsAfterStep: (step: number, steps: number) => `parameters after the update of step ${step} of ${steps}`,
  paramsEndOfEpoch: (epoch: number, steps: number) =>
    `parameters at the end of epoch ${epoch}, after its last step (${steps} of ${steps})`,
  noFullTrace: (epoch: number) => `Epoch ${epoch} was run without its full record.`,
  divergedTitle: 'The training diverged',
  atEpoch: (epoch: number) => `At epoch ${epoch}`,
  atEpochStep: (epoch: number, step: number) => `At epoch ${epoch} (step ${step})`,
  divergedLoss: (when: string, value: string, first: string, exploding: boolean) =>
    exploding
      ? `${when} the loss reached ${value}, more than a million times its start (${first}), so the run was stopped there: each update overshot the target by more than the last.`
      : `${when} the loss became ${value} (it started at ${first}): each update overshot by more than the last, until the numbers left the range a computer can hold.`,
  divergedParam: (when: string, name: string, value: string) =>
    `${when} the update sent ${name} to ${value}, so the run was stopped there: the steps grew instead of shrinking.`,
  divergedWhy:
    'This is not a bug in the program but the outcome of the experiment: each step multiplies the error by a factor, and when the learning rate is too large for the scale of the inputs that factor is larger than 1 in size, so the error grows instead of shrinking.',
  tryHeader: (epochs: number) =>
    `Each of these was trained again for ${epochs} ${plural('en', epochs, 'epoch', 'epochs')} without diverging:`,
  noFixFound:
    'None of the usual fixes (a rate up to a million times smaller, normalized inputs, Adam) stopped it: look at the data.',
  tryLower: (lr: string) => `Try a smaller learning rate (${lr})`,
  tryNormalize: 'Normalize the inputs (the scale of x sets the size of each step)',
  tryAdam: 'Use Adam (it scales each step by the size of recent gradients)',
  notRun: (epoch: number, last: number) =>
    `Epoch ${epoch} was not run: the run has ${last} ${plural('en', last, 'epoch', 'epochs')}.`,
  predictTitle: 'Inference (prediction): only the forward pass, with the trained parameters',
  normalizeTitle: 'Normalization (z-score)',
  normalizeNote:
    'the model learned on z-scored inputs: each new input is shifted and scaled with the mean μ and the standard deviation σ of the training data, kept with the model',
  noDropoutAtPrediction:
    'no dropout at prediction: every neuron works (inverted dropout already scaled the kept values during training)',
};

export type Messages = typeof en;
