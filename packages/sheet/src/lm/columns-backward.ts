import { NAMES } from '../inputs';
import type { LmColumns, LmParam } from './columns';
import type { LmAt } from './grid';
import { SCHEDULE, WEIGHT_DECAY } from './inputs';

/**
 * Backpropagation, one chain-rule factor per column, from the loss back to the looked-up rows of E:
 *   ∂L/∂logit[k] = (p[k] − [k = y]) / B        (the mean over the batch of −ln softmax)
 *   ∂L/∂a[l][j] = Σₖ W[l+1][k][j] · ∂L/∂z[l+1][k],  ∂L/∂z = ∂L/∂a · ∂a/∂z   (as in the regression sheet)
 *   ∂L/∂E[c_t, d] = Σⱼ W1[j][t·D + d] · ∂L/∂z1[j]                   (the row each context character used)
 */
export function addLmBackward(s: LmColumns): void {
  const { ctx } = s;
  const h = ctx.lm.hints;
  const V = s.V;
  for (let k = 0; k < V; k++)
    s.each(
      `dlogit:${k}`,
      'backward',
      `∂L/∂z[${ctx.char(k)}]`,
      h.dlogit,
      (at) => `(${s.here(`prob:${k}`, at)}-IF(${s.here('y', at)}=${k},1,0))/${at.b.batch.length}`,
      (at) => at.b.view.dLogit(at.n, k),
    );
  for (let l = s.L - 1; l >= 1; l--) {
    const units = ctx.units(l);
    const next = ctx.units(l + 1);
    const a = s.act(l);
    for (let j = 0; j < units; j++)
      s.each(
        `da:${l}:${j}`,
        'backward',
        `∂L/∂a${l}[${j + 1}]`,
        h.dhidden,
        (at) =>
          Array.from(
            { length: next },
            (_, k) => `${s.top(`p:W${l + 1}:${k * units + j}`, at)}*${s.here(s.dZKey(l + 1, k), at)}`,
          ).join('+'),
        (at) => (a === 'identity' ? at.b.view.dZ(l, false, at.n, j) : at.b.view.dA(l, at.n, j)),
      );
    if (a === 'identity') continue;
    for (let j = 0; j < units; j++)
      s.each(
        `fp:${l}:${j}`,
        'backward',
        `∂a${l}[${j + 1}]/∂z${l}[${j + 1}]`,
        h.derivative[a],
        (at) => {
          const z = s.here(`z:${l}:${j}`, at);
          const v = s.here(`a:${l}:${j}`, at);
          return a === 'relu' ? `IF(${z}>0,1,0)` : a === 'tanh' ? `1-${v}^2` : `${v}*(1-${v})`;
        },
        (at) => at.b.view.dAdZ(l, at.n, j),
      );
    for (let j = 0; j < units; j++)
      s.each(
        `dz:${l}:${j}`,
        'backward',
        `∂L/∂z${l}[${j + 1}]`,
        h.delta,
        (at) => `${s.here(`da:${l}:${j}`, at)}*${s.here(`fp:${l}:${j}`, at)}`,
        (at) => at.b.view.dZ(l, false, at.n, j),
      );
  }
  if (s.L === 0) return;
  // Back into the embedding numbers of this example: Σⱼ W1[j][i]·∂L/∂z1[j].
  const fanIn = ctx.fanIn(1);
  const units = ctx.units(1);
  for (let i = 0; i < s.C * s.D; i++)
    s.each(
      `demb:${i}`,
      'backward',
      `∂L/∂${ctx.inputName(1, i)}`,
      h.dEmbedding,
      (at) =>
        Array.from(
          { length: units },
          (_, j) => `${s.top(`p:W1:${j * fanIn + i}`, at)}*${s.here(s.dZKey(1, j), at)}`,
        ).join('+'),
      (at) => at.b.view.dEmb(at.n, i),
    );
}

/**
 * The gradients (sums over the batch), the optimizer's state and the new parameters:
 *   ∂L/∂E[v][d] = Σₜ SUMIF(cₜ = v, ∂L/∂E[cₜ,d]): every use of row v, in every example and context
 *   position, adds its part (a row used twice gets both);
 *   ∂L/∂W[l][j][i] = Σₙ ∂L/∂z[l][j]·input[i],  ∂L/∂b[l][j] = Σₙ ∂L/∂z[l][j];
 *   sgd: p − LR·g (momentum: v ← μ·v + g, p − LR·v); adam: m, v, m̂, v̂, p − LR·m̂/(√v̂ + ε);
 *   adamw: p·(1 − LR·λ) first on E and the W (never the biases), then the Adam step.
 */
