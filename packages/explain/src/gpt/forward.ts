import type { ExplainLine, ExplainSection } from '../doc';
import { type Expr, add, frac, fn, mul, neg, num, paren, sqrt, sub, sum, sym } from '../math';
import { FULL_SUM, type GptContext } from './context';
import { type LnView, lnForward } from './layernorm';
import { libm } from '@unha/engine';

const i = (base: string, ...idx: (number | string)[]): Expr => sym(base, undefined, idx);

/** The LayerNorms of block l and the final one, as the sections read them. */
export const ln1 = (l: number, input: string): LnView => ({
  rec: `h.${l}.ln_1`,
  input,
  x: 'x_in',
  out: 'ln1',
  param: `transformer.h.${l}.ln_1`,
});
export const ln2 = (l: number): LnView => ({
  rec: `h.${l}.ln_2`,
  input: `h.${l}.x_attn`,
  x: 'x_attn',
  out: 'ln2',
  param: `transformer.h.${l}.ln_2`,
});
export const lnF = (layers: number): LnView => ({
  rec: 'ln_f',
  input: `h.${layers - 1}.x_out`,
  x: 'x_last',
  out: 'lnf',
  param: 'transformer.ln_f',
});

/** The record holding the residual stream that enters block l. */
export const blockInput = (l: number): string => (l === 0 ? 'x' : `h.${l - 1}.x_out`);

/** The row's text, its token at P and the target; the token's row of wte plus the position's row of wpe. */
export function embeddingSection(ctx: GptContext): ExplainSection {
  const { m, R, P, token, target, C } = ctx;
  const at = [ctx.R, ctx.P];
  const tok = ctx.row('tok', at);
  const pos = ctx.row('pos', [P]);
  const x = ctx.row('x', at);
  const lines: ExplainLine[] = [
    { text: m.zeroBased, note: true },
    { text: m.batchIs(ctx.B, ctx.T, R, ctx.step.starts[R]) },
    { text: m.rowText(ctx.tokens.map(ctx.ch).join('')) },
    { text: m.tokenIs(P, ctx.ch(token), token, ctx.ch(target), target) },
    { text: m.embedRule(C), note: true },
    { chain: [i('wte', token), ctx.vector(tok)] },
    { chain: [i('wpe', P), ctx.vector(pos)] },
  ];
  for (const k of ctx.entries(C))
    lines.push({
      chain: [
        i('x', k),
        add(i('wte', token, k), i('wpe', P, k)),
        ...ctx.ifExact([add(num(tok[k]), num(pos[k]))]),
        num(x[k]),
      ],
    });
  lines.push({ chain: [sym('x'), ctx.vector(x)] });
  if (ctx.L > 0) {
    lines.push({ text: m.blocksBefore(ctx.L), note: true });
    lines.push({ chain: [sym('x_in'), ctx.vector(ctx.row(blockInput(ctx.L), at))] });
  } else lines.push({ text: m.firstBlock, note: true });
  return { id: 'embedding', title: m.embedding, lines };
}

/** out[j] = Σᵢ W[j,i]·in[i] + b[j] with the numbers (the sum cut when long), ending in the engine's value. */
export function linearLine(
  ctx: GptContext,
  o: {
    out: Expr;
    W: string;
    b: string | undefined;
    wName: string;
    x: string;
    j: number;
    input: ArrayLike<number>;
    value: number;
    /** Its output passes a dropout mask. */
    dropped?: boolean;
  },
): ExplainLine {
  const row = ctx.param(o.W, o.j);
  const bias = o.b === undefined ? undefined : ctx.param(o.b)[o.j];
  const symbolic = sum('i', mul(i(o.wName, o.j, 'i'), i(o.x, 'i')));
  return {
    chain: [
      o.out,
      bias === undefined ? symbolic : add(symbolic, i(`b_${o.wName.slice(2)}`, o.j)),
      ...(o.dropped
        ? ctx.ifExact([ctx.dots(row, o.input, bias === undefined ? [] : [num(bias)])])
        : [ctx.dots(row, o.input, bias === undefined ? [] : [num(bias)])]),
      num(o.value),
    ],
  };
}

