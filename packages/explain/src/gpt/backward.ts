import type { ExplainLine, ExplainSection } from '../doc';
import { type Expr, add, d, frac, fn, mul, num, paren, pow, sqrt, sub, sum, sym } from '../math';
import type { GptContext } from './context';
import { blockInput, ln1, ln2, lnF, shownChars } from './forward';
import { lnBackward } from './layernorm';

import { attentionBack } from './attention-back';
import { backLinear, dL, i, L } from './back-linear';

/** ∂L/∂logits = (p − onehot)/(B·T), back through the tied head into ln_f and through ln_f. */
export function headBackSection(ctx: GptContext): ExplainSection {
  const { m, R, P, B, T, V, C, target, layers } = ctx;
  const at = [R, P];
  const p = ctx.row('probs', at);
  const g = ctx.row('logits', at, 'grad');
  const n = B * T;
  const lines: ExplainLine[] = [
    { text: m.gradNote, note: true },
    { text: m.dLogitRule(B, T), note: true },
    {
      text: m.charIs(ctx.ch(target)),
      chain: [
        dL('logit', target),
        frac(paren(sub(i('p', target), num(1))), mul(sym('B'), sym('T'))),
        frac(paren(sub(num(p[target]), num(1))), num(n)),
        num(g[target]),
      ],
    },
  ];
  for (const c of shownChars(ctx).filter((c) => c !== target))
    lines.push({
      text: m.charIs(ctx.ch(c)),
      chain: [dL('logit', c), frac(i('p', c), mul(sym('B'), sym('T'))), frac(num(p[c]), num(n)), num(g[c])],
    });
  lines.push({ chain: [d(L, sym('logit')), ctx.vector(g)] });
  // The head is wte itself: ∂L/∂lnf[i] = Σ_c ∂L/∂logit[c]·wte[c,i].
  lines.push({ text: m.headBackRule(V), note: true });
  const wte = ctx.update('transformer.wte.weight');
  const gx = ctx.row('ln_f', at, 'grad');
  const lnf = ctx.row('ln_f', at);
  for (const k of ctx.entries(C)) {
    const column = Array.from({ length: V }, (_, c) => wte.before[c * C + k]);
    lines.push({
      chain: [
        dL('lnf', k),
        sum('c', mul(dL('logit', 'c'), i('wte', 'c', k))),
        ctx.dots(g, column),
        num(gx[k]),
      ],
    });
  }
  lines.push({ text: m.headWteRule, note: true });
  const k0 = ctx.entries(C)[0];
  lines.push({
    chain: [
      mul(dL('logit', target), i('lnf', k0)),
      mul(num(g[target]), num(lnf[k0])),
      num(g[target] * lnf[k0]),
    ],
  });
  // Through ln_f: the last block's output feeds only ln_f, so its gradient is ln_f's dx.
  lines.push({ text: m.lnBack('ln_f'), note: true });
  const ln = lnBackward(ctx, lnF(layers));
  lines.push(...ln.lines);
  const gLast = ctx.row(`h.${layers - 1}.x_out`, at, 'grad');
  for (const k of ctx.entries(C))
    lines.push({ text: m.onlyPath, chain: [dL('x_last', k), i('dx_lnf', k), num(ln.dx[k]), num(gLast[k])] });
  return { id: 'backward', title: m.backHead, lines };
}

/** GELU's derivative, Φ(z) + z·φ(z), written with erf and exp. */
const geluPrime = (z: Expr): Expr =>
  add(
    mul(num(0.5), paren(add(num(1), fn('erf', frac(z, sqrt(num(2))))))),
    mul(z, frac(fn('exp', frac(mul(num(-1), pow(z, 2)), num(2))), sqrt(num(2 * Math.PI)))),
  );

