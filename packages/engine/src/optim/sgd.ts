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

  step(params: Map<string, Tensor>): ParamUpdate[] {
    const updates: ParamUpdate[] = [];
    for (const [name, p] of params) {
      const g = gradOf(p);
      const before = p.data.slice();
      const u: ParamUpdate = { name, shape: [...p.shape], before, grad: g.slice(), after: p.data };
      if (this.momentum > 0) {
        let v = this.velocity.get(name);
        if (!v) {
          v = g.slice();
          this.velocity.set(name, v);
        } else for (let k = 0; k < v.length; k++) v[k] = this.momentum * v[k] + g[k];
        for (let k = 0; k < p.size; k++) p.data[k] -= this.lr * v[k];
        u.velocity = v.slice();
      } else {
        for (let k = 0; k < p.size; k++) p.data[k] -= this.lr * g[k];
      }
      u.after = p.data.slice();
      updates.push(u);
    }
    return updates;
  }

  state(): Record<string, number[]> {
    return Object.fromEntries([...this.velocity].map(([n, v]) => [`velocity.${n}`, Array.from(v)]));
  }
}
