import { ADAMW_DEFAULT_DECAY, type ParamUpdate } from '@unha/engine';
import type { ExplainLine, ExplainSection } from '../doc';
import { type Expr, add, d, frac, mul, num, paren, pow, sqrt, sub, sym } from '../math';
import { type LmContext, shownUnits } from './context';
import type { LmOptimizerView } from './input';

const L = sym('L');
const LR = sym('LR');

/** The symbol of entry idx of a parameter: E[5,1], W1[2,3], b1[2]. */
function entrySym(name: string, shape: number[], idx: number): Expr {
  if (name === 'E') return sym('E', undefined, [Math.floor(idx / shape[1]), (idx % shape[1]) + 1]);
  const l = Number(name.slice(1));
  if (shape.length >= 2) return sym('W', l, [Math.floor(idx / shape[1]) + 1, (idx % shape[1]) + 1]);
  return sym('b', l, [idx + 1]);
}

/**
 * The entries written out: of E the first value of the first context token's row (every value of
 * it with --unit), of W and b the first shown unit's first weight and its bias (the unit's whole
 * row with --unit).
 */
function entries(ctx: LmContext, u: ParamUpdate): number[] {
  const all = ctx.opts.unit !== undefined;
  if (u.name === 'E') {
    const t = ctx.tokens[0];
    const D = u.shape[1];
    return all ? Array.from({ length: D }, (_, i) => t * D + i) : [t * D];
  }
  const l = Number(u.name.slice(1));
  const dl = ctx.dense[l - 1];
  if (!dl) return [0];
  const last = l === ctx.dense.length;
  const units = last && !all ? [ctx.target] : shownUnits(ctx, dl.units).shown.slice(0, 1);
  if (u.shape.length < 2) return units;
  const k = all ? dl.inputs : 1;
  return units.flatMap((j) => Array.from({ length: k }, (_, i) => j * dl.inputs + i));
}

/** The update of each parameter by the optimizer's rule, with the numbers put in. */
export function updateSection(ctx: LmContext): ExplainSection {
  const { m, step } = ctx;
  const o: LmOptimizerView = ctx.run.experiment.optimizer ?? { name: 'sgd', lr: step.lr };
  const updates = step.updates ?? [];
  const t = updates[0]?.t ?? step.step;
  const decay = o.weightDecay ?? ADAMW_DEFAULT_DECAY;
  const lines: ExplainLine[] = [
    {
      text:
        o.name === 'adamw'
          ? m.adamwRule(t, decay)
          : o.name === 'adam'
            ? m.adamRule(t)
            : o.momentum
              ? m.momentumRule
              : m.sgdRule,
      note: true,
    },
  ];
  if (step.lr !== o.lr) lines.push({ text: m.scheduled(step.lr), note: true });
  for (const u of updates) {
    const prev = ctx.opts.previous?.updates?.find((x) => x.name === u.name);
    const shown = entries(ctx, u);
    for (const idx of shown)
      lines.push(...updateLines(entrySym(u.name, u.shape, idx), u, prev, idx, o, step.lr, t, decay));
    if (shown.length < u.after.length)
      lines.push(ctx.more(m.moreValues(u.after.length - shown.length, u.name)));
  }
  return { id: 'update', title: m.update, lines };
}

/** The lines of one entry's update by the optimizer's rule (the GPT's explanation reads them too). */
export function updateLines(
  p: Expr,
  u: ParamUpdate,
  prev: ParamUpdate | undefined,
  idx: number,
  o: LmOptimizerView,
  lr: number,
  t: number,
  decay: number,
): ExplainLine[] {
  const g = d(L, p);
  const before = num(u.before[idx]);
  const grad = num(u.grad[idx]);
  const after = num(u.after[idx]);
  if ((o.name === 'adam' || o.name === 'adamw') && u.m && u.v) {
    const b1 = o.beta1 ?? 0.9;
    const b2 = o.beta2 ?? 0.999;
    const eps = o.eps ?? 1e-8;
    // At t = 1 the previous moments are 0 by definition; later they come from the previous step's record.
    const mPrev = t === 1 ? 0 : prev?.m?.[idx];
    const vPrev = t === 1 ? 0 : prev?.v?.[idx];
    const mHat = u.mHat?.[idx] ?? u.m[idx] / (1 - b1 ** t);
    const vHat = u.vHat?.[idx] ?? u.v[idx] / (1 - b2 ** t);
    const mS = sym('m');
    const vS = sym('v');
    // AdamW decays weights and tables (two or more dimensions), never biases.
    const decays = o.name === 'adamw' && u.shape.length >= 2 && decay !== 0;
    const adamS = frac(mul(LR, sym('m̂')), add(sqrt(sym('v̂')), sym('ε')));
    const adamV = frac(mul(num(lr), num(mHat)), add(sqrt(num(vHat)), num(eps)));
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
          frac(mS, sub(num(1), pow(sym('β', 1), t))),
          frac(num(u.m[idx]), sub(num(1), pow(num(b1), t))),
          num(mHat),
        ],
      },
      {
        chain: [
          sym('v̂'),
          frac(vS, sub(num(1), pow(sym('β', 2), t))),
          frac(num(u.v[idx]), sub(num(1), pow(num(b2), t))),
          num(vHat),
        ],
      },
      {
        chain: decays
          ? [
              p,
              sub(p, mul(LR, sym('λ'), p), adamS),
              sub(before, mul(num(lr), num(decay), before), adamV),
              after,
            ]
          : [p, sub(p, adamS), sub(before, adamV), after],
        assign: '←',
      },
    ];
  }
  if (o.momentum && u.velocity) {
    const vPrev = t === 1 ? 0 : prev?.velocity?.[idx];
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
        chain: [p, sub(p, mul(LR, vS)), sub(before, mul(num(lr), num(u.velocity[idx]))), after],
        assign: '←',
      },
    ];
  }
  return [{ chain: [p, sub(p, mul(LR, g)), sub(before, mul(num(lr), grad)), after], assign: '←' }];
}
