import { plural } from '../format';
import { lmEn } from './lm-en';

const pl = (n: number, one: string, other: string): string => plural('en', n, one, other);

/** The words of the GPT's hand calculation, in English (gpt-pt-BR.ts has the same keys). */
export const gptEn = {
  stepTitle: (step: number, steps: number, row: number, pos: number, layer: number, head: number) =>
    `GPT step ${step} of ${steps}: row ${row}, position ${pos}, block ${layer}, head ${head}`,
  more: lmEn.more,
  noRecords: lmEn.noRecords,
  summary: lmEn.summary,
  lossWas: lmEn.lossWas,
  update: lmEn.update,
  sgdRule: lmEn.sgdRule,
  momentumRule: lmEn.momentumRule,
  adamRule: lmEn.adamRule,
  scheduledLr: 'the learning rate of this step (after the schedule)',
  // Sections.
  embedding: 'Embeddings: token row + position row',
  attention: (l: number, h: number) => `Block ${l}: causal self-attention, head ${h}`,
  mlp: (l: number) => `Block ${l}: ln_2 and the MLP (GELU)`,
  head: 'ln_f, the logits (tied to wte), softmax and the loss',
  backHead: 'Backward: the logits, the tied head and ln_f',
  backBlock: (l: number) => `Backward through block ${l}`,
  backEmbedding: 'Backward into the tables wte and wpe',
  // Forward.
  dropoutNote: (p: number) =>
    `dropout ${p} is on while training: x, the attention weights and each c_proj output are multiplied by a random mask (0, or 1/(1 − p)); the lines that read a masked value show the formula and the engine's result without the numbers`,
  zeroBased: 'every index counts from 0, as in the code (block 0, head 0, position 0)',
  batchIs: (b: number, t: number, row: number, start: number) =>
    `the batch holds ${b} ${pl(b, 'row', 'rows')} of ${t} tokens; row ${row} starts at token ${start} of the training text`,
  rowText: (text: string) => `its text: "${text}"`,
  tokenIs: (pos: number, c: string, t: number, target: string, y: number) =>
    `position ${pos} holds "${c}" (token ${t}); the target is the next character, "${target}" (token ${y})`,
  embedRule: (c: number) =>
    `the token picks its row of wte and the position its row of wpe (${c} values each); x is their sum`,
  firstBlock: 'block 0 reads x itself: x_in = x',
  blocksBefore: (l: number) =>
    l === 1
      ? 'block 0 turns x into x_in, the input of block 1, the same way as below'
      : `blocks 0…${l - 1} turn x into x_in, the input of block ${l}, the same way as below`,
  ln1Title: (l: number) => `block ${l}, ln_1: LayerNorm of x_in`,
  lnRule: (c: number) =>
    `LayerNorm: mean μ and variance σ² over the ${c} values (divided by ${c}), rstd = 1/√(σ² + ε) with ε = 0.00001`,
  lnEach: 'each value normalised, n = (x − μ)·rstd, then scaled and shifted by the weight w and bias b',
  qkvRule: (c: number, hs: number, h: number, d: number) =>
    `c_attn turns ln1 into 3·${c} numbers: q, k and v of every head; head ${h} of ${hs} uses ${d} of each (d = ${d})`,
  scoresRule: (p: number, d: number) =>
    `scores: position ${p} compares its query q with the key k of every position it may see (0…${p}), divided by √d = √${d}`,
  maskedRule: (p: number, from: number, to: number) =>
    `positions ${from}…${to} are in the future of position ${p}: the causal mask sets their scores to −∞`,
  rowSoftmax: 'softmax of the row: the largest visible score first, exp of each score minus it, their sum S',
  maskedWeights: 'the masked positions get weight exp(−∞) = 0',
  weightedSum: (p: number) => `y: the values v of positions 0…${p} mixed by the weights`,
  mergeRule: (hs: number, from: number, to: number) =>
    `the ${hs} heads' outputs side by side make y_all; this head's are entries ${from}…${to}`,
  projRule: 'c_proj mixes the heads; the residual adds the result to x_in',
  fcRule: (c: number, f: number) => `c_fc widens ln2 from ${c} to ${f} values`,
  geluRule: 'GELU, the exact form: gelu(z) = z/2·(1 + erf(z/√2)), erf(u) = 2/√π·∫₀ᵘ e^(−t²) dt',
  mlpProjRule: (f: number) =>
    `c_proj brings the ${f} values back to the width; the residual adds them to x_attn`,
  blocksAfter: (from: number, to: number) =>
    from === to
      ? `block ${from} works the same way on x_out, giving x_last`
      : `blocks ${from}…${to} work the same way on x_out, giving x_last`,
  headRule: (v: number) =>
    `the head is wte itself (tied weights): one logit per character, the dot product of its row of wte with lnf (${v} characters)`,
  charIs: (c: string) => `"${c}"`,
  softmaxRule: 'softmax: subtract the largest logit, exp of each, divide by their sum',
  lossIs: (c: string, t: number) =>
    `the loss at this position: −ln of the probability of the target "${c}" (${t})`,
  meanLoss: (b: number, t: number) =>
    `the step's loss is the mean over its ${b}·${t} positions (each computed the same way)`,
  // Backward.
  gradNote:
    'Gradients start at zero before each step and add up the contributions of every position of the batch.',
  dLogitRule: (b: number, t: number) =>
    `softmax with cross-entropy: ∂L/∂logit = (p − onehot)/(B·T), with B·T = ${b}·${t} positions in the mean`,
  headBackRule: (v: number) =>
    `through the tied head: each entry of lnf gets Σ over the ${v} characters of ∂L/∂logit × wte`,
  headWteRule:
    "the head's part of ∂L/∂wte at this position: ∂L/∂logit of the character × lnf (the tables below add every position up)",
  lnBack: (name: string) => `back through ${name}`,
  lnBackRule:
    "LayerNorm's backward in three terms (llm.c's layernorm.md): dnorm = w·∂L/∂out, dx = rstd·(dnorm − mean(dnorm) − n·mean(dnorm·n))",
  lnPart: "LayerNorm's part",
  onlyPath: 'x_last feeds only ln_f',
  backBlocksAfter: (from: number, to: number) =>
    from === to
      ? `back through block ${from} the same way, down to x_out of block ${to - 1}`
      : `back through blocks ${from}…${to} the same way, down to x_out of block ${to - 1}`,
  mlpBack:
    'the residual hands ∂L/∂x_out to the MLP unchanged; back through c_proj, GELU (gelu′(z) = Φ(z) + z·φ(z)) and c_fc',
  residualBack: 'the residual: the stream gets the gradient from above plus the LayerNorm branch',
  attnBack: (h: number) => `through the attention: c_proj, then head ${h}`,
  headSlice: (from: number, to: number) => `this head's slice of ∂L/∂y_all (entries ${from}…${to})`,
  dWeights: (p: number) => `∂L/∂a: y[${p}] = Σⱼ a[${p},j]·v[j], so each weight gets ∂L/∂y·v[j]`,
  softmaxBack: "the softmax's backward, row by row: ∂L/∂s[j] = a[j]·(∂L/∂a[j] − Σ), Σ = Σₖ a[k]·∂L/∂a[k]",
  maskedBack: 'a masked cell has a = 0, so its gradient is 0: the future gets no gradient',
  dq: (p: number) => `∂L/∂q[${p}]: this row's score gradients times the keys, over √d`,
  dk: (p: number, last: number) =>
    `∂L/∂k[${p}]: every later row r = ${p}…${last} saw this key, so its gradient sums over them`,
  dv: (p: number, last: number) => `∂L/∂v[${p}]: rows ${p}…${last} mixed this value with weight a[r,${p}]`,
  cAttnBack: (n: number) => `back through c_attn: the ${n} gradients of q, k, v of every head reach ln1`,
  tiedRule: (c: string, t: number) =>
    `wte row ${t} ("${c}") is read twice: as the embedding of the token, and as the head's weights of the logit of "${c}"; its gradient is the sum of both`,
  tiedHead: (n: number) => `the head's contribution, over all ${n} positions`,
  tiedEmb: (n: number) =>
    `the embedding's contribution, over the ${n} ${pl(n, 'place', 'places')} the token is read`,
  rawGrad: 'the raw gradient (the update reads it after clipping or coupled decay)',
  posGrad: (b: number) => `wpe gets ∂L/∂x at this position from each of the ${b} ${pl(b, 'row', 'rows')}`,
  // Update.
  adamwRule: (t: number, decay: number) =>
    `AdamW, step t = ${t}: moving averages m and v of the gradient and its square, corrected for their start at zero; tensors of two or more dimensions also shrink by LR·λ·p (λ = ${decay}); biases and LayerNorm do not decay`,
  coupledDecay: (l: number) =>
    `with weightDecay λ = ${l}, the gradient of this tensor also holds λ·p (PyTorch's coupled weight decay)`,
  clipped: (clip: number) =>
    `the gradients' global norm is over clip = ${clip}: every gradient is multiplied by coef before the update`,
  entryOf: (name: string, shape: string) => `${name} [${shape}]`,
  noPrevious: "the previous step's moments were not recorded: m and v are the engine's",
};

export type GptMessages = typeof gptEn;
