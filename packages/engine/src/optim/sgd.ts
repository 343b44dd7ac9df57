import type { Tensor } from '../tensor';
import { gradOf, type Optimizer, type ParamUpdate } from './optimizer';

/**
 * Gradient descent: p ← p − lr·g. With momentum (PyTorch's form, no dampening):
 * v ← momentum·v + g (v starts as g), p ← p − lr·v.
 */
export class Sgd implements Optimizer {
  readonly name = 'sgd';
  private readonly velocity = new Map<string, Float64Array>();
  constructor(
    public lr: number,
    readonly momentum = 0,
  ) {}

  /** One update of every parameter; with `record` false nothing is copied (same numbers). */
  step(params: Map<string, Tensor>, record = true): ParamUpdate[] {
    const updates: ParamUpdate[] = [];
    for (const [name, p] of params) {
      const g = gradOf(p);
      const before = record ? p.data.slice() : p.data;
      const u: ParamUpdate = {
        name,
        shape: [...p.shape],
        before,
        grad: record ? g.slice() : g,
        after: p.data,
      };
      if (this.momentum > 0) {
        let v = this.velocity.get(name);
        if (!v) {
          v = g.slice();
          this.velocity.set(name, v);
        } else for (let k = 0; k < v.length; k++) v[k] = this.momentum * v[k] + g[k];
        for (let k = 0; k < p.size; k++) p.data[k] -= this.lr * v[k];
        if (record) u.velocity = v.slice();
      } else {
        for (let k = 0; k < p.size; k++) p.data[k] -= this.lr * g[k];
      }
      if (!record) continue;
      u.after = p.data.slice();
      updates.push(u);
    }
    return updates;
  }

  state(): Record<string, number[]> {
    return Object.fromEntries([...this.velocity].map(([n, v]) => [`velocity.${n}`, Array.from(v)]));
  }

  /** Puts back a state() taken earlier (the momentum buffers), to resume a run exactly. */
  load(state: Record<string, number[] | number>): void {
    this.velocity.clear();
    for (const [k, a] of Object.entries(state))
      if (k.startsWith('velocity.') && typeof a !== 'number')
        this.velocity.set(k.slice(9), Float64Array.from(a));
  }
}
