import type { ExplainLine, ExplainSection } from '../doc';
import { type Expr, add, d, frac, mul, num, paren, pow, sub, sum, sym, text } from '../math';
import { type DenseView, type LmContext, byChar, eRow, shownUnits } from './context';
import { aSym, inputSym, layerInput, layerOutput, layerZ, zSym } from './forward';
import { shownChars } from './softmax';

const L = sym('L');

/** The derivative of an activation at this unit, in symbols and with the numbers (from a = act(z)). */
function actPrime(act: DenseView['act'], aS: Expr, a: number, z: number): { s: Expr; v: Expr } {
  if (act === 'tanh') return { s: paren(sub(num(1), pow(aS, 2))), v: paren(sub(num(1), pow(num(a), 2))) };
  if (act === 'sigmoid')
    return { s: mul(aS, paren(sub(num(1), aS))), v: mul(num(a), paren(sub(num(1), num(a)))) };
  if (act === 'relu') return { s: sym('[z>0]'), v: num(z > 0 ? 1 : 0) };
  return { s: num(1), v: num(1) };
}

/**
 * Backpropagation for the chosen example: ∂L/∂logit = (p − onehot)/B for every logit, back through
 * each dense layer, into the embedding rows. The gradients of this example's values are the engine's
 * records; a parameter's gradient is the engine's sum over the whole batch, shown beside this
 * example's part of it.
 */
export function backwardSection(ctx: LmContext): ExplainSection {
  const { m, B, V, target } = ctx;
  const logits = ctx.rec('logits')!;
  const p = ctx.rowOf(ctx.rec('probs')!, 'value');
  const g = ctx.rowOf(logits, 'grad');
  const lines: ExplainLine[] = [
    { text: m.gradNote, note: true },
    { text: m.meanNote(B), note: true },
    { text: m.dLogitNote, note: true },
    { text: m.dLogitTarget(ctx.ch(target)), note: true },
  ];
  const t = ctx.ch(target);
  const over = (e: Expr, v: Expr): [Expr, Expr] =>
    B === 1 ? [e, v] : [frac(paren(e), sym('B')), frac(paren(v), num(B))];
  const [ts, tv] = over(sub(byChar('p', t), num(1)), sub(num(p[target]), num(1)));
  lines.push({ chain: [d(L, byChar('logit', t)), ts, tv, num(g[target])] });
  lines.push({ text: m.dLogitOthers, note: true });
  const others = shownChars(ctx).filter((c) => c !== target);
  for (const c of others) {
    const [s, v] =
      B === 1
        ? [byChar('p', ctx.ch(c)), num(p[c])]
        : [frac(byChar('p', ctx.ch(c)), sym('B')), frac(num(p[c]), num(B))];
    lines.push({ chain: [d(L, byChar('logit', ctx.ch(c))), s, v, num(g[c])] });
  }
  if (others.length < V - 1) lines.push(ctx.more(m.moreChars(V - 1 - others.length)));
  lines.push({ text: m.gradVector, note: true });
  lines.push({ chain: [d(L, sym('logit')), ctx.vector(g)] });

  for (const dl of [...ctx.dense].reverse()) lines.push(...denseBack(ctx, dl));
  lines.push(...embeddingBack(ctx));
  return { id: 'backward', title: m.backward, lines };
}

/** The gradient of this example's z of a layer: the logits' gradient for the last one. */
function gradZ(ctx: LmContext, dl: DenseView): Float64Array {
  const r = dl.l === ctx.dense.length ? ctx.rec('logits')! : (ctx.rec('z', dl.l) ?? ctx.rec('a', dl.l)!);
  return ctx.rowOf(r, 'grad');
}

/**
 * sgd and adam with weightDecay: PyTorch's coupled weight_decay adds λ·p to the gradient of tables
 * and weights (not biases) before the step, so the gradient the update reads holds that term.
 */
function coupledDecay(ctx: LmContext, shape: number[]): number | undefined {
  const o = ctx.run.experiment.optimizer;
  return o && o.name !== 'adamw' && o.weightDecay && shape.length >= 2 ? o.weightDecay : undefined;
}

/** Σⱼ ∂L/∂z(l)[j]·W(l)[j,i]: what layer l hands back to its input i (over the characters c for the logits). */
function backSum(ctx: LmContext, dl: DenseView, i: number): Expr {
  const last = dl.l === ctx.dense.length;
  const j = last ? 'c' : 'j';
  const z = last ? byChar('logit', 'c') : sym('z', dl.l, ['j']);
  return sum(j, mul(d(L, z), sym('W', dl.l, [j, i])));
}

