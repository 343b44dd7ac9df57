import type { Mat } from './cells';
import type { Builder, Params } from './forward';
import type { Grads } from './backward';
import type { GptSheetOptimizer } from './run';

/** Defined names of the optimizer's constants on the Inputs sheet. */
export const OPT_NAMES = {
  lr: 'learning_rate',
  beta1: 'beta1',
  beta2: 'beta2',
  eps: 'epsilon',
  decay: 'weight_decay',
} as const;

export interface OptimizerState {
  m: Mat;
  v: Mat;
}

export interface UpdateWords {
  update: string;
  param: (name: string) => string;
  adamStep: string;
  /** The labels of a parameter's rows (wte's: its characters). */
  rows: (name: string, rows: number) => string[];
}

const labels = (n: number): string[] => Array.from({ length: n }, (_, k) => String(k));

/**
 * The update of every parameter, one band each (rows: the parameter's rows): its gradient (a formula
 * over the backward's cells), then sgd (p − lr·g) or Adam (m, v, m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ),
 * p − lr·m̂/(√v̂ + ε)); AdamW first multiplies the tensors of ≥ 2 dimensions by 1 − lr·λ, sgd and adam
 * with weight_decay add λ·p to their gradient (PyTorch's coupled form). Returns the new parameters
 * and the moments for the next step.
 */
export function writeUpdates(
  bd: Builder,
  t: number,
  opt: GptSheetOptimizer,
  P: Params,
  grads: Grads,
  decays: Set<string>,
  prev: Map<string, OptimizerState> | undefined,
  w: UpdateWords,
): { next: Params; state: Map<string, OptimizerState> } {
  const { page, r } = bd;
  const L = OPT_NAMES;
  const lr = { f: L.lr, v: opt.lr };
  const adam = opt.name !== 'sgd';
  page.title(w.update);
  let bc: Mat | undefined;
  if (adam) {
    const band = page.band([w.adamStep]);
    bc = band.mat('adam.t', 't, 1 − β₁ᵗ, 1 − β₂ᵗ', ['t', '1 − β₁ᵗ', '1 − β₂ᵗ'], (_, j) => {
      if (j === 0) return { n: t };
      const b = j === 1 ? opt.beta1 : opt.beta2;
      return { f: `1-${j === 1 ? L.beta1 : L.beta2}^${t}`, v: 1 - b ** t };
    });
    band.end();
  }
  const next: Params = new Map();
  const state = new Map<string, OptimizerState>();
  for (const [name, p] of P) {
    page.title(w.param(name));
    const band = page.band(w.rows(name, p.rows));
    const cols = labels(p.cols);
    const grad = grads.get(name)!;
    const g0 = band.mat(`grad:${name}`, '∂L/∂p', cols, (i, j) => grad(i, j));
    const decay = decays.has(name) && opt.weightDecay > 0;
    let g = g0;
    if (decay && opt.name !== 'adamw')
      g = band.mat(`grad+decay:${name}`, 'g = ∂L/∂p + λ·p', cols, (i, j) => {
        const a = r(g0, i, j);
        const q = r(p, i, j);
        return { f: `${a.f}+${L.decay}*${q.f}`, v: a.v + opt.weightDecay * q.v };
      });
    if (!adam) {
      next.set(
        name,
        band.mat(`new:${name}`, 'p − lr·g', cols, (i, j) => {
          const q = r(p, i, j);
          const a = r(g, i, j);
          return { f: `${q.f}-${lr.f}*${a.f}`, v: q.v - lr.v * a.v };
        }),
      );
      band.end();
      continue;
    }
    let base = p;
    if (decay && opt.name === 'adamw')
      base = band.mat(`decayed:${name}`, 'p·(1 − lr·λ)', cols, (i, j) => {
        const q = r(p, i, j);
        return { f: `${q.f}*(1-${lr.f}*${L.decay})`, v: q.v * (1 - lr.v * opt.weightDecay) };
      });
    const before = prev?.get(name);
    const m = band.mat(`m:${name}`, 'm = β₁·m + (1 − β₁)·g', cols, (i, j) => {
      const a = r(g, i, j);
      const mp = before ? r(before.m, i, j) : { f: '0', v: 0 };
      return { f: `${L.beta1}*${mp.f}+(1-${L.beta1})*${a.f}`, v: opt.beta1 * mp.v + (1 - opt.beta1) * a.v };
    });
    const v = band.mat(`v:${name}`, 'v = β₂·v + (1 − β₂)·g²', cols, (i, j) => {
      const a = r(g, i, j);
      const vp = before ? r(before.v, i, j) : { f: '0', v: 0 };
      return {
        f: `${L.beta2}*${vp.f}+(1-${L.beta2})*${a.f}*${a.f}`,
        v: opt.beta2 * vp.v + (1 - opt.beta2) * a.v * a.v,
      };
    });
    const mh = band.mat(`mhat:${name}`, 'm̂ = m/(1 − β₁ᵗ)', cols, (i, j) => {
      const a = r(m, i, j);
      const c = r(bc!, 0, 1);
      return { f: `${a.f}/${c.f}`, v: a.v / c.v };
    });
    const vh = band.mat(`vhat:${name}`, 'v̂ = v/(1 − β₂ᵗ)', cols, (i, j) => {
      const a = r(v, i, j);
      const c = r(bc!, 0, 2);
      return { f: `${a.f}/${c.f}`, v: a.v / c.v };
    });
    next.set(
      name,
      band.mat(`new:${name}`, 'p − lr·m̂/(√v̂ + ε)', cols, (i, j) => {
        const q = r(base, i, j);
        const a = r(mh, i, j);
        const b = r(vh, i, j);
        return {
          f: `${q.f}-${lr.f}*${a.f}/(SQRT(${b.f})+${L.eps})`,
          v: q.v - (lr.v * a.v) / (Math.sqrt(b.v) + opt.eps),
        };
      }),
    );
    state.set(name, { m, v });
    band.end();
  }
  return { next, state };
}