/** Back through block L: the MLP, ln_2 and its residual, the attention of head H, ln_1 and its residual. */
export function blockBackSection(ctx: GptContext): ExplainSection {
  const { m, R, P, L: l, C, layers } = ctx;
  const at = [R, P];
  const lines: ExplainLine[] = [];
  if (l < layers - 1) lines.push({ text: m.backBlocksAfter(layers - 1, l + 1), note: true });
  const gOut = ctx.row(`h.${l}.x_out`, at, 'grad');
  lines.push({ chain: [d(L, sym('x_out')), ctx.vector(gOut)] });
  // MLP: the residual hands ∂L/∂x_out to the MLP's output as it is.
  lines.push({ text: m.mlpBack, note: true });
  const gGelu = ctx.row(`h.${l}.mlp.gelu`, at, 'grad');
  const gFc = ctx.row(`h.${l}.mlp.fc`, at, 'grad');
  const fc = ctx.row(`h.${l}.mlp.fc`, at);
  for (const j of [0, 1].filter((j) => j < 4 * C)) {
    lines.push(
      backLinear(ctx, {
        into: 'gelu',
        from: 'mlp',
        dropped: true,
        wName: 'W_mlp',
        W: `transformer.h.${l}.mlp.c_proj.weight`,
        gradOut: gOut,
        k: j,
        value: gGelu[j],
      }),
    );
    lines.push({
      chain: [
        dL('fc', j),
        mul(dL('gelu', j), paren(geluPrime(i('fc', j)))),
        mul(num(gGelu[j]), paren(geluPrime(num(fc[j])))),
        num(gFc[j]),
      ],
    });
  }
  const gLn2 = ctx.row(`h.${l}.ln_2`, at, 'grad');
  for (const k of ctx.entries(C))
    lines.push(
      backLinear(ctx, {
        into: 'ln2',
        from: 'fc',
        wName: 'W_fc',
        W: `transformer.h.${l}.mlp.c_fc.weight`,
        gradOut: gFc,
        k,
        value: gLn2[k],
      }),
    );
  lines.push({ text: m.lnBack('ln_2'), note: true });
  const b2 = lnBackward(ctx, ln2(l));
  lines.push(...b2.lines);
  const gXa = ctx.row(`h.${l}.x_attn`, at, 'grad');
  lines.push({ text: m.residualBack, note: true });
  for (const k of ctx.entries(C))
    lines.push({
      chain: [
        dL('x_attn', k),
        add(dL('x_out', k), i('dx_ln2', k)),
        add(num(gOut[k]), num(b2.dx[k])),
        num(gXa[k]),
      ],
    });
  lines.push(...attentionBack(ctx, gXa));
  lines.push({ text: m.lnBack('ln_1'), note: true });
  const b1 = lnBackward(ctx, ln1(l, blockInput(l)));
  lines.push(...b1.lines);
  const gIn = ctx.row(blockInput(l), at, 'grad');
  lines.push({ text: m.residualBack, note: true });
  for (const k of ctx.entries(C))
    lines.push({
      chain: [
        dL('x_in', k),
        add(dL('x_attn', k), i('dx_ln1', k)),
        add(num(gXa[k]), num(b1.dx[k])),
        num(gIn[k]),
      ],
    });
  lines.push({ chain: [d(L, sym('x_in')), ctx.vector(gIn)] });
  return { id: 'backward', title: m.backBlock(l), lines };
}

/**
 * The tied table: wte[t] is read twice, as the token's embedding and as the head's weights, so its
 * gradient is the sum of both; wpe[P] gets every row's gradient at position P.
 */
export function embeddingBackSection(ctx: GptContext): ExplainSection {
  const { m, B, T, C, V, token } = ctx;
  const k = ctx.opts.entry ?? 0;
  const gLogits = ctx.rec('logits').grad!;
  const lnf = ctx.rec('ln_f').value;
  // ∂L/∂tok: the gradient of the sum wte + wpe, before dropout's mask (the same for both rows).
  const gx = ctx.rec('tok').grad!;
  const gl: number[] = [];
  const xs: number[] = [];
  const emb: number[] = [];
  const pos: number[] = [];
  const train = ctx.run.data.train;
  for (let b = 0; b < B; b++)
    for (let t = 0; t < T; t++) {
      const r = b * T + t;
      gl.push(gLogits[r * V + token]);
      xs.push(lnf[r * C + k]);
      if (train[ctx.step.starts[b] + t] === token) emb.push(gx[r * C + k]);
      if (t === ctx.P) pos.push(gx[r * C + k]);
    }
  const add2 = (a: number[]): number => a.reduce((s, v) => s + v, 0);
  const head = gl.reduce((s, v, j) => s + v * xs[j], 0);
  const wte = ctx.update('transformer.wte.weight');
  const wpe = ctx.update('transformer.wpe.weight');
  // The update reads the raw gradient only when it was not clipped nor given a coupled decay term.
  const exact = !ctx.step.clipped && !coupled(ctx);
  const lines: ExplainLine[] = [
    { text: m.tiedRule(ctx.ch(token), token), note: true },
    {
      text: m.tiedHead(B * T),
      chain: [sym('head'), sum('b,t', mul(dL('logit', token), i('lnf', k))), ctx.dots(gl, xs), num(head)],
    },
    {
      text: m.tiedEmb(emb.length),
      chain: [sym('emb'), sum('b,t', dL('tok', k)), ctx.terms(emb), num(add2(emb))],
    },
    {
      ...(!exact && { text: m.rawGrad }),
      chain: [
        dL('wte', token, k),
        add(sym('head'), sym('emb')),
        add(num(head), num(add2(emb))),
        num(exact ? wte.grad[token * C + k] : head + add2(emb)),
      ],
    },
    {
      text: m.posGrad(B),
      chain: [
        dL('wpe', ctx.P, k),
        sum('b', dL('tok', k)),
        ctx.terms(pos),
        num(exact ? wpe.grad[ctx.P * C + k] : add2(pos)),
      ],
    },
  ];
  return { id: 'backward', title: m.backEmbedding, lines };
}

/** sgd or adam with weightDecay: PyTorch's coupled decay adds λ·p to the gradient the update reads. */
export function coupled(ctx: GptContext): boolean {
  const o = ctx.run.experiment.optimizer;
  return o.name !== 'adamw' && (o.weightDecay ?? 0) !== 0;
}
