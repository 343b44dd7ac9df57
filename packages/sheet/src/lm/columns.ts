import type { Activation } from '@unha/engine';
import type { LmContext } from './context';
import { type LmAt, LmGrid } from './grid';
import type { LmInputsLayout } from './inputs';
import { paramOrder } from './run';

/**
 * The columns of the language-model Training sheet, left to right in the order a person computes:
 * the parameters used, the context and target indices, the embedding lookup, the hidden layers, the
 * logits, the softmax (max, e^(z − max), Σ, p), −ln p[y] and the loss; then (columns-backward.ts)
 * p − onehot, the chain rule back to the embedding rows, the gradients and the updates.
 */

/** Explicit products read better than SUMPRODUCT up to this many inputs per unit. */
const EXPLICIT_TERMS = 4;

export interface LmParam {
  name: string;
  k: number;
}

export class LmColumns extends LmGrid {
  readonly params: LmParam[] = [];
  readonly C: number;
  readonly D: number;
  readonly V: number;
  readonly L: number;

  constructor(
    readonly ctx: LmContext,
    readonly inputs: LmInputsLayout,
  ) {
    super();
    const run = ctx.run;
    this.C = run.context;
    this.D = run.dim;
    this.V = ctx.V;
    this.L = ctx.L;
    for (const name of paramOrder(run)) {
      const size = run.initial.get(name)!.data.length;
      for (let k = 0; k < size; k++) this.params.push({ name, k });
    }
  }

  act(l: number): Activation {
    return this.ctx.run.dense[l - 1].activation;
  }
  /** The activation's column of hidden layer l (an identity layer passes z on: no extra column). */
  aKey(l: number, j: number): string {
    return this.act(l) === 'identity' ? `z:${l}:${j}` : `a:${l}:${j}`;
  }
  /** Input i of dense layer l: the looked-up embedding numbers for l = 1. */
  inKey(l: number, i: number): string {
    return l === 1 ? `emb:${i}` : this.aKey(l - 1, i);
  }
  /** Logit k: the last layer's z, or for the neural bigram the looked-up row of E itself. */
  logitKey(k: number): string {
    return this.L === 0 ? `emb:${k}` : `z:${this.L}:${k}`;
  }
  /** ∂L/∂z of layer l: ∂L/∂logit for the last layer; ∂L/∂a itself for an identity hidden layer. */
  dZKey(l: number, j: number): string {
    if (l === this.L) return `dlogit:${j}`;
    return this.act(l) === 'identity' ? `da:${l}:${j}` : `dz:${l}:${j}`;
  }
  /** ∂L/∂ of embedding number i of the row: ∂L/∂logit for the neural bigram. */
  dEmbKey(i: number): string {
    return this.L === 0 ? `dlogit:${i}` : `demb:${i}`;
  }
  pk(prefix: string, p: LmParam): string {
    return `${prefix}:${p.name}:${p.k}`;
  }
  /** The whole tensor on the block's first row (pinned), e.g. the E used by every example of the step. */
  tensor(prefix: string, name: string, from: number, to: number, at: LmAt): string {
    return this.across(`${prefix}:${name}:${from}`, `${prefix}:${name}:${to}`, at);
  }
}

export function addLmForward(s: LmColumns): void {
  const { ctx } = s;
  const h = ctx.lm.hints;
  const run = ctx.run;
  const id = (key: string, label: string, value: (at: LmAt) => number): void =>
    s.add({
      key,
      group: 'id',
      label,
      hint: '',
      scope: 'example',
      id: true,
      chunk: 'id',
      formula: () => '',
      value,
    });
  id('step', ctx.lm.cols.step, (at) => at.b.step);
  id('example', ctx.lm.cols.example, (at) => at.b.batch[at.n] + 1);

  for (const p of s.params)
    s.once(
      s.pk('p', p),
      'params',
      ctx.paramName(p.name, p.k),
      h.previous,
      (at) => (at.prev ? s.prev(s.pk('new', p), at) : s.inputs.paramCell(p.name, p.k)),
      (at) => at.b.view.update(p.name)?.before[p.k],
      `p:${p.name}`,
    );

  for (let t = 0; t < s.C; t++)
    s.each(
      `c:${t}`,
      'context',
      `c${t + 1}`,
      h.contextIndex,
      (at) => s.inputs.contextCell(at.b.batch[at.n], t),
      (at) => run.contexts[at.b.batch[at.n]][t],
    );
  s.each(
    'y',
    'context',
    ctx.lm.cols.target,
    h.targetIndex,
    (at) => s.inputs.targetCell(at.b.batch[at.n]),
    (at) => run.targets[at.b.batch[at.n]],
  );

  // The lookup: number d of the row of E of context character t. E is one row of V·D cells in the
  // block, so the row of character c starts at column c·D + 1 of it.
  const last = s.V * s.D - 1;
  for (let i = 0; i < s.C * s.D; i++) {
    const t = Math.floor(i / s.D);
    const d = i % s.D;
    s.each(
      `emb:${i}`,
      s.L === 0 ? 'logits' : 'embedding',
      s.L === 0 ? `z[${ctx.char(d)}]` : ctx.inputName(1, i),
      h.lookup,
      (at) => `INDEX(${s.tensor('p', 'E', 0, last, at)},1,${s.here(`c:${t}`, at)}*${s.D}+${d + 1})`,
      (at) => at.b.view.emb(at.n, i),
    );
  }

  for (let l = 1; l <= s.L; l++) addDense(s, l);
  addSoftmax(s);
}

