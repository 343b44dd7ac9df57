import { activationTable } from '@unha/engine';
import type { At, ColumnSet, ParamElem } from './columns';
import { NAMES } from './inputs';

/**
 * Backpropagation, one chain-rule factor per column, from the loss back to the first layer:
 *   ∂L/∂ŷ = 2·e/(N·O)                       (the derivative of the mean of e²)
 *   ∂L/∂a[l][j] = Σₖ W[l+1][k][j] · ∂L/∂z[l+1][k]   (hidden layers)
 *   ∂a/∂z                                    (the activation's derivative, written with a when it can be)
 *   ∂L/∂z = ∂L/∂a · ∂a/∂z
 */
export function addBackward(s: ColumnSet): void {
  const { msg, sym, layers, trace } = s.ctx;
  const h = msg.hints;
  const L = s.L;
  const O = s.ctx.nOut;
  const count = (n: number): string => (n === 1 ? '' : `/${n}`);
  for (let o = 0; o < O; o++)
    s.each(
      `dy:${o}`,
      'backward',
      `∂L/∂${sym.yhat(o)}`,
      h.dyhat(s.miniBatch ? (O > 1 ? `(N·${O})` : 'N') : String(trace.train.rows.length * O)),
      (at) => `2*${s.here(`err:${o}`, at)}${count(at.b.batch.length * O)}`,
      (at) => at.b.view.dA(L, at.n, o),
    );
  for (let l = L; l >= 1; l--) {
    const units = layers[l - 1].units;
    const a = s.act(l);
    if (l < L) {
      const next = layers[l].units;
      for (let j = 0; j < units; j++)
        s.each(
          `da:${l}:${j}`,
          'backward',
          s.dropout(l) ? `∂L/∂d${l}[${j + 1}]` : `∂L/∂${sym.a(l, j)}`,
          h.dhidden,
          (at) =>
            Array.from(
              { length: next },
              (_, k) => `${s.top(`p:W${l + 1}:${k * units + j}`, at)}*${s.here(s.dZKey(l + 1, k), at)}`,
            ).join('+'),
          (at) => (s.dropout(l) ? at.b.view.dD(l, at.n, j) : at.b.view.dA(l, at.n, j)),
        );
      if (s.dropout(l))
        for (let j = 0; j < units; j++)
          s.each(
            `dm:${l}:${j}`,
            'backward',
            `∂L/∂${sym.a(l, j)}`,
            h.droppedBack,
            (at) => `${s.here(`da:${l}:${j}`, at)}*${s.here(`mask:${l}:${j}`, at)}`,
            (at) => at.b.view.dA(l, at.n, j),
          );
    }
    if (a === 'identity') continue;
    for (let j = 0; j < units; j++)
      s.each(
        `fp:${l}:${j}`,
        'backward',
        `∂${sym.a(l, j)}/∂${sym.z(l, j)}`,
        h.derivative[a],
        (at) => activationTable[a].sheet.derivative(s.here(`z:${l}:${j}`, at), s.here(`a:${l}:${j}`, at)),
        (at) => at.b.view.dAdZ(l, at.n, j),
      );
    for (let j = 0; j < units; j++)
      s.each(
        `dz:${l}:${j}`,
        'backward',
        `∂L/∂${sym.z(l, j)}`,
        h.delta,
        (at) => `${s.here(s.dAKey(l, j), at)}*${s.here(`fp:${l}:${j}`, at)}`,
        (at) => at.b.view.dZ(l, at.n, j),
      );
  }
}

/**
 * Gradients (sums over the block's examples), the optimizer's state and the new parameters:
 *   ∂L/∂W[l][j][i] = Σₙ ∂L/∂z[l][j] · input[i]  (+ 2λW with L2),  ∂L/∂b[l][j] = Σₙ ∂L/∂z[l][j]
 *   sgd: p − LR·g;  momentum: v ← μ·v + g, p − LR·v;  adam: m, v, m̂, v̂, p − LR·m̂/(√v̂ + ε).
 */
