import { type Activation, activationTable } from '@unha/engine';
import type { ExplainLine, ExplainSection } from '../doc';
import { type Expr, add, mul, num, sum, sym, text } from '../math';
import { formulaExpr } from '../formula';
import type { EpochContext } from './context';

/** f(z) from the engine's activation table, with z given (identity: z itself). */
function activationExpr(act: Activation, zS: Expr): Expr {
  return formulaExpr(activationTable[act].expr, { z: zS, a: zS });
}

/** The forward pass: each weighted sum and activation with the numbers put in, example by example. */
export function forwardSection(ctx: EpochContext): ExplainSection {
  const { m, nt, layers } = ctx;
  const { at, zNode, aNode, outNode, input } = ctx;
  const fwd: ExplainLine[] = [];
  for (const n of ctx.examples.shown) {
    fwd.push(...ctx.exampleHeader(n));
    for (const l of ctx.layerList) {
      const act = layers[l - 1].activation;
      if (!nt.simple) fwd.push({ text: m.layer(l, layers[l - 1].units, act), note: true });
      const units = ctx.units(l);
      const x = ctx.inNode(l);
      const W = ctx.param(`W${l}`);
      const b = ctx.param(`b${l}`);
      for (const j of units.shown) {
        const terms: Expr[] = [];
        const values: Expr[] = [];
        const k = ctx.fanIn(l);
        for (let i = 0; i < k; i++) {
          terms.push(mul(nt.w(l, j, i), input(l, i)));
          values.push(mul(num(W.value[j * k + i]), num(at(x, n, i))));
        }
        const long = k > 6;
        const symbolic = long
          ? add(sum('i', mul(sym('W', l, [j + 1, 'i']), input(l, 'i'))), nt.b(l, j))
          : add(...terms, nt.b(l, j));
        const numeric = long
          ? add(...values.slice(0, 3), text('…'), num(b.value[j]))
          : add(...values, num(b.value[j]));
        fwd.push({ chain: [nt.z(l, j), symbolic, ...(numeric ? [numeric] : []), num(at(zNode(l), n, j))] });
        if (act !== 'identity') {
          fwd.push({
            chain: [
              nt.a(l, j),
              activationExpr(act, nt.z(l, j)),
              activationExpr(act, num(at(zNode(l), n, j))),
              num(at(aNode(l), n, j)),
            ],
          });
        }
        const mask = ctx.reader.mask(l);
        if (mask) {
          if (j === units.shown[0]) fwd.push({ text: m.dropout(layers[l - 1].dropout ?? 0), note: true });
          fwd.push({
            chain: [
              sym('d', l, [j + 1]),
              mul(nt.a(l, j), sym('mask', l, [j + 1])),
              mul(num(at(aNode(l), n, j)), num(at(mask, n, j))),
              num(at(outNode(l), n, j)),
            ],
          });
        }
      }
      if (units.hidden > 0) fwd.push(ctx.more(m.moreUnits(units.hidden)));
    }
  }
  fwd.push(...ctx.moreExamples());
  // Mini-batches: say which examples (1-based rows of the data) this step's batch holds.
  const steps = ctx.ep.steps.length;
  if (steps > 1)
    fwd.unshift({
      text: m.batchRows(
        ctx.step.batch.map((r) => (ctx.trace.train.rows[r] ?? r) + 1),
        ctx.stepIndex,
        steps,
      ),
      note: true,
    });
  return { id: 'forward', title: m.forward, lines: fwd };
}
