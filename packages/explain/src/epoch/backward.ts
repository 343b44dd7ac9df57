import { type Activation, activationTable, need } from '@unha/engine';
import type { ExplainLine, ExplainSection } from '../doc';
import { type Expr, add, d, frac, mul, num, paren, sub, sum, sym, text } from '../math';
import { formulaExpr } from '../formula';
import { type EpochContext, L } from './context';

/** ∂a/∂z from the engine's activation table: as symbols, and with this example's numbers put in. */
function activationPrime(
  act: Activation,
  z: number,
  a: number,
): { symbolic: (aS: Expr, zS: Expr) => Expr; numeric: Expr } {
  const rule = activationTable[act];
  return {
    symbolic: (aS, zS) => formulaExpr(rule.derivativeExpr, { a: aS, z: zS }),
    numeric: formulaExpr(rule.derivativeExpr, { a: num(a), z: num(z) }, rule.derivative(z, a)),
  };
}

/** Backpropagation: every factor of the chain rule, from ∂L/∂ŷ back to the first layer's weights. */
export function backwardSection(ctx: EpochContext): ExplainSection {
  const { m, nt, opts, exp, layers, N, K, maxUnits, examples } = ctx;
  const { at, gat, input } = ctx;
  const yhat = need(ctx.reader.output(), 'ŷ');
  const y = need(ctx.reader.y(), 'y');
  const count = N * K;
  const over = (e: Expr): Expr => (count === 1 ? e : frac(e, num(count)));
  const back: ExplainLine[] = [
    { text: m.gradNote, note: true },
    { text: m.dLdyhat, note: true },
  ];
  for (const n of examples.shown) {
    for (let k = 0; k < K; k++) {
      const nk = N > 1 ? [n + 1] : undefined;
      const yh = N > 1 ? sym('ŷ', undefined, nk) : nt.yhat(k);
      const yy = N > 1 ? sym('y', undefined, nk) : nt.y(k);
      back.push({
        chain: [
          d(L, yh),
          over(mul(num(2), paren(sub(yh, yy)))),
          over(mul(num(2), paren(sub(num(at(yhat, n, k)), num(at(y, n, k)))))),
          num(gat(yhat, n, k)),
        ],
      });
    }
  }
  back.push(...ctx.moreExamples());
  for (const l of [...ctx.layerList].reverse()) {
    const act = layers[l - 1].activation;
    const units = ctx.units(l);
    const z = ctx.zNode(l);
    const a = ctx.aNode(l);
    const x = ctx.inNode(l);
    const W = ctx.param(`W${l}`);
    const b = ctx.param(`b${l}`);
    if (!nt.simple) back.push({ text: m.layer(l, layers[l - 1].units, act), note: true });
    const mask = ctx.reader.mask(l);
    if (mask && l < ctx.nL) {
      back.push({ text: m.dropoutBack, note: true });
      for (const n of examples.shown)
        for (const j of units.shown)
          back.push({
            chain: [
              d(L, nt.a(l, j)),
              mul(d(L, sym('d', l, [j + 1])), sym('mask', l, [j + 1])),
              mul(num(gat(ctx.outNode(l), n, j)), num(at(mask, n, j))),
              num(gat(a, n, j)),
            ],
          });
    }
    if (act !== 'identity') {
      back.push({ text: m.dLdz(act), note: true });
      for (const n of examples.shown) {
        for (const j of units.shown) {
          const prime = activationPrime(act, at(z, n, j), at(a, n, j));
          back.push({
            chain: [
              d(L, nt.z(l, j)),
              mul(d(L, nt.a(l, j)), prime.symbolic(nt.a(l, j), nt.z(l, j))),
              mul(num(gat(a, n, j)), prime.numeric),
              num(gat(z, n, j)),
            ],
          });
        }
      }
    }
    back.push({ text: m.dLdW, note: true });
    const k = ctx.fanIn(l);
    // The sum over examples is written out only when every example of the batch is shown.
    const partialSum = examples.hidden > 0 || opts.example !== undefined;
    for (const j of units.shown) {
      for (let i = 0; i < Math.min(k, maxUnits); i++) {
        const terms = examples.shown.map((n) => mul(num(gat(z, n, j)), num(at(x, n, i))));
        const symbolic =
          N > 1 ? sum('n', mul(d(L, nt.z(l, j)), input(l, i))) : mul(d(L, nt.z(l, j)), input(l, i));
        const l2Term = exp.l2 ? [mul(num(2), sym('λ'), nt.w(l, j, i))] : [];
        const l2Num = exp.l2 ? [mul(num(2), num(exp.l2), num(W.value[j * k + i]))] : [];
        const numeric = partialSum ? undefined : add(...terms, ...l2Num);
        back.push({
          chain: [
            d(L, nt.w(l, j, i)),
            exp.l2 ? add(symbolic, ...l2Term) : symbolic,
            ...(numeric ? [numeric] : []),
            num(W.grad![j * k + i]),
          ],
        });
      }
      if (k > maxUnits) back.push(ctx.more(m.moreInputs(k - maxUnits)));
      const bTerms = examples.shown.map((n) => num(gat(z, n, j)));
      const bNumeric = partialSum ? undefined : N > 1 ? add(...bTerms) : undefined;
      back.push({
        chain: [
          d(L, nt.b(l, j)),
          N > 1 ? sum('n', d(L, nt.z(l, j))) : d(L, nt.z(l, j)),
          ...(bNumeric ? [bNumeric] : []),
          num(b.grad![j]),
        ],
      });
    }
    if (units.hidden > 0) back.push(ctx.more(m.moreUnits(units.hidden)));
    if (l > 1) {
      back.push({ text: m.dLda, note: true });
      const prev = ctx.outNode(l - 1);
      const prevUnits = ctx.units(l - 1);
      const nUnits = layers[l - 1].units;
      for (const n of examples.shown) {
        for (const i of prevUnits.shown) {
          const terms = Array.from({ length: Math.min(nUnits, 6) }, (_, j) =>
            mul(num(gat(z, n, j)), num(W.value[j * k + i])),
          );
          back.push({
            chain: [
              d(L, input(l, i)),
              sum('j', mul(d(L, sym('z', l, ['j'])), sym('W', l, ['j', i + 1]))),
              ...(nUnits <= 6 ? [add(...terms)] : [add(...terms.slice(0, 3), text('…'))]),
              num(gat(prev, n, i)),
            ],
          });
        }
      }
    }
  }
  return { id: 'backward', title: m.backward, lines: back };
}
