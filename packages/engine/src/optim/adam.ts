import type { Tensor } from '../tensor';
import { gradOf, type Optimizer, type ParamUpdate } from './optimizer';
import { pow } from '../nn/libm';

/**
 * Adam with PyTorch's defaults and bias correction:
 *   m ← β1·m + (1 − β1)·g          v ← β2·v + (1 − β2)·g²
 *   m̂ = m / (1 − β1ᵗ)              v̂ = v / (1 − β2ᵗ)
 *   p ← p − lr · m̂ / (√v̂ + ε)
 * Each parameter gets a step of about lr in size whatever the scale of its gradient: that is why it
 * rescues inputs of unbalanced scales.
 */
export class Adam implements Optimizer {
  readonly name: 'adam' | 'adamw';
  private t = 0;
  private readonly m = new Map<string, Float64Array>();
  private readonly v = new Map<string, Float64Array>();
  /**
   * AdamW (`weightDecay` λ > 0, PyTorch's form): before the Adam step, p ← p − lr·λ·p, decoupled from
   * the gradient, and only for the parameters `decays` accepts (tables and weights, never biases).
   * `lr` may change between steps (a schedule sets it).
   */
  constructor(
    public lr: number,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly eps = 1e-8,
    readonly weightDecay = 0,
    readonly decays: (p: Tensor) => boolean = () => true,
  ) {
    this.name = weightDecay > 0 ? 'adamw' : 'adam';
  }

  /**
   * One update of every parameter. With `record` false (a long run that nobody inspects), the same
   * numbers are computed in place and nothing is copied: the step allocates nothing per parameter.
   */
  step(params: Map<string, Tensor>, record = true): ParamUpdate[] {
    this.t++;
    const bc1 = 1 - pow(this.beta1, this.t);
    const bc2 = 1 - pow(this.beta2, this.t);
    const updates: ParamUpdate[] = [];
    for (const [name, p] of params) {
      const g = gradOf(p);
      let m = this.m.get(name);
      let v = this.v.get(name);
      if (!m || !v) {
        m = new Float64Array(p.size);
        v = new Float64Array(p.size);
        this.m.set(name, m);
        this.v.set(name, v);
      }
      const before = record ? p.data.slice() : p.data;
      const decay = this.weightDecay > 0 && this.decays(p) ? 1 - this.lr * this.weightDecay : 1;
      if (decay !== 1) for (let k = 0; k < p.size; k++) p.data[k] *= decay;
      const mHat = record ? new Float64Array(p.size) : null;
      const vHat = record ? new Float64Array(p.size) : null;
      for (let k = 0; k < p.size; k++) {
        m[k] = this.beta1 * m[k] + (1 - this.beta1) * g[k];
        v[k] = this.beta2 * v[k] + (1 - this.beta2) * g[k] * g[k];
        const mh = m[k] / bc1;
        const vh = v[k] / bc2;
        if (mHat && vHat) {
          mHat[k] = mh;
          vHat[k] = vh;
        }
        p.data[k] -= (this.lr * mh) / (Math.sqrt(vh) + this.eps);
      }
      if (!record || !mHat || !vHat) continue;
      updates.push({
        name,
        shape: [...p.shape],
        before,
        grad: g.slice(),
        after: p.data.slice(),
        t: this.t,
        m: m.slice(),
        v: v.slice(),
        mHat,
        vHat,
        ...(decay !== 1 && { decay }),
      });
    }
    return updates;
  }

  /** Puts back a state() taken earlier: the step count and every moment, to resume a run exactly. */
  load(state: Record<string, number[] | number>): void {
    this.t = typeof state.t === 'number' ? state.t : 0;
    this.m.clear();
    this.v.clear();
    for (const [k, a] of Object.entries(state)) {
      if (typeof a === 'number') continue;
      if (k.startsWith('m.')) this.m.set(k.slice(2), Float64Array.from(a));
      else if (k.startsWith('v.')) this.v.set(k.slice(2), Float64Array.from(a));
    }
  }

  state(): Record<string, number[] | number> {
    const out: Record<string, number[] | number> = { t: this.t };
    for (const [n, a] of this.m) out[`m.${n}`] = Array.from(a);
    for (const [n, a] of this.v) out[`v.${n}`] = Array.from(a);
    return out;
  }
}
