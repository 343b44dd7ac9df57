import {
  type Activation,
  type Inference,
  type ModelFile,
  activationTable,
  modelExperiment,
} from '@unha/engine';
import type { ExplainDoc, ExplainLine } from './doc';
import type { Locale } from './format';
import { messages } from './locales/index';
import { type Expr, add, frac, mul, num, paren, sub, sum, sym, text } from './math';
import { notation } from './notation';
import { formulaExpr } from './formula';

export interface PredictOptions {
  locale: Locale;
  /** Only this example (1-based). */
  example?: number;
  /** How many examples and units to write out (defaults: 4 examples for one neuron, else 1; 4 units). */
  maxExamples?: number;
  maxUnits?: number;
}

/** f(z) from the engine's activation table, with z given (identity: z itself). */
function activationExpr(act: Activation, z: Expr): Expr {
  return formulaExpr(activationTable[act].expr, { z, a: z });
}

/** x → x̃: the symbol of a z-scored input. */
function tilde(e: Expr): Expr {
  return e.k === 'sym' ? { ...e, base: `${e.base}\u0303` } : e;
}

/**
 * Inference by hand (the seed's moment 16: "isso é a inferência"): the new input, its z-score when the
 * model was trained on normalized data, and the forward pass with the trained parameters, e.g.
 * ŷ = W·x + B = 2,0919·5 + 0,5306 = 10,99. Every result is a number the engine computed.
 */
export function explainPrediction(model: ModelFile, inf: Inference, opts: PredictOptions): ExplainDoc {
  const m = messages(opts.locale);
  const exp = modelExperiment(model);
  const nt = notation(exp);
  const layers = model.layers;
  const nL = layers.length;
  const N = inf.inputs.length;
  const maxEx = opts.maxExamples ?? (nt.simple ? 4 : 1);
  const maxUnits = opts.maxUnits ?? 4;
  const shown =
    opts.example !== undefined
      ? [Math.min(Math.max(opts.example, 1), N) - 1]
      : Array.from({ length: Math.min(N, maxEx) }, (_, i) => i);
  const norm = model.normalization;
  const inSym = (l: number, i: number): Expr => (l === 1 && norm ? tilde(nt.input(1, i)) : nt.input(l, i));
  const inVal = (l: number, n: number, i: number): number =>
    l === 1 ? (inf.normalized ?? inf.inputs)[n][i] : inf.layers[l - 2].a[n][i];

  const data: ExplainLine[] = [];
  const fwd: ExplainLine[] = [];
  if (norm) data.push({ text: m.normalizeNote, note: true });
  for (const n of shown) {
    const header: ExplainLine[] = N > 1 ? [{ text: m.example(n + 1, N) }] : [];
    if (norm) {
      data.push(...header);
      inf.inputs[n].forEach((x, i) =>
        data.push({
          chain: [
            inSym(1, i),
            frac(paren(sub(nt.input(1, i), sym('μ', undefined, [i + 1]))), sym('σ', undefined, [i + 1])),
            frac(paren(sub(num(x), num(norm.mean[i]))), num(norm.std[i])),
            num(inf.normalized![n][i]),
          ],
        }),
      );
    }
    fwd.push(...header);
    layers.forEach((layer, li) => {
      const l = li + 1;
      const k = l === 1 ? model.inputs : layers[l - 2].units;
      const W = model.params[`W${l}`] as number[][];
      const b = model.params[`b${l}`] as number[];
      if (!nt.simple) fwd.push({ text: m.layer(l, layer.units, layer.activation), note: true });
      const units = Math.min(layer.units, maxUnits);
      for (let j = 0; j < units; j++) {
        const long = k > 6;
        const terms = Array.from({ length: k }, (_, i) => mul(nt.w(l, j, i), inSym(l, i)));
        const values = Array.from({ length: k }, (_, i) => mul(num(W[j][i]), num(inVal(l, n, i))));
        const symbolic = long
          ? add(
              sum(
                'i',
                mul(sym('W', l, [j + 1, 'i']), l === 1 ? sym('x', undefined, ['i']) : sym('a', l - 1, ['i'])),
              ),
              nt.b(l, j),
            )
          : add(...terms, nt.b(l, j));
        const numeric = long ? add(...values.slice(0, 3), text('…'), num(b[j])) : add(...values, num(b[j]));
        fwd.push({ chain: [nt.z(l, j), symbolic, numeric, num(inf.layers[li].z[n][j])] });
        if (layer.activation !== 'identity')
          fwd.push({
            chain: [
              nt.a(l, j),
              activationExpr(layer.activation, nt.z(l, j)),
              activationExpr(layer.activation, num(inf.layers[li].z[n][j])),
              num(inf.layers[li].a[n][j]),
            ],
          });
      }
      if (layer.units > units) fwd.push({ text: m.moreUnits(layer.units - units), note: true });
    });
  }
  if (shown.length < N) fwd.push({ text: m.moreExamples(N - shown.length), note: true });
  if (layers.some((l, i) => l.dropout && i < nL - 1)) fwd.push({ text: m.noDropoutAtPrediction, note: true });

  const result: ExplainLine[] = [];
  for (const n of shown)
    inf.outputs[n].forEach((v, k) =>
      result.push({
        ...(N > 1 && k === 0 && { text: m.example(n + 1, N) }),
        chain: [nt.yhat(k), num(v)],
      }),
    );
  return {
    locale: opts.locale,
    epoch: model.trained?.epochs ?? 0,
    step: 1,
    title: m.predictTitle,
    partial: shown.length < N || layers.some((l) => l.units > maxUnits),
    sections: [
      ...(norm ? [{ id: 'data' as const, title: m.normalizeTitle, lines: data }] : []),
      { id: 'forward', title: m.forward, lines: fwd },
      { id: 'summary', title: m.summary, lines: result },
    ],
  };
}