/** The chosen head's attention at the position: q, k, v, the scores row, its softmax, the weighted sum of v. */
export function attentionSection(ctx: GptContext): ExplainSection {
  const { m, R, P, L, h, d, C, T } = ctx;
  const at = [R, P];
  const pre = `h.${L}.attn`;
  const W = `transformer.h.${L}.attn.c_attn`;
  const x = ctx.row(`h.${L}.ln_1`, at);
  const head = (name: string, j: number, which: 'value' | 'grad' = 'value'): Float64Array =>
    ctx.row(`${pre}.${name}`, [R, h, j], which);
  const lines: ExplainLine[] = [{ text: m.qkvRule(C, ctx.H, h, d), note: true }];
  const parts: [string, number][] = [
    ['q', 0],
    ['k', C],
    ['v', 2 * C],
  ];
  for (const [name, base] of parts) {
    const vals = head(name, P);
    const k0 = ctx.opts.entry !== undefined && ctx.opts.entry < d ? ctx.opts.entry : 0;
    lines.push(
      linearLine(ctx, {
        out: i(name, P, k0),
        W: `${W}.weight`,
        b: `${W}.bias`,
        wName: 'W_attn',
        x: 'ln1',
        j: base + h * d + k0,
        input: x,
        value: vals[k0],
      }),
    );
    lines.push({ chain: [i(name, P), ctx.vector(vals)] });
  }
  const q = head('q', P);
  const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
    let s = 0;
    for (let k = 0; k < a.length; k++) s += a[k] * b[k];
    return s;
  };
  lines.push({ text: m.scoresRule(P, d), note: true });
  const scores = ctx.row(`${pre}.scores`, [R, h, P]);
  for (let j = 0; j <= P; j++) {
    const kj = head('k', j);
    const cut = d > FULL_SUM;
    lines.push({
      chain: [
        i('s', P, j),
        frac(sum('i', mul(i('q', P, 'i'), i('k', j, 'i'))), sqrt(sym('d'))),
        frac(paren(ctx.dots(q, kj)), sqrt(num(d))),
        ...(cut ? [frac(num(dot(q, kj)), sqrt(num(d)))] : []),
        num(scores[j]),
      ],
    });
  }
  const masked = ctx.row(`${pre}.masked`, [R, h, P]);
  if (P < T - 1) {
    lines.push({ text: m.maskedRule(P, P + 1, T - 1), note: true });
    lines.push({
      chain: [i('s', P, P + 1 === T - 1 ? `${T - 1}` : `${P + 1}…${T - 1}`), num(masked[P + 1])],
    });
  }
  // Softmax of the visible row, as a person would: the largest score first, exp of each, their sum.
  let top = 0;
  for (let j = 1; j <= P; j++) if (scores[j] > scores[top]) top = j;
  const max = scores[top];
  const e = Array.from({ length: P + 1 }, (_, j) => libm.exp(scores[j] - max));
  const S = e.reduce((a, v) => a + v, 0);
  const a = ctx.row(`${pre}.weights`, [R, h, P]);
  lines.push({ text: m.rowSoftmax, note: true });
  lines.push({ chain: [sym('max'), i('s', P, top), num(max)] });
  for (let j = 0; j <= P; j++)
    lines.push({
      chain: [
        i('e', j),
        fn('exp', sub(i('s', P, j), sym('max'))),
        fn('exp', sub(num(scores[j]), num(max))),
        num(e[j]),
      ],
    });
  lines.push({ chain: [sym('S'), sum('j', i('e', 'j')), ctx.terms(e), num(S)] });
  for (let j = 0; j <= P; j++)
    lines.push({ chain: [i('a', P, j), frac(i('e', j), sym('S')), frac(num(e[j]), num(S)), num(a[j])] });
  if (P < T - 1) {
    lines.push({ text: m.maskedWeights, note: true });
    lines.push({ chain: [i('a', P, P + 1), num(a[P + 1])] });
  }
  lines.push({ text: m.weightedSum(P), note: true });
  const y = head('y', P);
  const vs = Array.from({ length: P + 1 }, (_, j) => head('v', j));
  for (const k of ctx.entries(d))
    lines.push({
      chain: [
        i('y', P, k),
        sum('j', mul(i('a', P, 'j'), i('v', 'j', k))),
        ...ctx.ifExact([
          ctx.dots(
            a.subarray(0, P + 1),
            vs.map((v) => v[k]),
          ),
        ]),
        num(y[k]),
      ],
    });
  lines.push({ chain: [i('y', P), ctx.vector(y)] });
  // The heads side by side, the projection c_proj and the residual.
  const merged = ctx.row(`${pre}.merged`, at);
  const out = ctx.row(`${pre}.out`, at);
  const xin = ctx.row(blockInput(L), at);
  const xa = ctx.row(`h.${L}.x_attn`, at);
  lines.push({ text: m.mergeRule(ctx.H, h * d, h * d + d - 1), note: true });
  lines.push({ chain: [sym('y_all'), ctx.vector(merged)] });
  lines.push({ text: m.projRule, note: true });
  for (const k of ctx.entries(C)) {
    lines.push(
      linearLine(ctx, {
        out: i('out', k),
        W: `transformer.h.${L}.attn.c_proj.weight`,
        b: `transformer.h.${L}.attn.c_proj.bias`,
        wName: 'W_proj',
        x: 'y_all',
        j: k,
        input: merged,
        value: out[k],
        dropped: true,
      }),
    );
    lines.push({
      chain: [i('x_attn', k), add(i('x_in', k), i('out', k)), add(num(xin[k]), num(out[k])), num(xa[k])],
    });
  }
  lines.push({ chain: [sym('x_attn'), ctx.vector(xa)] });
  return { id: 'attention', title: m.attention(L, h), lines };
}

