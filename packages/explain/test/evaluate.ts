import type { Expr } from '../src/math';

/**
 * Evaluates an expression that holds only numbers (the "numbers put in" link of a chain), or returns
 * undefined when it holds a symbol or an ellipsis. An independent check: the explanation's arithmetic
 * must give the result the engine recorded.
 */
export function evaluate(e: Expr): number | undefined {
  switch (e.k) {
    case 'num':
      return e.v;
    case 'op': {
      const vals = e.args.map(evaluate);
      if (vals.some((v) => v === undefined)) return undefined;
      const [first, ...rest] = vals as number[];
      return rest.reduce((acc, v) => (e.op === '+' ? acc + v : e.op === '−' ? acc - v : acc * v), first);
    }
    case 'frac': {
      const n = evaluate(e.num);
      const d = evaluate(e.den);
      return n === undefined || d === undefined ? undefined : n / d;
    }
    case 'pow': {
      const x = evaluate(e.x);
      return x === undefined ? undefined : x ** e.p;
    }
    case 'sqrt': {
      const x = evaluate(e.x);
      return x === undefined ? undefined : Math.sqrt(x);
    }
    case 'paren':
      return evaluate(e.x);
    case 'fn': {
      const a = e.args.map(evaluate);
      if (a.some((v) => v === undefined)) return undefined;
      const v = a as number[];
      if (e.f === 'tanh') return Math.tanh(v[0]);
      if (e.f === 'σ') return 1 / (1 + Math.exp(-v[0]));
      if (e.f === 'max') return Math.max(...v);
      return Math.exp(v[0]);
    }
    default:
      return undefined;
  }
}
