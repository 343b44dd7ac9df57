import type { Expr } from '../src/math';

/**
 * erf by its everywhere-convergent series of positive terms, erf(x) = 2/√π·e^(−x²)·Σ 2ⁿx^(2n+1)/(1·3·…·(2n+1)),
 * so no cancellation: a reference written apart from the engine's erf.
 */
export function erf(x: number): number {
  if (Math.abs(x) > 6) return Math.sign(x);
  let term = x;
  let total = x;
  for (let n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(total); n++) {
    term *= (2 * x * x) / (2 * n + 1);
    total += term;
  }
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * total;
}

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
    case 'neg': {
      const x = evaluate(e.x);
      return x === undefined ? undefined : -x;
    }
    case 'fn': {
      const a = e.args.map(evaluate);
      if (a.some((v) => v === undefined)) return undefined;
      const v = a as number[];
      if (e.f === 'tanh') return Math.tanh(v[0]);
      if (e.f === 'σ') return 1 / (1 + Math.exp(-v[0]));
      if (e.f === 'max') return Math.max(...v);
      if (e.f === 'ln') return Math.log(v[0]);
      if (e.f === 'erf') return erf(v[0]);
      return Math.exp(v[0]);
    }
    default:
      return undefined;
  }
}

/**
 * The values a symbolic formula's names stand for, looked up by the name as it reads ('W1[2,1]',
 * '∂L/∂z2', 'x₁'), for the example `n` (0-based) the line is about. `units(l)` is the number of units
 * of layer l, the range of an index j; `examples` the range of n.
 */
export interface Bindings {
  value(name: string, n: number): number | undefined;
  units(layer: number): number;
  examples: number;
}

const SUB = '₀₁₂₃₄₅₆₇₈₉';

/** A symbol's name, written independently of the explanation's renderer: W, W2[1,3], x₁, z2[j→2]. */
function nameOf(e: Expr, j: number | undefined): string {
  if (e.k === 'd') return `∂${nameOf(e.of, j)}/∂${nameOf(e.wrt, j)}`;
  if (e.k !== 'sym') throw new Error(`not a name: ${JSON.stringify(e)}`);
  const idx = (e.idx ?? []).map((i) => (i === 'j' ? j : i));
  if (idx.some((i) => i === undefined || typeof i === 'string'))
    throw new Error(`unbound index in ${JSON.stringify(e)}`);
  let s = e.base + (e.layer ?? '');
  if (idx.length === 1 && e.layer === undefined && (idx[0] as number) < 10) s += SUB[idx[0] as number];
  else if (idx.length > 0) s += `[${idx.join(',')}]`;
  return s;
}

/** The layer of the symbols indexed by j inside an expression (Σⱼ runs over that layer's units). */
function jLayer(e: Expr): number | undefined {
  if (e.k === 'sym') return e.idx?.includes('j') ? e.layer : undefined;
  if (e.k === 'd') return jLayer(e.of) ?? jLayer(e.wrt);
  const kids: Expr[] =
    e.k === 'op' || e.k === 'fn'
      ? e.args
      : e.k === 'frac'
        ? [e.num, e.den]
        : e.k === 'pow' || e.k === 'sqrt' || e.k === 'paren' || e.k === 'sum'
          ? [e.x]
          : [];
  for (const k of kids) {
    const l = jLayer(k);
    if (l !== undefined) return l;
  }
  return undefined;
}

/**
 * Evaluates a symbolic formula with the engine's numbers bound to its names: Σₙ sums over the
 * examples, Σⱼ over the units of the layer its j indexes. Its own arithmetic (σ computed the stable
 * way, as a calculator would), so that a wrong formula gives a wrong number.
 */
export function evaluateWith(e: Expr, b: Bindings, n: number, j?: number): number {
  const r = (x: Expr): number => evaluateWith(x, b, n, j);
  switch (e.k) {
    case 'num':
      return e.v;
    case 'sym':
    case 'd': {
      const name = nameOf(e, j);
      const v = b.value(name, n);
      if (v === undefined) throw new Error(`no value for ${name} (example ${n + 1})`);
      return v;
    }
    case 'op': {
      const [first, ...rest] = e.args.map(r);
      return rest.reduce((acc, v) => (e.op === '+' ? acc + v : e.op === '−' ? acc - v : acc * v), first);
    }
    case 'frac':
      return r(e.num) / r(e.den);
    case 'pow':
      return r(e.x) ** e.p;
    case 'sqrt':
      return Math.sqrt(r(e.x));
    case 'paren':
      return r(e.x);
    case 'neg':
      return -r(e.x);
    case 'fn': {
      const v = e.args.map(r);
      if (e.f === 'tanh') return Math.tanh(v[0]);
      if (e.f === 'σ') return v[0] >= 0 ? 1 / (1 + Math.exp(-v[0])) : Math.exp(v[0]) / (1 + Math.exp(v[0]));
      if (e.f === 'max') return Math.max(...v);
      if (e.f === 'ln') return Math.log(v[0]);
      if (e.f === 'erf') return erf(v[0]);
      return Math.exp(v[0]);
    }
    case 'sum': {
      let total = 0;
      if (e.over === 'n') for (let k = 0; k < b.examples; k++) total += evaluateWith(e.x, b, k, j);
      else if (e.over === 'j') {
        const layer = jLayer(e.x);
        if (layer === undefined) throw new Error('Σⱼ without a layer');
        for (let u = 1; u <= b.units(layer); u++) total += evaluateWith(e.x, b, n, u);
      } else throw new Error(`Σ over ${e.over}`);
      return total;
    }
    case 'text':
      throw new Error(`text in a formula: ${e.s}`);
    case 'vec':
    case 'rel':
      throw new Error(`${e.k} in a scalar formula`);
  }
}