/** The exact GELU with the erf written out: gelu(z) = z/2·(1 + erf(z/√2)). */
export const geluExpr = (z: Expr): Expr =>
  mul(num(0.5), z, paren(add(num(1), fn('erf', frac(z, sqrt(num(2)))))));

/** ln_2, the MLP with GELU, its projection and the residual. */
export function mlpSection(ctx: GptContext): ExplainSection {
  const { m, R, P, L, C } = ctx;
  const at = [R, P];
  const lines = lnForward(ctx, ln2(L));
  const x = ctx.row(`h.${L}.ln_2`, at);
  const fc = ctx.row(`h.${L}.mlp.fc`, at);
  const g = ctx.row(`h.${L}.mlp.gelu`, at);
  const out = ctx.row(`h.${L}.mlp.out`, at);
  const xa = ctx.row(`h.${L}.x_attn`, at);
  const xo = ctx.row(`h.${L}.x_out`, at);
  lines.push({ text: m.fcRule(C, 4 * C), note: true });
  const units = [0, 1].filter((j) => j < 4 * C);
  for (const j of units) {
    lines.push(
      linearLine(ctx, {
        out: i('fc', j),
        W: `transformer.h.${L}.mlp.c_fc.weight`,
        b: `transformer.h.${L}.mlp.c_fc.bias`,
        wName: 'W_fc',
        x: 'ln2',
        j,
        input: x,
        value: fc[j],
      }),
    );
  }
  lines.push({ chain: [sym('fc'), ctx.vector(fc)] });
  lines.push({ text: m.geluRule, note: true });
  for (const j of units)
    lines.push({ chain: [i('gelu', j), geluExpr(i('fc', j)), geluExpr(num(fc[j])), num(g[j])] });
  lines.push({ chain: [sym('gelu'), ctx.vector(g)] });
  lines.push({ text: m.mlpProjRule(4 * C), note: true });
  for (const k of ctx.entries(C)) {
    lines.push(
      linearLine(ctx, {
        out: i('mlp', k),
        W: `transformer.h.${L}.mlp.c_proj.weight`,
        b: `transformer.h.${L}.mlp.c_proj.bias`,
        wName: 'W_mlp',
        x: 'gelu',
        j: k,
        input: g,
        value: out[k],
        dropped: true,
      }),
    );
    lines.push({
      chain: [i('x_out', k), add(i('x_attn', k), i('mlp', k)), add(num(xa[k]), num(out[k])), num(xo[k])],
    });
  }
  lines.push({ chain: [sym('x_out'), ctx.vector(xo)] });
  return { id: 'mlp', title: m.mlp(L), lines };
}