export function addLmUpdates(s: LmColumns): void {
  const { ctx } = s;
  const h = ctx.lm.hints;
  const opt = ctx.run.experiment.optimizer!;
  const momentum = opt.name === 'sgd' && (opt.momentum ?? 0) > 0;
  const adam = opt.name === 'adam' || opt.name === 'adamw';
  const coupled = opt.name !== 'adamw' && (opt.weightDecay ?? 0) > 0;
  for (const p of s.params)
    s.once(
      s.pk('g', p),
      'grads',
      `∂L/∂${ctx.paramName(p.name, p.k)}`,
      (p.name === 'E' ? h.gradE : p.name.startsWith('W') ? h.gradW : h.gradB) +
        (coupled && !p.name.startsWith('b') ? ' + λ·p' : ''),
      (at) => {
        const g = gradient(s, p, at);
        // sgd and adam with weightDecay: PyTorch's coupled decay adds λ·p to the gradient.
        return coupled && !p.name.startsWith('b') ? `${g}+${WEIGHT_DECAY}*${s.first(s.pk('p', p), at)}` : g;
      },
      (at) => at.b.view.update(p.name)?.grad[p.k],
      `g:${p.name}`,
    );

  // With a schedule each step has its own rate, nanoGPT's get_lr of it = step − 1, from learning_rate.
  if (ctx.run.experiment.schedule) {
    const { warmup: w, decaySteps: dS, minLr: min } = SCHEDULE;
    const lr = NAMES.lr;
    s.once(
      'lr',
      'optimizer',
      ctx.lm.cols.lr,
      h.scheduledLr,
      (at) => {
        const t = s.first('step', at);
        const cosine = `${min}+0.5*(1+COS(PI()*(${t}-1-${w})/(${dS}-${w})))*(${lr}-${min})`;
        return `IF(${t}-1<${w},${lr}*${t}/(${w}+1),IF(OR(${t}-1>${dS},${dS}<=${w}),${min},${cosine}))`;
      },
      (at) => at.b.view.lr,
    );
  }
  const rate = (at: LmAt): string => (ctx.run.experiment.schedule ? s.first('lr', at) : NAMES.lr);
  const { beta1: b1, beta2: b2 } = NAMES;
  type Pick = 'velocity' | 'm' | 'v' | 'mHat' | 'vHat';
  const state = (
    p: LmParam,
    key: string,
    label: string,
    hint: string,
    pick: Pick,
    f: (at: LmAt) => string,
  ): void =>
    s.once(
      s.pk(key, p),
      'optimizer',
      `${label}(${ctx.paramName(p.name, p.k)})`,
      hint,
      f,
      (at) => at.b.view.update(p.name)?.[pick]?.[p.k],
      `opt:${p.name}:${p.k}`,
    );
  for (const p of s.params) {
    const g = (at: LmAt): string => s.first(s.pk('g', p), at);
    const before = (key: string, at: LmAt): string => s.prev(s.pk(key, p), at);
    if (momentum)
      // PyTorch's momentum: the first step's velocity is the gradient itself.
      state(p, 'v', 'v', h.velocity, 'velocity', (at) =>
        at.prev ? `${NAMES.momentum}*${before('v', at)}+${g(at)}` : g(at),
      );
    if (!adam) continue;
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
      (at) => `${s.first(s.pk('m', p), at)}/(1-${b1}^${s.first('step', at)})`,
    );
    state(
      p,
      'vh',
      'v̂',
      h.adamVHat,
      'vHat',
      (at) => `${s.first(s.pk('v', p), at)}/(1-${b2}^${s.first('step', at)})`,
    );
  }

  for (const p of s.params) {
    const decays = opt.name === 'adamw' && !p.name.startsWith('b');
    s.once(
      s.pk('new', p),
      'update',
      ctx.lm.cols.newParam(ctx.paramName(p.name, p.k)),
      decays ? h.adamw : adam ? h.adam : momentum ? h.sgdMomentum : h.sgd,
      (at) => {
        const cur = s.first(s.pk('p', p), at);
        const f = (key: string): string => s.first(s.pk(key, p), at);
        const lr = rate(at);
        if (adam) {
          // AdamW as PyTorch: the decay shrinks p first, p·(1 − LR·λ), then the Adam step.
          const decayed = decays ? `${cur}*(1-${lr}*${WEIGHT_DECAY})` : cur;
          return `${decayed}-${lr}*${f('mh')}/(SQRT(${f('vh')})+${NAMES.eps})`;
        }
        return `${cur}-${lr}*${f(momentum ? 'v' : 'g')}`;
      },
      (at) => at.b.view.update(p.name)?.after[p.k],
      `new:${p.name}`,
    );
  }
}

function gradient(s: LmColumns, p: LmParam, at: LmAt): string {
  if (p.name === 'E') {
    const v = Math.floor(p.k / s.D);
    const d = p.k % s.D;
    return Array.from(
      { length: s.C },
      (_, t) => `SUMIF(${s.range(`c:${t}`, at)},${v},${s.range(s.dEmbKey(t * s.D + d), at)})`,
    ).join('+');
  }
  const l = Number(p.name.slice(1));
  const fanIn = s.ctx.fanIn(l);
  if (p.name.startsWith('b')) return `SUM(${s.range(s.dZKey(l, p.k), at)})`;
  const j = Math.floor(p.k / fanIn);
  const i = p.k % fanIn;
  return `SUMPRODUCT(${s.range(s.dZKey(l, j), at)},${s.range(s.inKey(l, i), at)})`;
}
