import { type Activation, type ParamUpdate, activationDerivative } from '@unha/engine';
import type { LmSheetRecord, LmSheetStep } from './run';

/**
 * The engine's numbers for one step, looked up by what the sheet calls them; they become the cached
 * values of the formula cells. The softmax's intermediate numbers (the max, each e^(z − max), their
 * sum) are not traced: they are read off the traced logits, as a person would write them down.
 */
export class LmStepView {
  private readonly byName = new Map<string, LmSheetRecord>();
  private readonly updates = new Map<string, ParamUpdate>();
  readonly loss: number | undefined;
  /** The step's learning rate (a schedule changes it). */
  readonly lr: number | undefined;
  private readonly logitsName: string;
  private readonly softmax = new Map<number, { max: number; exp: number[]; sum: number }>();

  constructor(
    step: LmSheetStep | undefined,
    private readonly activations: Activation[],
  ) {
    this.loss = step?.loss;
    this.lr = step?.lr;
    for (const r of step?.records ?? []) this.byName.set(r.name, r);
    // The neural bigram's logits are its looked-up row of E: a trace may hold them only as 'emb'.
    this.logitsName = this.byName.has('logits') ? 'logits' : 'emb';
    for (const u of step?.updates ?? []) this.updates.set(u.name, u);
  }

  private at(name: string, n: number, j: number, grad = false): number | undefined {
    const r = this.byName.get(name);
    if (!r) return undefined;
    const width = r.shape[1] ?? 1;
    const data = grad ? r.grad : r.value;
    return data ? data[n * width + j] : undefined;
  }

  emb(n: number, i: number): number | undefined {
    return this.at('emb', n, i);
  }
  dEmb(n: number, i: number): number | undefined {
    return this.at('emb', n, i, true);
  }
  /** z of dense layer l (the last one's z is the logits). */
  z(l: number, last: boolean, n: number, j: number): number | undefined {
    return this.at(last ? this.logitsName : `z${l}`, n, j);
  }
  dZ(l: number, last: boolean, n: number, j: number): number | undefined {
    return this.at(last ? this.logitsName : `z${l}`, n, j, true);
  }
  a(l: number, n: number, j: number): number | undefined {
    return this.at(`a${l}`, n, j);
  }
  dA(l: number, n: number, j: number): number | undefined {
    return this.at(`a${l}`, n, j, true);
  }
  dAdZ(l: number, n: number, j: number): number | undefined {
    const z = this.at(`z${l}`, n, j);
    const a = this.a(l, n, j);
    return z === undefined || a === undefined
      ? undefined
      : activationDerivative(this.activations[l - 1], z, a);
  }
  logit(n: number, k: number): number | undefined {
    return this.at(this.logitsName, n, k);
  }
  dLogit(n: number, k: number): number | undefined {
    return this.at(this.logitsName, n, k, true);
  }
  prob(n: number, k: number): number | undefined {
    return this.at('probs', n, k);
  }

  private soft(n: number): { max: number; exp: number[]; sum: number } | undefined {
    const known = this.softmax.get(n);
    if (known) return known;
    const r = this.byName.get(this.logitsName);
    if (!r) return undefined;
    const V = r.shape[1];
    const z = Array.from(r.value.subarray(n * V, (n + 1) * V));
    const max = Math.max(...z);
    const exp = z.map((v) => Math.exp(v - max));
    // Summed left to right, as SUM over the row does.
    const s = { max, exp, sum: exp.reduce((a, b) => a + b, 0) };
    this.softmax.set(n, s);
    return s;
  }
  max(n: number): number | undefined {
    return this.soft(n)?.max;
  }
  exp(n: number, k: number): number | undefined {
    return this.soft(n)?.exp[k];
  }
  sum(n: number): number | undefined {
    return this.soft(n)?.sum;
  }
  /** −ln p[target] of example n of the batch. */
  nll(n: number, target: number): number | undefined {
    const p = this.prob(n, target);
    return p === undefined ? undefined : -Math.log(p);
  }
  update(name: string): ParamUpdate | undefined {
    return this.updates.get(name);
  }
}