function addDense(s: LmColumns, l: number): void {
  const { ctx } = s;
  const h = ctx.lm.hints;
  const fanIn = ctx.fanIn(l);
  const units = ctx.units(l);
  const lastLayer = l === s.L;
  for (let j = 0; j < units; j++) {
    const w = (i: number): string => `p:W${l}:${j * fanIn + i}`;
    // z = Σᵢ W[j][i]·inputᵢ + b[j]
    const formula = (at: LmAt): string => {
      const b = s.top(`p:b${l}:${j}`, at);
      if (fanIn > EXPLICIT_TERMS)
        return `SUMPRODUCT(${s.across(w(0), w(fanIn - 1), at)},${s.row(s.inKey(l, 0), s.inKey(l, fanIn - 1), at)})+${b}`;
      const terms = Array.from(
        { length: fanIn },
        (_, i) => `${s.top(w(i), at)}*${s.here(s.inKey(l, i), at)}`,
      );
      return `${terms.join('+')}+${b}`;
    };
    s.each(
      `z:${l}:${j}`,
      lastLayer ? 'logits' : 'forward',
      lastLayer ? `z[${ctx.char(j)}]` : `z${l}[${j + 1}]`,
      h.weightedSum,
      formula,
      (at) => at.b.view.z(l, lastLayer, at.n, j),
    );
  }
  const a = s.act(l);
  if (lastLayer || a === 'identity') return;
  for (let j = 0; j < units; j++)
    s.each(
      `a:${l}:${j}`,
      'forward',
      `a${l}[${j + 1}]`,
      h.activation[a],
      (at) => {
        const z = s.here(`z:${l}:${j}`, at);
        if (a === 'relu') return `MAX(0,${z})`;
        if (a === 'tanh') return `TANH(${z})`;
        // σ as the engine computes it: EXP of a large −z would overflow, so a negative z uses e^z/(1 + e^z).
        return `IF(${z}>=0,1/(1+EXP(-${z})),EXP(${z})/(1+EXP(${z})))`;
      },
      (at) => at.b.view.a(l, at.n, j),
    );
}

/**
 * Softmax as a person computes it: subtract the largest logit (so EXP never overflows; the
 * probabilities do not change), exponentiate, add up, divide. Then −ln p of the right character and
 * the step's loss, the mean over the batch.
 */
function addSoftmax(s: LmColumns): void {
  const { ctx } = s;
  const h = ctx.lm.hints;
  const V = s.V;
  // The max names each logit (MAX(A4,B4,…)), not the range A4:L4: LibreOffice 7.4's threaded
  // calculation of formula groups read a range of the bigram's INDEX cells before recomputing them
  // (stale maxima on a few rows after learning_rate was edited); single references are ordered right.
  const each = (at: LmAt): string => Array.from({ length: V }, (_, k) => s.here(s.logitKey(k), at)).join(',');
  s.each(
    'max',
    'softmax',
    'max',
    h.max,
    (at) => `MAX(${each(at)})`,
    (at) => at.b.view.max(at.n),
  );
  for (let k = 0; k < V; k++)
    s.each(
      `e:${k}`,
      'softmax',
      `e[${ctx.char(k)}]`,
      h.exp,
      (at) => `EXP(${s.here(s.logitKey(k), at)}-${s.here('max', at)})`,
      (at) => at.b.view.exp(at.n, k),
    );
  s.each(
    'sum',
    'softmax',
    'Σe',
    h.sum,
    (at) => `SUM(${s.row('e:0', `e:${V - 1}`, at)})`,
    (at) => at.b.view.sum(at.n),
  );
  for (let k = 0; k < V; k++)
    s.each(
      `prob:${k}`,
      'softmax',
      `p[${ctx.char(k)}]`,
      h.prob,
      (at) => `${s.here(`e:${k}`, at)}/${s.here('sum', at)}`,
      (at) => at.b.view.prob(at.n, k),
    );
  s.each(
    'nll',
    'loss',
    '−ln p[y]',
    h.nll,
    (at) => `-LN(INDEX(${s.row('prob:0', `prob:${V - 1}`, at)},1,${s.here('y', at)}+1))`,
    (at) => at.b.view.nll(at.n, ctx.run.targets[at.b.batch[at.n]]),
  );
  s.once(
    'loss',
    'loss',
    'L',
    h.loss,
    (at) => `AVERAGE(${s.range('nll', at)})`,
    (at) => at.b.view.loss,
  );
}
