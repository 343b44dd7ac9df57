import type { ExplainLine, ExplainSection } from '../doc';
import { type Expr, add, frac, fn, mul, neg, num, paren, sub, sum, sym, text } from '../math';
import { type LmContext, byChar } from './context';
import { libm } from '@unha/engine';

/**
 * The characters whose softmax is written out: the first few of the vocabulary and the target (the
 * one the loss reads), in the vocabulary's order; all of them with --unit.
 */
export function shownChars(ctx: LmContext): number[] {
  if (ctx.opts.unit !== undefined) return Array.from({ length: ctx.V }, (_, c) => c);
  const k = Math.min(ctx.V, Math.max(ctx.maxEntries - 2, 3));
  const shown = Array.from({ length: k }, (_, c) => c);
  if (!shown.includes(ctx.target)) shown.push(ctx.target);
  return shown;
}

/** The largest logit, the exps of the logits minus it, and their sum. */
function shifted(z: ArrayLike<number>): { top: number; max: number; e: number[]; S: number } {
  let top = 0;
  for (let c = 1; c < z.length; c++) if (z[c] > z[top]) top = c;
  const max = z[top];
  const e = Array.from(z, (v) => libm.exp(v - max));
  return { top, max, e, S: e.reduce((a, b) => a + b, 0) };
}

/**
 * Softmax worked out as a person would: subtract the largest logit, take exp of each, add them up,
 * divide. The exps and their sum are the arithmetic of the explanation (the engine keeps only the
 * probabilities); every p shown is the engine's, and tests hold e[c]/S to it.
 */
export function softmaxSection(ctx: LmContext): ExplainSection {
  const { m, V } = ctx;
  const z = ctx.rowOf(ctx.rec('logits')!, 'value');
  const p = ctx.rowOf(ctx.rec('probs')!, 'value');
  const { top, max, e, S } = shifted(z);
  const shown = shownChars(ctx);
  const lines: ExplainLine[] = [
    {
      chain: [
        byChar('p', 'c'),
        frac(
          fn('exp', sub(byChar('logit', 'c'), sym('max'))),
          sum('c', fn('exp', sub(byChar('logit', 'c'), sym('max')))),
        ),
      ],
    },
    { text: m.maxIs(ctx.ch(top)), note: true },
    { chain: [sym('max'), byChar('logit', ctx.ch(top)), num(max)] },
    { text: m.expEach, note: true },
  ];
  for (const c of shown)
    lines.push({
      chain: [
        byChar('e', ctx.ch(c)),
        fn('exp', sub(byChar('logit', ctx.ch(c)), sym('max'))),
        fn('exp', sub(num(z[c]), num(max))),
        num(e[c]),
      ],
    });
  if (shown.length < V) lines.push(ctx.more(m.moreChars(V - shown.length)));
  lines.push({ text: m.sumExp(V), note: true });
  const terms: Expr[] =
    shown.length === V ? e.map((v) => num(v)) : [...shown.slice(0, 3).map((c) => num(e[c])), text('…')];
  lines.push({ chain: [sym('S'), sum('c', byChar('e', 'c')), add(...terms), num(S)] });
  lines.push({ text: m.eachP, note: true });
  for (const c of shown)
    lines.push({
      chain: [
        byChar('p', ctx.ch(c)),
        frac(byChar('e', ctx.ch(c)), sym('S')),
        frac(num(e[c]), num(S)),
        num(p[c]),
      ],
    });
  if (shown.length < V) lines.push(ctx.more(m.moreChars(V - shown.length)));
  lines.push({ chain: [sym('p'), ctx.vector(p)] });
  lines.push({ text: m.pSumsToOne, note: true });
  return { id: 'softmax', title: m.softmax, lines };
}

/** The loss of this example −ln p[target] beside the uniform guess ln V, and the batch's mean. */
export function lossSection(ctx: LmContext): ExplainSection {
  const { m, V, B, target } = ctx;
  const t = ctx.ch(target);
  // ln p written as log-softmax, z[t] − max − ln S: the engine's fused form, finite even when p
  // itself rounds to 0 (a run that diverges has logits a billion apart).
  const z = ctx.rowOf(ctx.rec('logits')!, 'value');
  const { max, S } = shifted(z);
  const p = ctx.rowOf(ctx.rec('probs')!, 'value');
  const lines: ExplainLine[] = [
    { text: m.lossIs(t), note: true },
    {
      chain: [
        sym('ℓ'),
        neg(fn('ln', byChar('p', t))),
        ...(p[target] > 0 ? [neg(fn('ln', num(p[target])))] : []),
        sub(fn('ln', num(S)), paren(sub(num(z[target]), num(max)))),
        num(libm.log(S) - (z[target] - max)),
      ],
    },
    { text: m.uniform(V), note: true },
    { chain: [fn('ln', num(V)), num(libm.log(V))] },
  ];
  if (B > 1) {
    // The first few examples' losses, read from the engine's probabilities, then the engine's mean.
    const { targets } = ctx.run.data.train;
    const logits = ctx.rec('logits')!;
    const w = logits.shape[1] ?? V;
    const ell = (k: number): number => {
      const row = logits.value.subarray(k * w, (k + 1) * w);
      const r = shifted(row);
      return libm.log(r.S) - (row[targets[ctx.step.batch[k]]] - r.max);
    };
    const first = Array.from({ length: Math.min(B, 3) }, (_, k) => num(ell(k)));
    lines.push({ text: m.batchLoss(B), note: true });
    lines.push({
      chain: [
        sym('L'),
        mul(frac(num(1), num(B)), sum('n', sym('ℓ', undefined, ['n']))),
        frac(add(...first, ...(B > 3 ? [text('…')] : [])), num(B)),
        num(ctx.step.loss),
      ],
    });
  } else lines.push({ chain: [sym('L'), sym('ℓ'), num(ctx.step.loss)] });
  return { id: 'loss', title: m.loss, lines };
}
