import type { Activation } from '../experiment';
import { exp, tanh } from './libm';

/**
 * A formula as a small tree of plain data, for renderers that put numbers into it (the explanation
 * shows ∂a/∂z = 1 − a² and then 1 − 0,6²). Its node shapes are those of @unha/explain's expression
 * tree, so the explanation reads it without a copy of each rule. The symbols are 'z' (the weighted
 * sum) and 'a' (the activation); an `indicator` symbol such as [z>0] is shown with its value (0 or 1)
 * when numbers are put in.
 */
export type Formula =
  | { k: 'num'; v: number }
  | { k: 'sym'; base: string; indicator?: true }
  | { k: 'op'; op: '+' | '−' | '·'; args: Formula[] }
  | { k: 'pow'; x: Formula; p: number }
  | { k: 'paren'; x: Formula }
  | { k: 'fn'; f: 'tanh' | 'σ' | 'max'; args: Formula[] };

const z: Formula = { k: 'sym', base: 'z' };
const a: Formula = { k: 'sym', base: 'a' };
const one: Formula = { k: 'num', v: 1 };

/** Everything about one activation, in one place: read by the ops, the explanation and the sheet. */
export interface ActivationRule {
  name: Activation;
  /** a = f(z) for one number. */
  forward: (z: number) => number;
  /** ∂a/∂z for one number, given z and a = f(z) (written with a where a person would: 1 − a²). */
  derivative: (z: number, a: number) => number;
  /** f(z) and its derivative as plain text and as TeX (docs, the op glossary, the web). */
  text: string;
  tex: string;
  derivativeText: string;
  derivativeTex: string;
  /** The same as trees, for the explanation's worked arithmetic. */
  expr: Formula;
  derivativeExpr: Formula;
  /** Spreadsheet formulas, given the cell references of z and a (LibreOffice and Excel syntax). */
  sheet: { forward: (z: string) => string; derivative: (z: string, a: string) => string };
}

/** σ(z), computed so that large |z| neither overflows nor loses precision. */
export function sigmoidValue(v: number): number {
  if (v >= 0) return 1 / (1 + exp(-v));
  const e = exp(v);
  return e / (1 + e);
}

export const activationTable: Readonly<Record<Activation, ActivationRule>> = {
  identity: {
    name: 'identity',
    forward: (v) => v,
    derivative: () => 1,
    text: 'z',
    tex: 'z',
    derivativeText: '1',
    derivativeTex: '1',
    expr: z,
    derivativeExpr: one,
    sheet: { forward: (zr) => zr, derivative: () => '1' },
  },
  relu: {
    name: 'relu',
    forward: (v) => (v > 0 ? v : 0),
    // NOTE: at exactly z = 0 the derivative is undefined; we take 0, as PyTorch does.
    derivative: (v) => (v > 0 ? 1 : 0),
    text: 'max(0, z)',
    tex: '\\max(0, z)',
    derivativeText: '1 if z > 0, else 0',
    derivativeTex: '[z > 0]',
    expr: { k: 'fn', f: 'max', args: [{ k: 'num', v: 0 }, z] },
    derivativeExpr: { k: 'sym', base: '[z>0]', indicator: true },
    sheet: { forward: (zr) => `MAX(0,${zr})`, derivative: (zr) => `IF(${zr}>0,1,0)` },
  },
  tanh: {
    name: 'tanh',
    forward: tanh,
    // Written with the OUTPUT a = tanh(z): 1 − a², the form a person computes by hand.
    derivative: (_v, av) => 1 - av * av,
    text: 'tanh(z)',
    tex: '\\tanh(z)',
    derivativeText: '1 − a²',
    derivativeTex: '1 - a^2',
    expr: { k: 'fn', f: 'tanh', args: [z] },
    derivativeExpr: { k: 'paren', x: { k: 'op', op: '−', args: [one, { k: 'pow', x: a, p: 2 }] } },
    sheet: { forward: (zr) => `TANH(${zr})`, derivative: (_zr, ar) => `1-${ar}^2` },
  },
  sigmoid: {
    name: 'sigmoid',
    forward: sigmoidValue,
    derivative: (_v, av) => av * (1 - av),
    text: 'σ(z) = 1 / (1 + e^(−z))',
    tex: '\\sigma(z) = \\frac{1}{1 + e^{-z}}',
    derivativeText: 'a·(1 − a)',
    derivativeTex: 'a\\,(1 - a)',
    expr: { k: 'fn', f: 'σ', args: [z] },
    derivativeExpr: { k: 'op', op: '·', args: [a, { k: 'paren', x: { k: 'op', op: '−', args: [one, a] } }] },
    sheet: {
      // σ as the engine computes it (sigmoidValue): EXP of a large −z overflows to #NUM! in a
      // spreadsheet, so a negative z uses the equal e^z/(1 + e^z). IF evaluates one branch only.
      forward: (zr) => `IF(${zr}>=0,1/(1+EXP(-${zr})),EXP(${zr})/(1+EXP(${zr})))`,
      derivative: (_zr, ar) => `${ar}*(1-${ar})`,
    },
  },
};
