import type { ExplainLine, ExplainSection } from '../doc';
import { type Expr, add, fn, mul, num, sum, sym, text, vec } from '../math';
import { type DenseView, type LmContext, byChar, eRow, shownUnits } from './context';

/** The context of the chosen example: which training example it is, its characters and their indices. */
export function contextSection(ctx: LmContext, batches?: 'sequential' | 'random'): ExplainSection {
  const { m, tokens, target, run } = ctx;
  const word = run.data.train.word?.[ctx.row];
  const lines: ExplainLine[] = [
    { text: m.batchIs(ctx.B, batches), note: true },
    { text: m.exampleIs(ctx.row + 1, word !== undefined ? run.data.trainWords?.[word] : undefined) },
    {
      text: m.contextIs(tokens.map((t) => ctx.ch(t)).join(''), tokens.join(', '), ctx.ch(target), target),
    },
  ];
  if (tokens.includes(0) || target === 0) lines.push({ text: m.boundary, note: true });
  return { id: 'data', title: m.context, lines };
}

const activation = (act: DenseView['act'], z: Expr): Expr =>
  act === 'tanh' ? fn('tanh', z) : act === 'sigmoid' ? fn('σ', z) : act === 'relu' ? fn('max', num(0), z) : z;

/** The symbol of the i-th value entering dense layer l: x[i] (the concatenated embeddings) or a(l−1)[i]. */
export const inputSym = (l: number, i: number | string): Expr =>
  l === 1
    ? sym('x', undefined, [typeof i === 'number' ? String(i + 1) : i])
    : sym('a', l - 1, [typeof i === 'number' ? i + 1 : i]);

/** The symbol of unit j of layer l's weighted sum and output; the last layer's are the logits, by character. */
export function zSym(ctx: LmContext, d: DenseView, j: number): Expr {
  return d.l === ctx.dense.length ? byChar('logit', ctx.ch(j)) : sym('z', d.l, [j + 1]);
}
export function aSym(ctx: LmContext, d: DenseView, j: number): Expr {
  return d.act === 'identity' ? zSym(ctx, d, j) : sym('a', d.l, [j + 1]);
}

/** The values entering dense layer l for this example: the embeddings, or the previous layer's outputs. */
export function layerInput(ctx: LmContext, l: number): Float64Array {
  if (l === 1) return ctx.rowOf(ctx.rec('embedding')!, 'value');
  return layerOutput(ctx, ctx.dense[l - 2]);
}
export function layerZ(ctx: LmContext, d: DenseView): Float64Array {
  const r = ctx.rec('z', d.l) ?? (d.l === ctx.dense.length ? ctx.rec('logits') : undefined);
  if (!r) throw new Error(`explain: no record of z${d.l}`);
  return ctx.rowOf(r, 'value');
}
export function layerOutput(ctx: LmContext, d: DenseView): Float64Array {
  if (d.l === ctx.dense.length) return ctx.rowOf(ctx.rec('logits')!, 'value');
  const a = d.act === 'identity' ? undefined : ctx.rec('a', d.l);
  return a ? ctx.rowOf(a, 'value') : layerZ(ctx, d);
}

/** The embedding rows looked up, their concatenation, each dense layer, and the logits. */
export function forwardSection(ctx: LmContext): ExplainSection {
  const { m, tokens, D } = ctx;
  const lines: ExplainLine[] = [];
  const emb = ctx.rec('embedding');
  if (emb) {
    const x = ctx.rowOf(emb, 'value');
    const bigram = ctx.dense.length === 0;
    lines.push({ text: bigram ? m.bigramLookup : m.lookup(tokens.length, D), note: true });
    // Each row as the lookup gave it (the engine's values), then the rows side by side.
    tokens.forEach((t, k) =>
      lines.push({
        chain: [eRow(t), ctx.vector(x.subarray(k * D, (k + 1) * D), ctx.opts.unit !== undefined)],
      }),
    );
    if (!bigram && tokens.length > 1)
      lines.push({ chain: [sym('x'), vec(tokens.map((t) => eRow(t))), ctx.vector(x)] });
  }
  for (const d of ctx.dense) lines.push(...denseLines(ctx, d));
  const logits = ctx.rec('logits');
  if (logits) {
    const v = ctx.rowOf(logits, 'value');
    lines.push({ chain: [sym('logit'), ctx.vector(v)] });
    lines.push({ chain: [byChar('logit', ctx.ch(ctx.target)), num(v[ctx.target])] });
  }
  return { id: 'forward', title: m.forward, lines };
}

/** One dense layer: z = W·x + b with the numbers put in, for the units shown, then the activation. */
function denseLines(ctx: LmContext, d: DenseView): ExplainLine[] {
  const { m } = ctx;
  const last = d.l === ctx.dense.length;
  const lines: ExplainLine[] = [
    { text: last ? m.logitsLayer(d.units) : m.layer(d.l, d.units, d.act, d.inputs), note: true },
  ];
  const W = ctx.update(`W${d.l}`);
  const b = ctx.update(`b${d.l}`);
  if (!W || !b) return lines;
  const x = layerInput(ctx, d.l);
  const z = layerZ(ctx, d);
  const out = layerOutput(ctx, d);
  // The logits layer shows the target's logit (the one the loss reads); --unit picks another.
  const units =
    last && ctx.opts.unit === undefined ? { shown: [ctx.target], hidden: 0 } : shownUnits(ctx, d.units);
  const full = ctx.opts.unit !== undefined;
  for (const j of units.shown) {
    const k = full ? d.inputs : Math.min(d.inputs, 3);
    const terms: Expr[] = [];
    const values: Expr[] = [];
    for (let i = 0; i < k; i++) {
      terms.push(mul(sym('W', d.l, [j + 1, i + 1]), inputSym(d.l, i)));
      values.push(mul(num(W.before[j * d.inputs + i]), num(x[i])));
    }
    const cut = k < d.inputs;
    if (cut) {
      ctx.partial = true;
      values.push(text(ctx.m.more(d.inputs - k)));
    }
    const symbolic =
      d.inputs > 3
        ? add(sum('i', mul(sym('W', d.l, [j + 1, 'i']), inputSym(d.l, 'i'))), sym('b', d.l, [j + 1]))
        : add(...terms, sym('b', d.l, [j + 1]));
    lines.push({ chain: [zSym(ctx, d, j), symbolic, add(...values, num(b.before[j])), num(z[j])] });
    if (d.act !== 'identity')
      lines.push({
        chain: [
          aSym(ctx, d, j),
          activation(d.act, zSym(ctx, d, j)),
          activation(d.act, num(z[j])),
          num(out[j]),
        ],
      });
  }
  if (units.hidden > 0) lines.push(ctx.more(m.moreUnits(units.hidden)));
  if (!last) lines.push({ chain: [sym(d.act === 'identity' ? 'z' : 'a', d.l), ctx.vector(out)] });
  return lines;
}