function denseBack(ctx: LmContext, dl: DenseView): ExplainLine[] {
  const { m } = ctx;
  const last = dl.l === ctx.dense.length;
  const W = ctx.update(`W${dl.l}`);
  const b = ctx.update(`b${dl.l}`);
  if (!W || !b) return [];
  const lines: ExplainLine[] = [
    { text: last ? m.logitsLayer(dl.units) : m.layer(dl.l, dl.units, dl.act, dl.inputs), note: true },
  ];
  const gz = gradZ(ctx, dl);
  const lam = coupledDecay(ctx, W.shape);
  if (lam !== undefined) lines.push({ text: m.coupledDecay(lam), note: true });
  const units =
    last && ctx.opts.unit === undefined ? { shown: [ctx.target], hidden: 0 } : shownUnits(ctx, dl.units);
  if (!last && dl.act !== 'identity') {
    // ∂L/∂a comes from the next layer (l + 1); then through the activation.
    const next = ctx.dense[dl.l];
    const Wn = ctx.update(`W${next.l}`)!;
    const gzNext = gradZ(ctx, next);
    const a = layerOutput(ctx, dl);
    const z = layerZ(ctx, dl);
    const ga = ctx.rowOf(ctx.rec('a', dl.l)!, 'grad');
    lines.push({ text: m.dLda(dl.l), note: true });
    for (const i of units.shown) {
      const k = ctx.opts.unit !== undefined ? next.units : Math.min(next.units, 3);
      const terms: Expr[] = Array.from({ length: k }, (_, j) =>
        mul(num(gzNext[j]), num(Wn.before[j * next.inputs + i])),
      );
      if (k < next.units) terms.push(text(m.more(next.units - k)));
      lines.push({
        chain: [d(L, aSym(ctx, dl, i)), backSum(ctx, next, i + 1), add(...terms), num(ga[i])],
      });
    }
    lines.push({ text: m.dLdz(dl.act), note: true });
    for (const j of units.shown) {
      const pr = actPrime(dl.act, aSym(ctx, dl, j), a[j], z[j]);
      lines.push({
        chain: [d(L, zSym(ctx, dl, j)), mul(d(L, aSym(ctx, dl, j)), pr.s), mul(num(ga[j]), pr.v), num(gz[j])],
      });
    }
  }
  // One weight and the bias of each shown unit: this example's part, then the step's sum.
  const x = layerInput(ctx, dl.l);
  lines.push({ text: m.dLdW(ctx.B), note: true });
  for (const j of units.shown) {
    const i = 0;
    const part = mul(d(L, zSym(ctx, dl, j)), inputSym(dl.l, i));
    const w = sym('W', dl.l, [j + 1, i + 1]);
    lines.push({ text: m.thisPart, chain: [part, mul(num(gz[j]), num(x[i])), num(gz[j] * x[i])] });
    lines.push({
      chain: [
        d(L, w),
        lam !== undefined ? add(sum('n', part), mul(sym('λ'), w)) : sum('n', part),
        num(W.grad[j * dl.inputs + i]),
      ],
    });
    lines.push({ text: m.dLdb, note: true });
    lines.push({ chain: [d(L, sym('b', dl.l, [j + 1])), sum('n', d(L, zSym(ctx, dl, j))), num(b.grad[j])] });
  }
  if (units.hidden > 0) lines.push(ctx.more(m.moreUnits(units.hidden)));
  return lines;
}

/**
 * Into the table: the gradient of the concatenated embeddings, cut into one slice per context
 * position; a row used at two positions gets the sum of both slices.
 */
function embeddingBack(ctx: LmContext): ExplainLine[] {
  const { m, tokens, D } = ctx;
  const emb = ctx.rec('embedding');
  const E = ctx.update('E');
  if (!emb?.grad || !E) return [];
  const gx = ctx.rowOf(emb, 'grad');
  const lines: ExplainLine[] = [];
  const first = ctx.dense[0];
  if (first) {
    const W1 = ctx.update('W1')!;
    const gz = gradZ(ctx, first);
    lines.push({ text: m.dLdx, note: true });
    const k = ctx.opts.unit !== undefined ? first.units : Math.min(first.units, 3);
    const terms: Expr[] = Array.from({ length: k }, (_, j) =>
      mul(num(gz[j]), num(W1.before[j * first.inputs])),
    );
    if (k < first.units) terms.push(text(m.more(first.units - k)));
    lines.push({
      chain: [d(L, inputSym(1, 0)), backSum(ctx, first, 1), add(...terms), num(gx[0])],
    });
    lines.push({ chain: [d(L, sym('x')), ctx.vector(gx)] });
  }
  lines.push({ text: m.embGrad, note: true });
  const slice = (k: number): Float64Array => gx.subarray(k * D, (k + 1) * D);
  const all = ctx.opts.unit !== undefined;
  const seen = new Set<number>();
  for (const t of tokens) {
    if (seen.has(t)) continue;
    seen.add(t);
    const at = tokens.flatMap((u, k) => (u === t ? [k] : []));
    // The slice of x that position k looked up: x[kD+1 … (k+1)D] (x[k+1] when D is 1).
    const xs = (k: number, i?: number): Expr =>
      sym('x', undefined, [
        i !== undefined ? String(k * D + i + 1) : D === 1 ? String(k + 1) : `${k * D + 1}…${(k + 1) * D}`,
      ]);
    if (at.length === 1)
      lines.push({ text: m.embPart(t), chain: [d(L, xs(at[0])), ctx.vector(slice(at[0]), all)] });
    else {
      lines.push({ text: m.embTwice(ctx.ch(t), t, at.length), note: true });
      // The sum is the explanation's arithmetic over the engine's slices; the test recomputes it.
      const total = new Float64Array(D);
      for (const k of at) slice(k).forEach((v, i) => (total[i] += v));
      lines.push({
        text: m.embPart(t),
        chain: [
          add(...at.map((k) => d(L, xs(k)))),
          add(...at.map((k) => ctx.vector(slice(k), all))),
          ctx.vector(total, all),
        ],
      });
      if (D <= 4 || all)
        for (let i = 0; i < D; i++)
          lines.push({
            chain: [
              add(...at.map((k) => d(L, xs(k, i)))),
              add(...at.map((k) => num(slice(k)[i]))),
              num(total[i]),
            ],
          });
    }
    lines.push({ text: m.embBatch(t), note: true });
    const lam = coupledDecay(ctx, E.shape);
    if (lam !== undefined) lines.push({ text: m.coupledDecay(lam), note: true });
    lines.push({ chain: [d(L, eRow(t)), ctx.vector(E.grad.subarray(t * D, (t + 1) * D), all)] });
  }
  return lines;
}
