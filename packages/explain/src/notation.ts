import type { Experiment } from '@unha/engine';
import { type Expr, sym } from './math';

/**
 * How symbols are written for a network. A single neuron reads as in the seed (ŷ = W·x + B, or
 * W₁·a + W₂·b + B); larger networks use layer numbers and 1-based indices (z2[1], W2[1,3]).
 */
export interface Notation {
  simple: boolean;
  w(l: number, j: number, i: number): Expr;
  b(l: number, j: number): Expr;
  /** The i-th value entering layer l (an input for l = 1, an activation of layer l − 1 otherwise). */
  input(l: number, i: number): Expr;
  z(l: number, j: number): Expr;
  a(l: number, j: number): Expr;
  yhat(k: number): Expr;
  y(k: number): Expr;
  e(k: number): Expr;
  /** The parameter's name for a value: W, B, W₁ (simple) or W2[1,3] (general). */
  param(name: string, index: number): Expr;
}

export function notation(exp: Experiment): Notation {
  const layers = exp.model.layers;
  const nIn = exp.data.inputs[0].length;
  const nOut = exp.data.targets[0].length;
  const simple = layers.length === 1 && layers[0].units === 1;
  const names = exp.data.inputNames;
  // Short input names (x, a, b) read well in formulas; long CSV headers would not.
  const useNames =
    names !== undefined && names.every((n) => /^[A-Za-z][A-Za-z0-9]?$/.test(n) && n !== 'B' && n !== 'W');
  const inputSym = (i: number): Expr =>
    useNames ? sym(names[i]) : nIn === 1 ? sym('x') : sym('x', undefined, [i + 1]);
  const outIdx = (k: number): number[] | undefined => (nOut === 1 ? undefined : [k + 1]);
  const unitIdx = (l: number, j: number): number[] | undefined =>
    layers[l - 1].units === 1 ? undefined : [j + 1];
  const n: Notation = {
    simple,
    w: (l, j, i) =>
      simple ? (nIn === 1 ? sym('W') : sym('W', undefined, [i + 1])) : sym('W', l, [j + 1, i + 1]),
    b: (l, j) => (simple ? sym('B') : sym('b', l, unitIdx(l, j))),
    input: (l, i) => (l === 1 ? inputSym(i) : n.a(l - 1, i)),
    z: (l, j) =>
      l === layers.length && layers[l - 1].activation === 'identity' ? n.yhat(j) : sym('z', l, unitIdx(l, j)),
    a: (l, j) =>
      l === layers.length
        ? n.yhat(j)
        : layers[l - 1].activation === 'identity'
          ? n.z(l, j)
          : sym('a', l, unitIdx(l, j)),
    yhat: (k) => sym('ŷ', undefined, outIdx(k)),
    y: (k) => sym('y', undefined, outIdx(k)),
    e: (k) => sym('e', undefined, outIdx(k)),
    param: (name, index) => {
      const l = Number(name.slice(1));
      if (name.startsWith('W')) {
        const fanIn = l === 1 ? nIn : layers[l - 2].units;
        return n.w(l, Math.floor(index / fanIn), index % fanIn);
      }
      return n.b(l, index);
    },
  };
  return n;
}