export function addUpdates(s: ColumnSet): void {
  const { msg, trace } = s.ctx;
  const h = msg.hints;
  const opt = trace.experiment.optimizer;
  for (const p of s.params)
    s.once(
      s.pk('g', p),
      'grads',
      `∂L/∂${s.pSym(p)}`,
      p.isW ? h.gradW + (s.l2 ? h.l2Term : '') : h.gradB,
      (at) => {
        const dz = s.dZKey(p.l, p.j);
        const one = at.b.batch.length === 1;
        const data = p.isW
          ? one
            ? `${s.first(dz, at)}*${s.first(s.inKey(p.l, p.i), at)}`
            : `SUMPRODUCT(${s.range(dz, at)},${s.range(s.inKey(p.l, p.i), at)})`
          : one
            ? s.first(dz, at)
            : `SUM(${s.range(dz, at)})`;
        return p.isW && s.l2 ? `${data}+2*${NAMES.l2}*${s.first(s.pk('p', p), at)}` : data;
      },
      (at) => at.b.view.update(p.name)?.grad[p.k],
    );

  const t = s.miniBatch ? 'step' : 'epoch';
  const { beta1: b1, beta2: b2 } = NAMES;
  type Pick = 'velocity' | 'm' | 'v' | 'mHat' | 'vHat';
  const state = (
    p: ParamElem,
    key: string,
    label: string,
    hint: string,
    pick: Pick,
    f: (at: At) => string,
  ): void =>
    s.once(
      s.pk(key, p),
      'optimizer',
      `${label}(${s.pSym(p)})`,
      hint,
      f,
      (at) => at.b.view.update(p.name)?.[pick]?.[p.k],
    );
  for (const p of s.params) {
    const g = (at: At): string => s.first(s.pk('g', p), at);
    const before = (key: string, at: At): string | undefined =>
      at.prev ? s.prev(s.pk(key, p), at) : undefined;
    if (s.momentum)
      // PyTorch's momentum: the first step's velocity is the gradient itself.
      state(p, 'v', 'v', h.velocity, 'velocity', (at) =>
        at.prev ? `${NAMES.momentum}*${before('v', at)}+${g(at)}` : g(at),
      );
    if (opt.name === 'adam') {
      // m and v start at 0, so the first step keeps only the (1 − β)·g part.
      state(p, 'm', 'm', h.adamM, 'm', (at) =>
        at.prev ? `${b1}*${before('m', at)}+(1-${b1})*${g(at)}` : `(1-${b1})*${g(at)}`,
      );
      state(p, 'v', 'v', h.adamV, 'v', (at) =>
        at.prev ? `${b2}*${before('v', at)}+(1-${b2})*${g(at)}^2` : `(1-${b2})*${g(at)}^2`,
      );
      state(
        p,
        'mh',
        'm̂',
        h.adamMHat,
        'mHat',
        (at) => `${s.first(s.pk('m', p), at)}/(1-${b1}^${s.first(t, at)})`,
      );
      state(
        p,
        'vh',
        'v̂',
        h.adamVHat,
        'vHat',
        (at) => `${s.first(s.pk('v', p), at)}/(1-${b2}^${s.first(t, at)})`,
      );
    }
  }

  for (const p of s.params)
    s.once(
      s.pk('new', p),
      'update',
      msg.cols.newParam(s.pSym(p)),
      opt.name === 'adam' ? h.adam : s.momentum ? h.sgdMomentum : h.sgd,
      (at) => {
        const cur = s.first(s.pk('p', p), at);
        const f = (key: string): string => s.first(s.pk(key, p), at);
        if (opt.name === 'adam') return `${cur}-${NAMES.lr}*${f('mh')}/(SQRT(${f('vh')})+${NAMES.eps})`;
        return `${cur}-${NAMES.lr}*${f(s.momentum ? 'v' : 'g')}`;
      },
      (at) => at.b.view.update(p.name)?.after[p.k],
    );
}