/** The characters whose logit and probability are written out: the first few and the target. */
export function shownChars(ctx: GptContext): number[] {
  const k = Math.min(ctx.V, Math.max(ctx.maxEntries - 3, 2));
  const shown = Array.from({ length: k }, (_, c) => c);
  if (!shown.includes(ctx.target)) shown.push(ctx.target);
  return shown;
}

/** ln_f, the logits through the tied head wte, softmax and −ln p of the target; the step's mean. */
export function headSection(ctx: GptContext): ExplainSection {
  const { m, R, P, V, layers, target } = ctx;
  const at = [R, P];
  const lines: ExplainLine[] = [];
  if (ctx.L < layers - 1) lines.push({ text: m.blocksAfter(ctx.L + 1, layers - 1), note: true });
  lines.push({ chain: [sym('x_last'), ctx.vector(ctx.row(`h.${layers - 1}.x_out`, at))] });
  lines.push(...lnForward(ctx, lnF(layers)));
  const x = ctx.row('ln_f', at);
  const z = ctx.row('logits', at);
  const p = ctx.row('probs', at);
  lines.push({ text: m.headRule(V), note: true });
  const shown = shownChars(ctx);
  for (const c of shown)
    lines.push({
      text: m.charIs(ctx.ch(c)),
      chain: [
        i('logit', c),
        sum('i', mul(i('wte', c, 'i'), i('lnf', 'i'))),
        ctx.dots(ctx.param('transformer.wte.weight', c), x),
        num(z[c]),
      ],
    });
  lines.push({ chain: [sym('logit'), ctx.vector(z)] });
  let top = 0;
  for (let c = 1; c < V; c++) if (z[c] > z[top]) top = c;
  const max = z[top];
  const e = Array.from(z, (v) => libm.exp(v - max));
  const S = e.reduce((a, v) => a + v, 0);
  lines.push({ text: m.softmaxRule, note: true });
  lines.push({ chain: [sym('max'), i('logit', top), num(max)] });
  lines.push({
    chain: [sym('S'), sum('c', fn('exp', sub(i('logit', 'c'), sym('max')))), ctx.terms(e), num(S)],
  });
  for (const c of shown)
    lines.push({
      chain: [
        i('p', c),
        frac(fn('exp', sub(i('logit', c), sym('max'))), sym('S')),
        frac(fn('exp', sub(num(z[c]), num(max))), num(S)),
        num(p[c]),
      ],
    });
  lines.push({ chain: [sym('p'), ctx.vector(p)] });
  lines.push({ text: m.lossIs(ctx.ch(target), target), note: true });
  lines.push({
    chain: [
      sym('ℓ'),
      neg(fn('ln', i('p', target))),
      ...(p[target] > 0 ? [neg(fn('ln', num(p[target])))] : []),
      sub(fn('ln', num(S)), paren(sub(num(z[target]), num(max)))),
      num(libm.log(S) - (z[target] - max)),
    ],
  });
  // The step's loss: the mean of −ln p over every position of every row, read from the probabilities.
  const probs = ctx.rec('probs');
  const { B, T } = ctx;
  let total = 0;
  for (let b = 0; b < B; b++)
    for (let t = 0; t < T; t++) {
      const y = ctx.run.data.train[ctx.step.starts[b] + t + 1];
      total -= libm.log(probs.value[(b * T + t) * V + y]);
    }
  lines.push({ text: m.meanLoss(B, T), note: true });
  lines.push({
    chain: [
      sym('L'),
      frac(sum('b,t', sym('ℓ', undefined, ['b,t'])), mul(sym('B'), sym('T'))),
      frac(num(total), mul(num(B), num(T))),
      num(ctx.step.loss),
    ],
  });
  return { id: 'head', title: m.head, lines };
}
