import type { ExplainLine } from '../doc';
import { type Expr, add, d, frac, mul, num, paren, pow, sqrt, sub, sum, sym, text } from '../math';
import { FULL_SUM, type GptContext } from './context';

/** LayerNorm's ε (nanoGPT's, and the engine's). */
export const LN_EPS = 1e-5;

/** One LayerNorm of the chosen position: its record, its input's record and the symbols they are written with. */
export interface LnView {
  /** Record name of the output (h.0.ln_1, ln_f); its .mean and .rstd are beside it. */
  rec: string;
  /** Record name of the input and its symbol. */
  input: string;
  x: string;
  /** The output's symbol (ln1, ln2, lnf) and the parameter prefix (transformer.h.0.ln_1). */
  out: string;
  param: string;
}

const i = (base: string, ...idx: (number | string)[]): Expr => sym(base, undefined, idx);
const L = sym('L');

/** The numbers of a LayerNorm at the chosen position: input, statistics, normalised values. */
export function lnNumbers(ctx: GptContext, ln: LnView) {
  const at = [ctx.R, ctx.P];
  const x = ctx.row(ln.input, at);
  const mean = ctx.at(`${ln.rec}.mean`, at);
  const rstd = ctx.at(`${ln.rec}.rstd`, at);
  const n = Array.from(x, (v) => (v - mean) * rstd);
  return { x, mean, rstd, n, w: ctx.param(`${ln.param}.weight`), b: ctx.param(`${ln.param}.bias`) };
}

/** Items of a long sum: every one when there are few, else the first three and "… N more". */
function items(ctx: GptContext, n: number, item: (k: number) => Expr): Expr {
  const k = n <= FULL_SUM ? n : 3;
  const out = Array.from({ length: k }, (_, j) => item(j));
  if (k < n) {
    ctx.partial = true;
    out.push(text(ctx.m.more(n - k)));
  }
  return out.length === 1 ? out[0] : add(...out);
}

/**
 * LayerNorm worked out for the position: the mean, the variance (divided by C, not C − 1), 1/√(σ² + ε),
 * each normalised value (x − μ)·rstd and the output n·w + b. The mean and rstd shown are the engine's;
 * the sums are the explanation's own arithmetic over the engine's inputs.
 */
export function lnForward(ctx: GptContext, ln: LnView): ExplainLine[] {
  const { m, C } = ctx;
  const { x, mean, rstd, n, w, b } = lnNumbers(ctx, ln);
  const S = x.reduce((a, v) => a + v, 0);
  const Q = x.reduce((a, v) => a + (v - mean) ** 2, 0);
  const out = ctx.row(ln.rec, [ctx.R, ctx.P]);
  const lines: ExplainLine[] = [
    { text: m.lnRule(C), note: true },
    {
      chain: [
        sym('μ'),
        frac(sum('i', i(ln.x, 'i')), sym('C')),
        frac(paren(items(ctx, C, (k) => num(x[k]))), num(C)),
        frac(num(S), num(C)),
        num(mean),
      ],
    },
    {
      chain: [
        sym('σ²'),
        frac(sum('i', pow(paren(sub(i(ln.x, 'i'), sym('μ'))), 2)), sym('C')),
        frac(paren(items(ctx, C, (k) => pow(paren(sub(num(x[k]), num(mean))), 2))), num(C)),
        num(Q / C),
      ],
    },
    {
      chain: [
        sym('rstd'),
        frac(num(1), sqrt(add(sym('σ²'), sym('ε')))),
        frac(num(1), sqrt(add(num(Q / C), num(LN_EPS)))),
        num(rstd),
      ],
    },
    { text: m.lnEach, note: true },
  ];
  for (const k of ctx.entries(C)) {
    lines.push({
      chain: [
        i('n', k),
        mul(paren(sub(i(ln.x, k), sym('μ'))), sym('rstd')),
        mul(paren(sub(num(x[k]), num(mean))), num(rstd)),
        num(n[k]),
      ],
    });
    lines.push({
      chain: [
        i(ln.out, k),
        add(mul(i('n', k), i('w', k)), i('b', k)),
        add(mul(num(n[k]), num(w[k])), num(b[k])),
        num(out[k]),
      ],
    });
  }
  lines.push({ chain: [sym(ln.out), ctx.vector(out)] });
  return lines;
}

/**
 * LayerNorm's backward, in the three-term form llm.c's layernorm.md derives: with dnorm = w·dout,
 * dx = rstd·(dnorm − mean(dnorm) − n·mean(dnorm·n)). Returns the lines and this LayerNorm's part of
 * ∂L/∂x (the residual stream adds the other part).
 */
export function lnBackward(ctx: GptContext, ln: LnView): { lines: ExplainLine[]; dx: number[] } {
  const { m, C } = ctx;
  const { rstd, n, w } = lnNumbers(ctx, ln);
  const dout = ctx.row(ln.rec, [ctx.R, ctx.P], 'grad');
  const dnorm = Array.from(dout, (g, k) => w[k] * g);
  const m1 = dnorm.reduce((a, v) => a + v, 0) / C;
  const m2 = dnorm.reduce((a, v, k) => a + v * n[k], 0) / C;
  const dx = dnorm.map((v, k) => rstd * (v - m1 - n[k] * m2));
  const dn = (k: number | string): Expr => i('dnorm', k);
  const lines: ExplainLine[] = [
    { text: m.lnBackRule, note: true },
    { chain: [d(L, sym(ln.out)), ctx.vector(dout)] },
  ];
  const shown = ctx.entries(C);
  for (const k of shown)
    lines.push({
      chain: [dn(k), mul(i('w', k), d(L, i(ln.out, k))), mul(num(w[k]), num(dout[k])), num(dnorm[k])],
    });
  lines.push({
    chain: [
      sym('mean(dnorm)'),
      frac(sum('i', dn('i')), sym('C')),
      frac(paren(items(ctx, C, (k) => num(dnorm[k]))), num(C)),
      num(m1),
    ],
  });
  lines.push({
    chain: [
      sym('mean(dnorm·n)'),
      frac(sum('i', mul(dn('i'), i('n', 'i'))), sym('C')),
      frac(paren(items(ctx, C, (k) => mul(num(dnorm[k]), num(n[k])))), num(C)),
      num(m2),
    ],
  });
  for (const k of shown)
    lines.push({
      text: m.lnPart,
      chain: [
        i(`dx_${ln.out}`, k),
        mul(sym('rstd'), paren(sub(dn(k), sym('mean(dnorm)'), mul(i('n', k), sym('mean(dnorm·n)'))))),
        mul(num(rstd), paren(sub(num(dnorm[k]), num(m1), mul(num(n[k]), num(m2))))),
        num(dx[k]),
      ],
    });
  return { lines, dx };
}
