import type { ParamUpdate, StepTrace, Trace } from '@unha/engine';
import type { ExplainLine, ExplainSection } from '../doc';
import { type Expr, add, d, frac, mul, num, paren, pow, sqrt, sub, sym } from '../math';
import { type EpochContext, L, LR } from './context';

/** The update of each shown parameter value by the optimizer's rule, with the numbers put in. */
export function updateSection(ctx: EpochContext): ExplainSection {
  const { m, nt, opts, maxUnits, updates } = ctx;
  const upd: ExplainLine[] = [];
  const prevStep = findPreviousStep(ctx.trace, ctx.epoch, ctx.stepIndex);
  const o = ctx.exp.optimizer;
  for (const l of ctx.layerList) {
    for (const name of [`W${l}`, `b${l}`]) {
      const u = updates.find((x) => x.name === name)!;
      const prevU = prevStep?.updates?.find((x) => x.name === name);
      const units = ctx.units(l);
      const k = name.startsWith('W') ? ctx.fanIn(l) : 1;
      const indices: number[] = [];
      for (const j of units.shown) for (let i = 0; i < Math.min(k, maxUnits); i++) indices.push(j * k + i);
      // A network shows one value of each parameter in full; the rest follow the same rule.
      const shown = nt.simple || opts.unit !== undefined ? indices : indices.slice(0, 1);
      for (const idx of shown) upd.push(...updateLines(nt.param(name, idx), u, prevU, idx, o));
      if (shown.length < u.after.length)
        upd.push(ctx.more(m.moreUpdates(u.after.length - shown.length, name)));
    }
  }
  upd.unshift({
    text: o.name === 'adam' ? m.adamRule(updates[0]?.t ?? 1) : o.momentum ? m.momentumRule : m.sgdRule,
    note: true,
  });
  return { id: 'update', title: m.update, lines: upd };
}

function findPreviousStep(trace: Trace, epoch: number, step: number): StepTrace | undefined {
  if (step > 1) return trace.epochs[epoch - 1].steps[step - 2];
  const prev = trace.epochs[epoch - 2];
  return prev?.steps[prev.steps.length - 1];
}

function updateLines(
  p: Expr,
  u: ParamUpdate,
  prev: ParamUpdate | undefined,
  idx: number,
  o: Trace['experiment']['optimizer'],
): ExplainLine[] {
  const g = d(L, p);
  const before = num(u.before[idx]);
  const grad = num(u.grad[idx]);
  const after = num(u.after[idx]);
  if (o.name === 'adam' && u.m && u.v && u.mHat && u.vHat && u.t !== undefined) {
    const b1 = o.beta1 ?? 0.9;
    const b2 = o.beta2 ?? 0.999;
    const eps = o.eps ?? 1e-8;
    // At t = 1 the previous moments are 0 by definition; later they come from the previous step's record.
    const mPrev = u.t === 1 ? 0 : prev?.m?.[idx];
    const vPrev = u.t === 1 ? 0 : prev?.v?.[idx];
    const mS = sym('m');
    const vS = sym('v');
    return [
      {
        chain: [
          mS,
          add(mul(sym('β', 1), mS), mul(paren(sub(num(1), sym('β', 1))), g)),
          ...(mPrev !== undefined ? [add(mul(num(b1), num(mPrev)), mul(num(1 - b1), grad))] : []),
          num(u.m[idx]),
        ],
        assign: '←',
      },
      {
        chain: [
          vS,
          add(mul(sym('β', 2), vS), mul(paren(sub(num(1), sym('β', 2))), pow(g, 2))),
          ...(vPrev !== undefined ? [add(mul(num(b2), num(vPrev)), mul(num(1 - b2), pow(grad, 2)))] : []),
          num(u.v[idx]),
        ],
        assign: '←',
      },
      {
        chain: [
          sym('m̂'),
          frac(mS, sub(num(1), pow(sym('β', 1), u.t))),
          frac(num(u.m[idx]), sub(num(1), pow(num(b1), u.t))),
          num(u.mHat[idx]),
        ],
      },
      {
        chain: [
          sym('v̂'),
          frac(vS, sub(num(1), pow(sym('β', 2), u.t))),
          frac(num(u.v[idx]), sub(num(1), pow(num(b2), u.t))),
          num(u.vHat[idx]),
        ],
      },
      {
        chain: [
          p,
          sub(p, frac(mul(LR, sym('m̂')), add(sqrt(sym('v̂')), sym('ε')))),
          sub(before, frac(mul(num(o.lr), num(u.mHat[idx])), add(sqrt(num(u.vHat[idx])), num(eps)))),
          after,
        ],
        assign: '←',
      },
    ];
  }
  if (o.momentum && u.velocity) {
    const vPrev = prev?.velocity?.[idx];
    const vS = sym('v');
    return [
      {
        chain: [
          vS,
          add(mul(sym('μ'), vS), g),
          ...(vPrev !== undefined ? [add(mul(num(o.momentum), num(vPrev)), grad)] : []),
          num(u.velocity[idx]),
        ],
        assign: '←',
      },
      {
        chain: [p, sub(p, mul(LR, vS)), sub(before, mul(num(o.lr), num(u.velocity[idx]))), after],
        assign: '←',
      },
    ];
  }
  return [{ chain: [p, sub(p, mul(LR, g)), sub(before, mul(num(o.lr), grad)), after], assign: '←' }];
}
