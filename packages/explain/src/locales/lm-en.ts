import { plural } from '../format';

/** The words of the language model's hand calculation and of sampling, in English (lm-pt-BR.ts has the same keys). */
export const lmEn = {
  stepTitle: (step: number, steps: number, example: number, batch: number) =>
    `Step ${step} of ${steps}, example ${example} of ${batch}`,
  countsTitle: 'The counting model (bigram table)',
  sampleTitle: 'Sampling: how the model writes',
  context: 'Context',
  forward: 'Forward pass',
  softmax: 'Softmax: from logits to probabilities',
  loss: 'Loss (cross-entropy)',
  backward: 'Backpropagation (chain rule)',
  update: 'Update',
  summary: 'Result',
  /** "… 21 more": what a shortened vector says about the entries it leaves out. */
  more: (n: number) => `… ${n} more`,
  batchIs: (size: number, kind: 'sequential' | 'random' | undefined) =>
    `this step's batch holds ${size} training ${plural('en', size, 'example', 'examples')}` +
    (kind === 'random'
      ? ' drawn with the seeded generator'
      : kind === 'sequential'
        ? ', taken in order'
        : ''),
  exampleIs: (n: number, word: string | undefined) =>
    `this is training example ${n}` + (word !== undefined ? `, from the word "${word}"` : ''),
  contextIs: (chars: string, idx: string, target: string, t: number) =>
    `context "${chars}" = indices ${idx}; the next character (target) is "${target}" = ${t}`,
  boundary: '"." is the boundary token: the start (and end) of a word',
  lookup: (context: number, dim: number) =>
    `each context character picks its row of the table E (${dim} ${plural('en', dim, 'value', 'values')} per character); the ${context} rows are put side by side`,
  bigramLookup: 'the neural bigram: the row of E of the one context character is the logits themselves',
  layer: (l: number, units: number, act: string, inputs: number) =>
    `Layer ${l}: ${units} ${plural('en', units, 'unit', 'units')}, activation ${act}, each a weighted sum of ${inputs} ${plural('en', inputs, 'input', 'inputs')} plus a bias`,
  logitsLayer: (units: number) =>
    `the last layer gives one logit (a score) per character of the vocabulary: ${units}`,
  moreUnits: (n: number) =>
    `… and ${n} more ${plural('en', n, 'unit', 'units')} in this layer, computed the same way (--unit N shows one in full).`,
  moreChars: (n: number) =>
    `… and ${n} more ${plural('en', n, 'character', 'characters')}, computed the same way.`,
  maxIs: (c: string) =>
    `subtract the largest logit (here "${c}"'s) before exp: the probabilities do not change, and exp cannot overflow`,
  expEach: 'exp of each shifted logit',
  sumExp: (v: number) => `their sum, over all ${v} characters`,
  eachP: 'each probability is its exp divided by the sum',
  pSumsToOne: 'the probabilities add up to 1',
  lossIs: (target: string) =>
    `the loss of this example: minus the natural log of the probability of "${target}"`,
  uniform: (v: number) =>
    `for comparison, a model that gives all ${v} characters the same probability 1/${v} loses ln ${v}`,
  batchLoss: (b: number) =>
    `the step's loss is the mean over its ${b} ${plural('en', b, 'example', 'examples')} (each computed the same way)`,
  gradNote:
    'Gradients start at zero before each step (they are zeroed explicitly) and add up the contribution of every example of the batch.',
  meanNote: (b: number) =>
    `the loss is a mean over ${b} examples, so each example's part enters with the factor 1/${b}: that is the 1/B below`,
  dLogitNote:
    'softmax and cross-entropy together have a simple derivative: ∂ℓ/∂logit[c] = p[c] − 1 for the target, p[c] for every other character',
  dLogitTarget: (c: string) => `the target "${c}": its probability minus 1, so its logit is pushed up`,
  dLogitOthers: 'every other character: its probability, so its logit is pushed down',
  gradVector: "the whole gradient of this example's logits",
  dLda: (l: number) =>
    `gradient handed back to the outputs of layer ${l}: sum over the next layer's units of (gradient at z) × weight`,
  dLdz: (act: string) => `through the activation ${act}: multiply by its derivative`,
  dLdW: (b: number) =>
    `weight gradient: this example's part is (gradient at z) × (the input the weight multiplies); the step's gradient adds up the parts of all ${b} examples`,
  thisPart: "this example's part",
  embPart: (row: number) => `this example's part of the gradient of row ${row}`,
  coupledDecay: (l: number) =>
    `with weightDecay λ = ${l}, the gradient of a weight (and of the table E) also holds λ·W, PyTorch's coupled weight decay (biases do not decay)`,
  dLdb: 'bias gradient: the gradient at z, summed over the batch',
  dLdx: 'gradient handed back to the concatenated embeddings: sum over the units of (gradient at z) × weight',
  embGrad:
    'back into the table: each context position hands its slice of the gradient to the row it looked up',
  embTwice: (t: string, row: number, n: number) =>
    `"${t}" (row ${row}) is used ${n} times in this context: its row gets the sum of the ${n} contributions`,
  embBatch: (row: number) => `the step's gradient of row ${row}: the sum over every place the batch used it`,
  sgdRule: 'gradient descent: step against the gradient, scaled by the learning rate',
  momentumRule: 'momentum: the velocity v remembers past gradients',
  adamRule: (t: number) =>
    `Adam, step t = ${t}: moving averages of the gradient (m) and of its square (v), corrected for their start at zero`,
  adamwRule: (t: number, decay: number) =>
    `AdamW, step t = ${t}: Adam with decoupled weight decay: each weight also shrinks by LR·λ·W (λ = ${decay}) before the Adam step; biases do not decay`,
  scheduled: (lr: number) => `the learning rate of this step (after the schedule): ${lr}`,
  moreValues: (n: number, name: string) =>
    `… and ${n} more ${plural('en', n, 'value', 'values')} of ${name}, updated by the same rule.`,
  lossWas: "loss of this step's batch (before its update)",
  noRecords: (step: number) => `Step ${step} was run without its full record.`,
  // The counting model.
  countsIntro:
    'the counting model learns nothing by gradient: it counts, in the training words, how often each character follows each other',
  countPair: (a: string, b: string) => `how often "${b}" follows "${a}" in the training words`,
  countRow: (a: string) => `all the characters that follow "${a}", with the smoothing added to each`,
  smoothingNote: (k: number, v: number) =>
    `add-k smoothing (k = ${k}): each of the ${v} counts of a row gets k more, so no pair has probability 0`,
  pairP: (a: string, b: string) => `probability that "${b}" follows "${a}"`,
  pairLoss: 'its loss: minus the natural log of that probability',
  // Sampling.
  sampleIntro: (t: number, k: number | undefined) =>
    `each character: the logits divided by the temperature T = ${t}` +
    (k !== undefined ? `, only the ${k} largest kept (top-k)` : '') +
    ', softmax, then a uniform number u from the seeded generator picks the first character whose cumulative probability exceeds u',
  word: (n: number, w: string) => `Name ${n}: "${w}"`,
  charAt: (i: number, ctx: string) => `character ${i}, after "${ctx}"`,
  scaled: 'logits divided by the temperature',
  kept: (k: number, chars: string) => `top-${k} keeps: ${chars}; the others get probability 0`,
  sampleSoftmax:
    'softmax over the kept values s (minus their largest, max): the probability of the character drawn',
  cdf: "cumulative probability, in the vocabulary's order",
  draw: 'the uniform draw u from the seeded generator',
  chosen: (c: string) => `the first character whose cumulative probability exceeds u: "${c}"`,
  endOfWord: 'the boundary token "." ends the name',
};

export type LmMessages = typeof lmEn;
