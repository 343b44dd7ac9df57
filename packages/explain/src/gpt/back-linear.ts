import type { ExplainLine } from '../doc';
import { type Expr, d, mul, num, sum, sym } from '../math';
import type { GptContext } from './context';

export const i = (base: string, ...idx: (number | string)[]): Expr => sym(base, undefined, idx);
export const L = sym('L');
export const dL = (base: string, ...idx: (number | string)[]): Expr => d(L, i(base, ...idx));

/** ∂L/∂out[k] = Σⱼ ∂L/∂next[j]·W[j,k]: what a linear layer hands back to its input, one entry. */
export function backLinear(
  ctx: GptContext,
  o: {
    into: string;
    from: string;
    wName: string;
    W: string;
    gradOut: ArrayLike<number>;
    k: number;
    value: number;
    /** The gradient reaching the output passed a dropout mask first. */
    dropped?: boolean;
  },
): ExplainLine {
  const W = ctx.update(o.W);
  const [rows, cols] = W.shape;
  const column = Array.from({ length: rows }, (_, j) => W.before[j * cols + o.k]);
  return {
    chain: [
      dL(o.into, o.k),
      sum('j', mul(dL(o.from, 'j'), i(o.wName, 'j', o.k))),
      ...(o.dropped ? ctx.ifExact([ctx.dots(o.gradOut, column)]) : [ctx.dots(o.gradOut, column)]),
      num(o.value),
    ],
  };
}
