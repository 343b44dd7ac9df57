import type { ExplainLine } from '../doc';
import { d, frac, mul, num, paren, sqrt, sub, sum, sym } from '../math';
import { backLinear, dL, i, L } from './back-linear';
import type { GptContext } from './context';

/** Through c_proj, the weighted sum, the row's softmax and the scores into q, k and v of head H. */
export function attentionBack(ctx: GptContext, gOut: ArrayLike<number>): ExplainLine[] {
  const { m, R, P, L: l, h, C, d: dh, T } = ctx;
  const pre = `h.${l}.attn`;
  const head = (name: string, j: number, which: 'value' | 'grad' = 'value'): Float64Array =>
    ctx.row(`${pre}.${name}`, [R, h, j], which);
  const lines: ExplainLine[] = [{ text: m.attnBack(h), note: true }];
  const gMerged = ctx.row(`${pre}.merged`, [R, P], 'grad');
  const k0 = h * dh + (ctx.opts.entry !== undefined && ctx.opts.entry < dh ? ctx.opts.entry : 0);
  lines.push(
    backLinear(ctx, {
      into: 'y_all',
      from: 'out',
      dropped: true,
      wName: 'W_proj',
      W: `transformer.h.${l}.attn.c_proj.weight`,
      gradOut: gOut,
      k: k0,
      value: gMerged[k0],
    }),
  );
  const gy = head('y', P, 'grad');
  lines.push({ text: m.headSlice(h * dh, h * dh + dh - 1), chain: [d(L, i('y', P)), ctx.vector(gy)] });
  // ∂L/∂a[P,j] = ∂L/∂y[P]·v[j], for every visible j.
  lines.push({ text: m.dWeights(P), note: true });
  const gA = ctx.row(`${pre}.weights`, [R, h, P], 'grad');
  const a = ctx.row(`${pre}.weights`, [R, h, P]);
  for (let j = 0; j <= P; j++)
    lines.push({
      chain: [
        dL('a', P, j),
        sum('i', mul(dL('y', P, 'i'), i('v', j, 'i'))),
        ...ctx.ifExact([ctx.dots(gy, head('v', j))]),
        num(gA[j]),
      ],
    });
  // The softmax's backward: aⱼ·(gⱼ − Σₖ aₖgₖ); a masked cell has a = 0, so its gradient is 0.
  lines.push({ text: m.softmaxBack, note: true });
  const dotAG = Array.from({ length: P + 1 }, (_, j) => a[j] * gA[j]).reduce((s, v) => s + v, 0);
  lines.push({
    chain: [
      sym('Σ'),
      sum('j', mul(i('a', P, 'j'), dL('a', P, 'j'))),
      ctx.dots(a.subarray(0, P + 1), gA.subarray(0, P + 1)),
      num(dotAG),
    ],
  });
  const gS = ctx.row(`${pre}.scores`, [R, h, P], 'grad');
  for (let j = 0; j <= P; j++)
    lines.push({
      chain: [
        dL('s', P, j),
        mul(i('a', P, j), paren(sub(dL('a', P, j), sym('Σ')))),
        mul(num(a[j]), paren(sub(num(gA[j]), num(dotAG)))),
        num(gS[j]),
      ],
    });
  if (P < T - 1) {
    lines.push({ text: m.maskedBack, note: true });
    lines.push({
      chain: [
        dL('s', P, P + 1),
        mul(i('a', P, P + 1), paren(sub(dL('a', P, P + 1), sym('Σ')))),
        mul(num(a[P + 1]), paren(sub(num(gA[P + 1]), num(dotAG)))),
        num(gS[P + 1]),
      ],
    });
  }
  // Into q (this row's scores), k and v (the later rows that see position P).
  const scale = sqrt(num(dh));
  lines.push({ text: m.dq(P), note: true });
  const gq = head('q', P, 'grad');
  for (const k of ctx.entries(dh)) {
    const col = Array.from({ length: P + 1 }, (_, j) => head('k', j)[k]);
    lines.push({
      chain: [
        dL('q', P, k),
        frac(sum('j', mul(dL('s', P, 'j'), i('k', 'j', k))), sqrt(sym('d'))),
        frac(paren(ctx.dots(gS.subarray(0, P + 1), col)), scale),
        num(gq[k]),
      ],
    });
  }
  lines.push({ chain: [d(L, i('q', P)), ctx.vector(gq)] });
  const later = Array.from({ length: T - P }, (_, r) => P + r);
  const gSCol = later.map((r) => ctx.at(`${pre}.scores`, [R, h, r, P], 'grad'));
  const aCol = later.map((r) => ctx.at(`${pre}.weights`, [R, h, r, P]));
  lines.push({ text: m.dk(P, T - 1), note: true });
  const gk = head('k', P, 'grad');
  for (const k of ctx.entries(dh))
    lines.push({
      chain: [
        dL('k', P, k),
        frac(sum('r', mul(dL('s', 'r', P), i('q', 'r', k))), sqrt(sym('d'))),
        frac(
          paren(
            ctx.dots(
              gSCol,
              later.map((r) => head('q', r)[k]),
            ),
          ),
          scale,
        ),
        num(gk[k]),
      ],
    });
  lines.push({ chain: [d(L, i('k', P)), ctx.vector(gk)] });
  lines.push({ text: m.dv(P, T - 1), note: true });
  const gv = head('v', P, 'grad');
  for (const k of ctx.entries(dh))
    lines.push({
      chain: [
        dL('v', P, k),
        sum('r', mul(i('a', 'r', P), dL('y', 'r', k))),
        ...ctx.ifExact([
          ctx.dots(
            aCol,
            later.map((r) => head('y', r, 'grad')[k]),
          ),
        ]),
        num(gv[k]),
      ],
    });
  lines.push({ chain: [d(L, i('v', P)), ctx.vector(gv)] });
  // Back through c_attn: every head's q, k and v of the position reach ln1.
  lines.push({ text: m.cAttnBack(3 * C), note: true });
  const gQkv = ctx.row(`${pre}.qkv`, [R, P], 'grad');
  const gLn1 = ctx.row(`h.${l}.ln_1`, [R, P], 'grad');
  for (const k of ctx.entries(C))
    lines.push(
      backLinear(ctx, {
        into: 'ln1',
        from: 'qkv',
        wName: 'W_attn',
        W: `transformer.h.${l}.attn.c_attn.weight`,
        gradOut: gQkv,
        k,
        value: gLn1[k],
      }),
    );
  return lines;
}
